/**
 * One period of a recurring reporting schedule (a Temporal Schedule starts it at each scheduled
 * time): opens one {@link reportingObligationWorkflow} per seat as an abandoned child, so the
 * obligations live on after the round ends. Ids come from the schedule and the scheduled time,
 * and an id is never reused, so running a period twice never opens a second obligation.
 */
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy, workflowInfo } from '@temporalio/workflow';
import { asFailure } from '../failures';
import { periodObligationId } from '../ids';
import { addDuration, isPositiveDuration } from '../rules/durations';
import { checkNoticeSpans } from '../rules/reporting-rules';
import { RuleError } from '../rules/rule-error';
import { reportingObligationWorkflow } from './obligation.workflow';
import type { ObligationInput } from './obligation.types';

/** Set by the server on every run a schedule starts. */
const scheduledStartTimeKey = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/** What a recurring schedule hands each period (the schedule action's argument). */
export interface ReportingRoundInput {
  /** The schedule's id; part of every obligation id. */
  scheduleId: string;
  title: string;
  seats: string[];
  /** The due date is the scheduled time plus this, e.g. 'P30D'. */
  dueIn: string;
  remindBefore: string[];
  escalateAfter?: string;
  escalateEvery?: string;
  notify?: string[];
  reportKind?: string;
  openedBy: string;
  /**
   * The period's scheduled time. Absent when a schedule starts the round: the server's
   * `TemporalScheduledStartTime` is used, or the workflow's start time when there is none.
   */
  scheduledAt?: string;
}

export interface ReportingRoundResult {
  scheduledAt: string;
  dueAt: string;
  /** Obligations this run opened. */
  opened: string[];
  /** Obligations of this period that an earlier run had already opened. */
  alreadyOpen: string[];
}

function checkRoundInput(input: ReportingRoundInput): void {
  if (!input.scheduleId) throw new RuleError('invalid', 'scheduleId is required');
  if (!Array.isArray(input.seats) || input.seats.length === 0)
    throw new RuleError('invalid', 'seats must name at least one seat');
  if (!isPositiveDuration(input.dueIn))
    throw new RuleError('invalid', 'dueIn must be a positive ISO 8601 duration such as P30D');
  checkNoticeSpans(input);
}

/** Opens this period's obligations, one per seat. */
export async function reportingRoundWorkflow(input: ReportingRoundInput): Promise<ReportingRoundResult> {
  asFailure(() => checkRoundInput(input));
  const fromSchedule = workflowInfo().typedSearchAttributes.get(scheduledStartTimeKey);
  const scheduledAt = input.scheduledAt
    ? Date.parse(input.scheduledAt)
    : fromSchedule instanceof Date
      ? fromSchedule.getTime()
      : Date.now();
  const dueAt = new Date(addDuration(scheduledAt, input.dueIn)).toISOString();
  const result: ReportingRoundResult = {
    scheduledAt: new Date(scheduledAt).toISOString(),
    dueAt,
    opened: [],
    alreadyOpen: [],
  };
  await Promise.all(
    input.seats.map(async (seat) => {
      const obligation: ObligationInput = {
        id: periodObligationId(input.scheduleId, scheduledAt, seat),
        title: input.title,
        seat,
        dueAt,
        remindBefore: input.remindBefore,
        escalateAfter: input.escalateAfter,
        escalateEvery: input.escalateEvery,
        notify: input.notify,
        openedBy: input.openedBy,
        parentId: input.scheduleId,
        reportKind: input.reportKind,
      };
      try {
        await startChild(reportingObligationWorkflow, {
          workflowId: obligation.id,
          args: [obligation],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        result.opened.push(obligation.id);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        result.alreadyOpen.push(obligation.id);
      }
    }),
  );
  // Seat order, not start order, so the result reads the same however the starts interleave.
  const order = (ids: string[]) =>
    input.seats
      .map((s) => periodObligationId(input.scheduleId, scheduledAt, s))
      .filter((id) => ids.includes(id));
  result.opened = order(result.opened);
  result.alreadyOpen = order(result.alreadyOpen);
  return result;
}
