/**
 * One board decision, from opening to outcome. The deadline is a durable timer; ballots,
 * opinions, extensions and withdrawal arrive as Updates whose validators refuse what the
 * rules refuse before anything is written to history.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { asFailure } from '../failures';
import type { NotificationRequest } from '../shared/notification-request';
import { boardAwaitingKey, boardDueAtKey, boardStatusKey } from '../search-attributes';
import {
  closingSoonAt,
  closingSoonNotice,
  openedNotice,
  opinionInvitationNotice,
  opinionOutcomeNotice,
  outcomeNotice,
} from './decision-notices';
import { DecisionRecord } from './decision-record';
import {
  addOpinionUpdate,
  castBallotUpdate,
  declineOpinionUpdate,
  extendDecisionUpdate,
  respondToOpinionUpdate,
  getDecisionQuery,
  withdrawDecisionUpdate,
} from './decision.messages';
import { trackedNow } from './decision-tracking';
import type { DecisionInput, DecisionState } from './decision.types';
import { RecordProjector } from '../record/record-projector';

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Runs a board decision; returns its final record. */
export async function decisionWorkflow(input: DecisionInput): Promise<DecisionState> {
  const record = new DecisionRecord(input, Date.now());

  setHandler(getDecisionQuery, () => record.view());
  setHandler(
    castBallotUpdate,
    (cmd) => {
      record.castBallot(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkBallot(cmd, Date.now())) },
  );
  setHandler(
    addOpinionUpdate,
    (cmd) => {
      record.addOpinion(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkOpinion(cmd, Date.now())) },
  );
  setHandler(
    declineOpinionUpdate,
    (cmd) => {
      record.declineOpinion(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkDecline(cmd, Date.now())) },
  );
  setHandler(
    respondToOpinionUpdate,
    (cmd) => {
      record.respondToOpinion(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkResponse(cmd, Date.now())) },
  );
  setHandler(
    extendDecisionUpdate,
    (cmd) => {
      record.extend(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkExtension(cmd, Date.now())) },
  );
  setHandler(
    withdrawDecisionUpdate,
    (cmd) => {
      record.withdraw(cmd, Date.now());
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkWithdrawal(cmd, Date.now())) },
  );

  // Notifications came after decisions had runs in flight: runs recorded before keep their commands.
  const notifies = patched('decision-notifications');
  // So did the awaited opinions and the written procedure in the pending lists (tracking status
  // `written-procedure`, the seats that may object awaited), and the notices to opinion seats.
  const opinionRights = patched('decision-opinion-rights');

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('decision');
  let published = '';
  /** Keeps the tracking search attributes in step with the record, without redundant upserts. */
  const publish = () => {
    projector.publish(record.view());
    const s = record.current;
    const { status, awaiting } = opinionRights
      ? trackedNow(s)
      : { status: s.status, awaiting: s.rule === 'silence' ? [] : s.awaiting };
    const key = JSON.stringify([status, awaiting, s.closesAt]);
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: boardStatusKey, value: status },
      { key: boardAwaitingKey, value: awaiting },
      { key: boardDueAtKey, value: new Date(s.closesAt) },
    ]);
  };

  const notices: Promise<unknown>[] = [];
  const notify = (request: NotificationRequest | null) => {
    // A failed notice is on the worker's log; it never stops the vote.
    if (notifies && request) notices.push(sendNotification(request).catch(() => undefined));
  };
  if (!input.carriedState) {
    notify(openedNotice(record.current));
    if (opinionRights) notify(opinionInvitationNotice(record.current));
  }
  let remindedFor = '';

  while (record.isOpen) {
    publish();
    if (record.earlyOutcome() !== null) {
      record.close(Date.now());
      break;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await projector.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof decisionWorkflow>({ ...input, carriedState: record.view() });
    }
    const version = record.version;
    const { closesAt, openedAt } = record.current;
    const remindAt = notifies && remindedFor !== closesAt ? closingSoonAt(openedAt, closesAt) : Infinity;
    const wakeAt = remindAt > Date.now() ? Math.min(remindAt, record.closesAtMs) : record.closesAtMs;
    // Wakes on any accepted write (a ballot, an extension, a withdrawal), to remind, or at the deadline.
    const written = await condition(() => record.version !== version, Math.max(wakeAt - Date.now(), 1));
    if (written) continue;
    if (Date.now() < record.closesAtMs) {
      remindedFor = closesAt;
      notify(closingSoonNotice(record.current));
      continue;
    }
    // The timer fires a little after the deadline it was set for; the record closes at the deadline.
    record.close(record.closesAtMs);
  }
  publish();
  notify(outcomeNotice(record.current));
  if (opinionRights) notify(opinionOutcomeNotice(record.current));
  await Promise.all(notices);
  await projector.flush();
  await condition(allHandlersFinished);
  return record.view();
}
