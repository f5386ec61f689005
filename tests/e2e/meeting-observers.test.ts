/**
 * An observer invited for an agenda item over HTTP, on a board with an observer seat: notified at
 * convening (or when a later agenda change invites it, on its own), "confirm attendance" in its
 * pending list until it answers, the meeting in its calendar feed, present in session as an
 * observer with its opinion on its own item; a meeting it is not invited to stays closed to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boardWithObserver, observerContact } from '../support/observer-board';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, observer: string, observerId: string;

beforeAll(async () => {
  stack = await startStack({ BOARD_CONFIG: boardWithObserver() });
  sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  const roster = await stack.request('GET', '/board/roster', { token: sec });
  const amira = roster.body.appointments.find((a: any) => a.label === 'member for UNHCR');
  observerId = amira.personId;
  observer = stack.token({ sub: observerId, role: 'member', seat: 'UNHCR' });
});

afterAll(async () => {
  await stack?.stop();
});

const day = 86_400_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function convene(observers: string[], startsIn = 30 * day): Promise<any> {
  const res = await stack.request('POST', '/meetings', {
    token: sec,
    body: {
      title: 'Summer meeting',
      startsAt: at(startsIn),
      endsAt: at(startsIn + 3_600_000),
      place: 'Brussels',
      agenda: [
        { title: 'Adoption of the agenda', kind: 'information' },
        { title: 'Resettlement pledges', kind: 'discussion', observers },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** The outbox line of `key`, once the worker has written it. */
async function sent(key: string): Promise<any> {
  const outbox = join(stack.config.dataDir, 'outbox.jsonl');
  for (const end = Date.now() + 20_000; Date.now() < end;) {
    const lines = readFileSync(outbox, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.key === key);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no notification ${key} in the outbox`);
}

async function pendingFor(id: string, present: boolean): Promise<any[]> {
  for (const end = Date.now() + 20_000; ;) {
    const items = (await stack.request('GET', '/me/pending', { token: observer })).body as any[];
    if (items.some((i) => i.id === id) === present || Date.now() > end) return items;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('an observer invited at convening is told, confirms attendance from its pending list, and has the meeting in its feed', async () => {
  const m = await convene(['UNHCR']);
  expect(m.invitedSeats).toContain('UNHCR');
  expect(m.awaitingAnswers).toContain('UNHCR');
  const invitation = await sent(`${m.id}/invitation/0`);
  expect(invitation.recipients).toContain(observerContact);

  const pending = await pendingFor(m.id, true);
  expect(pending.find((i) => i.id === m.id)).toMatchObject({ kind: 'meeting', action: 'confirm attendance' });
  expect((await stack.request('GET', `/meetings/${m.id}`, { token: observer })).status).toBe(200);

  const answered = await stack.request('POST', `/meetings/${m.id}/attendance-answers`, {
    token: observer,
    body: { answer: 'online' },
  });
  expect(answered.status).toBe(200);
  expect(answered.body.awaitingAnswers).not.toContain('UNHCR');
  expect((await pendingFor(m.id, false)).some((i) => i.id === m.id)).toBe(false);
  const feed = (await stack.request('GET', '/me/calendar.ics', { token: observer })).body as string;
  expect(feed).toContain(`UID:${m.id}@board-governance`);
});

test('an observer invited by a later agenda change is told then, on its own; uninvited, the meeting stays closed to it', async () => {
  const m = await convene([]);
  expect(m.invitedSeats).not.toContain('UNHCR');
  expect((await stack.request('GET', `/meetings/${m.id}`, { token: observer })).status).toBe(403);
  const feed = (await stack.request('GET', '/me/calendar.ics', { token: observer })).body as string;
  expect(feed).not.toContain(`UID:${m.id}@board-governance`);

  const changed = await stack.request('PUT', `/meetings/${m.id}/agenda`, {
    token: sec,
    body: {
      items: [
        { n: 1, title: 'Adoption of the agenda', kind: 'information' },
        { n: 2, title: 'Resettlement pledges', kind: 'discussion', observers: ['UNHCR'] },
      ],
    },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.awaitingAnswers).toContain('UNHCR');
  const told = await sent(`${m.id}/invitation/0/UNHCR`);
  expect(told).toMatchObject({ kind: 'meeting-invitation', to: ['UNHCR'], recipients: [observerContact] });
  const pending = await pendingFor(m.id, true);
  expect(pending.find((i) => i.id === m.id)).toMatchObject({ action: 'confirm attendance' });
});

test('in session, the observer is recorded present as an observer and gives its opinion on its item only', async () => {
  const m = await convene(['UNHCR'], 10 * 60_000);
  expect((await stack.request('POST', `/meetings/${m.id}/open`, { token: sec })).status).toBe(200);
  const present = [{ seat: 'UNHCR', personId: observerId, capacity: 'observer', mode: 'online' }];
  const recorded = await stack.request('PUT', `/meetings/${m.id}/attendance`, {
    token: sec,
    body: { present },
  });
  expect(recorded.status).toBe(200);
  const opinion = (n: number) =>
    stack.request('POST', `/meetings/${m.id}/items/${n}/opinions`, {
      token: observer,
      body: { text: 'UNHCR welcomes the pledges.' },
    });
  const given = await opinion(2);
  expect(given.status).toBe(201);
  expect(given.body.agenda[1].opinions).toMatchObject([
    { seat: 'UNHCR', text: 'UNHCR welcomes the pledges.' },
  ]);
  const elsewhere = await opinion(1);
  expect(elsewhere.status).toBe(422);
  expect(elsewhere.body.message).toBe('UNHCR is not invited to item 1');
});
