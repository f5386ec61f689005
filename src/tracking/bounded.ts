/** A small bounded-concurrency map: many visibility calls at once, without flooding the server. */

/** Runs `task` over `inputs`, at most `limit` at a time; the results keep the inputs' order. */
export async function mapBounded<T, R>(
  inputs: readonly T[],
  limit: number,
  task: (input: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await task(inputs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, lane));
  return results;
}
