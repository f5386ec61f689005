/**
 * Writes bench/results.md again from bench/results.json, so the wording of the report can change
 * without measuring again: `npm run -s build && node dist/bench/render.js`.
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
writeFileSync(join(dir, 'results.md'), markdown(meta, results));
