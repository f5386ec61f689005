/**
 * The open calls for funding: every funding round whose submission window is open, found through
 * visibility (a few at a time, never many), each read from its workflow for its window, envelope,
 * priorities and cap, and what the caller's seat has done in it.
 */
import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { getFundingRoundQuery } from '../../../workflows/funding/funding.messages';
import type { FundingRoundState } from '../../../workflows/funding/funding.types';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import { mapBounded } from '../../tracking/bounded';
import type { OpenCallView } from './open-calls.dto';

/** Rounds read at once. */
const CONCURRENCY = 8;

/** Request statuses that count as "submitted" for the seat (a withdrawn request does not). */
const LIVE = ['submitted', 'eligible', 'awarded', 'not-funded', 'completed'];

@Injectable()
export class OpenCallsService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
  ) {}

  async list(caller: Caller): Promise<OpenCallView[]> {
    const ids: string[] = [];
    for await (const info of this.client.workflow.list({
      query: `ExecutionStatus = 'Running' AND BoardKind = 'funding-round' AND BoardStatus = 'open'`,
    })) {
      ids.push(info.workflowId);
    }
    const states = await mapBounded(ids, CONCURRENCY, (id) =>
      this.client.workflow
        .getHandle(id)
        .query(getFundingRoundQuery)
        .catch(() => null),
    );
    const seat = caller.seat ? this.board.seat(caller.seat) : undefined;
    return states
      .filter((s): s is FundingRoundState => s !== null && s.status === 'open')
      .map((s) => this.view(s, seat?.kind === 'member-state' ? seat.code : null))
      .sort((a, b) => (a.closesAt < b.closesAt ? -1 : a.closesAt > b.closesAt ? 1 : a.id < b.id ? -1 : 1));
  }

  private view(s: FundingRoundState, memberState: string | null): OpenCallView {
    const mine = memberState
      ? s.requests.filter((r) => r.seat === memberState && LIVE.includes(r.status)).map((r) => r.id)
      : [];
    return {
      id: s.id,
      title: s.title,
      openedAt: s.openedAt,
      closesAt: s.closesAt,
      envelopeCents: s.envelopeCents,
      maxRequestCents: s.maxRequestCents,
      priorities: s.priorities,
      mayRequest: memberState !== null,
      yourRequests: mine,
    };
  }
}
