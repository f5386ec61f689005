/**
 * A refusal by a governance rule or a state check, raised by pure code and turned into a
 * Temporal `ApplicationFailure` by the workflow (see workflows/failures.ts) and into an HTTP
 * status by the API's exception filter.
 */
export type RuleErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'refused';

/** Thrown by rules; `kind` decides the HTTP status (400, 403, 404, 409, 422). */
export class RuleError extends Error {
  constructor(
    readonly kind: RuleErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RuleError';
  }
}
