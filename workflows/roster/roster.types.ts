/**
 * The board's roster: people and their appointments over time. Payloads shared by the roster
 * workflow and the API (which imports them with the messages in roster.messages.ts).
 */

/** What an appointment makes someone: a seat's member (or alternate), secretariat staff, a manager. */
export const appointmentRoles = ['member', 'secretariat', 'manager'] as const;
export type AppointmentRole = (typeof appointmentRoles)[number];

/** In which capacity a member sits for a seat. */
export const seatCapacities = ['member', 'alternate'] as const;
export type SeatCapacity = (typeof seatCapacities)[number];

/** A person, or a named service account (an integration, a CI job) that signs in with `npm run token`. */
export const personKinds = ['person', 'service'] as const;
export type PersonKind = (typeof personKinds)[number];

export interface Person {
  /** Stable handle, made from the name when the person is first appointed (`anna-schmidt`). */
  id: string;
  name: string;
  /** Lower-case; what an identity provider's `email` claim is matched against. */
  email: string;
  kind: PersonKind;
}

export interface Appointment {
  /** `a-<n>`, in order of appointment. */
  id: string;
  personId: string;
  role: AppointmentRole;
  /** For a member: the seat code and the capacity. */
  seat?: string;
  capacity?: SeatCapacity;
  /** ISO 8601; the appointment holds from this instant ... */
  from: string;
  /** ... until this one (exclusive); null while it has no end. */
  until: string | null;
  /**
   * `npm run token` may mint tokens for this appointment (a member's own integration). Always
   * true for a service account; a person's appointment says so only when the secretariat set it.
   */
  tokens: boolean;
  appointedBy: string;
  appointedAt: string;
  endedBy?: string;
  endReason?: string;
}

/** One accepted change, kept for ever: the roster's audit trail. */
export interface RosterChange {
  seq: number;
  at: string;
  /** The person who made it (`seed` for the configuration's initial roster). */
  by: string;
  action: 'appointed' | 'ended';
  appointmentId: string;
  /** One line for people: "appointed Anna Schmidt as alternate for DE from ...". */
  summary: string;
  reason?: string;
}

/** The whole roster, as `GET /board/roster` builds on it. */
export interface RosterState {
  people: Person[];
  appointments: Appointment[];
  changes: RosterChange[];
  /**
   * The Idempotency-Keys of accepted writes (their hashes) with the request's hash and the
   * appointment written; absent on rosters kept before writes carried keys.
   */
  idempotency?: Record<string, RememberedRosterWrite>;
}

/** What the roster keeps of a keyed write: a replay answers with the same appointment. */
export interface RememberedRosterWrite {
  requestHash: string;
  appointmentId: string;
}

/** The idempotency pair a keyed roster write carries (see the API's Idempotency-Key handling). */
export interface KeyedRosterWrite {
  idempotencyKey?: string;
  requestHash?: string;
}

/** One person of the configuration's initial roster, with their appointments. */
export interface RosterSeedPerson {
  name: string;
  email: string;
  kind?: PersonKind;
  appointments: {
    role: AppointmentRole;
    seat?: string;
    capacity?: SeatCapacity;
    from?: string;
    until?: string | null;
    tokens?: boolean;
    endReason?: string;
  }[];
}

/** What starts the roster workflow (once) or carries it over (continue-as-new). */
export interface RosterInput {
  /** The configuration's initial roster, applied when the roster is first created. */
  seed: RosterSeedPerson[];
  carriedState?: RosterState;
}

/** Appoints a person (created on first appointment, found by e-mail after). */
export interface AppointCommand extends KeyedRosterWrite {
  person: { name: string; email: string; kind?: PersonKind };
  role: AppointmentRole;
  seat?: string;
  capacity?: SeatCapacity;
  /** ISO 8601; default: now. */
  from?: string;
  until?: string | null;
  tokens?: boolean;
  /** Who appoints (a person id). */
  by: string;
}

/** Ends an appointment. */
export interface EndAppointmentCommand extends KeyedRosterWrite {
  appointmentId: string;
  /** ISO 8601; default: now. */
  at?: string;
  reason: string;
  by: string;
}

/**
 * Who acted for a seat and in which capacity, kept with the write next to the person id: the
 * record reads "cast by Anna Schmidt, alternate for DE" whoever sits for DE later.
 */
export interface ActingAs {
  name: string;
  capacity: SeatCapacity;
}
