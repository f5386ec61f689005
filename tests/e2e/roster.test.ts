/**
 * The board's roster over HTTP against the real stack: the configuration's seed (current and past
 * appointments), appointing and ending with every change kept with who made it and when, one member
 * and one alternate per seat at a time (409), and each refusal with its message.
 */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, manager: string;

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

const byLabel = (body: any, label: string) => body.appointments.filter((a: any) => a.label === label);

test('the seed: every seat has a member, DE an alternate, and a past alternate whose appointment ended', async () => {
  const res = await stack.request('GET', '/board/roster', { token: manager });
  expect(res.status).toBe(200);
  const current = (label: string) => byLabel(res.body, label).filter((a: any) => a.current);
  expect(current('member for DE').map((a: any) => a.name)).toEqual(['Anna Schmidt']);
  expect(current('alternate for DE').map((a: any) => a.name)).toEqual(['Bernd Keller']);
  expect(byLabel(res.body, 'alternate for DE').find((a: any) => a.name === 'Karl Weber')).toMatchObject({
    current: false,
    until: '2026-06-30T00:00:00.000Z',
    endReason: 'moved to another post in the ministry',
  });
  expect(res.body.people.find((p: any) => p.id === 'anna-schmidt')).toEqual({
    id: 'anna-schmidt',
    name: 'Anna Schmidt',
    email: 'anna.schmidt@ilo-board.example',
    kind: 'person',
  });
  expect(res.body.changes.every((c: any) => c.by === 'seed')).toBe(true);
  // Members read it too.
  expect((await stack.request('GET', '/board/roster', { token: de })).status).toBe(200);
});

test('the secretariat replaces an alternate: 409 while the place is taken, then end, appoint, and the history says who', async () => {
  const before = await stack.request('GET', '/board/roster', { token: sec });
  const julien = byLabel(before.body, 'alternate for FR').find((a: any) => a.current);
  expect(julien.name).toBe('Julien Moreau');

  const elodie = {
    person: { name: 'Élodie Martin', email: 'elodie.martin@ilo-board.example' },
    role: 'member',
    seat: 'FR',
    capacity: 'alternate',
  };
  const taken = await stack.request('POST', '/board/roster', { token: sec, body: elodie });
  expect(taken.status).toBe(409);
  expect(taken.body.message).toMatch(
    /^FR already has an alternate then: Julien Moreau \(a-\d+, from .*\); end that appointment first$/,
  );

  const refusedByMember = await stack.request('POST', `/board/roster/${julien.id}/end`, {
    token: de,
    body: { reason: 'x' },
  });
  expect(refusedByMember.status).toBe(403);

  const julienToken = stack.tokenForEmail('julien.moreau@ilo-board.example');
  expect((await stack.request('GET', '/auth/me', { token: julienToken })).body).toMatchObject({
    capacity: 'alternate',
    seat: 'FR',
  });
  const ended = await stack.request('POST', `/board/roster/${julien.id}/end`, {
    token: sec,
    body: { reason: 'Left the ministry' },
  });
  expect(ended.status).toBe(200);
  // Refused on the very next request: the roster's copy is replaced by the Update's answer.
  const refused = await stack.request('POST', '/decisions/dec-none/ballots', {
    token: julienToken,
    body: { choice: 'yes' },
  });
  expect(refused.status).toBe(403);
  expect(refused.body.message).toMatch(
    /^Julien Moreau's appointment as alternate for FR ended on .* \(Left the ministry\)$/,
  );
  expect(ended.body).toMatchObject({
    id: julien.id,
    current: false,
    endReason: 'Left the ministry',
    endedBy: expect.any(String),
  });

  const appointed = await stack.request('POST', '/board/roster', { token: sec, body: elodie });
  expect(appointed.status).toBe(201);
  expect(appointed.body).toMatchObject({
    personId: 'elodie-martin',
    name: 'Élodie Martin',
    label: 'alternate for FR',
    current: true,
    until: null,
    tokens: false,
  });

  const after = await stack.request('GET', '/board/roster', { token: manager });
  const changes = after.body.changes.slice(-2);
  expect(changes.map((c: any) => [c.action, c.appointmentId])).toEqual([
    ['ended', julien.id],
    ['appointed', appointed.body.id],
  ]);
  expect(changes[0]).toMatchObject({
    reason: 'Left the ministry',
    summary: expect.stringContaining("Julien Moreau's appointment as alternate for FR"),
  });
  for (const c of changes) {
    expect(c.by).toBe(ended.body.endedBy);
    expect(Math.abs(Date.parse(c.at) - Date.now())).toBeLessThan(60_000);
  }

  const again = await stack.request('POST', `/board/roster/${julien.id}/end`, {
    token: sec,
    body: { reason: 'again' },
  });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/already ended on/);
});

