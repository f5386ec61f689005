/**
 * The cluster's child processes: each the leader of its own process group (so a stop reaches
 * anything it started), its output appended to a log file, optionally echoed with its name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

/** One running (or ended) process of the cluster. */
export class ClusterProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private ended = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string; echo?: (line: string) => void },
  ) {
    const fd = openSync(opts.logFile, 'a');
    const echo = opts.echo;
    this.child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', echo ? 'pipe' : fd, echo ? 'pipe' : fd],
    });
    if (echo) {
      for (const stream of [this.child.stdout!, this.child.stderr!]) {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) echo(`${name} | ${line}`);
        });
      }
    }
    closeSync(fd);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.ended = true;
        resolve(code ?? (signal ? 128 : null));
      }),
    );
    this.logFile = opts.logFile;
  }

  readonly logFile: string;

  get running(): boolean {
    return !this.ended;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last lines of its log, for error messages. */
  tail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Sends `signal` to the process alone. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM (or `signal`), then SIGKILL to its group after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 30_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.signal(signal);
    const timer = setTimeout(() => void this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL to its whole group, at once. */
  kill(): Promise<number | null> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    return this.exited;
  }
}

/** True once something accepts TCP connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value; fails after `timeoutMs` saying `what`, or early if `proc` exits. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  proc?: ClusterProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (proc && !proc.running) throw new Error(`${proc.name} exited before ${what}:\n${proc.tail()}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}${proc ? `\n${proc.tail()}` : ''}`,
      );
    }
    await sleep(250);
  }
}
