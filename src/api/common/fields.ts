/**
 * The fields every domain repeats, each one decorator that declares its rule once, to the check
 * (class-validator, run by the global ValidationPipe) and to the OpenAPI document
 * (@nestjs/swagger) alike, so the two cannot disagree: texts and their lengths, spans (ISO 8601
 * durations), deadlines given as `…At` or `…In`, the decision rule and quorum, seat codes, cents.
 *
 * An optional field may be left out; `null` passes only where the field says it is nullable
 * (class-validator's `@IsOptional` would let `null` through everywhere, unlike the document).
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  isISO8601,
  isRFC3339,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { decisionRules } from '../../../workflows/rules/decision-rules';
import { isWithinLongestSpan, LONGEST_SPAN } from '../../../workflows/rules/durations';
import { POSITIVE_DURATION, POSITIVE_DURATION_SOURCE } from './duration-pattern';
import { fieldMessages } from './field-messages';

/** The longest title, reason and text the API takes. */
export const TITLE_MAX = 300;
export const REASON_MAX = 2000;
export const TEXT_MAX = 20_000;

/** A seat code as the board file defines it: `DE`, `COM1`, `EUROPOL`. */
export const SEAT_CODE = /^[A-Z][A-Z0-9]{1,15}$/;

/** What every field decorator takes besides its rule. */
export interface FieldOptions {
  /** May be left out. */
  optional?: boolean;
  /** May be `null` (and is documented so). */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

type Doc = Omit<ApiPropertyOptions, 'required' | 'nullable' | 'description' | 'example'>;

/** The document's side: the schema, with the options' presence, description and example. */
function documented(options: FieldOptions, schema: Doc): PropertyDecorator {
  const doc = {
    ...schema,
    ...(options.nullable ? { nullable: true } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  } as ApiPropertyOptions;
  return options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc);
}

/** The check's side of presence: a field left out (or null where allowed) skips its rules. */
function presence({ optional, nullable }: FieldOptions): PropertyDecorator[] {
  if (!optional && !nullable) return [];
  return [ValidateIf((_, value) => !(optional && value === undefined) && !(nullable && value === null))];
}

/**
 * `@IsOptional()` that means what the document says: a field left out skips its rules, `null` does
 * not (class-validator's own lets `null` through too).
 */
export const Optional = () => ValidateIf((_, value) => value !== undefined);

/** A field: its document, its presence, then its rules. */
function field(options: FieldOptions, schema: Doc, ...rules: PropertyDecorator[]) {
  return applyDecorators(documented(options, schema), ...presence(options), ...rules);
}

/** A string of at most `max` characters; not empty unless `allowEmpty`. */
export function TextField(max: number, options: FieldOptions & { allowEmpty?: boolean } = {}) {
  const { allowEmpty, ...rest } = options;
  return field(
    rest,
    { type: String, maxLength: max, ...(allowEmpty ? {} : { minLength: 1 }) },
    IsString(),
    ...(allowEmpty ? [] : [IsNotEmpty()]),
    MaxLength(max),
  );
}

/** A title: 1 to {@link TITLE_MAX} characters. */
export const Title = (options: FieldOptions = {}) => TextField(TITLE_MAX, options);

/** A reason given for a change: 1 to {@link REASON_MAX} characters. */
export const Reason = (options: FieldOptions & { allowEmpty?: boolean } = {}) =>
  TextField(REASON_MAX, options);

/** A long text (a proposal's text, a summary): up to {@link TEXT_MAX} characters. */
export const LongText = (options: FieldOptions & { allowEmpty?: boolean } = {}) =>
  TextField(TEXT_MAX, options);

/** What is wrong with a span, or null when it is one the API takes (`field` names it in the message). */
function spanProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'string' || !POSITIVE_DURATION.test(value)) return fieldMessages.duration(field);
  return isWithinLongestSpan(value) ? null : fieldMessages.tooLong(field, LONGEST_SPAN);
}

/** The field's description with the limit a schema cannot state: at most the longest span `from`. */
function withLongest(options: FieldOptions, noun: string, from = ''): FieldOptions {
  const limit = `at most ${LONGEST_SPAN}${from}`;
  return {
    ...options,
    description: options.description ? `${options.description}; ${limit}` : `${noun}, ${limit}`,
  };
}

/** A span: a positive ISO 8601 duration such as P14D or PT30S, at most {@link LONGEST_SPAN}. */
export function Duration(options: FieldOptions = {}) {
  return field(
    withLongest(options, 'An ISO 8601 duration'),
    { type: String, pattern: POSITIVE_DURATION_SOURCE },
    ValidateBy({
      name: 'isSpan',
      validator: {
        validate: (value: unknown) => spanProblem('', value) === null,
        defaultMessage: ({ property, value }: ValidationArguments) => spanProblem(property, value) ?? '',
      },
    }),
  );
}

