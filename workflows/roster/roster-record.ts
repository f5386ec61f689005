/**
 * The roster and the checks on every change to it. Pure: the caller passes the (workflow) time,
 * so the same code runs in the workflow, in the API (which reads who holds what, when) and in
 * unit tests. Each write has a `check…` (the Update validator, throws {@link RuleError}) and an
 * apply method that assumes the check passed.
 *
 * The rules: a seat has at most one member and one alternate at any instant; a person sits for
 * at most one seat at a time; a service account never sits for a seat; history is never
 * rewritten (an appointment cannot start, or be ended, in the past).
 */
import { appointmentIdFor } from '../ids';
import { RuleError } from '../rules/rule-error';
import {
  appointmentRoles,
  personKinds,
  seatCapacities,
  type AppointCommand,
  type Appointment,
  type EndAppointmentCommand,
  type KeyedRosterWrite,
  type Person,
  type RosterSeedPerson,
  type RosterState,
} from './roster.types';

const iso = (ms: number) => new Date(ms).toISOString();
/** Clocks differ a little between the API and the workflow: "now" given by a client may lag. */
const clockTolerance = 5 * 60_000;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True when the appointment holds at instant `t` (ms): from it, until its end (exclusive). */
export function activeAt(a: Appointment, t: number): boolean {
  return Date.parse(a.from) <= t && (a.until === null || t < Date.parse(a.until));
}

/** What an appointment makes its holder, for people: "alternate for DE", "secretariat", "manager". */
export function capacityLabel(a: Pick<Appointment, 'role' | 'seat' | 'capacity'>): string {
  return a.role === 'member' ? `${a.capacity ?? 'member'} for ${a.seat}` : a.role;
}

/** The person's appointments that hold at `t`, seat first, then secretariat, then manager. */
export function appointmentsAt(state: RosterState, personId: string, t: number): Appointment[] {
  const order = (a: Appointment) => appointmentRoles.indexOf(a.role);
  return state.appointments
    .filter((a) => a.personId === personId && activeAt(a, t))
    .sort((a, b) => order(a) - order(b));
}

