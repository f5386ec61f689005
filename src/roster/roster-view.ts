/**
 * A snapshot of the roster with the look-ups the API makes on every request: a person by
 * e-mail or id, what they hold at an instant, and why they hold nothing any more.
 */
import { appointmentsAt, capacityLabel } from '../../workflows/roster/roster-record';
import type { Appointment, Person, RosterState } from '../../workflows/roster/roster.types';

export class RosterView {
  private readonly byEmail: ReadonlyMap<string, Person>;
  private readonly byId: ReadonlyMap<string, Person>;

  constructor(
    readonly state: RosterState,
    /** When this snapshot was read (ms). */
    readonly readAt: number,
  ) {
    this.byEmail = new Map(state.people.map((p) => [p.email, p]));
    this.byId = new Map(state.people.map((p) => [p.id, p]));
  }

  personByEmail(email: string): Person | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  person(id: string): Person | undefined {
    return this.byId.get(id);
  }

  /** The person's appointments holding at `t`: seat first, then secretariat, then manager. */
  appointmentsAt(personId: string, t: number): Appointment[] {
    return appointmentsAt(this.state, personId, t);
  }

  /**
   * Why a person on the roster holds nothing at `t`, in one sentence naming their latest
   * appointment: "Karl Weber's appointment as alternate for DE ended on 2026-06-30T00:00:00.000Z
   * (moved to another post)", or that it has not begun yet.
   */
  whyNothingAt(person: Person, t: number): string {
    const mine = this.state.appointments.filter((a) => a.personId === person.id);
    const upcoming = mine
      .filter((a) => Date.parse(a.from) > t)
      .sort((a, b) => a.from.localeCompare(b.from))[0];
    if (upcoming)
      return `${person.name}'s appointment as ${capacityLabel(upcoming)} begins on ${upcoming.from}`;
    const last = mine
      .filter((a) => a.until !== null)
      .sort((a, b) => (b.until as string).localeCompare(a.until as string))[0];
    if (!last) return `${person.name} holds no appointment on the board's roster`;
    return `${person.name}'s appointment as ${capacityLabel(last)} ended on ${last.until}${last.endReason ? ` (${last.endReason})` : ''}`;
  }
}
