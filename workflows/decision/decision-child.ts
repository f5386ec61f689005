/**
 * How a process opens a Board decision as its child: under the decision's own id, with the
 * tracking search attributes set at the start so the decision is listed before its first task.
 */
import { startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import { startingAttributes } from '../search-attributes';
import type { DecisionInput } from './decision.types';
import { decisionWorkflow } from './decision.workflow';

/** Starts `decision` as a child {@link decisionWorkflow} of the calling workflow. */
export function startChildDecision(
  decision: DecisionInput,
): Promise<ChildWorkflowHandle<typeof decisionWorkflow>> {
  return startChild(decisionWorkflow, {
    workflowId: decision.id,
    args: [decision],
    typedSearchAttributes: startingAttributes({
      kind: 'decision',
      status: 'open',
      awaiting: decision.rule === 'silence' ? [] : decision.electorate,
      dueAt: decision.closesAt,
      title: decision.title,
      parent: decision.parentId,
    }),
  });
}
