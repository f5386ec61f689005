/**
 * Installs one pinned PyPI package into a project-local virtual environment under `.tools/<name>`
 * (git-ignored) and prints the path of its command; does nothing when it is already there. Plain
 * Node with no dependencies, so it runs from a fresh clone. A venv's scripts name their interpreter
 * by absolute path, so it is built where it lives; a marker file written last tells a complete
 * install from one that was killed half-way.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}`);
}

/**
 * True when the command exists and the interpreter its first line names does too: a venv moved
 * or copied from another folder keeps the old absolute path there and cannot start.
 */
function interpreterExists(commandPath) {
  const shebang = fs.readFileSync(commandPath, 'utf8').split('\n', 1)[0];
  return !shebang.startsWith('#!') || fs.existsSync(shebang.slice(2).trim().split(' ')[0]);
}

/**
 * @param {{ name: string, pkg: string, command: string }} tool folder under .tools, pinned
 *   requirement (`name==version`), and the command inside the venv's bin/ to print.
 */
function installPipTool({ name, pkg, command }) {
  const installDir = path.join(path.resolve(__dirname, '..'), '.tools', name);
  const commandPath = path.join(installDir, 'bin', command);
  const marker = path.join(installDir, 'installed.txt');
  try {
    try {
      if (fs.readFileSync(marker, 'utf8').trim() === pkg && interpreterExists(commandPath)) {
        console.log(commandPath);
        return;
      }
    } catch {
      // Not installed yet, or half-way: install afresh.
    }
    const python = process.env.PYTHON ?? 'python3';
    fs.rmSync(installDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(installDir), { recursive: true });
    console.error(`Installing ${pkg} into ${installDir} ...`);
    run(python, ['-m', 'venv', installDir]);
    run(path.join(installDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', pkg]);
    fs.writeFileSync(marker, `${pkg}\n`);
    console.log(commandPath);
  } catch (error) {
    console.error(
      `Could not install ${pkg}: ${error.message}. It needs python3 with the venv module ` +
        `(e.g. "apt-get install python3-venv") and access to PyPI.`,
    );
    process.exitCode = 1;
  }
}

module.exports = { installPipTool };
