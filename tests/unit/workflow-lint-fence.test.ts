/**
 * The determinism fence: ESLint refuses Node built-ins, `src/` imports and `process` in workflows/,
 * `src/` imports in activities/, and floating promises everywhere. Run through the real CLI and
 * config, as `npm test` runs it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function lint(filename: string, code: string): string {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', filename],
    {
      cwd: root,
      input: code,
      encoding: 'utf8',
    },
  );
  return result.stdout + result.stderr;
}

test.each([
  [
    "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
    'Workflows must not use Node built-ins',
  ],
  [
    "import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;\n",
    'Workflows must not use Node built-ins',
  ],
  [
    "import { loadAppConfig } from '../src/config/env';\nexport const x = loadAppConfig;\n",
    'Workflows must not import from src/',
  ],
  ['export const x = process.env.HOME;\n', 'No process access in workflows'],
])('workflows/ refuses %s', (code, message) => {
  expect(lint('workflows/fence-check.ts', code)).toContain(message);
});

test('activities/ refuses src/ imports', () => {
  const code =
    "import type { RecordRepository } from '../src/record/record-repository';\nexport type R = RecordRepository;\n";
  expect(lint('activities/fence-check.ts', code)).toContain('Activities must not import from src/');
});

test('workflow code that keeps to the rules passes', () => {
  const code =
    "import { sleep } from '@temporalio/workflow';\nexport async function w(): Promise<void> {\n  await sleep(1);\n}\n";
  expect(lint('workflows/fence-check.ts', code)).toBe('');
});

test('a floating promise is an error anywhere', () => {
  const code = 'async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n';
  expect(lint('src/fence-check.ts', code)).toContain('no-floating-promises');
});
