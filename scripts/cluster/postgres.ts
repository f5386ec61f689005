/**
 * PostgreSQL for the cluster: Debian's server binaries (`apt-get install -y postgresql` when they
 * are missing and this runs as root), a data folder of its own, listening on 127.0.0.1 only.
 * PostgreSQL refuses to run as root, so as root the folder belongs to the `postgres` user the
 * package creates and the commands run as that user (runuser).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterSetupError } from './server-build';

const PG_MISSING =
  "PostgreSQL's server is needed for the cluster (its persistence and visibility store): install Debian's " +
  'package with `apt-get install -y postgresql` (as root; this script does it by itself when run as root), ' +
  'or point PG_BIN at a folder holding initdb, pg_ctl and postgres of PostgreSQL 12 or later, and run ' +
  'npm run cluster again.';

/** The folder of `initdb`/`pg_ctl`: `PG_BIN`, else the newest `/usr/lib/postgresql/<n>/bin`. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)));
  if (env.PG_BIN) return has(env.PG_BIN) ? env.PG_BIN : undefined;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(base, v, 'bin')).find(has);
}

const isRoot = () => process.getuid?.() === 0;

/** Finds PostgreSQL, installing Debian's package first when it is missing and this is root. */
export function ensurePostgres(log: (line: string) => void): string {
  const found = findPostgresBin();
  if (found) return found;
  const hasApt = spawnSync('apt-get', ['--version']).status === 0;
  if (!isRoot() || !hasApt || process.env.PG_BIN) throw new ClusterSetupError(PG_MISSING);
  log('PostgreSQL is missing: apt-get install -y postgresql');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const installed = spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
  const bin = findPostgresBin();
  if (installed.status !== 0 || !bin) throw new ClusterSetupError(PG_MISSING);
  return bin;
}

/** A PostgreSQL server on one data folder. */
export class Postgres {
  constructor(
    private readonly bin: string,
    /** The data folder (created on first start). */
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Runs a PostgreSQL program, as the `postgres` user when this is root. */
  private run(program: string, args: string[]): SpawnSyncReturns<string> {
    const command = join(this.bin, program);
    return isRoot()
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
  }

  private check(result: SpawnSyncReturns<string>, what: string): void {
    if (result.status !== 0) throw new ClusterSetupError(`${what} failed: ${result.stderr || result.stdout}`);
  }

  /** Creates the cluster's folder on first use (superuser `temporal`, trusted on 127.0.0.1), then starts it. */
  start(): void {
    if (!existsSync(join(this.dir, 'PG_VERSION'))) {
      mkdirSync(this.dir, { recursive: true });
      if (isRoot()) {
        // The postgres user must own the folder and reach it: the data folder and the cluster's
        // folder are made traversable (the folders above DATA_DIR must already be).
        chmodSync(join(this.dir, '..', '..'), 0o755);
        chmodSync(join(this.dir, '..'), 0o755);
        spawnSync('chown', ['postgres:postgres', this.dir]);
      }
      this.check(
        this.run('initdb', ['-D', this.dir, '-U', 'temporal', '--auth=trust', '-E', 'UTF8']),
        'initdb',
      );
    }
    // A server left running on this folder by a run that was killed: stop it first.
    if (this.run('pg_ctl', ['-D', this.dir, 'status']).status === 0) this.stop();
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    this.check(
      this.run('pg_ctl', [
        '-D',
        this.dir,
        '-o',
        options,
        '-l',
        join(this.dir, 'server.log'),
        '-w',
        '-t',
        '60',
        'start',
      ]),
      `pg_ctl start (log: ${join(this.dir, 'server.log')})`,
    );
  }

  /** Stops it (fast: open sessions are cut, committed data is safe). */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }
}
