// Lint: type-aware rules everywhere, plus the determinism fence around workflows/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // fence-check.ts: the virtual file tests/unit/workflow-lint-fence.test.ts lints through stdin.
        projectService: {
          allowDefaultProject: [
            'workflows/fence-check.ts',
            'src/fence-check.ts',
            'activities/fence-check.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON answers loosely; the assertions pin the shape.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ignores: ['web/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pages' scripts run in the browser as ES modules (type-checked by tsconfig.web.json).
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no API code.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must not use Node built-ins.' })),
          patterns: [
            { group: ['**/src/**', '**/src'], message: 'Workflows must not import from src/.' },
            {
              group: ['@nestjs/*', '@temporalio/client', '@temporalio/worker'],
              message: 'Not in workflows.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process access in workflows.' }],
    },
  },
  {
    // Activities sit below the API: they own the ports they need (e.g. activities/record/record-writer.ts).
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**', '**/src'], message: 'Activities must not import from src/.' }] },
      ],
    },
  },
);
