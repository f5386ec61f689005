/**
 * The record kit: a version that counts changes, a view that is a copy, and the memory of
 * Idempotency-Keys in both of its stored forms (the hash alone; the hash with what was created),
 * whose shapes are part of every carried-over state and must not change.
 */
import {
  hashAndCreated,
  hashOnly,
  iso,
  KeyedRecordBase,
  RecordBase,
  type KeyedWrite,
} from '../../workflows/kit/record-base';
import { RuleError } from '../../workflows/rules/rule-error';

interface Plain {
  items: string[];
}

class PlainRecord extends RecordBase<Plain> {
  constructor() {
    super({ items: [] });
  }
  add(item: string): void {
    this.state.items.push(item);
    this.changed();
  }
}

interface HashState {
  n: number;
  idempotency: Record<string, string>;
}

class HashRecord extends KeyedRecordBase<HashState, string> {
  constructor() {
    super({ n: 0, idempotency: {} }, hashOnly);
  }
  check(cmd: KeyedWrite): void {
    this.checkIdempotency(cmd);
  }
  write(cmd: KeyedWrite): void {
    this.state.n++;
    this.remember(cmd);
  }
}

interface CreatedState {
  idempotency: Record<string, { requestHash: string; itemId?: string }>;
}

class CreatedRecord extends KeyedRecordBase<CreatedState, CreatedState['idempotency'][string]> {
  constructor() {
    super({ idempotency: {} }, hashAndCreated('itemId'));
  }
  check(cmd: KeyedWrite): void {
    this.checkIdempotency(cmd);
  }
  create(cmd: KeyedWrite, id: string): void {
    this.remember(cmd, id);
  }
  touch(cmd: KeyedWrite): void {
    this.remember(cmd);
  }
  replayedId(cmd: KeyedWrite): string | undefined {
    return this.replayed(cmd)?.itemId;
  }
}

test('the version counts changes and the view is a copy', () => {
  const record = new PlainRecord();
  expect(record.version).toBe(0);
  record.add('a');
  expect(record.version).toBe(1);
  const view = record.view();
  view.items.push('b');
  expect(record.current.items).toEqual(['a']);
});

test('a key is remembered with its request hash; reuse with another request is refused', () => {
  const record = new HashRecord();
  record.write({});
  expect(record.view().idempotency).toEqual({});
  record.write({ idempotencyKey: 'k', requestHash: 'h1' });
  expect(record.version).toBe(2);
  expect(record.view().idempotency).toEqual({ k: 'h1' });
  expect(() => record.check({ idempotencyKey: 'k', requestHash: 'h1' })).not.toThrow();
  expect(() => record.check({ idempotencyKey: 'k', requestHash: 'h2' })).toThrow(
    new RuleError('refused', 'Idempotency-Key was already used with a different request'),
  );
  expect(() => record.check({ idempotencyKey: 'other', requestHash: 'h2' })).not.toThrow();
});

test('a key remembered with what it created finds it again on a replay of the same request only', () => {
  const record = new CreatedRecord();
  record.create({ idempotencyKey: 'k', requestHash: 'h1' }, 'item-1');
  record.touch({ idempotencyKey: 'j', requestHash: 'h2' });
  expect(record.view().idempotency).toEqual({
    k: { requestHash: 'h1', itemId: 'item-1' },
    j: { requestHash: 'h2' },
  });
  expect(record.replayedId({ idempotencyKey: 'k', requestHash: 'h1' })).toBe('item-1');
  expect(record.replayedId({ idempotencyKey: 'k', requestHash: 'other' })).toBeUndefined();
  expect(record.replayedId({ requestHash: 'h1' })).toBeUndefined();
  expect(() => record.check({ idempotencyKey: 'j', requestHash: 'h3' })).toThrow(RuleError);
});

test('times are ISO 8601 in UTC', () => {
  expect(iso(Date.UTC(2027, 2, 31))).toBe('2027-03-31T00:00:00.000Z');
});
