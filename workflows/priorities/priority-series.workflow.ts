/**
 * The series of priority-setting cycles that one `POST /priority-cycles` starts: the parent of
 * every cycle in it. It starts the first cycle, then each next one when the running cycle asks
 * (a configurable time before its period ends), under the deterministic id `<series>-<n>`, and
 * ends once no cycle of the series is open. Cycles are children with ParentClosePolicy ABANDON:
 * terminating the series never touches a cycle.
 *
 * Why a parent that outlives its cycles rather than each cycle starting the next: a cycle ends
 * while the one it opened runs on, and a child whose parent has closed stalls time skipping on
 * Temporal's test server. The series' own history grows by a handful of events per cycle (one
 * every two years), and it continues as new when Temporal suggests it.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { startingAttributes } from '../search-attributes';
import { cycleEndedSignal, openNextCycleSignal } from './priority-cycle.messages';
import type { PriorityCycleInput, PrioritySeriesInput } from './priority-cycle.types';
import { priorityCycleWorkflow } from './priority-cycle.workflow';

/** Runs a series of cycles; returns the ids of the cycles it started in this run. */
export async function prioritySeriesWorkflow(input: PrioritySeriesInput): Promise<string[]> {
  const pending: PriorityCycleInput[] = input.carriedOpen ? [] : [input.first];
  /** Cycles started by this run: their completion removes them. */
  const awaited = new Set<string>();
  /** Cycles started by earlier runs: their `cycleEnded` signal removes them. */
  const carried = new Set(input.carriedOpen ?? []);
  const started: string[] = [];

  setHandler(openNextCycleSignal, (next) => {
    pending.push(next);
  });
  setHandler(cycleEndedSignal, (id) => {
    carried.delete(id);
  });

  const start = async (cycle: PriorityCycleInput) => {
    try {
      const handle = await startChild(priorityCycleWorkflow, {
        workflowId: cycle.id,
        args: [cycle],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: startingAttributes({
          kind: 'priority-cycle',
          status: 'proposals',
          awaiting: [],
          dueAt: cycle.proposalsCloseAt,
          title: cycle.title,
          parent: cycle.previousCycleId,
        }),
      });
      awaited.add(cycle.id);
      started.push(cycle.id);
      const done = () => void awaited.delete(cycle.id);
      void handle.result().then(done, done);
    } catch (err) {
      // Asked twice (a replayed signal after a reset): the cycle runs already.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };

  for (;;) {
    const next = pending.shift();
    if (next) {
      await start(next);
      continue;
    }
    if (awaited.size === 0 && carried.size === 0) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (pending.length === 0) {
        return continueAsNew<typeof prioritySeriesWorkflow>({
          first: input.first,
          carriedOpen: [...awaited, ...carried],
        });
      }
      continue;
    }
    const sizes = awaited.size + carried.size;
    await condition(() => pending.length > 0 || awaited.size + carried.size !== sizes);
  }
  await condition(allHandlersFinished);
  return started;
}
