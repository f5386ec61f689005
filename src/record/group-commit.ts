/**
 * Group commit: calls that arrive while a batch is being written wait for the next one, which
 * writes them all in one statement. Alone, a call is written at once (no added wait); under load
 * (a live vote's ballots, each with its audit entry) many share a round trip to the database.
 * A failed batch fails each of its calls, which their callers may retry on their own.
 */
export class GroupCommit<T> {
  private queue: { item: T; done: (err?: unknown) => void }[] = [];
  private writing = false;

  /** `writeBatch` writes every item of a batch in one go (at most `maxBatch` at a time). */
  constructor(
    private readonly writeBatch: (items: T[]) => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  /** Resolves once `item` has been written with its batch. */
  write(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.writeBatch(batch.map((b) => b.item));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err ?? new Error('batch write failed'));
      }
    }
    this.writing = false;
  }
}
