/**
 * Writes bench/results.md again from bench/results.json, so the wording of the report can change
 * without measuring again: `npm run -s build && node dist/bench/render.js`. With `--with-only`, the
 * sections of the last `BENCH_ONLY` run replace those of the full run, and the report says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdown, type Meta, type Results } from './report';
import { projectRoot } from './stack';

const dir = join(projectRoot, 'bench');
const { meta, results } = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
  meta: Meta;
  results: Results;
};
// --with-only: the sections of the last `BENCH_ONLY` run (bench/out/only.json) replace the full
// run's, and the report says which figures come from which run.
if (process.argv.includes('--with-only')) {
  const only = JSON.parse(readFileSync(join(dir, 'out', 'only.json'), 'utf8')) as {
    date: string;
    mode: string;
    plan: { apiVsRaw: { rounds: number }; storage: { rounds: number } };
    /** The machine's load average at the start and the end (absent from older runs). */
    load?: number[];
    results: Partial<Results>;
  };
  if (only.mode !== 'full') throw new Error('bench/out/only.json is from a smoke run');
  Object.assign(results, only.results);
  // Earlier runs measured alone keep their dates for the sections this one did not measure again.
  const earlier = [meta.partial ?? []]
    .flat()
    .map((p) => ({ ...p, sections: p.sections.filter((s) => !(s in only.results)) }))
    .filter((p) => p.sections.length > 0);
  const latest = {
    date: only.date,
    sections: Object.keys(only.results),
    ...(only.load && { load: only.load }),
  };
  meta.partial = [...earlier, latest];
  meta.plan = {
    ...meta.plan,
    apiVsRawRounds: only.plan.apiVsRaw.rounds,
    storageRounds: only.plan.storage.rounds,
  };
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ meta, results }, null, 2) + '\n');
}
writeFileSync(join(dir, 'results.md'), markdown(meta, results));
