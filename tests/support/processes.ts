/**
 * Real child processes for end-to-end tests: the compiled entry points run the way a user runs
 * them (`node dist/src/start.js`, `node dist/src/api/main.js`, ...), with their own environment,
 * their output collected for failure messages, and a guaranteed cleanup.
 *
 * Each process is spawned as the leader of its own process group, so {@link SpawnedProcess.kill}
 * also reaches whatever it started (the embedded Temporal dev server of `start.js`), and
 * {@link SpawnedProcess.interrupt} can send SIGINT to the whole group, as Ctrl-C in a terminal does.
 * Call {@link killAllProcesses} in `afterAll`; a process that is still running when the test
 * process exits is killed too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** The project root (where `package.json` and `dist/` are). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** How a process ended: an exit code, or the signal that ended it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running (or finished) child process with its collected output. */
export interface SpawnedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it wrote to standard output so far. */
  stdout(): string;
  /** Everything it wrote to standard error so far. */
  stderr(): string;
  /** Its last output lines (both streams), for failure messages. */
  tail(lines?: number): string;
  /** How it ended, once it has. */
  readonly exitStatus: ExitStatus | undefined;
  /** Resolves when it has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Waits for it to exit; fails with its output if it is still running after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ExitStatus>;
  /** Sends `signal` to the process alone (as `kill -SIGNAL <pid>` does). */
  signal(signal: NodeJS.Signals): void;
  /** Sends SIGINT to its whole process group, as Ctrl-C in a terminal does. */
  interrupt(): void;
  /** SIGKILL to its whole process group, then waits for it to exit. Safe to call at any time. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** Variables set on top of {@link baseEnv}. */
  env?: Record<string, string>;
  /** Default: the project root. */
  cwd?: string;
  /** Shown in failure messages. Default: the command and its first argument. */
  name?: string;
}

/** Every process spawned here whose group may still be alive (it may have left children behind). */
const spawned = new Set<SpawnedProcess>();

/**
 * The test runner's environment without anything that configures this application or its
 * Temporal connection, so a developer's own `TEMPORAL_ADDRESS`, `PORT`, cloud profile or crash-drill
 * failpoint cannot leak into a test. Where to find the Temporal binaries (`TEMPORAL_CLI_PATH`, ...) and `PATH` stay.
 */
export function baseEnv(): Record<string, string> {
  const appVariables = new Set([
    'PORT',
    'DATA_DIR',
    'BOARD_CONFIG',
    'JWT_SECRET',
    'LOG_LEVEL',
    'LOG_JSON',
    'TASK_QUEUE',
    'WORKER_METRICS_PORT',
    'WORKER_HEALTH_PORT',
    'SHUTDOWN_DELAY_SECONDS',
    'RECORD_RETENTION',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_SERVICE_NAME',
  ]);
  const keep = new Set(['TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !appVariables.has(entry[0]) &&
        (keep.has(entry[0]) || !entry[0].startsWith('TEMPORAL_')) &&
        !entry[0].startsWith('FAILPOINT_'),
    ),
  );
}

/** Starts `command` with `args`; see {@link SpawnOptions}. */
export function spawnProcess(command: string, args: string[], opts: SpawnOptions = {}): SpawnedProcess {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? projectRoot,
    env: { ...baseEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const name = opts.name ?? [path.basename(command), ...args.slice(0, 1)].join(' ');
  if (child.pid === undefined) {
    // spawn() reports why (ENOENT, EACCES) in an 'error' event; without a listener it would crash the run.
    child.once('error', () => undefined);
    throw new Error(`${name}: could not be started (${command} missing or not executable?)`);
  }
  const pid = child.pid;

  let out = '';
  let err = '';
  const both: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    both.push(chunk);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    both.push(chunk);
  });

  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    let streamsClosed = false;
    child.once('close', () => {
      streamsClosed = true;
      if (exitStatus) resolve(exitStatus);
    });
    child.once('exit', (code, signal) => {
      exitStatus = { code, signal };
      // Normally 'close' follows at once, with the last output read. A process it left behind may
      // hold the pipes open, though; then do not wait for that one (kill() deals with it).
      if (streamsClosed) resolve(exitStatus);
      else setTimeout(() => resolve(exitStatus!), 1_000).unref();
    });
    child.once('error', (error) => {
      err += `\n${name}: ${error.message}\n`;
      exitStatus ??= { code: null, signal: null };
      resolve(exitStatus);
    });
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };

  const tail = (lines = 40): string =>
    both.join('').split(/\r?\n/).filter(Boolean).slice(-lines).join('\n') || '(no output)';

  const handle: SpawnedProcess = {
    name,
    pid,
    child,
    stdout: () => out,
    stderr: () => err,
    tail,
    get exitStatus() {
      return exitStatus;
    },
    exited,
    async waitForExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name} (pid ${pid}) still running after ${timeoutMs} ms:\n${tail()}`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    signal(signal) {
      if (exitStatus === undefined) child.kill(signal);
    },
    interrupt() {
      signalGroup('SIGINT');
    },
    async kill() {
      if (processGroupAlive(pid)) signalGroup('SIGKILL');
      await exited;
      spawned.delete(handle);
    },
  };
  spawned.add(handle);
  return handle;
}

/** Starts a compiled entry point with the Node.js running the tests: `node <script> <args>`. */
export function spawnNode(script: string, args: string[] = [], opts: SpawnOptions = {}): SpawnedProcess {
  return spawnProcess(process.execPath, [script, ...args], { name: script, ...opts });
}

/** What {@link runProcess} returns. */
export interface ProcessResult extends ExitStatus {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`, default 60 s) and returns its output. */
export async function runProcess(
  command: string,
  args: string[],
  opts: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const proc = spawnProcess(command, args, opts);
  try {
    const status = await proc.waitForExit(opts.timeoutMs ?? 60_000);
    return { ...status, stdout: proc.stdout(), stderr: proc.stderr() };
  } finally {
    await proc.kill();
  }
}

