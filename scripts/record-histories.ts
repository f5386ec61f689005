/**
 * Records the workflow histories that tests/workflows/replay.test.ts replays against the current
 * code. Run `npm run histories:record` after adding a workflow or a state worth keeping, NOT after
 * changing a workflow: the point of the fixtures is that old histories must still replay.
 * Each scenario leaves its workflow in an interesting state (open with ballots, closed early,
 * extended, withdrawn ...); running workflows are recorded as they stand.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTestServer } from '../src/temporal/binaries';
import {
  addOpinionUpdate,
  castBallotUpdate,
  extendDecisionUpdate,
  withdrawDecisionUpdate,
} from '../workflows/decision/decision.messages';
import type { DecisionInput } from '../workflows/decision/decision.types';
import { decisionWorkflow } from '../workflows/decision/decision.workflow';
import { allSearchAttributeKeys } from '../workflows/search-attributes';

const DAY = 86_400_000;
const out = join(__dirname, '..', 'tests', 'fixtures', 'histories');
const seats = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK'];

type Handle = Awaited<ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>>;

async function main(): Promise<void> {
  const path = await resolveTestServer({ install: true, sdkDownloadFallback: true });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: path ? { type: 'existing-path', path } : undefined },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributeKeys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type) as number]),
    ),
  });
  const taskQueue = 'record-histories';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
  });
  mkdirSync(out, { recursive: true });

  const open = async (name: string, overrides: Partial<DecisionInput>): Promise<Handle> => {
    const now = Number(await env.currentTimeMs());
    const input: DecisionInput = {
      id: `dec-${name}`,
      title: `Fixture: ${name}`,
      text: 'Recorded for replay tests.',
      rule: 'absolute',
      quorum: null,
      objectionThreshold: 1,
      closesAt: new Date(now + 14 * DAY).toISOString(),
      electorate: seats,
      recused: [],
      closeEarly: true,
      openedBy: 'secretariat',
      ...overrides,
    };
    return env.client.workflow.start(decisionWorkflow, { workflowId: input.id, taskQueue, args: [input] });
  };
  const vote = (
    h: Handle,
    seat: string,
    choice: 'yes' | 'no' | 'abstain' | 'object',
    by = `${seat}-member`,
  ) => h.executeUpdate(castBallotUpdate, { args: [{ seat, choice, by }] });
  const save = async (name: string, h: Handle) => {
    const history = await h.fetchHistory();
    // Temporal's JSON form of a history, the one `temporal workflow show --output json` writes.
    writeFileSync(
      join(out, `decisionWorkflow-${name}.json`),
      JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n',
    );
    console.log(`recorded decisionWorkflow-${name} (${history.events?.length} events)`);
  };

  await worker.runUntil(async () => {
    const scenarios: [string, (name: string) => Promise<Handle>][] = [
      [
        'open-with-changed-ballot-and-opinion',
        async (name) => {
          const h = await open(name, {
            rule: 'simple',
            quorum: 0.5,
            recused: ['DK'],
            electorate: seats.slice(0, 6),
          });
          await vote(h, 'AT', 'no');
          await vote(h, 'AT', 'yes', 'AT-alternate');
          await h.executeUpdate(addOpinionUpdate, {
            args: [{ seat: 'NO', text: 'Norway agrees.', by: 'nils' }],
          });
          return h;
        },
      ],
      [
        'adopted-early',
        async (name) => {
          const h = await open(name, {});
          for (const seat of seats.slice(0, 4)) await vote(h, seat, 'yes');
          await h.result();
          return h;
        },
      ],
      [
        'extended-then-failed-quorum',
        async (name) => {
          const h = await open(name, { rule: 'two-thirds', quorum: 0.9 });
          await vote(h, 'BE', 'abstain');
          const later = new Date(Number(await env.currentTimeMs()) + 20 * DAY).toISOString();
          await h.executeUpdate(extendDecisionUpdate, {
            args: [{ closesAt: later, reason: 'more time', by: 'sec' }],
          });
          await h.result();
          return h;
        },
      ],
      [
        'withdrawn',
        async (name) => {
          const h = await open(name, { rule: 'unanimity' });
          await vote(h, 'BG', 'yes');
          await h.executeUpdate(withdrawDecisionUpdate, { args: [{ reason: 'superseded', by: 'sec' }] });
          await h.result();
          return h;
        },
      ],
      [
        'silence-objected',
        async (name) => {
          const h = await open(name, { rule: 'silence' });
          await vote(h, 'CY', 'yes');
          await vote(h, 'CZ', 'object');
          await h.result();
          return h;
        },
      ],
    ];
    for (const [name, run] of scenarios) await save(name, await run(name));
  });
  await env.teardown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
