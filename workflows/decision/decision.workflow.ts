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
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { bindUpdate, thenView } from '../kit/bind-update';
import { noticeSender } from '../kit/notice-sender';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { trackingAttributes } from '../search-attributes';
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
import { OPINION_RESPONSE_PERIOD_MS } from '../rules/opinion-rules';

/** Runs a board decision; returns its final record. */
export async function decisionWorkflow(input: DecisionInput): Promise<DecisionState> {
  const record = new DecisionRecord(input, Date.now());

  setHandler(getDecisionQuery, () => record.view());
  bindUpdate(castBallotUpdate, {
    check: (cmd, now) => record.checkBallot(cmd, now),
    apply: thenView(record, (cmd, now) => record.castBallot(cmd, now)),
  });
  bindUpdate(addOpinionUpdate, {
    check: (cmd, now) => record.checkOpinion(cmd, now),
    apply: thenView(record, (cmd, now) => record.addOpinion(cmd, now)),
  });
  bindUpdate(declineOpinionUpdate, {
    check: (cmd, now) => record.checkDecline(cmd, now),
    apply: thenView(record, (cmd, now) => record.declineOpinion(cmd, now)),
  });
  bindUpdate(respondToOpinionUpdate, {
    check: (cmd, now) => record.checkResponse(cmd, now),
    apply: thenView(record, (cmd, now) => record.respondToOpinion(cmd, now)),
  });
  bindUpdate(extendDecisionUpdate, {
    check: (cmd, now) => record.checkExtension(cmd, now),
    apply: thenView(record, (cmd, now) => record.extend(cmd, now)),
  });
  bindUpdate(withdrawDecisionUpdate, {
    check: (cmd, now) => record.checkWithdrawal(cmd, now),
    apply: thenView(record, (cmd, now) => record.withdraw(cmd, now)),
  });

  // Notifications came after decisions had runs in flight: runs recorded before keep their commands.
  const notifies = patched('decision-notifications');
  // So did the awaited opinions and the written procedure in the pending lists (tracking status
  // `written-procedure`, the seats that may object awaited), and the notices to opinion seats.
  const opinionRights = patched('decision-opinion-rights');

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('decision');
  const publish = searchAttributePublisher(
    () => {
      const s = record.current;
      const { status, awaiting, dueAt } = opinionRights
        ? trackedNow(s)
        : { status: s.status, awaiting: s.rule === 'silence' ? [] : s.awaiting, dueAt: s.closesAt };
      return {
        shows: [status, awaiting, dueAt],
        upsert: () => trackingAttributes({ status, awaiting, dueAt }),
      };
    },
    () => projector.publish(record.view()),
  );

  // A failed notice is on the worker's log; it never stops the vote.
  const { notify, sent } = noticeSender(notifies);
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
  // Responses to opinions after the close came after decisions had runs in flight. A decision put
  // by a round, a cycle or a meeting ends at its close: its parent acts on the outcome it returns.
  const ownsItsClose = record.current.parentId === null && record.current.outcome !== 'withdrawn';
  if (ownsItsClose && record.awaitsResponses && patched('opinion-responses-after-close')) {
    await awaitResponses(record, publish);
  }
  await sent();
  await projector.flush();
  await condition(allHandlersFinished);
  return record.view();
}

/**
 * Keeps a closed decision taking the secretariat's responses to its opinions (how the Board took
 * account of each) until every opinion has one or the period for them has passed.
 */
async function awaitResponses(record: DecisionRecord, publish: () => void): Promise<void> {
  const dueAt = Date.parse(record.current.closedAt as string) + OPINION_RESPONSE_PERIOD_MS;
  record.openResponses(dueAt);
  while (record.awaitsResponses && Date.now() < dueAt) {
    publish();
    const version = record.version;
    await condition(() => record.version !== version, Math.max(dueAt - Date.now(), 1));
  }
  publish();
}
