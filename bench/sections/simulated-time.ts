/**
 * Section 6: wall time to run years of workflow time on the time-skipping test server. The
 * scenarios are the workflow tests that already drive them end to end and assert every outcome
 * (three two-year priority cycles; a funding round with its 30-day window, 14-day vote and a
 * year of reporting), so the benchmark times exactly what is proven correct. Jest reports each
 * test's own duration, which includes starting its own test server and worker (as every workflow
 * test does; about a second of it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../stack';
import { round } from '../kit';

const scenarios = [
  {
    file: 'tests/workflows/priority-cycle.workflow.test.ts',
    test: 'three consecutive cycles run six years by themselves',
    what: 'three biennial priority cycles, each adopting its programme through board decisions',
    simulated: '6 years',
  },
  {
    file: 'tests/workflows/funding.workflow.test.ts',
    test: 'oversubscribed round: 30-day window',
    what: 'a funding round: 30-day window, 14-day vote, awards, a year of reporting and both tranches',
    simulated: '~14 months',
  },
];

export interface SimulatedTime {
  rows: { what: string; simulated: string; wallSeconds: number }[];
}

interface JestJson {
  testResults: { assertionResults: { title: string; status: string; duration?: number }[] }[];
}

export function benchSimulatedTime(): SimulatedTime {
  const dir = mkdtempSync(join(tmpdir(), 'bench-jest-'));
  try {
    const out = join(dir, 'results.json');
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest', { paths: [projectRoot] }),
        '--selectProjects',
        'workflows',
        '--runInBand',
        '--json',
        `--outputFile=${out}`,
        '-t',
        scenarios.map((s) => escape(s.test)).join('|'),
        ...scenarios.map((s) => s.file),
      ],
      // Seconds when all is well; a stalled test server must fail the benchmark, not hang it.
      {
        cwd: projectRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 5 * 60_000,
        killSignal: 'SIGKILL',
      },
    );
    if (run.error) throw new Error(`the simulated-time scenarios did not finish: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`the simulated-time scenarios failed (jest exit ${run.status})`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as JestJson;
    const results = json.testResults.flatMap((f) => f.assertionResults).filter((a) => a.status === 'passed');
    return {
      rows: scenarios.map((s) => {
        const result = results.find((a) => a.title.startsWith(s.test));
        if (!result?.duration) throw new Error(`scenario not run: ${s.test}`);
        return { what: s.what, simulated: s.simulated, wallSeconds: round(result.duration / 1000) };
      }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
