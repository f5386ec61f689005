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
import type { UpdateDefinition } from '@temporalio/common';
import { cycleInputProblems } from '../../../workflows/priorities/priority-cycle-record';
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
import { isIdOf, seriesWorkflowIdFor } from '../../../workflows/ids';
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
import { RecordRepository } from '../../record/record-repository';
import { requireSeat } from '../common/caller-seat';
import { resolveDeadline } from '../common/deadline';
import type { IdempotencyToken } from '../common/idempotency';
import { fromRecord } from '../common/record-fallback';
import { APP_CONFIG } from '../common/tokens';
import {
  executeKeyedUpdate,
  idempotencyFields as idem,
  startKeyedWorkflow,
  workflowIdFor,
} from '../common/workflow-writes';
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

@Injectable()
export class PrioritiesService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly record: RecordRepository,
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
    return this.cycleView(await this.firstState(id));
  }

  /** The series starts the cycle in its first workflow task: wait for it, so the answer is its record. */
  private async firstState(id: string): Promise<PriorityCycleState> {
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        return await this.handle(id).query(getPriorityCycleQuery);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() > until) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async getCycle(id: string): Promise<CycleView> {
    return this.cycleView(
      await this.handle(id)
        .query(getPriorityCycleQuery)
        .catch(fromRecord<PriorityCycleState>(this.record, 'priority-cycle', id)),
    );
  }

  async propose(caller: Caller, id: string, dto: ProposalDto, token?: IdempotencyToken): Promise<Proposal> {
    const seat = requireSeat(caller);
    const cmd = {
      seat,
      title: dto.title,
      theme: dto.theme,
      region: dto.region,
      by: caller.sub,
      ...idem(token),
    };
    return this.update(id, submitProposalUpdate, cmd, 'propose', token);
  }

  async amend(
    caller: Caller,
    id: string,
    proposalId: string,
    dto: AmendProposalDto,
    token?: IdempotencyToken,
  ) {
    const seat = requireSeat(caller);
    return this.update(
      id,
      amendProposalUpdate,
      { proposalId, seat, ...dto, by: caller.sub, ...idem(token) },
      'amend',
      token,
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
      ...idem(token),
    };
    return this.update(id, withdrawProposalUpdate, cmd, 'withdraw', token);
  }

  async rank(caller: Caller, id: string, dto: RankingDto, token?: IdempotencyToken): Promise<CycleView> {
    const seat = requireSeat(caller);
    if (!this.board.seat(seat)?.voting) {
      throw new ForbiddenException(`seat ${seat} has no vote; only voting seats rank the proposals`);
    }
    const cmd = { seat, ranking: dto.ranking, by: caller.sub, ...idem(token) };
    return this.cycleView(await this.update(id, submitRankingUpdate, cmd, 'rank', token));
  }

  async editDraft(
    caller: Caller,
    id: string,
    dto: EditDraftDto,
    token?: IdempotencyToken,
  ): Promise<CycleView> {
    const items = dto.items.map((i) => ({ ...i }));
    return this.cycleView(
      await this.update(id, editDraftUpdate, { items, by: caller.sub, ...idem(token) }, 'draft', token),
    );
  }

  async submitDraft(caller: Caller, id: string, token?: IdempotencyToken): Promise<CycleView> {
    return this.cycleView(
      await this.update(id, submitDraftUpdate, { by: caller.sub, ...idem(token) }, 'submit-draft', token),
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
      ...idem(token),
    };
    return this.update(id, proposeAdHocActionUpdate, cmd, 'ad-hoc', token);
  }

  async cancel(
    caller: Caller,
    id: string,
    dto: CancelCycleDto,
    token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.cycleView(
      await this.update(
        id,
        cancelCycleUpdate,
        { reason: dto.reason, by: caller.sub, ...idem(token) },
        'cancel',
        token,
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
      ...idem(token),
    };
    return this.cycleView(await this.update(id, changeCycleDatesUpdate, cmd, 'dates', token));
  }

  async workProgramme(period?: string): Promise<WorkProgramme> {
    if (period !== undefined) return workProgrammeFor(this.client, period);
    const current = await currentWorkProgramme(this.client);
    if (!current) throw new NotFoundException('no work programme is in force');
    return current;
  }

  private async update<A, R>(
    id: string,
    def: UpdateDefinition<R, [A]>,
    cmd: A,
    kind: string,
    token: IdempotencyToken | undefined,
  ): Promise<R> {
    // A cycle that has ended or was cancelled has completed its workflow: the caller needs 409.
    return executeKeyedUpdate(this.handle(id), def, cmd, {
      kind,
      token,
      what: 'priority cycle',
      closed: (state) => `priority cycle ${id} is ${state.status}; nothing in it can change any more`,
    });
  }

  private handle(id: string) {
    if (!isIdOf('priorityCycle', id)) {
      throw new NotFoundException(`priority cycle ${id} not found`);
    }
    return this.client.workflow.getHandle<typeof priorityCycleWorkflow>(id);
  }

  /** The API's view: the record without the idempotency map and the internal counter. */
  private cycleView(state: PriorityCycleState): CycleView {
    const { idempotency: _idempotency, nextProposal: _nextProposal, ...view } = state;
    return view as CycleView;
  }
}
