/**
 * A JSON-lines file that remembers which notification keys went out, so a retried activity never
 * sends the same key twice. Each entry is one `appendFileSync` of one line; reading is incremental
 * (only what was appended since the last look), so other processes' entries are seen too.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export class SentLog {
  private readonly keys = new Set<string>();
  private readBytes = 0;
  private partial = '';
  /** Per-key chains, so two attempts in this process never interleave check and send. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** True when an entry with this key is in the file. */
  has(key: string): boolean {
    this.catchUp();
    return this.keys.has(key);
  }

  /** Appends an entry (an object with a `key`) as one line. */
  append(entry: { key: string } & Record<string, unknown>): void {
    this.catchUp();
    // A line cut short by a crash must not swallow this one.
    const lead = this.partial === '' ? '' : '\n';
    appendFileSync(this.path, lead + JSON.stringify(entry) + '\n');
    this.partial = '';
    this.keys.add(entry.key);
  }

  /** Runs `body` with no other call for the same key running in this process. */
  async exclusive<T>(key: string, body: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.then(body, body);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  private catchUp(): void {
    const size = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
    if (size < this.readBytes) {
      // Truncated or replaced: read it again from the start.
      this.keys.clear();
      this.readBytes = 0;
      this.partial = '';
    }
    if (size === this.readBytes) return;
    const fd = openSync(this.path, 'r');
    try {
      const buffer = Buffer.alloc(size - this.readBytes);
      readSync(fd, buffer, 0, buffer.length, this.readBytes);
      this.readBytes = size;
      const lines = (this.partial + buffer.toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const key = (JSON.parse(line) as { key?: unknown }).key;
          if (typeof key === 'string') this.keys.add(key);
        } catch {
          // A line cut short by a crash names no key; the notification it began is sent again.
        }
      }
    } finally {
      closeSync(fd);
    }
  }
}
