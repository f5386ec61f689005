/** A bounded wait that ran out (see {@link withinMs}): the step it names never finished. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/**
 * `promise`, or a {@link DeadlineError} naming `what` once `ms` have passed: a test bounds its own waits below
 * Jest's timeout, so its clean-up (worker drained, then server stopped) still runs in order.
 */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: not done within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
