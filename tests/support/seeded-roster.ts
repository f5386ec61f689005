/**
 * The configured roster seeded in memory, for API tests that run without a Temporal server (the
 * API refuses hostile input, serves pages and the development sign-in before any workflow is
 * touched): what the roster workflow holds on its first day.
 */
import type { Client } from '@temporalio/client';
import { RosterRecord } from '../../workflows/roster/roster-record';
import type { BoardDirectory } from '../../src/board/board-directory';
import { RosterDirectory } from '../../src/roster/roster-directory';
import { loadRosterSeed } from '../../src/roster/roster-seed';
import { RosterView } from '../../src/roster/roster-view';

export class SeededRoster extends RosterDirectory {
  private readonly view: RosterView;

  constructor(client: Client, boardConfigPath: string, board: BoardDirectory) {
    super(client, { taskQueue: 'unused', seed: [], maxAgeMs: 0 });
    const now = Date.now();
    this.view = new RosterView(RosterRecord.seeded(loadRosterSeed(boardConfigPath, board), now).view(), now);
  }

  override ensureStarted(): Promise<void> {
    return Promise.resolve();
  }

  override current(): Promise<RosterView> {
    return Promise.resolve(this.view);
  }
}