/** A handle made from a name: lower-case ASCII letters, digits and dashes. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'person';
}

function overlaps(a: { from: number; until: number }, b: Appointment): boolean {
  const bFrom = Date.parse(b.from);
  const bUntil = b.until === null ? Infinity : Date.parse(b.until);
  return a.from < bUntil && bFrom < a.until;
}

function time(value: string | null | undefined, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const t = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new RuleError('invalid', `${field} must be an ISO 8601 date-time`);
  return t;
}

export class RosterRecord {
  /** Counts accepted writes. */
  version = 0;

  constructor(private readonly state: RosterState) {}

  /**
   * The configuration's initial roster, applied at `now`: appointments without `from` start now;
   * seeded appointments may lie in the past (a roster's history carried over from elsewhere).
   * Throws a RuleError naming the person and the problem.
   */
  static seeded(seed: RosterSeedPerson[], now: number): RosterRecord {
    const record = new RosterRecord({ people: [], appointments: [], changes: [] });
    seed.forEach((p, i) => {
      for (const a of p.appointments) {
        const cmd: AppointCommand = {
          person: { name: p.name, email: p.email, kind: p.kind },
          role: a.role,
          seat: a.seat,
          capacity: a.capacity,
          from: a.from,
          until: a.until,
          tokens: a.tokens,
          by: 'seed',
        };
        try {
          record.checkAppoint(cmd, now, { past: true });
        } catch (err) {
          if (err instanceof RuleError)
            throw new RuleError(err.kind, `roster[${i}] (${p.name}): ${err.message}`);
          throw err;
        }
        const appointment = record.appoint(cmd, now);
        if (appointment.until !== null && Date.parse(appointment.until) <= now && a.endReason)
          appointment.endReason = a.endReason;
      }
    });
    return record;
  }

  /** The roster as it stands. */
  view(): RosterState {
    return this.state;
  }

  person(id: string): Person | undefined {
    return this.state.people.find((p) => p.id === id);
  }

  private byEmail(email: string): Person | undefined {
    const e = email.trim().toLowerCase();
    return this.state.people.find((p) => p.email === e);
  }

  /**
   * The appointment an earlier write with the same Idempotency-Key and request wrote (a replay:
   * accepted, changes nothing); throws when the key came with another request.
   */
  replayOf(cmd: KeyedRosterWrite): Appointment | undefined {
    if (!cmd.idempotencyKey) return undefined;
    const seen = this.state.idempotency?.[cmd.idempotencyKey];
    if (!seen) return undefined;
    if (seen.requestHash !== cmd.requestHash)
      throw new RuleError('refused', 'Idempotency-Key was already used with a different request');
    return this.appointment(seen.appointmentId);
  }

  private remember(cmd: KeyedRosterWrite, appointmentId: string): void {
    if (!cmd.idempotencyKey) return;
    (this.state.idempotency ??= {})[cmd.idempotencyKey] = {
      requestHash: cmd.requestHash ?? '',
      appointmentId,
    };
  }

  checkAppoint(cmd: AppointCommand, now: number, opts: { past?: boolean } = {}): void {
    if (this.replayOf(cmd)) return;
    const name = cmd.person?.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200)
      throw new RuleError('invalid', 'person.name must be a name of 1 to 200 characters');
    const email = cmd.person.email;
    if (typeof email !== 'string' || !emailPattern.test(email.trim()) || email.length > 320)
      throw new RuleError('invalid', 'person.email must be an e-mail address');
    const kind = cmd.person.kind ?? 'person';
    if (!personKinds.includes(kind))
      throw new RuleError('invalid', `person.kind must be one of ${personKinds.join(', ')}`);
    if (!appointmentRoles.includes(cmd.role))
      throw new RuleError('invalid', `role must be one of ${appointmentRoles.join(', ')}`);
    if (cmd.role === 'member') {
      if (!cmd.seat) throw new RuleError('invalid', 'a member sits for a seat: seat is required');
      if (cmd.capacity !== undefined && !seatCapacities.includes(cmd.capacity))
        throw new RuleError('invalid', `capacity must be one of ${seatCapacities.join(', ')}`);
    } else if (cmd.seat !== undefined || cmd.capacity !== undefined) {
      throw new RuleError('invalid', `a ${cmd.role} sits for no seat: leave seat and capacity out`);
    }
    const from = time(cmd.from, 'from', now);
    const until = cmd.until === null || cmd.until === undefined ? Infinity : time(cmd.until, 'until', now);
    if (until <= from) throw new RuleError('invalid', 'until must be after from');
    if (!opts.past && from < now - clockTolerance)
      throw new RuleError(
        'refused',
        `an appointment cannot start in the past (from ${iso(from)}, now ${iso(now)})`,
      );

    const existing = this.byEmail(email);
    if (existing && existing.kind !== kind)
      throw new RuleError('conflict', `${email} is on the roster as a ${existing.kind}, not a ${kind}`);
    if (kind === 'service' && cmd.role === 'member')
      throw new RuleError(
        'refused',
        "a service account never sits for a seat; to let an integration act for a seat, set tokens on the member's own appointment",
      );
    const span = { from, until };
    const label = capacityLabel({ role: cmd.role, seat: cmd.seat, capacity: cmd.capacity ?? 'member' });
    for (const a of this.state.appointments) {
      if (!overlaps(span, a)) continue;
      const holder = this.person(a.personId)?.name ?? a.personId;
      const when = `from ${a.from}${a.until ? ` until ${a.until}` : ''}`;
      if (
        cmd.role === 'member' &&
        a.role === 'member' &&
        a.seat === cmd.seat &&
        a.capacity === (cmd.capacity ?? 'member')
      )
        throw new RuleError(
          'conflict',
          `${cmd.seat} already has ${label.startsWith('alternate') ? 'an alternate' : 'a member'} then: ${holder} (${a.id}, ${when}); end that appointment first`,
        );
      if (existing && a.personId === existing.id) {
        if (cmd.role === 'member' && a.role === 'member')
          throw new RuleError(
            'conflict',
            `${holder} already sits as ${capacityLabel(a)} then (${a.id}, ${when}); a person sits for one seat at a time`,
          );
        if (cmd.role === a.role && cmd.role !== 'member')
          throw new RuleError('conflict', `${holder} is already ${cmd.role} then (${a.id}, ${when})`);
      }
    }
  }

  /** Applies an appointment the check accepted (a replay changes nothing); returns it. */
  appoint(cmd: AppointCommand, now: number): Appointment {
    const replayed = this.replayOf(cmd);
    if (replayed) return replayed;
    const email = cmd.person.email.trim().toLowerCase();
    let person = this.byEmail(email);
    if (!person) {
      const base = slug(cmd.person.name);
      let id = base;
      for (let n = 2; this.person(id); n++) id = `${base}-${n}`;
      person = { id, name: cmd.person.name.trim(), email, kind: cmd.person.kind ?? 'person' };
      this.state.people.push(person);
    }
    const from = time(cmd.from, 'from', now);
    const until = cmd.until === null || cmd.until === undefined ? null : iso(time(cmd.until, 'until', now));
    const appointment: Appointment = {
      id: appointmentIdFor(this.state.appointments.length + 1),
      personId: person.id,
      role: cmd.role,
      ...(cmd.role === 'member' ? { seat: cmd.seat, capacity: cmd.capacity ?? 'member' } : {}),
      from: iso(from),
      until,
      tokens: person.kind === 'service' || cmd.tokens === true,
      appointedBy: cmd.by,
      appointedAt: iso(now),
    };
    this.state.appointments.push(appointment);
    this.remember(cmd, appointment.id);
    this.state.changes.push({
      seq: this.state.changes.length + 1,
      at: iso(now),
      by: cmd.by,
      action: 'appointed',
      appointmentId: appointment.id,
      summary: `appointed ${person.name} as ${capacityLabel(appointment)} from ${appointment.from}${until ? ` until ${until}` : ''}`,
    });
    this.version++;
    return appointment;
  }

  private appointment(id: string): Appointment {
    const a = this.state.appointments.find((x) => x.id === id);
    if (!a) throw new RuleError('not-found', `appointment ${id} not found`);
    return a;
  }

  checkEnd(cmd: EndAppointmentCommand, now: number): void {
    const replayed = this.replayOf(cmd);
    if (replayed?.id === cmd.appointmentId) return;
    const a = this.appointment(cmd.appointmentId);
    if (typeof cmd.reason !== 'string' || cmd.reason.trim() === '')
      throw new RuleError('invalid', 'reason is required: say why the appointment ends');
    const at = time(cmd.at, 'at', now);
    if (at < now - clockTolerance)
      throw new RuleError(
        'refused',
        `an appointment cannot be ended in the past (at ${iso(at)}, now ${iso(now)})`,
      );
    if (a.until !== null && Date.parse(a.until) <= Math.max(at, now))
      throw new RuleError(
        'conflict',
        `appointment ${a.id} already ${Date.parse(a.until) <= now ? 'ended' : 'ends'} on ${a.until}`,
      );
  }

  /** Ends an appointment the check accepted (one not yet begun ends when it would have begun). */
  end(cmd: EndAppointmentCommand, now: number): Appointment {
    const replayed = this.replayOf(cmd);
    if (replayed?.id === cmd.appointmentId) return replayed;
    const a = this.appointment(cmd.appointmentId);
    const at = Math.max(time(cmd.at, 'at', now), Date.parse(a.from));
    a.until = iso(at);
    a.endedBy = cmd.by;
    a.endReason = cmd.reason.trim();
    this.remember(cmd, a.id);
    const name = this.person(a.personId)?.name ?? a.personId;
    this.state.changes.push({
      seq: this.state.changes.length + 1,
      at: iso(now),
      by: cmd.by,
      action: 'ended',
      appointmentId: a.id,
      summary: `ended ${name}'s appointment as ${capacityLabel(a)} on ${a.until}`,
      reason: a.endReason,
    });
    this.version++;
    return a;
  }
}
