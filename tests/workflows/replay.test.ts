/**
 * Replay safety: every recorded history in tests/fixtures/histories must replay against the
 * current workflow code. A change that alters the commands a recorded run produced (a new timer,
 * an activity, a different order) fails here; such a change belongs behind `patched()`.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as workflows from '../../workflows';

const dir = join(__dirname, '..', 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there is a recorded history for every workflow type', () => {
  const types = new Set(fixtures.map((f) => f.split('-')[0]));
  // Keep in step with workflows/index.ts.
  expect([...types].sort()).toEqual(Object.keys(workflows).sort());
});

test.each(fixtures)('%s replays against the current code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../workflows') },
    history,
    file.replace(/\.json$/, ''),
  );
});
