/**
 * The record's store, on both stores (embedded PGlite behind its server, and a real PostgreSQL):
 * versioned migrations at start-up, the projection's ordering and idempotency, lists with their
 * filters and cursor, and several connections from several pools at once.
 */
import { Migrator, sql } from 'kysely';
import { Client as PgClient } from 'pg';
import { AuditRepository } from '../../src/record/audit-repository';
import { recordMigrations } from '../../src/record/migrations';
import { connectRecord } from '../../src/record/record-connection';
import { migrateRecord, openRecordDatabase, type RecordDatabase } from '../../src/record/record-database';
import { InvalidCursorError, RecordRepository } from '../../src/record/record-repository';
import { RecordPendingSource } from '../../src/tracking/record-pending';
import type { PendingFilter } from '../../src/tracking/visibility-query';
import type { DecisionState } from '../../workflows/decision/decision.types';
import { recordStores, startRecordStore, type TestRecordStore } from '../support/record-stores';

/** A decision state with what the projection reads; the rest is as a fresh workflow has it. */
function decision(id: string, over: Partial<DecisionState> = {}): DecisionState {
  return {
    id,
    title: `Decision ${id}`,
    text: 'The Board adopts the annual work programme.',
    rule: 'absolute',
    quorum: null,
    quorumRequired: 17,
    yesRequired: 17,
    objectionThreshold: 1,
    status: 'open',
    outcome: null,
    tally: { yes: 0, no: 0, abstain: 0, objections: 0 },
    ballots: [],
    ballotHistory: [],
    opinions: [],
    opinionSeats: null,
    observers: [],
    declined: [],
    opinionsAwaited: [],
    chair: null,
    recusals: [],
    electorate: ['AT', 'BE'],
    recused: [],
    awaiting: ['AT', 'BE'],
    closeEarly: true,
    openedAt: '2026-03-01T10:00:00.000Z',
    openedBy: 'sofia',
    closesAt: '2026-03-15T10:00:00.000Z',
    closedAt: null,
    extensions: [],
    withdrawal: null,
    parentId: null,
    idempotency: {},
    ...over,
  };
}

/** A ballot's audit entry by `subject` on decision `itemId`, not yet begun. */
const entryOf = (subject: string, itemId: string) => ({
  subject,
  role: 'member',
  seat: 'S0',
  action: 'decisions.castBallot',
  route: `POST /decisions/${itemId}/ballots`,
  itemId,
  idempotencyKey: null as string | null,
});

