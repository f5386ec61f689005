/**
 * `npm run fuzz:install`: installs the API fuzzer, schemathesis (a property-based tester driven by
 * an OpenAPI document), from PyPI into a project-local virtual environment, `.tools/schemathesis`
 * (git-ignored), and prints the path of its `st` command. Does nothing when it is already there.
 *
 * Like ./install-temporal.js: plain Node with no dependencies, so it runs from a fresh clone. A
 * venv's scripts name their interpreter by absolute path, so it is built where it lives; a marker
 * file written last tells a complete install from one that was killed half-way.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The pinned version: a new release may find new things, which should be a deliberate change. */
const PACKAGE = 'schemathesis==4.32.5';

const projectRoot = path.resolve(__dirname, '..');
const installDir = path.join(projectRoot, '.tools', 'schemathesis');
/** The `st` command inside the venv. */
const stPath = path.join(installDir, 'bin', 'st');
/** Written last: its presence means the install completed. */
const marker = path.join(installDir, 'installed.txt');

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}`);
}

function installed() {
  try {
    return fs.readFileSync(marker, 'utf8').trim() === PACKAGE && fs.statSync(stPath).isFile();
  } catch {
    return false;
  }
}

function main() {
  if (installed()) {
    console.log(stPath);
    return;
  }
  const python = process.env.PYTHON ?? 'python3';
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(installDir), { recursive: true });
  console.error(`Installing ${PACKAGE} into ${installDir} ...`);
  run(python, ['-m', 'venv', installDir]);
  run(path.join(installDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', PACKAGE]);
  fs.writeFileSync(marker, `${PACKAGE}\n`);
  console.log(stPath);
}

try {
  main();
} catch (error) {
  console.error(
    `Could not install ${PACKAGE}: ${error.message}. It needs python3 with the venv module ` +
      `(e.g. "apt-get install python3-venv") and access to PyPI.`,
  );
  process.exitCode = 1;
}
