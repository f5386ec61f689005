/**
 * `promise`, or a failure naming `what` once `ms` have passed: a test bounds its own waits below
 * Jest's timeout, so its clean-up (worker drained, then server stopped) still runs in order.
 */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