describe.each(recordStores)('the record on the %s store', (kind) => {
  let store: TestRecordStore;
  let db: RecordDatabase;
  let repo: RecordRepository;

  beforeAll(async () => {
    store = await startRecordStore(kind);
    db = await connectRecord(store.url);
    repo = new RecordRepository(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await store?.stop();
  });

  it('has applied every migration once, and applies none again', async () => {
    const applied = await db
      .selectFrom(sql<{ name: string }>`kysely_migration`.as('m'))
      .select('m.name')
      .orderBy('m.name')
      .execute();
    expect(applied.map((m) => m.name)).toEqual([
      '0001-board-record',
      '0002-audit-log',
      '0003-audit-begun',
      '0004-calendar-feeds',
      '0005-record-invited',
      '0006-record-tracking',
      '0007-pending-counts',
    ]);
    expect(await migrateRecord(db)).toEqual([]);
    // Two processes starting together: both migrate, neither fails, nothing is applied twice.
    const other = await connectRecord(store.url);
    try {
      await Promise.all([migrateRecord(db), migrateRecord(other)]);
    } finally {
      await other.destroy();
    }
    const count = await db
      .selectFrom(sql`kysely_migration`.as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(7);
  });

  it('upgrades a database made by an earlier version, keeping its records', async () => {
    // A store of its own, as the first version left it.
    const fresh = await startRecordStore(kind);
    const old = openRecordDatabase(fresh.url);
    try {
      // The schema as the first version left it, with an item in it.
      const first = await new Migrator({ db: old, provider: recordMigrations }).migrateTo(
        '0001-board-record',
      );
      expect(first.error).toBeUndefined();
      // Written as the first version wrote it (today's projection writes columns it did not have).
      const before = decision('dec-before', { observers: ['UNHCR'] });
      await sql`insert into board_record (id, kind, version, status, open, title, body, opened_at, state)
        values ('dec-before', 'decision', 1, 'open', true, ${before.title}, ${before.text},
          ${before.openedAt}, ${JSON.stringify(before)}::jsonb)`.execute(old);
      expect(await migrateRecord(old)).toEqual([
        '0002-audit-log',
        '0003-audit-begun',
        '0004-calendar-feeds',
        '0005-record-invited',
        '0006-record-tracking',
        '0007-pending-counts',
      ]);
      // What the pending lists read is filled in from the state: the decision awaits both voters.
      const tracked = await sql<{
        tracked_status: string;
        awaiting: string[];
        due_at: Date;
        running: boolean;
      }>`
        select tracked_status, awaiting, due_at, running from board_record where id = 'dec-before'`.execute(
        old,
      );
      expect(tracked.rows).toEqual([
        { tracked_status: 'open', awaiting: ['AT', 'BE'], due_at: new Date(before.closesAt), running: true },
      ]);
      // The observers invited to an item projected before the column existed are filled in.
      const invited = await new RecordRepository(old).list(
        'decision',
        { audience: { seat: 'UNHCR', observer: true } },
        { limit: 10 },
      );
      expect(invited.items.map((d) => d.id)).toEqual(['dec-before']);
      expect(await new RecordRepository(old).get('decision', 'dec-before')).toMatchObject({ version: 1 });
      const audit = new AuditRepository(old);
      const ticket = await audit.begin({
        subject: 'sofia',
        role: 'secretariat',
        seat: null,
        action: 'decisions.open',
        route: 'POST /decisions',
        itemId: null,
        idempotencyKey: null,
      });
      await audit.finish(ticket, 201, 'dec-before');
      expect((await new AuditRepository(old).all({})).map((e) => e.itemId)).toEqual(['dec-before']);
    } finally {
      await old.destroy();
      await fresh.stop();
    }
  });

  it('audit entries: begun before the write, finished with its status, removed when refused, once per key', async () => {
    const audit = new AuditRepository(db);
    const entry = (key: string | null) => ({
      ...entryOf(`auditor-${kind}`, `dec-audit-${kind}`),
      seat: 'DE',
      idempotencyKey: key,
    });
    const mine = () => audit.all({ subject: `auditor-${kind}` });
    const done = await audit.begin(entry('k1'));
    expect(done).toMatchObject({ inserted: true, replay: false });
    // Begun: on the log with an empty status, never as done.
    expect((await mine()).map((e) => e.status)).toEqual([null]);
    await audit.finish(done, 200, null);
    // The same key again: the finished entry, which the replay leaves alone.
    const replay = await audit.begin(entry('k1'));
    expect(replay).toEqual({ id: done.id, inserted: false, replay: true });
    await audit.abandon(replay);
    await audit.finish(replay, 409, null);
    const refused = await audit.begin(entry(null));
    await audit.abandon(refused);
    expect((await mine()).map((e) => [e.status, e.idempotencyKey])).toEqual([[200, 'k1']]);
    // A creation names the item it made; an entry finished once keeps its status.
    const created = await audit.begin({ ...entry(null), itemId: null });
    await audit.finish(created, 201, 'dec-made');
    await audit.finish(created, 500, 'dec-other');
    expect((await mine()).map((e) => [e.status, e.itemId])).toEqual([
      [200, `dec-audit-${kind}`],
      [201, 'dec-made'],
    ]);
  });

  it('audit entries finished together (a live vote) are each finished with their own status and item', async () => {
    const audit = new AuditRepository(db);
    const subject = `voter-${kind}`;
    const tickets = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        audit.begin({
          subject,
          role: 'member',
          seat: `S${i}`,
          action: 'decisions.castBallot',
          route: `POST /decisions/dec-live-${kind}/ballots`,
          itemId: i % 2 ? `dec-live-${kind}` : null,
          idempotencyKey: `live-${i}`,
        }),
      ),
    );
    // All at once, as the answers of a live vote come back: they share statements.
    await Promise.all(tickets.map((t, i) => audit.finish(t, 200 + (i % 3), `made-${i}`)));
    const entries = await audit.all({ subject });
    expect(entries).toHaveLength(32);
    // Begun concurrently, so their ids are in no particular order: each is found by its seat.
    entries.forEach((e) => {
      const i = Number(e.seat?.slice(1));
      expect(e.status).toBe(200 + (i % 3));
      expect(e.itemId).toBe(i % 2 ? `dec-live-${kind}` : `made-${i}`);
    });
  });

  it('audit entries begun together share a statement, each with its own row; a key repeated or already logged gives one entry', async () => {
    const audit = new AuditRepository(db);
    const subject = `together-${kind}`;
    const entry = (i: number, key: string | null) => ({
      ...entryOf(subject, `dec-together-${kind}`),
      seat: `S${i}`,
      idempotencyKey: key,
    });
    const logged = await audit.begin(entry(99, 'logged'));
    await audit.finish(logged, 200, null);
    // Sent at once, they wait for one batch (the first alone, the rest together).
    const keys = ['a', null, 'b', 'a', null, 'logged', 'b', null];
    const tickets = await Promise.all(keys.map((k, i) => audit.begin(entry(i, k))));
    expect(tickets.map((t) => [t.inserted, t.replay])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [false, false],
      [true, false],
      [false, true],
      [false, false],
      [true, false],
    ]);
    expect(tickets[3].id).toBe(tickets[0].id);
    expect(tickets[6].id).toBe(tickets[2].id);
    expect(tickets[5].id).toBe(logged.id);
    // A repeat's answer is its first request's (the same Update), so both finish with one status.
    await Promise.all(
      tickets.map((t) => audit.finish(t, 200 + tickets.findIndex((u) => u.id === t.id), null)),
    );
    const entries = await audit.all({ subject });
    // One entry per key or unkeyed call, found by its seat.
    expect(entries.map((e) => [e.seat, e.status, e.idempotencyKey]).sort()).toEqual(
      [
        ['S99', 200, 'logged'],
        ['S0', 200, 'a'],
        ['S1', 201, null],
        ['S2', 202, 'b'],
        ['S4', 204, null],
        ['S7', 207, null],
      ].sort(),
    );
  });

  it('an audit entry the database refuses fails its own request only, not the others begun with it', async () => {
    const audit = new AuditRepository(db);
    const subject = `poisoned-${kind}`;
    // Text with a NUL character is refused by PostgreSQL: sent with others, it must not sink them.
    const entries = [0, 1, 2].map((i) => ({
      ...entryOf(subject, `dec-poisoned-${kind}`),
      seat: `S${i}`,
      itemId: i === 1 ? 'bad\u0000id' : `dec-${i}`,
    }));
    const [first, ...together] = entries.map((e) => audit.begin(e));
    await first;
    await expect(together[0]).rejects.toThrow();
    await expect(together[1]).resolves.toMatchObject({ inserted: true });
    const begun = (await audit.all({ subject })).map((e) => e.seat);
    expect(begun.sort()).toEqual(['S0', 'S2']);
  });

  it('audit finishes nobody waits for are written together soon after, and a read of the log waits for them', async () => {
    const audit = new AuditRepository(db);
    const subject = `unwaited-${kind}`;
    const tickets = await Promise.all(
      [0, 1, 2].map((i) => audit.begin({ ...entryOf(subject, `dec-unwaited-${kind}`), seat: `S${i}` })),
    );
    // As the interceptor does: the answer goes out, the finishes are not awaited.
    tickets.forEach((t) => void audit.finish(t, 200, null));
    expect((await audit.all({ subject })).map((e) => e.status)).toEqual([200, 200, 200]);
    // A clean stop writes the finishes still lingering before the record closes.
    const late = await audit.begin({ ...entryOf(subject, `dec-unwaited-${kind}`), seat: 'S3' });
    void audit.finish(late, 201, 'made-late');
    await audit.onApplicationShutdown();
    const row = await db
      .selectFrom('audit_log')
      .select(['status', 'item_id'])
      .where('id', '=', late.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 201, item_id: `dec-unwaited-${kind}` });
  });

  it('gives each connection its own prepared statements, even under one name, and drops them when it goes', async () => {
    const connect = async () => {
      const client = new PgClient({ connectionString: store.url });
      await client.connect();
      return client;
    };
    const [a, b] = await Promise.all([connect(), connect()]);
    try {
      // The same name, another text on each connection: each runs its own.
      const one = await a.query({ name: 'shared-name', text: 'SELECT $1::int + 1 AS n', values: [1] });
      const two = await b.query({ name: 'shared-name', text: 'SELECT $1::int * 10 AS n', values: [1] });
      const again = await a.query({ name: 'shared-name', text: 'SELECT $1::int + 1 AS n', values: [5] });
      expect([one.rows[0].n, two.rows[0].n, again.rows[0].n]).toEqual([2, 10, 6]);
    } finally {
      await a.end();
    }
    const prepared = async (client: PgClient) =>
      Number(
        (
          await client.query(
            `SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE '%shared-name'`,
          )
        ).rows[0].n,
      );
    // On the embedded store the connections share one backend: a's statement goes with a.
    for (let i = 0; (await prepared(b)) !== 1; i++) {
      if (i > 100) throw new Error(`the statements left are ${await prepared(b)}, not b's one`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await b.end();
  });

  it('keeps the pending counts per kind and awaited seat through every projection, once each', async () => {
    const counts = async () =>
      Object.fromEntries(
        (await db.selectFrom('pending_count').selectAll().where('kind', '=', 'decision').execute())
          .filter((r) => r.n !== 0)
          .map((r) => [r.seat, r.n]),
      );
    const before = await counts();
    const plus = (extra: Record<string, number>) => {
      const want: Record<string, number> = { ...before };
      for (const [seat, n] of Object.entries(extra)) want[seat] = (want[seat] ?? 0) + n;
      return Object.fromEntries(Object.entries(want).filter(([, n]) => n !== 0));
    };
    await repo.project({ kind: 'decision', version: 1, state: decision('dec-count-1') });
    await repo.project({
      kind: 'decision',
      version: 1,
      state: decision('dec-count-2', { awaiting: ['AT'] }),
    });
    expect(await counts()).toEqual(plus({ '': 2, AT: 2, BE: 1 }));
    // A ballot: BE no longer awaited; a repeated or late write changes nothing.
    const voted = decision('dec-count-1', { awaiting: ['AT'] });
    await repo.project({ kind: 'decision', version: 2, state: voted });
    await repo.project({ kind: 'decision', version: 2, state: voted });
    await repo.project({ kind: 'decision', version: 1, state: decision('dec-count-1') });
    expect(await counts()).toEqual(plus({ '': 2, AT: 2 }));
    // Closed: it leaves every count.
    const closed = decision('dec-count-1', { status: 'closed', outcome: 'adopted', awaiting: [] });
    await repo.project({ kind: 'decision', version: 3, state: closed });
    expect(await counts()).toEqual(plus({ '': 1, AT: 1 }));
  });

  it('gives a seat’s pending total from the kept counts, equal to counting its items, lapsed responses left out', async () => {
    const pending = new RecordPendingSource(db);
    const now = new Date('2026-03-10T10:00:00.000Z');
    // dueFrom before every due time: the same items, but counted row by row.
    const counted = (filter: PendingFilter) => pending.page({ ...filter, dueFrom: new Date(0) }, now, 5);
    const totals = async () =>
      Promise.all(
        [
          { seat: 'AT' },
          { seat: 'BE' },
          { seat: 'AT', kind: 'decision' },
          { seat: 'AT', alsoAwaiting: 'AT' },
        ].map(async (f) => [(await pending.page(f, now, 5)).total, (await counted(f)).total]),
      );
    const before = await totals();
    await repo.project({ kind: 'decision', version: 1, state: decision('dec-total-1') });
    await repo.project({
      kind: 'decision',
      version: 1,
      state: decision('dec-total-2', { awaiting: ['AT'] }),
    });
    const opinion = {
      n: 1,
      seat: 'IS',
      text: 'Mind the budget.',
      by: 'is-m',
      at: '2026-03-02T10:00:00.000Z',
    };
    // Closed with an opinion awaiting its response, due before `now`: still running, awaiting no seat.
    const lapsed = decision('dec-total-3', {
      status: 'closed',
      outcome: 'adopted',
      awaiting: [],
      closedAt: '2026-03-05T10:00:00.000Z',
      opinions: [{ ...opinion, response: null }],
      responsesDueAt: '2026-03-08T10:00:00.000Z',
    });
    await repo.project({ kind: 'decision', version: 1, state: lapsed });
    const after = await totals();
    // Kept and counted agree, before and after; the open decisions add 2 to AT and 1 to BE.
    for (const [kept, byRow] of [...before, ...after]) expect(kept).toBe(byRow);
    expect(after.map(([kept], i) => kept - before[i][0])).toEqual([2, 1, 2, 2]);
  });

  it('gives a running round projected without the board’s seats the member states yet to request', async () => {
    const round = {
      id: 'fr-refresh',
      title: 'Round before the tracking columns',
      status: 'open',
      closesAt: '2026-04-01T00:00:00.000Z',
      priorities: [],
      decision: { rule: 'absolute' },
      attempts: [],
      requests: [{ seat: 'DE', status: 'submitted' }],
      openedAt: '2026-03-01T00:00:00.000Z',
      closedAt: null,
    };
    // Projected as a store migrated from before 0006 has it: no seats known.
    await repo.project({ kind: 'funding-round', version: 1, state: round });
    const awaiting = async () =>
      (
        await db
          .selectFrom('board_record')
          .select('awaiting')
          .where('id', '=', round.id)
          .executeTakeFirstOrThrow()
      ).awaiting;
    expect(await awaiting()).toEqual([]);
    const withSeats = new RecordRepository(db, { memberStateSeats: ['DE', 'FR', 'IT'] });
    expect(await withSeats.refreshRoundTracking()).toBe(1);
    expect(await awaiting()).toEqual(['FR', 'IT']);
    expect(await withSeats.refreshRoundTracking()).toBe(0);
  });

  it('stores a state holding the NUL character, which PostgreSQL cannot, with U+FFFD in its place', async () => {
    // The API refuses it now; a workflow that took one before must still reach the record.
    const id = `dec-nul-${kind}`;
    const state = decision(id, { title: 'Budget\u00002027', text: 'a\u0000b' });
    expect(await repo.project({ kind: 'decision', version: 1, state })).toBe(true);
    const stored = await repo.get('decision', id);
    expect(stored).toMatchObject({ title: 'Budget\uFFFD2027' });
    expect(stored?.state).toMatchObject({ title: 'Budget\uFFFD2027', text: 'a\uFFFDb' });
  });

  it('keeps the newest version: a late or repeated write changes nothing', async () => {
    const id = `dec-order-${kind}`;
    expect(await repo.project({ kind: 'decision', version: 10, state: decision(id) })).toBe(true);
    const closed = decision(id, {
      status: 'closed',
      outcome: 'adopted',
      closedAt: '2026-03-02T10:00:00.000Z',
    });
    expect(await repo.project({ kind: 'decision', version: 30, state: closed })).toBe(true);
    // Version 20 arrives late (its first attempt timed out); 30 arrives again (a retry).
    expect(
      await repo.project({ kind: 'decision', version: 20, state: decision(id, { title: 'late' }) }),
    ).toBe(false);
    expect(await repo.project({ kind: 'decision', version: 30, state: closed })).toBe(false);
    const stored = await repo.get('decision', id);
    expect(stored).toMatchObject({
      id,
      version: 30,
      writes: 2,
      open: false,
      outcome: 'adopted',
      title: `Decision ${id}`,
      closedAt: '2026-03-02T10:00:00.000Z',
    });
    expect((stored?.state as DecisionState).status).toBe('closed');
    expect(await repo.get('funding-round', id)).toBeUndefined();
  });

  it('settles racing writes of one item on the highest version, from many connections', async () => {
    const id = `dec-race-${kind}`;
    const pools = [db, await connectRecord(store.url)];
    try {
      const writes = Array.from({ length: 40 }, (_, i) => i + 1)
        .sort(() => Math.random() - 0.5)
        .map((v, i) =>
          new RecordRepository(pools[i % 2]).project({
            kind: 'decision',
            version: v,
            state: decision(id, { title: `v${v}` }),
          }),
        );
      await Promise.all(writes);
    } finally {
      await pools[1].destroy();
    }
    expect(await repo.get('decision', id)).toMatchObject({ version: 40, title: 'v40' });
  });

  it('lists newest first with filters and an opaque cursor', async () => {
    const day = (d: number) =>
      `2025-0${Math.floor(d / 28) + 1}-${String((d % 28) + 1).padStart(2, '0')}T09:00:00.000Z`;
    for (let i = 0; i < 12; i++) {
      const closedAt = i % 3 === 0 ? day(i + 1) : null;
      await repo.project({
        kind: 'decision',
        version: 1,
        state: decision(`dec-list-${String(i).padStart(2, '0')}`, {
          title: i % 2 ? `Budget amendment ${i}` : `Staff rules ${i}`,
          text: i === 4 ? 'Travel allowances for the secretariat' : 'Routine',
          rule: i % 4 === 0 ? 'silence' : 'absolute',
          openedAt: day(i),
          status: closedAt ? 'closed' : 'open',
          outcome: closedAt ? (i === 3 ? 'rejected' : 'adopted') : null,
          closedAt,
        }),
      });
    }
    const ids = (items: { id: string }[]) => items.map((r) => r.id.replace('dec-list-', ''));
    const range = { openedFrom: '2025-01-01T00:00:00Z', openedTo: '2025-02-01T00:00:00Z' };

    const first = await repo.list('decision', range, { limit: 5 });
    expect(ids(first.items)).toEqual(['11', '10', '09', '08', '07']);
    const second = await repo.list('decision', range, { limit: 5, cursor: first.nextCursor! });
    expect(ids(second.items)).toEqual(['06', '05', '04', '03', '02']);
    const third = await repo.list('decision', range, { limit: 5, cursor: second.nextCursor! });
    expect(ids(third.items)).toEqual(['01', '00']);
    expect(third.nextCursor).toBeNull();

    expect(ids((await repo.list('decision', { ...range, status: 'closed' }, { limit: 50 })).items)).toEqual([
      '09',
      '06',
      '03',
      '00',
    ]);
    expect((await repo.list('decision', { ...range, status: 'open' }, { limit: 50 })).items).toHaveLength(8);
    expect(
      ids((await repo.list('decision', { ...range, outcome: 'rejected' }, { limit: 50 })).items),
    ).toEqual(['03']);
    expect(ids((await repo.list('decision', { ...range, rule: 'silence' }, { limit: 50 })).items)).toEqual([
      '08',
      '04',
      '00',
    ]);
    // Words of the title and of the text, all of them, in any case.
    expect(ids((await repo.list('decision', { ...range, q: 'budget 7' }, { limit: 50 })).items)).toEqual([
      '07',
    ]);
    expect(
      ids((await repo.list('decision', { ...range, q: 'TRAVEL allowances' }, { limit: 50 })).items),
    ).toEqual(['04']);
    expect(
      ids(
        (
          await repo.list(
            'decision',
            { ...range, closedFrom: '2025-01-05T00:00:00Z', closedTo: '2025-01-12T00:00:00Z' },
            { limit: 50 },
          )
        ).items,
      ),
    ).toEqual(['09', '06', '03']);
    await expect(repo.list('decision', {}, { limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
