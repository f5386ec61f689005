/**
 * One board decision, from opening to outcome. The deadline is a durable timer; ballots,
 * opinions, extensions and withdrawal arrive as Updates whose validators refuse what the
 * rules refuse before anything is written to history.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { asFailure } from '../failures';
import { boardAwaitingKey, boardDueAtKey, boardStatusKey } from '../search-attributes';
import { DecisionRecord } from './decision-record';
import {
  addOpinionUpdate,
  castBallotUpdate,
  extendDecisionUpdate,
  getDecisionQuery,
  withdrawDecisionUpdate,
} from './decision.messages';
import type { DecisionInput, DecisionState } from './decision.types';

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

  let published = '';
  /** Keeps the tracking search attributes in step with the record, without redundant upserts. */
  const publish = () => {
    const s = record.current;
    const awaiting = s.rule === 'silence' ? [] : s.awaiting;
    const key = JSON.stringify([s.status, awaiting, s.closesAt]);
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: boardStatusKey, value: s.status },
      { key: boardAwaitingKey, value: awaiting },
      { key: boardDueAtKey, value: new Date(s.closesAt) },
    ]);
  };

  while (record.isOpen) {
    publish();
    if (record.earlyOutcome() !== null) {
      record.close(Date.now());
      break;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof decisionWorkflow>({ ...input, carriedState: record.view() });
    }
    const version = record.version;
    // Wakes on any accepted write (a ballot, an extension, a withdrawal) or at the deadline.
    const written = await condition(
      () => record.version !== version,
      Math.max(record.closesAtMs - Date.now(), 1),
    );
    // The timer fires a little after the deadline it was set for; the record closes at the deadline.
    if (!written) record.close(record.closesAtMs);
  }
  publish();
  await condition(allHandlersFinished);
  return record.view();
}
