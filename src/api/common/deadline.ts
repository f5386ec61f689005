/**
 * Resolves a deadline given either as an absolute `…At` timestamp or a relative `…In` duration
 * (API.md, "Conventions"), answering 400 with the field's name when it is missing or malformed.
 */
import { BadRequestException } from '@nestjs/common';
import { addDuration, isPositiveDuration } from '../../../workflows/rules/durations';

/**
 * Returns the deadline as an ISO timestamp. `prefix` names the pair of fields, e.g. `closes`
 * for `closesAt`/`closesIn`. `required` false lets both be absent (returns undefined).
 */
export function resolveDeadline(
  body: Record<string, unknown>,
  prefix: string,
  now: number,
  required = true,
): string | undefined {
  const atField = `${prefix}At`;
  const inField = `${prefix}In`;
  const at = body[atField];
  const within = body[inField];
  if (at !== undefined && within !== undefined)
    throw new BadRequestException(`give ${atField} or ${inField}, not both`);
  if (at === undefined && within === undefined) {
    if (!required) return undefined;
    throw new BadRequestException(`${atField} or ${inField} is required`);
  }
  let ms: number;
  if (at !== undefined) {
    ms = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : NaN;
    if (Number.isNaN(ms)) throw new BadRequestException(`${atField} must be an ISO 8601 timestamp`);
  } else {
    if (typeof within !== 'string' || !isPositiveDuration(within)) {
      throw new BadRequestException(`${inField} must be a positive ISO 8601 duration such as P14D or PT30S`);
    }
    ms = addDuration(now, within);
  }
  if (ms <= now) throw new BadRequestException(`${atField} must be in the future`);
  return new Date(ms).toISOString();
}
