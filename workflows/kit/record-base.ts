/**
 * What every process record shares: the state it keeps, a version that counts accepted changes (so
 * a workflow can wait for "anything changed"), a copy of the state that is safe to hand out, and
 * the memory of Idempotency-Keys that lets a retried write be recognised and a reused key with
 * another body be refused. Pure: no Temporal import, so records stay unit-testable.
 */
import { RuleError } from '../rules/rule-error';

/** An ISO 8601 timestamp in UTC, as records store times. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A deep copy by JSON round trip (the workflow sandbox has no structuredClone). */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The idempotency pair a keyed write carries (see the API's Idempotency-Key handling). */
export interface KeyedWrite {
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * What a record remembers of a key: the request's hash alone, or the hash with the id of what the
 * write created, so a replay can answer with the same thing.
 */
export type Remembered = string | { requestHash: string };

/** How a record remembers a key: {@link hashOnly} or {@link hashAndCreated}. */
export type Remember<E extends Remembered> = (requestHash: string, created?: string) => E;

/** Remembers the request hash alone. */
export const hashOnly: Remember<string> = (requestHash) => requestHash;

/** Remembers the request hash and, under `field`, the id of what the write created. */
export function hashAndCreated<F extends string>(
  field: F,
): Remember<{ requestHash: string } & { [K in F]?: string }> {
  return (requestHash, created) =>
    ({ requestHash, ...(created ? { [field]: created } : {}) }) as { requestHash: string } & {
      [K in F]?: string;
    };
}

const hashOf = (seen: Remembered): string => (typeof seen === 'string' ? seen : seen.requestHash);

/** A record's state, its version and its view. */
export abstract class RecordBase<S extends object> {
  /** Counts accepted writes and transitions, so the workflow can wait for "anything changed". */
  version = 0;

  protected constructor(protected readonly state: S) {}

  /** A copy of the record, safe to hand out. */
  view(): S {
    return copy(this.state);
  }

  /** The live record, read-only, for the workflow's own bookkeeping. */
  get current(): Readonly<S> {
    return this.state;
  }

  /** Counts a change that came from no keyed write (a timer, a signal, an outcome). */
  protected changed(): void {
    this.version++;
  }
}

/** A record whose writes carry Idempotency-Keys, remembered in `state.idempotency`. */
export abstract class KeyedRecordBase<
  S extends { idempotency: Record<string, E> },
  E extends Remembered,
> extends RecordBase<S> {
  protected constructor(
    state: S,
    private readonly rememberAs: Remember<E>,
  ) {
    super(state);
  }

  /** An Idempotency-Key may only be replayed with the same request. */
  protected checkIdempotency(cmd: KeyedWrite): void {
    if (!cmd.idempotencyKey) return;
    const seen = this.state.idempotency[cmd.idempotencyKey];
    if (seen !== undefined && hashOf(seen) !== cmd.requestHash) {
      throw new RuleError('refused', 'Idempotency-Key was already used with a different request');
    }
  }

  /** What an earlier write with the same key and the same request left in memory, if any. */
  protected replayed(cmd: KeyedWrite): E | undefined {
    if (!cmd.idempotencyKey) return undefined;
    const seen = this.state.idempotency[cmd.idempotencyKey];
    return seen !== undefined && hashOf(seen) === cmd.requestHash ? seen : undefined;
  }

  /** Counts an accepted write and remembers its key (with the id of what it created, if any). */
  protected remember(cmd: KeyedWrite, created?: string): void {
    this.changed();
    if (cmd.idempotencyKey)
      this.state.idempotency[cmd.idempotencyKey] = this.rememberAs(cmd.requestHash ?? '', created);
  }
}
