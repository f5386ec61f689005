/**
 * Priority-setting cycles over Temporal: opening starts a {@link prioritySeriesWorkflow}, which
 * starts the first {@link priorityCycleWorkflow} (and later each next one); every write is an
 * Update on the cycle, validated before anything is written; reads are Queries.
 */
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { cycleInputProblems } from '../../../workflows/priorities/cycle-input';
import {
  amendProposalUpdate,
  cancelCycleUpdate,
  changeCycleDatesUpdate,
  editDraftUpdate,
  getPriorityCycleQuery,
  proposeAdHocActionUpdate,
  submitDraftUpdate,
  submitProposalUpdate,
  submitRankingUpdate,
  withdrawProposalUpdate,
} from '../../../workflows/priorities/priority-cycle.messages';
import { seriesWorkflowIdFor } from '../../../workflows/ids';
import {
  type AdHocAction,
  type PriorityCycleInput,
  type PriorityCycleState,
  type Proposal,
} from '../../../workflows/priorities/priority-cycle.types';
import type { priorityCycleWorkflow } from '../../../workflows/priorities/priority-cycle.workflow';
import { prioritySeriesWorkflow } from '../../../workflows/priorities/priority-series.workflow';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import type { AppConfig } from '../../config/env';
import { requireSeat } from '../common/caller-seat';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { APP_CONFIG } from '../common/tokens';
import { publicView } from '../common/views';
import { WorkflowGateway, workflowKind } from '../common/workflow-gateway';
import { startKeyedWorkflow, workflowIdFor } from '../common/workflow-writes';
import { assertMayRead } from '../common/item-access';
import type {
  AdHocActionDto,
  AmendProposalDto,
  CancelCycleDto,
  ChangeDatesDto,
  CycleView,
  EditDraftDto,
  OpenCycleDto,
  ProposalDto,
  RankingDto,
  WithdrawProposalDto,
} from './priorities.dto';
import { currentWorkProgramme, workProgrammeFor, type WorkProgramme } from './work-programme';

/** Cycles as the gateway reaches them. One that has ended or was cancelled has completed: 409. */
const cycles = workflowKind<typeof priorityCycleWorkflow, PriorityCycleState>({
  what: 'priority cycle',
  id: 'priorityCycle',
  query: getPriorityCycleQuery,
  record: 'priority-cycle',
  closed: (id, state) => `priority cycle ${id} is ${state.status}; nothing in it can change any more`,
});

/** The API's view: the record without the idempotency map and the internal counter. */
const cycleView = (state: PriorityCycleState): CycleView =>
  publicView(state, 'idempotency', 'nextProposal') as CycleView;

