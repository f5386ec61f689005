/**
 * This project's counters, kept where the events happen: in the workflows, through the SDK's
 * workflow metric meter, which the worker runtime exports with its own metrics (Prometheus, see
 * src/observability/worker-runtime.ts). The meter emits nothing during replay, so a workflow
 * replayed after a restart or a cache eviction is not counted twice; it issues no command, so
 * histories are unchanged. The worker bundles this module as a workflow interceptor.
 *
 * - `board_ballots_cast`: ballots accepted (the update's validator passed and its handler ran).
 * - `board_workflows_opened` / `board_workflows_closed` by `kind`: a decision, funding round,
 *   funding request, priority cycle, reporting obligation... (continue-as-new neither closes nor
 *   opens one); closed ones also by `outcome`, e.g. `adopted`, `rejected`, `withdrawn`.
 */
import {
  ContinueAsNew,
  metricMeter,
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { castBallotUpdate } from './decision/decision.messages';

/** Workflow types counted as opened and closed, with the `kind` label each gets. */
const kinds: Record<string, string> = {
  decisionWorkflow: 'decision',
  fundingRoundWorkflow: 'funding-round',
  fundingRequestWorkflow: 'funding-request',
  priorityCycleWorkflow: 'priority-cycle',
  reportingObligationWorkflow: 'reporting-obligation',
};

/** The outcome a closed record reports, if it has one. */
function outcomeOf(result: unknown): string {
  if (result && typeof result === 'object') {
    const { outcome, status } = result as { outcome?: unknown; status?: unknown };
    if (typeof outcome === 'string') return outcome;
    if (typeof status === 'string') return status;
  }
  return 'none';
}

class BoardMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const info = workflowInfo();
    const kind = kinds[info.workflowType];
    if (kind === undefined) return next(input);
    if (info.continuedFromExecutionRunId === undefined) {
      metricMeter
        .createCounter('board_workflows_opened', 'workflows', 'Board workflows started')
        .add(1, { kind });
    }
    const closed = metricMeter.createCounter(
      'board_workflows_closed',
      'workflows',
      'Board workflows finished',
    );
    try {
      const result = await next(input);
      closed.add(1, { kind, outcome: outcomeOf(result) });
      return result;
    } catch (err) {
      if (!(err instanceof ContinueAsNew)) closed.add(1, { kind, outcome: 'failed' });
      throw err;
    }
  }

  async handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    const result = await next(input);
    if (input.name === castBallotUpdate.name) {
      metricMeter.createCounter('board_ballots_cast', 'ballots', 'Ballots accepted').add(1, {
        kind: kinds[workflowInfo().workflowType] ?? workflowInfo().workflowType,
      });
    }
    return result;
  }
}

/** The factory the worker loads (`interceptors.workflowModules`). */
export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new BoardMetricsInterceptor()] });