test.each([
  [
    'an unknown seat',
    { person: { name: 'X', email: 'x@ilo-board.example' }, role: 'member', seat: 'XX' },
    422,
    'seat XX is not on this board',
  ],
  ['no e-mail', { person: { name: 'X' }, role: 'manager' }, 400, 'person.email must be an e-mail address'],
  [
    'a seat for a manager',
    { person: { name: 'X', email: 'x@ilo-board.example' }, role: 'manager', seat: 'DE' },
    400,
    'a manager sits for no seat: leave seat and capacity out',
  ],
  [
    'a start in the past',
    { person: { name: 'X', email: 'x@ilo-board.example' }, role: 'manager', from: '2020-01-01T00:00:00Z' },
    422,
    'an appointment cannot start in the past',
  ],
  [
    'a second seat for one person',
    {
      person: { name: 'Anna Schmidt', email: 'anna.schmidt@ilo-board.example' },
      role: 'member',
      seat: 'BG',
      capacity: 'alternate',
    },
    409,
    'a person sits for one seat at a time',
  ],
])('appointing with %s is refused', async (_, body, status, message) => {
  const res = await stack.request('POST', '/board/roster', { token: sec, body });
  expect(res.status).toBe(status);
  expect(JSON.stringify(res.body.message)).toContain(message);
});

test('ending an unknown appointment is a 404; a reason is required', async () => {
  const unknown = await stack.request('POST', '/board/roster/a-9999/end', {
    token: sec,
    body: { reason: 'x' },
  });
  expect(unknown.status).toBe(404);
  expect(unknown.body.message).toBe('appointment a-9999 not found');
  const noReason = await stack.request('POST', '/board/roster/a-1/end', { token: sec, body: {} });
  expect(noReason.status).toBe(400);
});

test('roster writes take an Idempotency-Key like every write, and each appears once in the audit log', async () => {
  const lena = {
    person: { name: 'Lena Vogel', email: 'lena.vogel@ilo-board.example' },
    role: 'manager',
  };
  const headers = { 'idempotency-key': 'appoint-lena-1' };
  const first = await stack.request('POST', '/board/roster', { token: sec, body: lena, headers });
  expect(first.status).toBe(201);
  const retry = await stack.request('POST', '/board/roster', { token: sec, body: lena, headers });
  expect(retry.status).toBe(201);
  expect(retry.body).toEqual(first.body);
  const reused = await stack.request('POST', '/board/roster', {
    token: sec,
    body: { ...lena, person: { ...lena.person, name: 'Lena Vogel-Roth' } },
    headers,
  });
  expect(reused.status).toBe(422);
  expect(reused.body.message).toBe('Idempotency-Key was already used with a different request');

  const endHeaders = { 'idempotency-key': 'end-lena-1' };
  const end = () =>
    stack.request('POST', `/board/roster/${first.body.id}/end`, {
      token: sec,
      body: { reason: 'interim cover over' },
      headers: endHeaders,
    });
  const ended = await end();
  expect(ended.status).toBe(200);
  const endedAgain = await end();
  expect(endedAgain.status).toBe(200);
  expect(endedAgain.body.until).toBe(ended.body.until);

  const roster = await stack.request('GET', '/board/roster', { token: sec });
  expect(
    roster.body.changes.filter((c: any) => c.appointmentId === first.body.id).map((c: any) => c.action),
  ).toEqual(['appointed', 'ended']);
  const log = await stack.request('GET', `/audit?item=${first.body.id}`, { token: sec });
  expect(log.status).toBe(200);
  expect(log.body.items.map((e: any) => [e.action, e.subject, e.route, e.status, e.idempotencyKey])).toEqual([
    ['board.roster.end', 'sofia-marin', `POST /board/roster/${first.body.id}/end`, 200, 'end-lena-1'],
    ['board.roster.appoint', 'sofia-marin', 'POST /board/roster', 201, 'appoint-lena-1'],
  ]);
});
