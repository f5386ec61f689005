/** Decisions started straight through the Temporal client, as the raw arm and as tracked items. */
import type { DecisionInput } from '../../workflows/decision/decision.types';
import { decisionWorkflow } from '../../workflows/decision/decision.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../../workflows/search-attributes';
import type { BenchStack } from '../stack';

const DAY = 86_400_000;
let serial = 0;

/** A decision awaiting `electorate`, closing `closesInDays` from now; the other voting seats recused. */
export function decisionInput(stack: BenchStack, electorate: string[], closesInDays = 30): DecisionInput {
  const id = `dec-bench-${process.pid}-${++serial}`;
  return {
    id,
    title: `Bench decision ${serial}`,
    text: '',
    rule: 'simple',
    quorum: null,
    objectionThreshold: 1,
    closesAt: new Date(Date.now() + closesInDays * DAY).toISOString(),
    electorate,
    recused: stack.board.votingSeatCodes().filter((s) => !electorate.includes(s)),
    closeEarly: false,
    openedBy: 'bench',
  };
}

/** Starts it as the API would (same search attributes), on `taskQueue`. */
export function startDecision(
  stack: BenchStack,
  input: DecisionInput,
  taskQueue = stack.config.temporal.taskQueue,
) {
  return stack.client.workflow.start(decisionWorkflow, {
    workflowId: input.id,
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: boardKindKey, value: 'decision' },
      { key: boardStatusKey, value: 'open' },
      { key: boardAwaitingKey, value: input.electorate },
      { key: boardDueAtKey, value: new Date(input.closesAt) },
      { key: boardTitleKey, value: input.title },
    ],
  });
}

/** Waits until visibility lists at least `atLeast` open decisions. */
export async function waitForOpenDecisions(stack: BenchStack, atLeast: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { count } = await stack.client.workflow.count(
      `ExecutionStatus = 'Running' AND BoardKind = 'decision'`,
    );
    if (count >= atLeast) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`visibility did not reach ${atLeast} open decisions`);
}