/** {@link runProcess} for `node <script> <args>`. */
export function runNode(
  script: string,
  args: string[] = [],
  opts: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return runProcess(process.execPath, [script, ...args], { name: script, ...opts });
}

/**
 * Polls `url` until it answers with `status` (default 200) and returns the response's text.
 * Fails early, with the process's output, if `process` exits meanwhile; and after `timeoutMs`.
 */
export async function waitForUrl(
  url: string,
  opts: { timeoutMs?: number; status?: number; process?: SpawnedProcess } = {},
): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const wanted = opts.status ?? 200;
  let last: string;
  for (;;) {
    const proc = opts.process;
    if (proc?.exitStatus) {
      throw new Error(
        `${proc.name} exited (${JSON.stringify(proc.exitStatus)}) before ${url} answered:\n${proc.tail()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const text = await res.text();
      if (res.status === wanted) return text;
      last = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (error) {
      // fetch says "fetch failed"; the cause says why (ECONNREFUSED, ...).
      const failure = error as Error & { cause?: Error };
      last = failure.cause?.message ?? failure.message;
    }
    if (Date.now() > deadline) {
      const output = proc ? `\n${proc.name} output:\n${proc.tail()}` : '';
      throw new Error(`${url} did not answer ${wanted} in time (last: ${last})${output}`);
    }
    await sleep(200);
  }
}

/** Waits until the process has printed a line matching `pattern`; fails early if it exits. */
export async function waitForOutput(
  proc: SpawnedProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.stdout() + proc.stderr())) {
    if (proc.exitStatus) {
      throw new Error(
        `${proc.name} exited (${JSON.stringify(proc.exitStatus)}) before printing ${pattern}:\n${proc.tail()}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(`${proc.name} did not print ${pattern} within ${timeoutMs} ms:\n${proc.tail()}`);
    }
    await sleep(100);
  }
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** An HTTP answer with its body parsed as JSON when it is JSON. */
export interface JsonResponse {
  status: number;
  body: any;
}

/** `fetch` with JSON in and out and an optional bearer token. */
export async function requestJson(
  baseUrl: string,
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + route, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** True when nothing listens on `port` of 127.0.0.1 (we can bind it ourselves). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True while any process of the group that `pid` leads is alive (e.g. a child it left behind). */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Kills every process spawned here that is still running, with whatever it started. */
export async function killAllProcesses(): Promise<void> {
  await Promise.all([...spawned].map((proc) => proc.kill()));
}

/** Last resort when the test process ends without `afterAll` (a crash, a forced exit). */
function killAllNow(): void {
  for (const proc of spawned) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
process.once('exit', killAllNow);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `npm run -s build`: compiles `dist/`, so the tests run what `npm start` runs. Fails with the
 * compiler's output.
 */
export async function buildProject(timeoutMs = 120_000): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await runProcess(npm, ['run', '-s', 'build'], { name: 'npm run build', timeoutMs });
  if (result.code !== 0) {
    throw new Error(`npm run build failed (exit code ${result.code}):\n${result.stdout}${result.stderr}`);
  }
}
