/** The loaded board, with the look-ups the API needs. Injected wherever seats matter. */
import { opinionSeatsFor } from '../../workflows/rules/opinion-rules';
import type { Board, Seat } from '../../workflows/shared/board.types';

export class BoardDirectory {
  private readonly byCode: ReadonlyMap<string, Seat>;

  constructor(readonly board: Board) {
    this.byCode = new Map(board.seats.map((s) => [s.code, s]));
  }

  /** The seat with this code, or undefined. */
  seat(code: string): Seat | undefined {
    return this.byCode.get(code);
  }

  /** Codes of every seat with a vote, in board order. */
  votingSeatCodes(): string[] {
    return this.board.seats.filter((s) => s.voting).map((s) => s.code);
  }

  /** Codes of the seats with the right to an opinion on an item, given the observers invited to it. */
  opinionSeatCodes(invitedObservers: readonly string[] = []): string[] {
    return opinionSeatsFor(this.board.seats, invitedObservers);
  }

  /** The code of the seat that chairs the Board, or null. */
  chairCode(): string | null {
    return this.board.chair ?? null;
  }
}
