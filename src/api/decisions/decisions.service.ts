/**
 * Board decisions over Temporal: opening starts a {@link decisionWorkflow}, every write is an
 * Update (validated by the workflow before it is written), reads are a Query.
 */
import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  addOpinionUpdate,
  castBallotUpdate,
  declineOpinionUpdate,
  extendDecisionUpdate,
  respondToOpinionUpdate,
  getDecisionQuery,
  withdrawDecisionUpdate,
} from '../../../workflows/decision/decision.messages';
import { DecisionRecord } from '../../../workflows/decision/decision-record';
import { trackedNow } from '../../../workflows/decision/decision-tracking';
import { invalidObservers } from '../../../workflows/rules/opinion-rules';
import type { DecisionInput, DecisionState } from '../../../workflows/decision/decision.types';
import { decisionWorkflow } from '../../../workflows/decision/decision.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../../../workflows/search-attributes';
import type { AppConfig } from '../../config/env';
import { actingAs, type Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import { requireSeat } from '../common/caller-seat';
import { assertMayRead } from '../common/item-access';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { APP_CONFIG } from '../common/tokens';
import { publicView } from '../common/views';
import { WorkflowGateway, workflowKind } from '../common/workflow-gateway';
import { startKeyedWorkflow, workflowIdFor } from '../common/workflow-writes';
import type {
  AddOpinionDto,
  CastBallotDto,
  DecisionView,
  ExtendDecisionDto,
  OpenDecisionDto,
  RespondToOpinionDto,
  WithdrawDecisionDto,
} from './decision.dto';

/** Decisions as the gateway reaches them. A closed decision's workflow has completed: 409. */
const decisions = workflowKind<typeof decisionWorkflow, DecisionState>({
  what: 'decision',
  id: 'decision',
  query: getDecisionQuery,
  record: 'decision',
  closed: (id, closed) => `decision ${id} is closed (${closed.outcome}); the record can no longer change`,
});

/** The API's view: the workflow's record without the internal idempotency map. */
const view = (state: DecisionState): DecisionView => publicView(state, 'idempotency');

@Injectable()
export class DecisionsService {
  constructor(
    private readonly client: Client,
    private readonly gateway: WorkflowGateway,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(caller: Caller, dto: OpenDecisionDto, token?: IdempotencyToken): Promise<DecisionView> {
    const defaults = this.board.board.defaults;
    const recused = dto.recused ?? [];
    const unknown = recused.filter((code) => !this.board.seat(code));
    if (unknown.length) throw new BadRequestException(`recused: unknown seat ${unknown.join(', ')}`);
    const rule = dto.rule ?? defaults.rule;
    if (rule === 'silence' && dto.quorum !== undefined) {
      throw new BadRequestException('quorum does not apply to the silence rule');
    }
    if (rule !== 'silence' && dto.objectionThreshold !== undefined) {
      throw new BadRequestException('objectionThreshold applies only to the silence rule');
    }
    const electorate = this.board.votingSeatCodes().filter((code) => !recused.includes(code));
    if (electorate.length === 0)
      throw new BadRequestException('recused: no voting seat would be left to decide');
    const observers = dto.observers ?? [];
    const notObservers = invalidObservers(this.board.board.seats, observers);
    if (notObservers.length)
      throw new BadRequestException(
        `observers: not an observer seat of the board: ${notObservers.join(', ')}`,
      );
    // Same Idempotency-Key, same caller: same workflow ID, so a retry finds the first decision.
    const id = workflowIdFor('decision', token);
    const input: DecisionInput = {
      id,
      title: dto.title,
      text: dto.text ?? '',
      rule,
      quorum: rule === 'silence' ? null : (dto.quorum ?? defaults.quorum),
      objectionThreshold: dto.objectionThreshold ?? 1,
      closesAt: resolveDeadline(dto, 'closes', Date.now()),
      electorate,
      recused,
      closeEarly: dto.closeEarly ?? true,
      openedBy: caller.sub,
      requestHash: token?.requestHash,
      opinionSeats: this.board.opinionSeatCodes(observers),
      observers,
      chair: this.board.chairCode(),
    };
    const opening = new DecisionRecord(input, Date.now());
    const tracked = trackedNow(opening.current);
    const started = await startKeyedWorkflow(
      this.client,
      decisionWorkflow,
      {
        workflowId: id,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: boardKindKey, value: 'decision' },
          { key: boardStatusKey, value: tracked.status },
          { key: boardAwaitingKey, value: tracked.awaiting },
          { key: boardDueAtKey, value: new Date(input.closesAt) },
          { key: boardTitleKey, value: dto.title },
        ],
      },
      token,
    );
    // The opening state is the pure record's, so answering needs no round trip to the worker.
    if (started) return view(opening.view());
    // A repeated open with a known key (and the same body): the same item.
    return view(await this.gateway.state(decisions, id));
  }

  /** The decision, for a member of an observer seat only when it invites the seat. */
  async get(caller: Caller, id: string): Promise<DecisionView> {
    const state = await this.gateway.state(decisions, id);
    assertMayRead(caller, this.board, 'decision', id, state);
    return view(state);
  }

  async castBallot(
    caller: Caller,
    id: string,
    dto: CastBallotDto,
    token?: IdempotencyToken,
  ): Promise<DecisionView> {
    const seat = requireSeat(caller);
    if (!this.board.seat(seat)?.voting)
      throw new ForbiddenException(`seat ${seat} has no vote on this board`);
    return view(
      await this.gateway.update(
        decisions,
        id,
        castBallotUpdate,
        { seat, choice: dto.choice, by: caller.sub, actingAs: actingAs(caller) },
        { name: 'ballot', token },
      ),
    );
  }

  async addOpinion(
    caller: Caller,
    id: string,
    dto: AddOpinionDto,
    token?: IdempotencyToken,
  ): Promise<DecisionView> {
    const seat = requireSeat(caller);
    return view(
      await this.gateway.update(
        decisions,
        id,
        addOpinionUpdate,
        { seat, text: dto.text, by: caller.sub, actingAs: actingAs(caller) },
        { name: 'opinion', token },
      ),
    );
  }

  /** The caller's seat says it has no opinion to give on this decision. */
  async declineOpinion(caller: Caller, id: string, token?: IdempotencyToken): Promise<DecisionView> {
    const seat = requireSeat(caller);
    const cmd = { seat, by: caller.sub };
    return view(
      await this.gateway.update(decisions, id, declineOpinionUpdate, cmd, { name: 'decline-opinion', token }),
    );
  }

  /** The secretariat records how the Board took account of opinion `n`. */
  async respondToOpinion(
    caller: Caller,
    id: string,
    n: number,
    dto: RespondToOpinionDto,
    token?: IdempotencyToken,
  ): Promise<DecisionView> {
    const cmd = { n, text: dto.text, by: caller.sub };
    const name = `respond-opinion-${n}`;
    return view(await this.gateway.update(decisions, id, respondToOpinionUpdate, cmd, { name, token }));
  }

  async extend(
    caller: Caller,
    id: string,
    dto: ExtendDecisionDto,
    token?: IdempotencyToken,
  ): Promise<DecisionView> {
    const closesAt = resolveDeadline(dto, 'closes', Date.now());
    const cmd = { closesAt, reason: dto.reason, by: caller.sub };
    return view(
      await this.gateway.update(decisions, id, extendDecisionUpdate, cmd, { name: 'extend', token }),
    );
  }

  async withdraw(
    caller: Caller,
    id: string,
    dto: WithdrawDecisionDto,
    token?: IdempotencyToken,
  ): Promise<DecisionView> {
    const cmd = { reason: dto.reason, by: caller.sub };
    return view(
      await this.gateway.update(decisions, id, withdrawDecisionUpdate, cmd, { name: 'withdraw', token }),
    );
  }
}
