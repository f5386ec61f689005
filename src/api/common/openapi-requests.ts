/**
 * What the OpenAPI document says of request bodies beyond what each property's decorator can:
 * a body takes no property it does not list (the ValidationPipe forbids them), and a deadline is
 * given as exactly one of its `…At` and `…In` halves where the route needs one, at most one where
 * it may be left out ({@link DeadlinePair}); and no text, in a body or a query, holds the NUL
 * character (the NulCharactersPipe refuses it).
 */
import type { OpenAPIObject } from '@nestjs/swagger';

interface PairRule {
  prefix: string;
  required: boolean;
  /** Only the `…In` half (a span from each period opening, say): the `…At` half is refused. */
  spanOnly: boolean;
}

/** The deadline pairs of each request class, by class name (the schema's name in the document). */
const pairs = new Map<string, PairRule[]>();

/**
 * Declares on a request class that `<prefix>At`/`<prefix>In` form one deadline: exactly one of
 * them (`required`, the default), at most one (`required: false`), or the span alone (`spanOnly`).
 * `resolveDeadline` applies the same rule to the body.
 */
export function DeadlinePair(
  prefix: string,
  options: { required?: boolean; spanOnly?: boolean } = {},
): ClassDecorator {
  return (target) => {
    const rule = { prefix, required: options.required ?? true, spanOnly: options.spanOnly ?? false };
    pairs.set(target.name, [...(pairs.get(target.name) ?? []), rule]);
  };
}

type Schema = {
  $ref?: string;
  type?: string;
  pattern?: string;
  format?: string;
  maxLength?: number;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
};

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** The names of the component schemas a schema reaches. */
function reached(schema: Schema | undefined, schemas: Record<string, Schema>, into: Set<string>): void {
  if (!schema) return;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (into.has(name)) return;
    into.add(name);
    reached(schemas[name], schemas, into);
  }
  for (const child of [
    ...Object.values(schema.properties ?? {}),
    schema.items,
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.anyOf ?? []),
  ])
    reached(child, schemas, into);
}

/** Any text without the NUL character, as a JSON schema pattern. */
const NO_NUL = '^[^\\u0000]*$';

/**
 * Texts longer than this keep no pattern: schemathesis's coverage phase cannot build such a text at
 * its longest under one, and sends a wrong body (`0`) as a valid one instead. The pipe still
 * refuses the NUL character there, and the API fuzzer lists the operation among those with rules
 * the document does not state.
 */
const LONGEST_PATTERNED_TEXT = 100_000;

/** Gives every free text in `schema` (a string with no pattern, format or list of values of its own) {@link NO_NUL}. */
function withoutNul(schema: Schema | undefined): void {
  if (!schema || schema.$ref) return;
  const free = schema.type === 'string' && !schema.pattern && !schema.format && !schema.enum;
  if (free && (schema.maxLength ?? 0) <= LONGEST_PATTERNED_TEXT) schema.pattern = NO_NUL;
  for (const child of [...Object.values(schema.properties ?? {}), schema.items]) withoutNul(child);
}

/** Applies the rules above to the document's request bodies and query parameters. */
export function documentRequestRules(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const bodies = new Set<string>();
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(
      item as Record<string, { requestBody?: unknown; parameters?: unknown }>,
    )) {
      const content = (operation?.requestBody as { content?: Record<string, { schema?: Schema }> })?.content;
      for (const media of Object.values(content ?? {})) reached(media.schema, schemas, bodies);
      const parameters = (operation?.parameters ?? []) as { in?: string; schema?: Schema }[];
      for (const parameter of parameters) if (parameter.in === 'query') withoutNul(parameter.schema);
    }
  for (const name of bodies) {
    const schema = schemas[name];
    withoutNul(schema);
    if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
    for (const rule of pairs.get(name) ?? []) {
      const at = `${rule.prefix}At`;
      const within = `${rule.prefix}In`;
      if (rule.spanOnly) {
        delete schema.properties?.[at];
        schema.required = [...(schema.required ?? []), within];
      } else {
        // Each pair is one more condition the body must meet, so two pairs never overwrite each other.
        const condition = rule.required
          ? { oneOf: [{ required: [at] }, { required: [within] }] }
          : { not: { required: [at, within] } };
        schema.allOf = [...(schema.allOf ?? []), condition];
      }
    }
  }
  return document;
}
