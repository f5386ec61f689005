/** Group commit: alone a call is written at once; calls arriving meanwhile share the next batch. */
import { GroupCommit } from '../../src/record/group-commit';

test('a lone call is written at once; calls arriving during a write share the next batch', async () => {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  const group = new GroupCommit<number>(async (items) => {
    batches.push(items);
    if (batches.length === 1) await new Promise<void>((r) => (release = r));
  });
  const first = group.write(1);
  const rest = [2, 3, 4].map((n) => group.write(n));
  expect(batches).toEqual([[1]]);
  release();
  await Promise.all([first, ...rest]);
  expect(batches).toEqual([[1], [2, 3, 4]]);
  // Idle again: the next call starts its own batch.
  await group.write(5);
  expect(batches[2]).toEqual([5]);
});

test('a failed batch fails each of its calls, and the next batch is written', async () => {
  let fail = true;
  const written: number[] = [];
  const group = new GroupCommit<number>(async (items) => {
    await Promise.resolve();
    if (fail) throw new Error('database away');
    written.push(...items);
  });
  const failed = [group.write(1), group.write(2)];
  await expect(failed[0]).rejects.toThrow('database away');
  await expect(failed[1]).rejects.toThrow('database away');
  fail = false;
  await group.write(3);
  expect(written).toEqual([3]);
});

test('batches hold at most maxBatch calls', async () => {
  const sizes: number[] = [];
  const group = new GroupCommit<number>(async (items) => {
    sizes.push(items.length);
    await Promise.resolve();
  }, 2);
  await Promise.all([1, 2, 3, 4, 5].map((n) => group.write(n)));
  expect(sizes).toEqual([1, 2, 2]);
});

test("each call gets its own item's result back from its batch", async () => {
  const group = new GroupCommit<number, string>(async (items) => items.map((n) => `#${n}`));
  expect(await Promise.all([1, 2, 3].map((n) => group.write(n)))).toEqual(['#1', '#2', '#3']);
});

test('a batch that gives back the wrong number of results fails each of its calls', async () => {
  const group = new GroupCommit<number, number>(async (items) => items.slice(1));
  const calls = [group.write(1), group.write(2)];
  await expect(calls[0]).rejects.toThrow('a batch of 1 gave 0 results');
  await expect(calls[1]).rejects.toThrow('a batch of 1 gave 0 results');
});

test('a lingering group waits before each batch, so calls made meanwhile share it', async () => {
  jest.useFakeTimers();
  try {
    const batches: number[][] = [];
    const group = new GroupCommit<number>(async (items) => void batches.push(items), 256, 50);
    const first = group.write(1);
    await jest.advanceTimersByTimeAsync(20);
    const second = group.write(2);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(30);
    await Promise.all([first, second]);
    expect(batches).toEqual([[1, 2]]);
  } finally {
    jest.useRealTimers();
  }
});

test('an Error in place of a result fails that call alone', async () => {
  const group = new GroupCommit<number, number>(async (items) =>
    items.map((n) => (n === 2 ? new Error('two refused') : n * 10)),
  );
  const first = group.write(1);
  const rest = [group.write(2), group.write(3)];
  expect(await first).toBe(10);
  await expect(rest[0]).rejects.toThrow('two refused');
  expect(await rest[1]).toBe(30);
});
