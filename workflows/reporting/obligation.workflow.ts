/**
 * One reporting obligation, from opening to an accepted report or a waiver. Reminders and
 * escalations are durable timers recomputed from the current due date after every change, so an
 * extension (or a new due date after a rejected report) moves every later one; each goes out
 * through the one notification activity with a stable key and is put on the record with its
 * workflow time. Writes arrive as Updates whose validators refuse what the record refuses.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { asFailure } from '../failures';
import { bindUpdate, thenView } from '../kit/bind-update';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { RecordProjector } from '../record/record-projector';
import type { PlannedNotice } from '../rules/reporting-rules';
import type { NotificationRequest } from '../shared/notification-request';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardParentKey,
  boardStatusKey,
  boardTitleKey,
} from '../search-attributes';
import { checkObligationInput, ObligationRecord } from './obligation-record';
import {
  extendObligationUpdate,
  getObligationQuery,
  reviewReportUpdate,
  submitReportUpdate,
  waiveObligationUpdate,
} from './obligation.messages';
import type { NoticeDelivery, ObligationInput, ObligationState } from './obligation.types';
import { reportAcceptedSignal } from './report-accepted.signal';

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** What a notice says. */
function noticeText(s: Readonly<ObligationState>, notice: PlannedNotice): { subject: string; text: string } {
  if (notice.kind === 'reminder') {
    return {
      subject: `Reminder: "${s.title}" is due ${s.dueAt}`,
      text: `The report "${s.title}" owed by ${s.seat} is due ${s.dueAt} (reminder ${notice.offset} before).`,
    };
  }
  return {
    subject: `Overdue (${notice.sequence}): "${s.title}" was due ${s.dueAt}`,
    text: `The report "${s.title}" owed by ${s.seat} was due ${s.dueAt} and has not been submitted (escalation ${notice.sequence}).`,
  };
}

/** Runs a reporting obligation; returns its final record (accepted or waived). */
export async function reportingObligationWorkflow(input: ObligationInput): Promise<ObligationState> {
  asFailure(() => checkObligationInput(input));
  const record = new ObligationRecord(input, Date.now());

  setHandler(getObligationQuery, () => record.view());
  bindUpdate(submitReportUpdate, {
    check: (cmd, now) => record.checkSubmission(cmd, now),
    apply: thenView(record, (cmd, now) => record.submit(cmd, now)),
  });
  bindUpdate(reviewReportUpdate, {
    check: (cmd, now) => record.checkReview(cmd, now),
    apply: thenView(record, (cmd, now) => record.review(cmd, now)),
  });
  bindUpdate(extendObligationUpdate, {
    check: (cmd, now) => record.checkExtension(cmd, now),
    apply: thenView(record, (cmd, now) => record.extend(cmd, now)),
  });
  bindUpdate(waiveObligationUpdate, {
    check: (cmd, now) => record.checkWaiver(cmd, now),
    apply: thenView(record, (cmd, now) => record.waive(cmd, now)),
  });

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('reporting-obligation');
  const publish = searchAttributePublisher(
    () => {
      const s = record.current;
      return {
        shows: [s.status, s.awaiting, s.dueAt],
        upsert: (first) => [
          // Kind, title and parent once, so an obligation started as a child is tracked like any other.
          ...(first
            ? [
                { key: boardKindKey, value: 'reporting-obligation' },
                { key: boardTitleKey, value: s.title },
                ...(s.parentId ? [{ key: boardParentKey, value: s.parentId }] : []),
              ]
            : []),
          { key: boardStatusKey, value: s.status },
          { key: boardAwaitingKey, value: s.awaiting },
          { key: boardDueAtKey, value: new Date(s.dueAt) },
        ],
      };
    },
    () => projector.publish(record.view()),
  );

  while (!record.isFinished) {
    const now = Date.now();
    record.tick(now);
    publish();
    if (workflowInfo().continueAsNewSuggested) {
      await projector.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof reportingObligationWorkflow>({ ...input, carriedState: record.view() });
    }
    const notice = record.nextNotice(now);
    if (notice && notice.at <= now) {
      const s = record.current;
      const to = record.recipients(notice);
      const request: NotificationRequest = {
        key: notice.key,
        kind: notice.kind,
        to,
        ...noticeText(s, notice),
        ref: { kind: 'reporting-obligation', id: s.id },
      };
      let delivery: NoticeDelivery;
      try {
        delivery = (await sendNotification(request)).status;
      } catch (err) {
        // Retries are unlimited, so only a transport's final refusal lands here; the obligation runs on.
        if (!(err instanceof ActivityFailure)) throw err;
        delivery = `failed: ${err.cause?.message ?? err.message}`;
        log.warn('notification refused', { key: notice.key, delivery });
      }
      record.recordNotice(notice, to, Date.now(), delivery);
      continue;
    }
    const wakeAt = record.wakeAt(now);
    const version = record.version;
    // Wakes on any accepted write (a report, a review, an extension, a waiver) or at the next notice or due date.
    const changed = () => record.version !== version;
    if (wakeAt === null) await condition(changed);
    else await condition(changed, Math.max(wakeAt - now, 1));
  }
  publish();

  const s = record.current;
  // A waiver discharges the obligation as an acceptance does (a funding request releases its held
  // tranche on either); obligations waived before this change told no one.
  const discharged =
    s.status === 'accepted' || (s.status === 'waived' && patched('obligation-signals-waiver'));
  if (discharged && s.notifyWorkflowId) {
    try {
      await getExternalWorkflowHandle(s.notifyWorkflowId).signal(reportAcceptedSignal, {
        obligationId: s.id,
        reportKind: s.reportKind ?? undefined,
        acceptedAt: s.closedAt as string,
        outcome: s.status === 'waived' ? 'waived' : 'accepted',
      });
    } catch (err) {
      // The waiting workflow may have ended (withdrawn, terminated): the acceptance stands regardless.
      log.warn('could not signal the workflow waiting for the report', {
        notifyWorkflowId: s.notifyWorkflowId,
        error: String(err),
      });
    }
  }
  await projector.flush();
  await condition(allHandlersFinished);
  return record.view();
}
