/**
 * Installs the Kubernetes manifest validator, kubernetes-validate, from PyPI into a project-local
 * virtual environment, `.tools/kubernetes-validate` (git-ignored), and prints the path of its
 * command. Does nothing when it is already there. It carries the JSON schemas of every Kubernetes
 * release inside the package, so validating needs no network (kubeconform, the other common
 * choice, builds from the Go module proxy but downloads its schemas from GitHub when it runs).
 *
 * Like ./install-schemathesis.js: plain Node with no dependencies; a marker file written last
 * tells a complete install from one that was killed half-way.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The pinned version: it validates against Kubernetes 1.37 by default. */
const PACKAGE = 'kubernetes-validate==1.37.0';

const projectRoot = path.resolve(__dirname, '..');
const installDir = path.join(projectRoot, '.tools', 'kubernetes-validate');
const commandPath = path.join(installDir, 'bin', 'kubernetes-validate');
const marker = path.join(installDir, 'installed.txt');

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}`);
}

function installed() {
  try {
    return fs.readFileSync(marker, 'utf8').trim() === PACKAGE && fs.statSync(commandPath).isFile();
  } catch {
    return false;
  }
}

function main() {
  if (!installed()) {
    const python = process.env.PYTHON ?? 'python3';
    fs.rmSync(installDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(installDir), { recursive: true });
    console.error(`Installing ${PACKAGE} into ${installDir} ...`);
    run(python, ['-m', 'venv', installDir]);
    run(path.join(installDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', PACKAGE]);
    fs.writeFileSync(marker, `${PACKAGE}\n`);
  }
  console.log(commandPath);
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
