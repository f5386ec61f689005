/**
 * The board as configuration: who sits on it and who votes (docs/domain.md, "Who is on the Board").
 * Shared by the API (src/board loads and serves it) and the activities (contacts for notices).
 */
import type { DecisionRule } from '../rules/decision-rules';

/** Kinds of seat; a board may use any subset. */
export const seatKinds = ['member-state', 'commission', 'agency', 'schengen-associated', 'observer'] as const;
export type SeatKind = (typeof seatKinds)[number];

export interface Seat {
  /** Short code: ISO 3166 alpha-2 for states, `COM1`, `FRONTEX`, ... */
  code: string;
  name: string;
  kind: SeatKind;
  voting: boolean;
  /** Where notifications for the seat go. */
  contact?: string;
  /** The seat whose representative chairs the Board (at most one). */
  chair?: boolean;
}

export interface Board {
  name: string;
  basis?: string;
  defaults: { rule: DecisionRule; quorum: number | null; recuseRequestingSeat: boolean };
  themes: string[];
  seats: Seat[];
  /**
   * Code of the seat that chairs the Board, or null. The chair convenes and presides; it gets no
   * vote beyond its seat's (the regulation gives it none, so none is configurable here). The
   * loader always sets it.
   */
  chair?: string | null;
  secretariat: { name: string; contact?: string };
  /**
   * How the Board meets: the agenda freezes `agendaFreezeDays` before a meeting (default 10), and
   * the Board decides in session only with `attendanceQuorum` (a share of voting seats, default
   * 0.5; null for none) present. The loader always sets it.
   */
  meetings?: { agendaFreezeDays: number; attendanceQuorum: number | null };
}