/** A list of spans (e.g. reminders before a due date), at most `maxItems`; the message names the first bad one. */
export function Durations(options: FieldOptions & { maxItems?: number } = {}) {
  const { maxItems, ...others } = options;
  const rest = withLongest(others, 'ISO 8601 durations, each');
  const firstProblem = (property: string, value: unknown): string | null => {
    if (!Array.isArray(value)) return fieldMessages.duration(`${property}[0]`);
    for (const [i, v] of value.entries()) {
      const problem = spanProblem(`${property}[${i}]`, v);
      if (problem) return problem;
    }
    return null;
  };
  return field(
    rest,
    { type: [String], pattern: POSITIVE_DURATION_SOURCE, ...(maxItems ? { maxItems } : {}) },
    IsArray(),
    ...(maxItems ? [ArrayMaxSize(maxItems)] : []),
    ValidateBy({
      name: 'isDurationList',
      validator: {
        validate: (value: unknown) => firstProblem('', value) === null,
        defaultMessage: ({ property, value }: ValidationArguments) => firstProblem(property, value) ?? '',
      },
    }),
  );
}

/**
 * True for an instant as the document's `date-time` format has it (RFC 3339: a date, a time and
 * a zone) that is a real one (no 30 February).
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !isRFC3339(value)) return false;
  const normal = value.toUpperCase().replace(' ', 'T');
  return isISO8601(normal, { strict: true }) && !Number.isNaN(Date.parse(normal));
}

/**
 * An instant: an ISO 8601 (RFC 3339) timestamp, e.g. the `…At` of a deadline. One the document
 * allows in another spelling (`t`, `z`, a space) is passed on in the usual one (`T`, `Z`).
 */
export function Timestamp(options: FieldOptions = {}) {
  return field(
    options,
    { type: String, format: 'date-time' },
    Transform(({ value }: { value: unknown }) =>
      isTimestamp(value) ? value.toUpperCase().replace(' ', 'T') : value,
    ),
    ValidateBy({
      name: 'isTimestamp',
      validator: {
        validate: isTimestamp,
        defaultMessage: ({ property }: ValidationArguments) => fieldMessages.timestamp(property),
      },
    }),
  );
}

/**
 * The two halves of a deadline, `<prefix>At` (an instant) and `<prefix>In` (a span from now): put
 * `@DeadlineAt()` on the one and `@DeadlineIn()` on the other; `resolveDeadline` then takes
 * exactly one of them and checks it lies in the future. Each is optional on its own.
 */
export const DeadlineAt = (options: Omit<FieldOptions, 'optional'> = {}) =>
  Timestamp(withLongest({ ...options, optional: true }, 'An ISO 8601 timestamp', ' from now'));
export const DeadlineIn = (options: Omit<FieldOptions, 'optional'> = {}) =>
  Duration({ ...options, optional: true });

/** One of a fixed list of values. */
export function OneOf(values: readonly string[], options: FieldOptions = {}) {
  return field(
    options,
    { enum: [...values] },
    IsIn([...values], { message: ({ property }) => fieldMessages.oneOf(property, values) }),
  );
}

/** How the Board decides; the board's default when left out. */
export const DecisionRuleField = (options: FieldOptions = {}) =>
  OneOf(decisionRules, {
    description: "Decision rule; the board's default when absent",
    optional: true,
    ...options,
  });

/** The share of voting seats that must cast a ballot, 0 to 1. */
export function Quorum(options: FieldOptions = {}) {
  return field(
    {
      description: 'Share of voting seats that must cast a ballot (0..1)',
      example: 0.5,
      optional: true,
      ...options,
    },
    { type: Number, minimum: 0, maximum: 1 },
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(1),
  );
}

/** A seat code (the board's seats: GET /board). */
export function SeatCode(options: FieldOptions = {}) {
  return field(
    { example: 'DE', ...options },
    { type: String, pattern: SEAT_CODE.source },
    IsString(),
    Matches(SEAT_CODE, { message: ({ property }) => fieldMessages.seatCode(property) }),
  );
}

/** A list of distinct seat codes, at least `minItems` of them. */
export function SeatCodes(options: FieldOptions & { minItems?: number } = {}) {
  const { minItems, ...rest } = options;
  return field(
    rest,
    { type: [String], pattern: SEAT_CODE.source, uniqueItems: true, ...(minItems ? { minItems } : {}) },
    IsArray(),
    ...(minItems ? [ArrayMinSize(minItems)] : []),
    ArrayUnique(),
    Matches(SEAT_CODE, {
      each: true,
      message: ({ property }) => `each value in ${fieldMessages.seatCode(property)}`,
    }),
  );
}

/** A whole number from `min` to `max` (either may be left open). */
export function Integer(options: FieldOptions & { min?: number; max?: number } = {}) {
  const { min, max, ...rest } = options;
  return field(
    rest,
    {
      type: 'integer',
      ...(min !== undefined ? { minimum: min } : {}),
      ...(max !== undefined ? { maximum: max } : {}),
    },
    IsInt(),
    ...(min !== undefined ? [Min(min)] : []),
    ...(max !== undefined ? [Max(max)] : []),
  );
}

/** true or false. */
export function Flag(options: FieldOptions = {}) {
  return field(
    options,
    { type: Boolean },
    IsBoolean({ message: ({ property }) => fieldMessages.flag(property) }),
  );
}

/** An amount of money in whole euro cents, at least `min` (1 unless given). */
export function Cents(options: FieldOptions & { min?: number | null } = {}) {
  const { min = 1, ...rest } = options;
  return field(
    rest,
    { type: 'integer', ...(min === null ? {} : { minimum: min }) },
    IsInt({ message: ({ property }) => fieldMessages.cents(property) }),
    ...(min === null ? [] : [Min(min)]),
  );
}
