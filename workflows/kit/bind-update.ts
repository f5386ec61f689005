/**
 * Binds an Update to a record's check-and-apply pair: the check runs as the Update's validator
 * (so a refused write never reaches history, and its RuleError reaches the client as a typed
 * failure), the apply runs as its handler. Both get the workflow time.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { asFailure } from '../failures';

/** The two halves of one write on a record. */
export interface WritePair<A, R> {
  /** Refuses the write by throwing a RuleError; changes nothing. */
  check(arg: A, now: number): void;
  /** Applies a checked write; what it returns answers the Update. */
  apply(arg: A, now: number): R | Promise<R>;
}

/** Sets `update`'s handler and validator from a {@link WritePair}. */
export function bindUpdate<R, A>(update: UpdateDefinition<R, [A]>, pair: WritePair<A, R>): void {
  setHandler(update, (arg) => pair.apply(arg, Date.now()), {
    validator: (arg) => asFailure(() => pair.check(arg, Date.now())),
  });
}

/** An apply that makes the write and answers with the record's view after it. */
export function thenView<A, S>(
  record: { view(): S },
  write: (arg: A, now: number) => unknown,
): (arg: A, now: number) => S {
  return (arg, now) => {
    write(arg, now);
    return record.view();
  };
}
