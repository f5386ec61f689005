/**
 * The board's roster, for as long as the board exists: one workflow (ID {@link rosterWorkflowId})
 * that holds who sits for whom from when to when, and every change with who made it and when.
 * Appointments arrive as Updates whose validators refuse what the rules refuse; the workflow
 * continues as new when its history grows long, carrying the roster over.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { asFailure } from '../failures';
import { bindUpdate, thenView } from '../kit/bind-update';
import { RosterRecord } from './roster-record';
import { appointUpdate, endAppointmentUpdate, getRosterQuery } from './roster.messages';
import type { RosterInput } from './roster.types';

/** Runs the roster; never returns (it continues as new). */
export async function rosterWorkflow(input: RosterInput): Promise<void> {
  const record = input.carriedState
    ? new RosterRecord(input.carriedState)
    : asFailure(() => RosterRecord.seeded(input.seed, Date.now()));

  setHandler(getRosterQuery, () => record.view());
  bindUpdate(appointUpdate, {
    check: (cmd, now) => record.checkAppoint(cmd, now),
    apply: thenView(record, (cmd, now) => record.appoint(cmd, now)),
  });
  bindUpdate(endAppointmentUpdate, {
    check: (cmd, now) => record.checkEnd(cmd, now),
    apply: thenView(record, (cmd, now) => record.end(cmd, now)),
  });

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  // The seed has done its work: the carried roster is the roster from now on.
  return continueAsNew<typeof rosterWorkflow>({ seed: [], carriedState: record.view() });
}