@Injectable()
export class PrioritiesService {
  constructor(
    private readonly client: Client,
    private readonly gateway: WorkflowGateway,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async openCycle(caller: Caller, dto: OpenCycleDto, token?: IdempotencyToken): Promise<CycleView> {
    const now = Date.now();
    const defaults = this.board.board.defaults;
    const rule = dto.rule ?? defaults.rule;
    if (rule === 'silence' && dto.quorum !== undefined) {
      throw new BadRequestException('quorum does not apply to the silence rule');
    }
    const votingIn = dto.votingIn ?? 'P14D';
    const id = workflowIdFor('priorityCycle', token);
    const input: PriorityCycleInput = {
      id,
      seriesId: id,
      sequence: 1,
      previousCycleId: null,
      title: dto.title,
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      proposalsCloseAt: resolveDeadline(dto, 'proposalsClose', now),
      rankingCloseAt: resolveDeadline(dto, 'rankingClose', now),
      decision: { rule, quorum: rule === 'silence' ? null : (dto.quorum ?? defaults.quorum), votingIn },
      topN: dto.topN ?? 10,
      themes: [...this.board.board.themes],
      nextCycleOpensBefore: dto.nextCycleOpensBefore === undefined ? 'P6M' : dto.nextCycleOpensBefore,
      electorate: this.board.votingSeatCodes(),
      opinionSeats: this.board.opinionSeatCodes(),
      chair: this.board.chairCode(),
      seats: this.board.board.seats.map((s) => s.code),
      openedBy: caller.sub,
      requestHash: token?.requestHash,
    };
    const { invalid, refused } = cycleInputProblems(input, now);
    if (invalid.length > 0) throw new BadRequestException(invalid);
    if (refused.length > 0) throw new UnprocessableEntityException(refused.join('; '));
    const seriesId = seriesWorkflowIdFor(id);
    await startKeyedWorkflow(
      this.client,
      prioritySeriesWorkflow,
      { workflowId: seriesId, taskQueue: this.config.temporal.taskQueue, args: [{ first: input }] },
      token,
    );
    return cycleView(await this.firstState(id));
  }

  /** The series starts the cycle in its first workflow task: wait for it, so the answer is its record. */
  private async firstState(id: string): Promise<PriorityCycleState> {
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        return await this.gateway.handle(cycles, id).query(getPriorityCycleQuery);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() > until) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The cycle; an observer seat, which a cycle never names, reads none. */
  async getCycle(caller: Caller, id: string): Promise<CycleView> {
    const state = await this.gateway.state(cycles, id);
    assertMayRead(caller, this.board, 'priority-cycle', id, state);
    return cycleView(state);
  }

  async propose(caller: Caller, id: string, dto: ProposalDto, token?: IdempotencyToken): Promise<Proposal> {
    const seat = requireSeat(caller);
    const cmd = {
      seat,
      title: dto.title,
      theme: dto.theme,
      region: dto.region,
      by: caller.sub,
    };
    return this.gateway.update(cycles, id, submitProposalUpdate, cmd, { name: 'propose', token });
  }

  async amend(
    caller: Caller,
    id: string,
    proposalId: string,
    dto: AmendProposalDto,
    token?: IdempotencyToken,
  ) {
    const seat = requireSeat(caller);
    return this.gateway.update(
      cycles,
      id,
      amendProposalUpdate,
      { proposalId, seat, ...dto, by: caller.sub },
      { name: 'amend', token },
    );
  }

  async withdraw(
    caller: Caller,
    id: string,
    proposalId: string,
    dto: WithdrawProposalDto,
    token?: IdempotencyToken,
  ) {
    const seat = requireSeat(caller);
    const cmd = {
      proposalId,
      seat,
      reason: dto.reason ?? 'withdrawn by its seat',
      by: caller.sub,
    };
    return this.gateway.update(cycles, id, withdrawProposalUpdate, cmd, { name: 'withdraw', token });
  }

  async rank(caller: Caller, id: string, dto: RankingDto, token?: IdempotencyToken): Promise<CycleView> {
    const seat = requireSeat(caller);
    if (!this.board.seat(seat)?.voting) {
      throw new ForbiddenException(`seat ${seat} has no vote; only voting seats rank the proposals`);
    }
    const cmd = { seat, ranking: dto.ranking, by: caller.sub };
    return cycleView(
      await this.gateway.update(cycles, id, submitRankingUpdate, cmd, { name: 'rank', token }),
    );
  }

  async editDraft(
    caller: Caller,
    id: string,
    dto: EditDraftDto,
    token?: IdempotencyToken,
  ): Promise<CycleView> {
    const items = dto.items.map((i) => ({ ...i }));
    return cycleView(
      await this.gateway.update(
        cycles,
        id,
        editDraftUpdate,
        { items, by: caller.sub },
        { name: 'draft', token },
      ),
    );
  }

  async submitDraft(caller: Caller, id: string, token?: IdempotencyToken): Promise<CycleView> {
    return cycleView(
      await this.gateway.update(
        cycles,
        id,
        submitDraftUpdate,
        { by: caller.sub },
        { name: 'submit-draft', token },
      ),
    );
  }

  async adHocAction(
    caller: Caller,
    id: string,
    dto: AdHocActionDto,
    token?: IdempotencyToken,
  ): Promise<AdHocAction> {
    const cmd = {
      title: dto.title,
      theme: dto.theme,
      region: dto.region,
      reason: dto.reason,
      by: caller.sub,
    };
    return this.gateway.update(cycles, id, proposeAdHocActionUpdate, cmd, { name: 'ad-hoc', token });
  }

  async cancel(
    caller: Caller,
    id: string,
    dto: CancelCycleDto,
    token?: IdempotencyToken,
  ): Promise<CycleView> {
    return cycleView(
      await this.gateway.update(
        cycles,
        id,
        cancelCycleUpdate,
        { reason: dto.reason, by: caller.sub },
        { name: 'cancel', token },
      ),
    );
  }

  async changeDates(
    caller: Caller,
    id: string,
    dto: ChangeDatesDto,
    token?: IdempotencyToken,
  ): Promise<CycleView> {
    const now = Date.now();
    const cmd = {
      proposalsCloseAt: resolveDeadline(dto, 'proposalsClose', now, false),
      rankingCloseAt: resolveDeadline(dto, 'rankingClose', now, false),
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      reason: dto.reason,
      by: caller.sub,
    };
    return cycleView(
      await this.gateway.update(cycles, id, changeCycleDatesUpdate, cmd, { name: 'dates', token }),
    );
  }

  async workProgramme(period?: string): Promise<WorkProgramme> {
    if (period !== undefined) return workProgrammeFor(this.client, period);
    const current = await currentWorkProgramme(this.client);
    if (!current) throw new NotFoundException('no work programme is in force');
    return current;
  }
}
