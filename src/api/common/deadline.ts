/**
 * Resolves a deadline given either as an absolute `…At` timestamp or a relative `…In` duration,
 * answering 400 with the field's name when both or neither are given, or when it is not in the
 * future or lies more than the longest span from now. The format of each half is checked before,
 * by its field decorator (`DeadlineAt`, `DeadlineIn` in ./fields).
 */
import { BadRequestException } from '@nestjs/common';
import { addDuration, LONGEST_SPAN } from '../../../workflows/rules/durations';
import { fieldMessages } from './field-messages';

/** A body with the two halves of the deadline named by `P`, e.g. `closesAt`/`closesIn`. */
export type DeadlinePair<P extends string> = { [K in `${P}At` | `${P}In`]?: string };

/**
 * Returns the deadline as an ISO timestamp. `prefix` names the pair of fields, e.g. `closes`
 * for `closesAt`/`closesIn`. `required` false lets both be absent (returns undefined).
 */
export function resolveDeadline<P extends string>(body: DeadlinePair<P>, prefix: P, now: number): string;
export function resolveDeadline<P extends string>(
  body: DeadlinePair<P>,
  prefix: P,
  now: number,
  required: boolean,
): string | undefined;
export function resolveDeadline<P extends string>(
  body: DeadlinePair<P>,
  prefix: P,
  now: number,
  required = true,
): string | undefined {
  const atField = `${prefix}At` as const;
  const inField = `${prefix}In` as const;
  const at = body[atField];
  const within = body[inField];
  if (at !== undefined && within !== undefined)
    throw new BadRequestException(fieldMessages.pairBoth(atField, inField));
  if (at === undefined && within === undefined) {
    if (!required) return undefined;
    throw new BadRequestException(fieldMessages.pairMissing(atField, inField));
  }
  const ms =
    at !== undefined ? Date.parse(at.toUpperCase().replace(' ', 'T')) : addDuration(now, within as string);
  if (Number.isNaN(ms)) throw new BadRequestException(fieldMessages.timestamp(atField));
  if (ms <= now) throw new BadRequestException(fieldMessages.inFuture(atField));
  // A span is checked against the longest by its field rule; an instant here.
  if (ms > addDuration(now, LONGEST_SPAN))
    throw new BadRequestException(fieldMessages.tooFar(atField, LONGEST_SPAN));
  return new Date(ms).toISOString();
}
