/**
 * Article 7 over HTTP on the real stack: the seats without a vote (and an invited observer) are
 * told, see the decision in their pending list, give or decline an opinion, and an early close
 * waits for them and for the secretariat's response; a written procedure is in the list of every
 * seat that may object; the chair is on the board and on the record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boardWithObserver } from '../support/observer-board';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, manager: string;
const member = (seat: string) => stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat });

const OPINION_SEATS = ['IS', 'LI', 'NO', 'CH'];

beforeAll(async () => {
  // The ILO board with one observer seat, which only an invitation to the item brings in.
  stack = await startStack({ BOARD_CONFIG: boardWithObserver() });
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

/** Polls `read` until `done` holds (visibility trails writes by about a second). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const decision = async (id: string) => (await stack.request('GET', `/decisions/${id}`, { token: sec })).body;
const pendingOf = async (seat: string) =>
  (await stack.request('GET', '/me/pending', { token: member(seat) })).body as {
    id: string;
    action: string;
    dueAt: string;
  }[];
const outbox = (): { key: string; kind: string; recipients: string[] }[] => {
  try {
    return readFileSync(join(stack.config.dataDir, 'outbox.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

test('GET /board names the chair; the chair is on every decision record', async () => {
  const board = await stack.request('GET', '/board', { token: manager });
  expect(board.body.chair).toEqual({ code: 'COM1', name: 'European Commission (chair)' });
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Chair on the record', closesIn: 'P7D' },
  });
  expect(opened.body.chair).toBe('COM1');
  expect((await decision(opened.body.id)).chair).toBe('COM1');
});

test('opinions: told, pending, given or declined, answered; only then the decision closes early', async () => {
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Adopt the ILO handbook', rule: 'absolute', closesIn: 'P14D', observers: ['UNHCR'] },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  expect(opened.body).toMatchObject({
    opinionSeats: [...OPINION_SEATS, 'UNHCR'],
    observers: ['UNHCR'],
    opinionsAwaited: [...OPINION_SEATS, 'UNHCR'],
  });

  // Told when it opens: an invitation to every opinion seat, the observer's contact included.
  const invitation = await until(
    async () => outbox().find((l) => l.key === `${id}:opinion-invited`),
    (l) => l !== undefined,
  );
  expect(invitation?.recipients).toEqual([
    'is@ilo-board.example',
    'li@ilo-board.example',
    'no@ilo-board.example',
    'ch@ilo-board.example',
    'unhcr@observers.example',
  ]);

  // In Norway's pending list, with the action and the deadline; DE's says to vote.
  const norway = await until(
    () => pendingOf('NO'),
    (items) => items.some((i) => i.id === id),
  );
  expect(norway.find((i) => i.id === id)).toMatchObject({
    action: 'give an opinion',
    dueAt: opened.body.closesAt,
  });
  const germany = await pendingOf('DE');
  expect(germany.find((i) => i.id === id)).toMatchObject({ action: 'cast your ballot' });

  // 17 of 32 say yes: the outcome is settled, but the decision stays open for the opinions.
  const voters = [
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
  ];
  for (const seat of voters) {
    expect(
      (
        await stack.request('POST', `/decisions/${id}/ballots`, {
          token: member(seat),
          body: { choice: 'yes' },
        })
      ).status,
    ).toBe(200);
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect(await decision(id)).toMatchObject({ status: 'open', tally: { yes: 17 } });

  // Norway gives an opinion; the others say they have none.
  const given = await stack.request('POST', `/decisions/${id}/opinions`, {
    token: member('NO'),
    body: { text: 'Norway supports the handbook and asks for a chapter on returns.' },
  });
  expect(given.status).toBe(201);
  expect(given.body.opinions).toEqual([expect.objectContaining({ n: 1, seat: 'NO', response: null })]);
  for (const seat of ['IS', 'LI', 'CH', 'UNHCR']) {
    const declined = await stack.request('POST', `/decisions/${id}/opinions/decline`, {
      token: member(seat),
    });
    expect(declined.status).toBe(200);
  }
  // Who may not decline, and twice is once too many.
  expect(
    await stack.request('POST', `/decisions/${id}/opinions/decline`, { token: member('DE') }),
  ).toMatchObject({
    status: 403,
    body: { message: `no opinion is awaited from seat DE on this decision` },
  });
  expect(
    await stack.request('POST', `/decisions/${id}/opinions/decline`, { token: member('IS') }),
  ).toMatchObject({
    status: 409,
    body: { message: 'seat IS has already declined to give an opinion' },
  });
  const waiting = await decision(id);
  expect(waiting).toMatchObject({ status: 'open', opinionsAwaited: [] });
  expect(waiting.declined.map((d: { seat: string }) => d.seat)).toEqual(['IS', 'LI', 'CH', 'UNHCR']);

  // No longer in Norway's list once it has given its opinion.
  await until(
    () => pendingOf('NO'),
    (items) => !items.some((i) => i.id === id),
  );

  // The response: only the secretariat, only to an opinion that exists; then it closes early.
  const respond = (token: string, n: number | string, text = 'The Board added a chapter on returns.') =>
    stack.request('POST', `/decisions/${id}/opinions/${n}/response`, { token, body: { text } });
  expect((await respond(member('DE'), 1)).status).toBe(403);
  expect(await respond(sec, 9)).toMatchObject({
    status: 404,
    body: { message: `decision ${id} has no opinion 9` },
  });
  expect((await respond(sec, 'first')).status).toBe(400);
  expect(
    (await stack.request('POST', `/decisions/${id}/opinions/1/response`, { token: sec, body: {} })).status,
  ).toBe(400);
  const answered = await respond(sec, 1);
  expect(answered.status).toBe(200);
  const closed = await until(
    () => decision(id),
    (d) => d.status === 'closed',
  );
  expect(closed).toMatchObject({ outcome: 'adopted', chair: 'COM1' });
  expect(Date.parse(closed.closedAt)).toBeLessThan(Date.parse(closed.closesAt));
  expect(closed.opinions[0].response).toMatchObject({
    text: 'The Board added a chapter on returns.',
    by: 'sofia-marin',
  });

  // Told when it closes, with what became of the opinions.
  const told = await until(
    async () => outbox().find((l) => l.key === `${id}:opinion-outcome`),
    (l) => l !== undefined,
  );
  expect(told?.recipients).toContain('no@ilo-board.example');
  // A closed decision takes no more opinions.
  expect(
    (
      await stack.request('POST', `/decisions/${id}/opinions`, {
        token: member('CH'),
        body: { text: 'late' },
      })
    ).status,
  ).toBe(409);
});

test('written procedure: in the list of every seat that may object, with its deadline, and in the managers view', async () => {
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Written procedure: the 2027 calendar', rule: 'silence', closesIn: 'P5D' },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  for (const seat of ['DE', 'EUAA', 'COM1']) {
    const items = await until(
      () => pendingOf(seat),
      (list) => list.some((i) => i.id === id),
    );
    expect(items.find((i) => i.id === id)).toMatchObject({
      action: 'object or let it pass',
      dueAt: opened.body.closesAt,
    });
  }
  expect((await pendingOf('NO')).find((i) => i.id === id)).toMatchObject({ action: 'give an opinion' });

  const board = await stack.request('GET', `/pending?kind=decision&seat=FR`, { token: manager });
  const item = board.body.items.find((i: { id: string }) => i.id === id);
  expect(item).toMatchObject({ status: 'written-procedure', action: 'object or let it pass' });
  expect(item.awaiting).toEqual(expect.arrayContaining(['FR', 'DE', 'NO']));

  // A seat that lets it pass explicitly (or objects) has acted: it leaves that seat's list.
  await stack.request('POST', `/decisions/${id}/ballots`, { token: member('FR'), body: { choice: 'yes' } });
  await until(
    () => pendingOf('FR'),
    (list) => !list.some((i) => i.id === id),
  );
  expect((await pendingOf('FR')).some((i) => i.id === id)).toBe(false);
});

test('observers: only observer seats of the board can be invited', async () => {
  const r = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'x', closesIn: 'P1D', observers: ['NO', 'XX'] },
  });
  expect(r).toMatchObject({
    status: 400,
    body: { message: 'observers: not an observer seat of the board: NO, XX' },
  });
});

test('an opinion unanswered at the close: due for a response in the managers view, answered after the close', async () => {
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Closes with an opinion unanswered', rule: 'simple', closesIn: 'PT4S' },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const given = await stack.request('POST', `/decisions/${id}/opinions`, {
    token: member('NO'),
    body: { text: 'Norway asks for more time.' },
  });
  expect(given.status).toBe(201);
  const closed = await until(
    () => decision(id),
    (d) => d.status === 'closed',
  );
  expect(closed.opinions[0].response).toBeNull();
  expect(Date.parse(closed.responsesDueAt)).toBeGreaterThan(Date.parse(closed.closedAt));

  // The managers see what is left to do on it: the Board's account of the opinion, and by when.
  const due = await until(
    async () =>
      (await stack.request('GET', '/pending?kind=decision', { token: manager })).body.items.find(
        (i: { id: string }) => i.id === id,
      ),
    (item) => item?.status === 'responses-due',
  );
  expect(due).toMatchObject({
    action: 'record how the Board took account of each opinion',
    dueAt: closed.responsesDueAt,
  });

  // Ballots stay closed; the response is recorded, and the decision leaves the list.
  expect(
    (
      await stack.request('POST', `/decisions/${id}/ballots`, {
        token: member('DE'),
        body: { choice: 'yes' },
      })
    ).status,
  ).toBe(409);
  const answered = await stack.request('POST', `/decisions/${id}/opinions/1/response`, {
    token: sec,
    body: { text: 'The Board will take it up at its next meeting.' },
  });
  expect(answered.status).toBe(200);
  expect(answered.body.opinions[0].response).toMatchObject({ by: 'sofia-marin' });
  await until(
    async () => (await stack.request('GET', '/pending?kind=decision', { token: manager })).body.items,
    (items: { id: string }[]) => !items.some((i) => i.id === id),
  );
  expect((await decision(id)).opinions[0].response).toMatchObject({
    text: 'The Board will take it up at its next meeting.',
  });
});
