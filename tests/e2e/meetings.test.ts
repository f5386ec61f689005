/**
 * Board meetings over HTTP against the real stack: convened, answered and tracked in the pending
 * lists, its invitation as iCalendar (REQUEST, SEQUENCE raised by a move, CANCEL), held with the
 * people on the roster (attendance quorum, ballots from members' devices and a roll call, an item
 * deferred to a linked written procedure), closed with draft minutes, approved at the next
 * meeting, and exported as a PDF whose content hash checks; each refusal with its message.
 */
import { createHash } from 'node:crypto';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, manager: string;
/** Who holds each seat now, from the roster: seat → member's person id. */
const members = new Map<string, string>();
const tokens = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  manager = stack.token({ sub: 'mia-novak', role: 'manager' });
  const roster = await stack.request('GET', '/board/roster', { token: sec });
  for (const a of roster.body.appointments)
    if (a.current && /^member for /.test(a.label))
      members.set(a.label.slice('member for '.length), a.personId);
  for (const [seat, person] of members) tokens.set(seat, stack.token({ sub: person, role: 'member', seat }));
});

afterAll(async () => {
  await stack?.stop();
});

const minutes = 60_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function call(method: string, path: string, token: string, body?: unknown, status = 200): Promise<any> {
  const res = await stack.request(method, path, { token, body });
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const agenda = [
  { title: 'Adoption of the agenda', kind: 'information' },
  {
    title: 'Ad hoc action: Western Balkans route',
    kind: 'decision',
    rule: 'simple',
    text: 'The Board agrees the action.',
    documents: [{ title: 'Proposal', url: 'https://docs.example/proposal.pdf' }],
  },
  { title: 'Budget line 2028', kind: 'decision', rule: 'simple' },
];

const convene = (extra: Record<string, unknown> = {}) =>
  call(
    'POST',
    '/meetings',
    sec,
    {
      title: 'Spring meeting',
      startsAt: at(10 * minutes),
      endsAt: at(120 * minutes),
      place: 'Brussels',
      agenda,
      ...extra,
    },
    201,
  );

/** Opens `id` and records the members of the first `n` voting member states, and Iceland, present. */
async function holdWith(id: string, n: number, online: string[] = []) {
  await call('POST', `/meetings/${id}/open`, sec);
  const seats = [
    'DE',
    'FR',
    ...[...members.keys()].filter((s) => !['DE', 'FR', 'IS', 'LI', 'NO', 'CH'].includes(s)),
  ];
  const present = seats.slice(0, n).map((seat) => ({
    seat,
    personId: members.get(seat),
    capacity: 'member',
    mode: online.includes(seat) ? 'online' : 'in-person',
  }));
  present.push({ seat: 'IS', personId: members.get('IS'), capacity: 'member', mode: 'online' });
  return call('PUT', `/meetings/${id}/attendance`, sec, { present });
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; ;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('refuses bad convening with a message naming the problem', async () => {
  const past = await stack.request('POST', '/meetings', {
    token: sec,
    body: { title: 'x', startsAt: at(-minutes), endsAt: at(minutes), place: 'Brussels', agenda },
  });
  expect(past.status).toBe(422);
  expect(past.body.message).toBe('startsAt must be in the future');
  const nowhere = await stack.request('POST', '/meetings', {
    token: sec,
    body: { title: 'x', startsAt: at(minutes), endsAt: at(2 * minutes), agenda },
  });
  expect(nowhere.body.message).toBe('a meeting needs a place or an online link');
  const badKind = await stack.request('POST', '/meetings', {
    token: sec,
    body: {
      title: 'x',
      startsAt: at(minutes),
      endsAt: at(2 * minutes),
      place: 'B',
      agenda: [{ title: 'y', kind: 'vote' }],
    },
  });
  expect(badKind.status).toBe(400);
  expect(JSON.stringify(badKind.body.message)).toMatch(/kind must be one of/);
  const member = await stack.request('POST', '/meetings', { token: tokens.get('DE'), body: {} });
  expect(member.status).toBe(403);
});

/** The VEVENT of `uid` in the calendar feed at `path` (empty when the feed has none). */
async function feedEvent(path: string, token: string, uid: string): Promise<string> {
  const feed = (await stack.request('GET', path, { token })).body as string;
  return feed.split('BEGIN:VEVENT').find((e) => e.includes(`UID:${uid}`)) ?? '';
}

test('invitations: pending until answered, an iCalendar REQUEST whose SEQUENCE rises when it moves, CANCEL when cancelled', async () => {
  const m = await convene({ startsAt: at(40 * 86_400_000), endsAt: at(40 * 86_400_000 + 120 * minutes) });
  expect(m.awaitingAnswers).toContain('DE');
  const de = tokens.get('DE') as string;
  const pending = await until(
    () => call('GET', '/me/pending', de),
    (b) => b.some((i: any) => i.id === m.id),
  );
  expect(pending.find((i: any) => i.id === m.id)).toMatchObject({
    kind: 'meeting',
    action: 'confirm attendance',
  });

  let ics = (await stack.request('GET', `/meetings/${m.id}/invitation.ics`, { token: de })).body as string;
  expect(ics).toContain('METHOD:REQUEST');
  expect(ics).toContain(`UID:${m.id}@board-governance`);
  expect(ics).toContain('SEQUENCE:0');

  const answered = await call('POST', `/meetings/${m.id}/attendance-answers`, de, { answer: 'alternate' });
  expect(answered.answers).toEqual([
    expect.objectContaining({ seat: 'DE', answer: 'alternate', by: members.get('DE') }),
  ]);
  expect(answered.awaitingAnswers).not.toContain('DE');
  const gone = await until(
    () => call('GET', '/me/pending', de),
    (b) => !b.some((i: any) => i.id === m.id),
  );
  expect(gone.some((i: any) => i.id === m.id)).toBe(false);
  // Answered, the meeting stays in the seat's calendar feed: the same event as the invitation.
  const uid = `${m.id}@board-governance`;
  let event = await feedEvent('/me/calendar.ics', de, uid);
  expect(event).toContain('SEQUENCE:0');
  expect(event).toContain('STATUS:CONFIRMED');
  expect(event).toContain('SUMMARY:Spring meeting');

  // Before the freeze the agenda changes without a reason.
  const changed = await call('PUT', `/meetings/${m.id}/agenda`, sec, {
    items: [
      { n: 2, title: agenda[1].title, kind: 'decision', rule: 'simple' },
      { n: 1, ...agenda[0] },
    ],
  });
  expect(changed.agenda.map((i: any) => i.n)).toEqual([2, 1]);

  const moved = await call('POST', `/meetings/${m.id}/move`, sec, {
    startsAt: at(47 * 86_400_000),
    endsAt: at(47 * 86_400_000 + 120 * minutes),
    reason: 'room not free',
  });
  expect(moved.sequence).toBe(1);
  expect(moved.awaitingAnswers).toContain('DE');
  ics = (await stack.request('GET', `/meetings/${m.id}/invitation.ics`, { token: de })).body as string;
  expect(ics).toContain('SEQUENCE:1');
  event = await feedEvent('/me/calendar.ics', de, uid);
  expect(event).toContain('SEQUENCE:1');
  expect(event).toContain(`DTSTART:${moved.startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);

  await call('POST', `/meetings/${m.id}/cancel`, sec, { reason: 'no quorum expected' });
  ics = (await stack.request('GET', `/meetings/${m.id}/invitation.ics`, { token: de })).body as string;
  expect(ics).toContain('METHOD:CANCEL');
  expect(ics).toContain('STATUS:CANCELLED');
  // Cancelled, the feeds keep it, marked so, with a higher SEQUENCE: calendars drop it.
  // The secret feed URL a calendar application subscribes to carries it the same way.
  const issued = await call('POST', '/me/calendar-feed', de, undefined, 201);
  for (const [path, token] of [
    ['/me/calendar.ics', de],
    ['/calendar.ics', manager],
    [new URL(issued.url).pathname, de],
  ]) {
    event = await feedEvent(path, token, uid);
    expect(event).toContain('STATUS:CANCELLED');
    expect(event).toContain('SEQUENCE:2');
  }
  const again = await stack.request('POST', `/meetings/${m.id}/open`, { token: sec });
  expect(again.status).toBe(409);
});

test('a meeting held: quorum, device ballots and a roll call, a deferral, minutes approved at the next meeting, the PDF', async () => {
  const m = await convene();
  // Ten minutes ahead the agenda is frozen: a change needs a reason.
  const frozen = await stack.request('PUT', `/meetings/${m.id}/agenda`, {
    token: sec,
    body: { items: [agenda[0]] },
  });
  expect(frozen.status).toBe(422);
  expect(frozen.body.message).toMatch(
    /the agenda froze on .* \(10 days before the meeting\): a change now needs a reason/,
  );

  // Too few present: the Board cannot vote.
  const thin = await holdWith(m.id, 3);
  expect(thin.quorum).toEqual({ required: 16, present: 3, met: false });
  const noQuorum = await stack.request('POST', `/meetings/${m.id}/items/2/vote`, { token: sec });
  expect(noQuorum.status).toBe(422);
  expect(noQuorum.body.message).toBe(
    'the attendance quorum is not met (3 voting seats present, 16 required)',
  );

  // Someone the roster does not name for a seat is refused, naming who is.
  const impostor = await stack.request('PUT', `/meetings/${m.id}/attendance`, {
    token: sec,
    body: { present: [{ seat: 'DE', personId: 'someone-else', capacity: 'member', mode: 'in-person' }] },
  });
  expect(impostor.status).toBe(422);
  expect(impostor.body.message).toBe(
    `someone-else is not the member for DE on the roster now (${members.get('DE')} is)`,
  );

  const quorate = await call('PUT', `/meetings/${m.id}/attendance`, sec, {
    present: [
      ...(await holdPresent(17)),
      { seat: 'IS', personId: members.get('IS'), capacity: 'member', mode: 'online' },
    ],
  });
  expect(quorate.quorum).toEqual({ required: 16, present: 17, met: true });

  await call('POST', `/meetings/${m.id}/items/1/take`, sec, { note: 'The agenda was adopted.' });
  await call('POST', `/meetings/${m.id}/items/2/vote`, sec);
  await call('POST', `/meetings/${m.id}/items/2/ballots`, tokens.get('DE') as string, { choice: 'yes' });
  await call('POST', `/meetings/${m.id}/items/2/roll-call`, sec, { seat: 'FR', choice: 'no' });
  for (const seat of ['AT', 'BE'])
    await call('POST', `/meetings/${m.id}/items/2/roll-call`, sec, { seat, choice: 'yes' });
  // A seat nobody is present for cannot vote.
  const absent = await stack.request('POST', `/meetings/${m.id}/items/2/ballots`, {
    token: tokens.get('SE'),
    body: { choice: 'yes' },
  });
  expect(absent.status).toBe(422);
  expect(absent.body.message).toBe('nobody is recorded present for SE');
  await call(
    'POST',
    `/meetings/${m.id}/items/2/opinions`,
    tokens.get('IS') as string,
    { text: 'Iceland supports it.' },
    201,
  );
  const live = await call('GET', `/meetings/${m.id}`, manager);
  expect(live.agenda[1].vote.tally).toEqual({ yes: 3, no: 1, abstain: 0, objections: 0 });
  const closedVote = await call('POST', `/meetings/${m.id}/items/2/close-vote`, sec);
  expect(closedVote.agenda[1].vote).toMatchObject({ outcome: 'adopted' });
  expect(closedVote.agenda[1].vote.ballots.find((b: any) => b.seat === 'FR')).toMatchObject({
    via: 'roll-call',
    recordedBy: 'sofia-marin',
    castBy: members.get('FR'),
  });

  const deferred = await call('POST', `/meetings/${m.id}/items/3/defer`, sec, {
    closesAt: at(14 * 86_400_000),
    reason: 'papers late',
  });
  const decisionId = deferred.agenda[2].deferredTo;
  expect(decisionId).toBe(`dec-${m.id}-i3`);
  expect(await call('GET', `/decisions/${decisionId}`, manager)).toMatchObject({
    rule: 'silence',
    parentId: m.id,
    status: 'open',
  });

  await call(
    'POST',
    `/meetings/${m.id}/actions`,
    sec,
    {
      text: 'Circulate the slides',
      ownerSeat: 'DE',
      dueAt: at(7 * 86_400_000),
      item: 2,
      followUp: 'pending-action',
    },
    201,
  );
  const closed = await call('POST', `/meetings/${m.id}/close`, sec);
  expect(closed.status).toBe('closed');
  expect(closed.minutes.text).toContain(`- FR: no, ${members.get('FR')} (roll call, entered by sofia-marin)`);
  expect(closed.minutes.text).toContain('Opinion of IS');
  expect(closed.minutes.text).toContain('Deferred to written procedure');
  const edited = `${closed.minutes.text}The chair thanked the participants.\n`;
  await call('PUT', `/meetings/${m.id}/minutes`, sec, { text: edited });
  // Before the approval the draft is served, marked so.
  const draft = await fetch(`${stack.baseUrl}/meetings/${m.id}/minutes.pdf`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  expect(draft.status).toBe(200);
  expect(draft.headers.get('x-minutes-status')).toBe('draft');
  expect(draft.headers.get('content-disposition')).toContain(`${m.id}-minutes-draft.pdf`);
  const draftText = pdfText(Buffer.from(await draft.arrayBuffer()));
  expect(draftText).toContain('DRAFT: not approved by the Board');
  expect(draftText).toContain('The chair thanked the participants.');
  // The open action is pending for its owner.
  const actionPending = await until(
    () => call('GET', '/me/pending', tokens.get('DE') as string),
    (b) => b.some((i: any) => i.id === m.id),
  );
  expect(actionPending.find((i: any) => i.id === m.id).action).toBe('complete the action agreed');

  // The next meeting approves the minutes.
  const next = await convene({
    title: 'Summer meeting',
    agenda: [
      { title: 'Minutes of the spring meeting', kind: 'minutes-approval', rule: 'simple', minutesOf: m.id },
    ],
  });
  await call('POST', `/meetings/${next.id}/open`, sec);
  await call('PUT', `/meetings/${next.id}/attendance`, sec, { present: await holdPresent(17) });
  await call('POST', `/meetings/${next.id}/items/1/vote`, sec);
  for (const seat of ['DE', 'FR', 'AT'])
    await call('POST', `/meetings/${next.id}/items/1/roll-call`, sec, { seat, choice: 'yes' });
  await call('POST', `/meetings/${next.id}/items/1/close-vote`, sec);
  await call('POST', `/meetings/${next.id}/close`, sec);
  const approved = await until(
    () => call('GET', `/meetings/${m.id}`, manager),
    (b) => b.status === 'approved',
  );
  expect(approved.minutes).toMatchObject({
    status: 'approved',
    approval: { via: 'meeting', meetingId: next.id, item: 1 },
  });
  const refused = await stack.request('PUT', `/meetings/${m.id}/minutes`, {
    token: sec,
    body: { text: 'changed' },
  });
  expect(refused.status).toBe(409);

  const pdf = await fetch(`${stack.baseUrl}/meetings/${m.id}/minutes.pdf`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.headers.get('x-content-hash')).toBe(
    `sha256:${createHash('sha256').update(edited).digest('hex')}`,
  );
  expect(pdf.headers.get('x-minutes-status')).toBe('approved');
  expect(pdfText(bytes)).not.toContain('DRAFT');

  const list = await call('GET', '/meetings', tokens.get('DE') as string);
  expect(list.past.map((x: any) => x.id)).toEqual(expect.arrayContaining([m.id]));
  expect(list.past.find((x: any) => x.id === m.id)).toMatchObject({
    minutesStatus: 'approved',
    openActions: 1,
  });
});

test("the managers' meetings section: meetings ahead with unanswered invitations, minutes awaiting approval, open actions", async () => {
  const ahead = await convene({ startsAt: at(30 * 86_400_000), endsAt: at(30 * 86_400_000 + 60 * minutes) });
  await call('POST', `/meetings/${ahead.id}/attendance-answers`, tokens.get('FR') as string, {
    answer: 'online',
  });
  const held = await convene();
  await call('POST', `/meetings/${held.id}/open`, sec);
  await call(
    'POST',
    `/meetings/${held.id}/actions`,
    sec,
    {
      text: 'FR circulates the budget paper',
      ownerSeat: 'FR',
      dueAt: at(20 * 86_400_000),
      followUp: 'pending-action',
    },
    201,
  );
  await call('POST', `/meetings/${held.id}/close`, sec);

  const o = await until(
    () => call('GET', '/meetings/overview', manager),
    (b) =>
      b.upcoming.some((m: any) => m.id === ahead.id) &&
      b.minutesAwaitingApproval.some((m: any) => m.id === held.id),
  );
  const upcoming = o.upcoming.find((m: any) => m.id === ahead.id);
  expect(upcoming.awaitingAnswers).toContain('DE');
  expect(upcoming.awaitingAnswers).not.toContain('FR');
  expect(o.unansweredInvitations).toBeGreaterThanOrEqual(upcoming.awaitingAnswers.length);
  expect(o.minutesAwaitingApproval.find((m: any) => m.id === held.id)).toMatchObject({ stage: 'draft' });
  expect(o.openActions.find((a: any) => a.meetingId === held.id)).toMatchObject({
    n: 1,
    ownerSeat: 'FR',
    overdue: false,
    followUp: 'pending-action',
  });
  const refused = await stack.request('GET', '/meetings/overview', { token: tokens.get('DE') });
  expect(refused.status).toBe(403);
});

/** The members of DE, FR and the first other member states, `n` in all, present in person. */
async function holdPresent(n: number) {
  const seats = [
    'DE',
    'FR',
    ...[...members.keys()].filter((s) => !['DE', 'FR', 'IS', 'LI', 'NO', 'CH', 'COM1', 'COM2'].includes(s)),
  ];
  return seats
    .slice(0, n)
    .map((seat) => ({ seat, personId: members.get(seat), capacity: 'member', mode: 'in-person' }));
}
