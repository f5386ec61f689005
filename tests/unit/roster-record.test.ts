/** The roster's rules: one member and one alternate per seat at a time, one seat per person, no rewritten history. */
import {
  activeAt,
  appointmentsAt,
  capacityLabel,
  RosterRecord,
  slug,
} from '../../workflows/roster/roster-record';
import { RuleError } from '../../workflows/rules/rule-error';
import type { AppointCommand } from '../../workflows/roster/roster.types';

const t0 = Date.parse('2027-01-01T00:00:00Z');
const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const anna: AppointCommand = {
  person: { name: 'Anna Schmidt', email: 'Anna.Schmidt@ilo-board.example' },
  role: 'member',
  seat: 'DE',
  capacity: 'alternate',
  by: 'sofia-marin',
};

function empty(): RosterRecord {
  return new RosterRecord({ people: [], appointments: [], changes: [] });
}

function refusal(fn: () => void): { kind: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleError) return { kind: err.kind, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

test('an appointment adds the person once, found again by e-mail, and is recorded with who made it', () => {
  const r = empty();
  r.checkAppoint(anna, t0);
  const a = r.appoint(anna, t0);
  expect(a).toMatchObject({
    id: 'a-1',
    personId: 'anna-schmidt',
    seat: 'DE',
    capacity: 'alternate',
    until: null,
  });
  expect(r.view().people).toEqual([
    { id: 'anna-schmidt', name: 'Anna Schmidt', email: 'anna.schmidt@ilo-board.example', kind: 'person' },
  ]);
  expect(r.view().changes[0]).toMatchObject({
    by: 'sofia-marin',
    at: iso(t0),
    action: 'appointed',
    summary: `appointed Anna Schmidt as alternate for DE from ${iso(t0)}`,
  });
  const later = {
    ...anna,
    person: { name: 'Anna S.', email: 'anna.schmidt@ilo-board.example' },
    role: 'manager' as const,
    seat: undefined,
    capacity: undefined,
  };
  r.appoint(later, t0);
  expect(r.view().people).toHaveLength(1);
  expect(appointmentsAt(r.view(), 'anna-schmidt', t0).map(capacityLabel)).toEqual([
    'alternate for DE',
    'manager',
  ]);
});

test('a seat has at most one member and one alternate at any instant (409 naming the holder)', () => {
  const r = empty();
  r.appoint(anna, t0);
  const bernd = { ...anna, person: { name: 'Bernd Keller', email: 'bernd@ilo-board.example' } };
  expect(refusal(() => r.checkAppoint(bernd, t0 + day))).toEqual({
    kind: 'conflict',
    message: `DE already has an alternate then: Anna Schmidt (a-1, from ${iso(t0)}); end that appointment first`,
  });
  // The member's place is another place.
  r.checkAppoint({ ...bernd, capacity: 'member' }, t0 + day);
  // After Anna's appointment ends, Bernd may be the alternate from then on, not before.
  r.end({ appointmentId: 'a-1', reason: 'left', by: 'sofia-marin', at: iso(t0 + 10 * day) }, t0 + day);
  r.checkAppoint({ ...bernd, from: iso(t0 + 10 * day) }, t0 + day);
  expect(refusal(() => r.checkAppoint({ ...bernd, from: iso(t0 + 9 * day) }, t0 + day)).kind).toBe(
    'conflict',
  );
});

test('a person sits for one seat at a time, and a service account for none', () => {
  const r = empty();
  r.appoint(anna, t0);
  expect(refusal(() => r.checkAppoint({ ...anna, seat: 'FR', capacity: 'member' }, t0))).toMatchObject({
    kind: 'conflict',
    message: expect.stringContaining('a person sits for one seat at a time'),
  });
  const ci = {
    person: { name: 'CI', email: 'ci@ilo-board.example', kind: 'service' as const },
    role: 'member' as const,
    seat: 'DE',
    by: 'x',
  };
  expect(refusal(() => r.checkAppoint(ci, t0)).kind).toBe('refused');
  const asManager = { ...ci, role: 'manager' as const, seat: undefined };
  r.checkAppoint(asManager, t0);
  expect(r.appoint(asManager, t0).tokens).toBe(true);
  expect(
    refusal(() => r.checkAppoint({ ...anna, person: { ...anna.person, email: 'ci@ilo-board.example' } }, t0))
      .kind,
  ).toBe('conflict');
});

test('bad input is named; history is not rewritten', () => {
  const r = empty();
  expect(
    refusal(() => r.checkAppoint({ ...anna, person: { name: '', email: 'x@y.z' } }, t0)).message,
  ).toMatch(/person.name/);
  expect(
    refusal(() => r.checkAppoint({ ...anna, person: { name: 'A', email: 'nope' } }, t0)).message,
  ).toMatch(/person.email/);
  expect(refusal(() => r.checkAppoint({ ...anna, seat: undefined }, t0)).message).toMatch(/seat is required/);
  expect(refusal(() => r.checkAppoint({ ...anna, role: 'secretariat' }, t0)).message).toMatch(
    /sits for no seat/,
  );
  expect(refusal(() => r.checkAppoint({ ...anna, from: iso(t0 - day) }, t0)).kind).toBe('refused');
  expect(refusal(() => r.checkAppoint({ ...anna, until: iso(t0 - 1) }, t0)).message).toMatch(
    /until must be after from/,
  );
  r.appoint(anna, t0);
  expect(refusal(() => r.checkEnd({ appointmentId: 'a-9', reason: 'x', by: 's' }, t0)).kind).toBe(
    'not-found',
  );
  expect(refusal(() => r.checkEnd({ appointmentId: 'a-1', reason: ' ', by: 's' }, t0)).kind).toBe('invalid');
  expect(
    refusal(() => r.checkEnd({ appointmentId: 'a-1', reason: 'x', by: 's', at: iso(t0 - day) }, t0)).kind,
  ).toBe('refused');
  r.end({ appointmentId: 'a-1', reason: 'left the ministry', by: 's' }, t0 + day);
  expect(refusal(() => r.checkEnd({ appointmentId: 'a-1', reason: 'again', by: 's' }, t0 + 2 * day))).toEqual(
    {
      kind: 'conflict',
      message: `appointment a-1 already ended on ${iso(t0 + day)}`,
    },
  );
  const a = r.view().appointments[0];
  expect(activeAt(a, t0 + day - 1)).toBe(true);
  expect(activeAt(a, t0 + day)).toBe(false);
  expect(r.view().changes[1]).toMatchObject({ action: 'ended', reason: 'left the ministry', by: 's' });
});

test('the seed may carry past appointments; a bad seed names the person', () => {
  const r = RosterRecord.seeded(
    [
      {
        name: 'Karl Weber',
        email: 'karl@ilo-board.example',
        appointments: [
          {
            role: 'member',
            seat: 'DE',
            capacity: 'alternate',
            from: iso(t0 - 100 * day),
            until: iso(t0 - day),
            endReason: 'moved',
          },
        ],
      },
      anna.person && {
        name: 'Anna Schmidt',
        email: 'anna@ilo-board.example',
        appointments: [{ role: 'member', seat: 'DE', capacity: 'alternate' }],
      },
    ],
    t0,
  );
  expect(r.view().appointments.map((a) => [a.personId, activeAt(a, t0), a.endReason])).toEqual([
    ['karl-weber', false, 'moved'],
    ['anna-schmidt', true, undefined],
  ]);
  expect(() =>
    RosterRecord.seeded(
      [
        { name: 'A', email: 'a@x.example', appointments: [{ role: 'member', seat: 'DE' }] },
        { name: 'B', email: 'b@x.example', appointments: [{ role: 'member', seat: 'DE' }] },
      ],
      t0,
    ),
  ).toThrow(/roster\[1\] \(B\): DE already has a member/);
});

test('handles are ASCII, unique, from the name', () => {
  expect(slug('Zsófia Nagy')).toBe('zsofia-nagy');
  const r = empty();
  r.appoint({ ...anna, person: { name: 'Anna Schmidt', email: 'a1@x.example' } }, t0);
  r.appoint({ ...anna, seat: 'AT', person: { name: 'Anna Schmidt', email: 'a2@x.example' } }, t0);
  expect(r.view().people.map((p) => p.id)).toEqual(['anna-schmidt', 'anna-schmidt-2']);
});

test('a keyed write replayed with the same request changes nothing and answers with the same appointment; another request with the key is refused', () => {
  const r = empty();
  const keyed = { ...anna, idempotencyKey: 'k1', requestHash: 'h1' };
  r.checkAppoint(keyed, t0);
  const first = r.appoint(keyed, t0);
  // Without its key the same appointment is a conflict; with it, a replay.
  expect(refusal(() => r.checkAppoint(anna, t0 + 1000)).kind).toBe('conflict');
  r.checkAppoint(keyed, t0 + 1000);
  expect(r.appoint(keyed, t0 + 1000)).toBe(first);
  expect(r.view().appointments).toHaveLength(1);
  expect(r.view().changes).toHaveLength(1);
  expect(refusal(() => r.checkAppoint({ ...keyed, seat: 'AT', requestHash: 'h2' }, t0 + 1000))).toEqual({
    kind: 'refused',
    message: 'Idempotency-Key was already used with a different request',
  });

  const end = { appointmentId: first.id, reason: 'left', by: 's', idempotencyKey: 'k2', requestHash: 'h3' };
  r.checkEnd(end, t0 + day);
  r.end(end, t0 + day);
  r.checkEnd(end, t0 + 2 * day);
  expect(r.end(end, t0 + 2 * day).until).toBe(iso(t0 + day));
  expect(r.view().changes.map((c) => c.action)).toEqual(['appointed', 'ended']);
});
