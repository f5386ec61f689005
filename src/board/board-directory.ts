/** The loaded board, with the look-ups the API needs. Injected wherever seats matter. */
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
}
