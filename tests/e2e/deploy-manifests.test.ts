/**
 * The example Kubernetes manifests in deploy/kubernetes/ are valid for Kubernetes 1.37, checked
 * by a validator installed from PyPI (scripts/install-manifest-validator.js) in strict mode, so
 * a misspelt field fails; and they wire what the processes expect (probes on the routes the API
 * and the worker serve, the ports they are told to use, a disruption budget for each).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, runNode, runProcess } from '../support/processes';

const dir = join(projectRoot, 'deploy', 'kubernetes');
const manifests = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(dir, f));
let validator: string;

beforeAll(async () => {
  const installed = await runNode('scripts/install-manifest-validator.js', [], { timeoutMs: 300_000 });
  expect({ code: installed.code, stderr: installed.code === 0 ? '' : installed.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  validator = installed.stdout.trim();
});

test('every manifest passes strict validation', async () => {
  const result = await runProcess(validator, ['--strict', ...manifests], { timeoutMs: 120_000 });
  expect({ code: result.code, output: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
    code: 0,
    output: '',
  });
  const passed = (result.stdout + result.stderr).match(/passed for resource \S+/g) ?? [];
  expect(passed.map((p) => p.replace('passed for resource ', '')).sort()).toEqual([
    'configmap/board-governance',
    'deployment/board-api',
    'deployment/board-worker',
    'persistentvolumeclaim/board-governance-data',
    'poddisruptionbudget/board-api',
    'poddisruptionbudget/board-worker',
    'secret/board-governance',
    'service/board-api',
  ]);
});

test('the validator refuses a misspelt field (so the pass above means something)', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'manifests-'));
  const broken = join(scratch, 'api.yaml');
  writeFileSync(
    broken,
    readFileSync(join(dir, 'api.yaml'), 'utf8').replace('readinessProbe:', 'readinesProbe:'),
  );
  const result = await runProcess(validator, ['--strict', broken], { timeoutMs: 120_000 });
  rmSync(scratch, { recursive: true, force: true });
  expect(result.code).not.toBe(0);
  expect(result.stdout + result.stderr).toMatch(/readinesProbe/);
});

test('probes and ports match what the processes serve', () => {
  const api = readFileSync(join(dir, 'api.yaml'), 'utf8');
  const worker = readFileSync(join(dir, 'worker.yaml'), 'utf8');
  expect(api).toMatch(/readinessProbe:\s+httpGet: \{ path: \/health\/ready, port: http \}/);
  expect(api).toMatch(/livenessProbe:\s+httpGet: \{ path: \/health\/live, port: http \}/);
  expect(api).toMatch(/name: PORT\s+value: ['"]3000['"]/);
  expect(worker).toMatch(/name: WORKER_HEALTH_PORT\s+value: ['"]9465['"]/);
  expect(worker).toMatch(/readinessProbe:\s+httpGet: \{ path: \/health\/ready, port: health \}/);
  expect(worker).toMatch(/containerPort: 9465/);
  expect(worker).toMatch(/name: WORKER_METRICS_PORT\s+value: ['"]9464['"]/);
});
