/**
 * Turns a {@link RuleError} raised by pure rules into the non-retryable `ApplicationFailure`
 * that crosses to the client; its `type` is the rule error's kind, which the API maps to a status.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { RuleError } from './rules/rule-error';

/** Runs `check`; a RuleError becomes an ApplicationFailure of the same kind. */
export function asFailure<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof RuleError) {
      throw ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: true });
    }
    throw err;
  }
}
