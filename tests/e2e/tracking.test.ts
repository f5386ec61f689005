/**
 * Tracking end to end on a real dev server: items appear in the right seats' lists and leave
 * them when acted on, the manager view filters, counts and pages, CSV and iCalendar feeds hold
 * the right deadlines and follow an extension; the manager view's pages hold every item once.
 */
import { trackedKinds } from '../../src/tracking/pending-item';
import { Client, Connection } from '@temporalio/client';
import * as ical from 'node-ical';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardTitleKey,
} from '../../workflows/search-attributes';
import { startStack, type Stack } from '../support/stack';
import { connectRecord, resolveRecordUrl } from '../../src/record/record-connection';
import type { RecordDatabase } from '../../src/record/record-database';
import type { RecordKind } from '../../src/record/record.schema';

let stack: Stack;
let sec: string, de: string, fr: string, manager: string;
let early: string, late: string;

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
  const open = async (title: string, closesIn: string, recused: string[] = []) => {
    const r = await stack.request('POST', '/decisions', {
      token: sec,
      body: { title, closesIn, recused, rule: 'simple' },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  late = await open('Adopt the annual report', 'P10D');
  early = await open('Approve the Sahel action', 'P3D', ['DE']);
  // Visibility trails writes; wait until both are listed.
  await until(async () => (await stack.request('GET', '/pending', { token: manager })).body.total === 2);
});

afterAll(async () => {
  await stack?.stop();
});

const seconds = (t: Date | string) => Math.floor(new Date(t).getTime() / 1000);

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

test("a seat's list holds what awaits it, soonest first, and says how fresh it is", async () => {
  const frList = await stack.request('GET', '/me/pending', { token: fr });
  expect(frList.status).toBe(200);
  expect(frList.body.map((i: any) => i.id)).toEqual([early, late]);
  expect(frList.body[0]).toMatchObject({
    kind: 'decision',
    title: 'Approve the Sahel action',
    action: 'cast your ballot',
  });
  expect(Date.parse(frList.headers.get('x-data-as-of') as string)).toBeGreaterThan(Date.now() - 5000);
  expect(frList.headers.get('x-total-count')).toBe('2');
  expect(frList.headers.get('link')).toBeNull();
  // A page at a time: the Link header leads to the next page.
  const first = await stack.request('GET', '/me/pending?limit=1', { token: fr });
  expect(first.body.map((i: any) => i.id)).toEqual([early]);
  const next = /<[^>]*(\/me\/pending\?[^>]+)>; rel="next"/.exec(
    first.headers.get('link') ?? '',
  )?.[1] as string;
  const second = await stack.request('GET', next, { token: fr });
  expect(second.body.map((i: any) => i.id)).toEqual([late]);
  expect(second.headers.get('link')).toBeNull();
  expect((await stack.request('GET', '/me/pending?after=nonsense!', { token: fr })).status).toBe(400);
  // DE is recused from the early one.
  const deList = await stack.request('GET', '/me/pending', { token: de });
  expect(deList.body.map((i: any) => i.id)).toEqual([late]);
});

test('a ballot cast leaves the seat’s list within a couple of seconds, and only that seat’s', async () => {
  const cast = await stack.request('POST', `/decisions/${late}/ballots`, {
    token: de,
    body: { choice: 'yes' },
  });
  expect(cast.status).toBe(200);
  const lag = await until(
    async () => (await stack.request('GET', '/me/pending', { token: de })).body.length === 0,
    2500,
  );
  expect(lag).toBeLessThan(2500);
  const frList = await stack.request('GET', '/me/pending', { token: fr });
  expect(frList.body.map((i: any) => i.id)).toEqual([early, late]);
});

test('the manager view filters, counts per seat and kind, and pages', async () => {
  const all = await stack.request('GET', '/pending', { token: manager });
  expect(all.status).toBe(200);
  expect(all.body.total).toBe(2);
  expect(all.body.counts.byKind).toEqual({ decision: 2 });
  expect(all.body.counts.bySeat.FR).toBe(2);
  expect(all.body.counts.bySeat.DE).toBeUndefined(); // recused from one, voted on the other
  // Without a vote, but awaited on both for its opinion (or its word that it gives none).
  expect(all.body.counts.bySeat.NO).toBe(2);
  expect(all.body.items[0]).toMatchObject({
    id: early,
    overdue: false,
    awaiting: expect.arrayContaining(['FR']),
  });

  const bySeat = await stack.request('GET', '/pending?seat=DE', { token: sec });
  expect(bySeat.body.total).toBe(0);
  const soon = await stack.request(
    'GET',
    `/pending?dueBefore=${new Date(Date.now() + 5 * 86400_000).toISOString()}`,
    { token: manager },
  );
  expect(soon.body.items.map((i: any) => i.id)).toEqual([early]);
  expect((await stack.request('GET', '/pending?overdue=true', { token: manager })).body.total).toBe(0);

  const page1 = await stack.request('GET', '/pending?pageSize=1', { token: manager });
  expect(page1.body.items.map((i: any) => i.id)).toEqual([early]);
  const page2 = await stack.request('GET', `/pending?pageSize=1&pageToken=${page1.body.nextPageToken}`, {
    token: manager,
  });
  expect(page2.body.items.map((i: any) => i.id)).toEqual([late]);
  expect(page2.body.nextPageToken).toBeNull();
});

test('bad filters and wrong roles are refused with the reason', async () => {
  expect(await stack.request('GET', '/pending?kind=resolution', { token: manager })).toMatchObject({
    status: 400,
    body: { message: [`kind must be one of ${trackedKinds.join(', ')}`] },
  });
  expect((await stack.request('GET', '/pending?overdue=maybe', { token: manager })).body.message).toEqual([
    'overdue must be true or false',
  ]);
  expect((await stack.request('GET', '/pending', { token: fr })).status).toBe(403);
  expect((await stack.request('GET', '/me/pending', { token: manager })).status).toBe(403);
  expect((await stack.request('GET', '/me/pending')).status).toBe(401);
});

test('CSV holds the same list', async () => {
  const r = await stack.request('GET', '/pending.csv', { token: manager });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = (r.body as string).trim().split('\n');
  expect(lines[0]).toBe('kind,id,title,action,status,awaiting,dueAt,overdue,parentId');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(`decision,${early},Approve the Sahel action,cast your ballot,open,`);
});

test('the iCalendar feeds parse, hold the deadlines, and follow an extension', async () => {
  const feed = async (path: string, token: string) => {
    const r = await stack.request('GET', `${path}?access_token=${token}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/calendar/);
    return Object.values(ical.sync.parseICS(r.body as string)).filter(
      (c): c is ical.VEvent => c?.type === 'VEVENT',
    );
  };
  const before = await feed('/calendar.ics', manager);
  expect(before.map((e) => e.uid).sort()).toEqual(
    [`${early}@board-governance`, `${late}@board-governance`].sort(),
  );
  const decision = (await stack.request('GET', `/decisions/${early}`, { token: manager })).body;
  const event = before.find((e) => e.uid === `${early}@board-governance`) as ical.VEvent;
  // iCalendar times have whole seconds.
  expect(seconds(event.start)).toBe(seconds(decision.closesAt));
  expect(event.summary).toBe('Approve the Sahel action: cast your ballot');

  const extended = await stack.request('POST', `/decisions/${early}/extend`, {
    token: sec,
    body: { closesIn: 'P6D', reason: 'more time' },
  });
  expect(extended.status).toBe(200);
  await until(async () => {
    const events = await feed('/calendar.ics', manager);
    const moved = events.find((e) => e.uid === `${early}@board-governance`) as ical.VEvent;
    return (
      seconds(moved.start) === seconds(extended.body.closesAt) &&
      Number(moved.sequence) > Number(event.sequence)
    );
  });
  const mine = await feed('/me/calendar.ics', de);
  expect(mine).toHaveLength(0);
  expect((await feed('/me/calendar.ics', fr)).map((e) => e.uid)).toHaveLength(2);
});

test('a personal calendar feed URL works without a token or cookie, until it is replaced, revoked or its holder leaves', async () => {
  const events = (body: string) =>
    Object.values(ical.sync.parseICS(body))
      .filter((c): c is ical.VEvent => c?.type === 'VEVENT')
      .map((e) => e.uid)
      .sort();
  const issued = await stack.request('POST', '/me/calendar-feed', { token: fr });
  expect(issued.status).toBe(201);
  const first = new URL(issued.body.url);
  expect(first.origin).toBe(stack.baseUrl);
  expect(first.pathname).toMatch(/^\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
  // No Authorization header, no cookie: the URL is the credential.
  const opened = await stack.request('GET', first.pathname);
  expect(opened.status).toBe(200);
  expect(opened.headers.get('content-type')).toMatch(/^text\/calendar/);
  expect(events(opened.body)).toEqual([`${early}@board-governance`, `${late}@board-governance`].sort());
  expect((await stack.request('GET', '/me/calendar-feed', { token: fr })).body).toEqual({
    active: true,
    issuedAt: issued.body.issuedAt,
  });

  // Issued again: the old URL stops working, the new one works.
  const replaced = await stack.request('POST', '/me/calendar-feed', { token: fr });
  const second = new URL(replaced.body.url);
  expect(second.pathname).not.toBe(first.pathname);
  const old = await stack.request('GET', first.pathname);
  expect(old.status).toBe(404);
  expect(old.body.message).toBe('calendar feed not found: revoked, replaced or never issued');
  expect((await stack.request('GET', second.pathname)).status).toBe(200);

  // Revoked: 404, and nothing left to revoke.
  expect((await stack.request('DELETE', '/me/calendar-feed', { token: fr })).body).toEqual({ revoked: true });
  expect((await stack.request('GET', second.pathname)).status).toBe(404);
  expect((await stack.request('GET', '/me/calendar-feed', { token: fr })).body).toEqual({ active: false });
  expect((await stack.request('DELETE', '/me/calendar-feed', { token: fr })).body).toEqual({
    revoked: false,
  });

  // A manager's feed holds every open deadline; once their appointment ends, it is refused.
  const email = 'feed.reader@ilo-board.example';
  const appointed = await stack.request('POST', '/board/roster', {
    token: sec,
    body: { person: { name: 'Feed Reader', email }, role: 'manager' },
  });
  expect(appointed.status).toBe(201);
  const reader = stack.tokenForEmail(email);
  // Another API replica (on the cluster) knows the appointment once it has re-read the roster.
  let issuedTo: { status: number; body: any } = { status: 0, body: null };
  await until(async () => {
    issuedTo = await stack.request('POST', '/me/calendar-feed', { token: reader });
    return issuedTo.status === 201;
  });
  const theirs = new URL(issuedTo.body.url);
  let all: { status: number; body: any } = { status: 0, body: null };
  await until(async () => {
    all = await stack.request('GET', theirs.pathname);
    return all.status === 200;
  });
  expect(events(all.body)).toEqual([`${early}@board-governance`, `${late}@board-governance`].sort());
  const ended = await stack.request('POST', `/board/roster/${appointed.body.id}/end`, {
    token: sec,
    body: { reason: 'left the board' },
  });
  expect(ended.status).toBe(200);
  let refused: { status: number; body: any } = { status: 0, body: null };
  await until(async () => {
    refused = await stack.request('GET', theirs.pathname);
    return refused.status === 403 && /appointment as manager ended/.test(refused.body.message);
  });
  expect(refused.status).toBe(403);
  expect(refused.body.message).toMatch(
    /^Feed Reader's appointment as manager ended on .* \(left the board\)$/,
  );
});

test('bad page tokens are refused naming pageToken', async () => {
  for (const token of ['nonsense!', Buffer.from('garbage').toString('base64url'), '2']) {
    const r = await stack.request('GET', `/pending?pageToken=${encodeURIComponent(token)}`, {
      token: manager,
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.message)).toContain('pageToken must come from a previous page');
  }
});

describe('the manager view reads a page at a time', () => {
  let connection: Connection;
  let client: Client;
  const raw: string[] = [];
  let record: RecordDatabase | undefined;
  const DAY = 86_400_000;

  beforeAll(async () => {
    connection = await Connection.connect({ address: stack.config.temporal.address });
    client = new Client({ connection, namespace: stack.config.temporal.namespace });
  });

  afterAll(async () => {
    for (const id of raw) await client.workflow.getHandle(id).terminate('test over');
    await connection?.close();
    await record?.destroy();
  });

  /**
   * An item straight into the lists' source: visibility (a workflow no worker serves), or the record
   * (a row as the projection writes it) when the lists read it. Ties and undated items on demand.
   */
  const item = async (id: string, kind: string, awaiting: string[], dueAt?: Date) => {
    if (stack.config.pendingSource === 'record') {
      record ??= await connectRecord(resolveRecordUrl(stack.config));
      await record
        .insertInto('board_record')
        .values({
          id,
          kind: kind as RecordKind,
          version: 1,
          status: 'open',
          open: true,
          title: `Raw ${id}`,
          body: '',
          opened_at: new Date(),
          state: '{}',
          tracked_status: 'open',
          awaiting,
          due_at: dueAt ?? null,
          running: true,
        })
        .execute();
      return;
    }
    await client.workflow.start('decisionWorkflow', {
      workflowId: id,
      taskQueue: 'nobody-serves-this',
      args: [],
      typedSearchAttributes: [
        { key: boardKindKey, value: kind },
        { key: boardTitleKey, value: `Raw ${id}` },
        { key: boardAwaitingKey, value: awaiting },
        ...(dueAt ? [{ key: boardDueAtKey, value: dueAt }] : []),
      ],
    });
    raw.push(id);
  };

  /** Every page of `filter` at `pageSize` 2, following nextPageToken; asserts the page sizes. */
  const pages = async (filter: string) => {
    const ids: string[] = [];
    const counts: unknown[] = [];
    let token: string | null = null;
    for (let n = 0; n < 50; n++) {
      const query: string = `${filter}&pageSize=2${token ? `&pageToken=${token}` : ''}`;
      const r = await stack.request('GET', `/pending?${query}`, { token: manager });
      expect(r.status).toBe(200);
      ids.push(...r.body.items.map((i: any) => i.id));
      counts.push(r.body.counts);
      token = r.body.nextPageToken;
      if (!token) {
        // Every page carries the counts of the whole filtered list.
        for (const c of counts) expect(c).toEqual(counts[0]);
        return { ids, total: r.body.total as number, pages: n + 1, counts: counts[0] };
      }
      expect(r.body.items).toHaveLength(2);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    throw new Error('pages never ended');
  };

  test('paging by two holds every item exactly once, soonest first, undated last, with the full list’s counts', async () => {
    const opened: string[] = [];
    for (const [title, closesIn, recused] of [
      ['One day', 'P1D', []],
      ['Two days', 'P2D', ['FR']],
      ['Four days', 'P4D', []],
      ['Five days', 'P5D', ['DE', 'FR']],
      ['Eight days', 'P8D', []],
    ] as const) {
      const r = await stack.request('POST', '/decisions', {
        token: sec,
        body: { title, closesIn, recused, rule: 'simple' },
      });
      expect(r.status).toBe(201);
      opened.push(r.body.id);
    }
    // Three overdue items due at the same instant (a page boundary falls inside the tie), and
    // three without a due time (awaiting nobody, as a funding request being assessed).
    const tie = new Date(Date.now() - DAY);
    await item('raw-tie-b', 'reporting-obligation', ['DE'], tie);
    await item('raw-tie-a', 'reporting-obligation', ['FR'], tie);
    await item('raw-tie-c', 'reporting-obligation', ['DE', 'NO'], tie);
    await item('raw-undated-2', 'funding-request', []);
    await item('raw-undated-1', 'funding-request', ['FR']);
    await item('raw-undated-3', 'funding-request', []);
    const expected = 2 + opened.length + 6;
    await until(async () => {
      const csv = (await stack.request('GET', '/pending.csv', { token: manager })).body as string;
      return csv.trim().split('\n').length === expected + 1;
    });

    // The export reads every row (list): the order the pages must reproduce.
    const csv = (await stack.request('GET', '/pending.csv', { token: manager })).body as string;
    const listed = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(listed.slice(0, 3)).toEqual(['raw-tie-a', 'raw-tie-b', 'raw-tie-c']);
    expect(listed.slice(-3)).toEqual(['raw-undated-1', 'raw-undated-2', 'raw-undated-3']);

    const all = await pages('');
    expect(all.ids).toEqual(listed);
    expect(all.total).toBe(expected);
    expect(all.pages).toBe(Math.ceil(expected / 2));

    // One big page: the same items, and counts as the whole list gives them.
    const whole = (await stack.request('GET', '/pending?pageSize=1000', { token: manager })).body;
    expect(whole.items.map((i: any) => i.id)).toEqual(listed);
    expect(whole.nextPageToken).toBeNull();
    const bySeat: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    for (const i of whole.items) {
      byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
      for (const seat of i.awaiting) bySeat[seat] = (bySeat[seat] ?? 0) + 1;
    }
    expect(whole.counts).toEqual({ bySeat, byKind });
    // Pages of two count with one query per seat and kind: the same counts as the rows give.
    expect(all.counts).toEqual(whole.counts);
    expect(byKind).toMatchObject({ decision: 7, 'reporting-obligation': 3, 'funding-request': 3 });

    // Filtered pages: the same items as the filtered list, in the same order; counts over the filter.
    for (const filter of ['kind=decision', 'seat=FR', 'overdue=true', 'seat=DE&kind=reporting-obligation']) {
      const csvOf = (await stack.request('GET', `/pending.csv?${filter}`, { token: manager })).body as string;
      const want = csvOf
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[1]);
      const got = await pages(filter);
      expect({ filter, ids: got.ids, total: got.total }).toEqual({ filter, ids: want, total: want.length });
      const one = (await stack.request('GET', `/pending?${filter}&pageSize=1000`, { token: manager })).body;
      const seats: Record<string, number> = {};
      const kinds: Record<string, number> = {};
      for (const i of one.items) {
        kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
        for (const seat of i.awaiting) seats[seat] = (seats[seat] ?? 0) + 1;
      }
      expect({ filter, counts: one.counts }).toEqual({ filter, counts: { bySeat: seats, byKind: kinds } });
      expect({ filter, counts: got.counts }).toEqual({ filter, counts: one.counts });
    }
    const fr = await pages('seat=FR');
    expect(fr.ids).toContain('raw-undated-1');
    expect(fr.ids).not.toContain('raw-undated-2');
    expect((await pages('overdue=true')).ids).toEqual(['raw-tie-a', 'raw-tie-b', 'raw-tie-c']);
  });
});

test('an open funding round is in the list of each member state yet to request, until it requests', async () => {
  const opened = await stack.request('POST', '/funding-rounds', {
    token: sec,
    body: {
      title: 'ILO activities 2028',
      envelopeCents: 1_000_000,
      closesIn: 'P30D',
      maxRequestCents: 600_000,
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', votingIn: 'PT60S' },
      reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
    },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const roundIn = async (token: string) =>
    ((await stack.request('GET', '/me/pending', { token })).body as any[]).find((i) => i.id === id);
  await until(async () => (await roundIn(de)) !== undefined && (await roundIn(fr)) !== undefined);
  expect(await roundIn(de)).toMatchObject({
    kind: 'funding-round',
    action: 'submit a funding request',
    status: 'open',
    dueAt: opened.body.closesAt,
  });
  const submitted = await stack.request('POST', `/funding-rounds/${id}/requests`, {
    token: de,
    body: {
      title: 'Liaison network',
      priority: 'migrant-smuggling',
      description: 'Two ILOs',
      amountCents: 100_000,
    },
  });
  expect(submitted.status).toBe(201);
  await until(async () => (await roundIn(de)) === undefined);
  expect(await roundIn(fr)).toMatchObject({
    kind: 'funding-round',
    awaiting: expect.arrayContaining(['FR']),
  });
  expect((await roundIn(fr)).awaiting).not.toContain('DE');
});
