/**
 * Group commit: calls that arrive while a batch is being written wait for the next one, which
 * writes them all in one statement. Alone, a call is written at once (no added wait) unless the
 * group lingers; under load (a live vote's ballots, each with its audit entry) many share a round
 * trip to the database. A lingering group waits `lingerMs` before each batch, for writes nobody
 * waits on, so that more share it.
 * A failed batch fails each of its calls, which their callers may retry on their own.
 */
export class GroupCommit<T, R = void> {
  private queue: { item: T; done: (err: unknown, result?: R) => void }[] = [];
  private writing = false;

  /**
   * `writeBatch` writes every item of a batch in one go (at most `maxBatch` at a time) and gives
   * each item's result back in the items' order (nothing when there is nothing to give); an Error
   * in its place fails that item's call alone.
   */
  constructor(
    private readonly writeBatch: (items: T[]) => Promise<(R | Error)[] | void>,
    private readonly maxBatch = 256,
    private readonly lingerMs = 0,
  ) {}

  /** Resolves with `item`'s result once it has been written with its batch. */
  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        item,
        done: (err, result) => (err === undefined ? resolve(result as R) : reject(err)),
      });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      if (this.lingerMs > 0 && this.queue.length < this.maxBatch)
        await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.writeBatch(batch.map((b) => b.item));
        if (results && results.length !== batch.length)
          throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
        batch.forEach((b, i) => {
          const result = results ? results[i] : undefined;
          if (result instanceof Error) b.done(result);
          else b.done(undefined, result);
        });
      } catch (err) {
        for (const b of batch) b.done(err ?? new Error('batch write failed'));
      }
    }
    this.writing = false;
  }
}
