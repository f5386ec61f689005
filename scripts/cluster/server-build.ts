/**
 * The Temporal server and its SQL schema tool, built from their Go module at a pinned version with
 * `go install` into `.tools/temporal-cluster/` (git-ignored), once per machine: the next runs
 * reuse the binaries. The schema files that ship with the module are copied beside them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The server version this project runs its cluster on (v1.32.0 builds with Go 1.26.8). */
export const TEMPORAL_SERVER_VERSION = 'v1.32.0';
const MODULE = 'go.temporal.io/server';

/** Raised when something the cluster needs is missing; the message says what to install. */
export class ClusterSetupError extends Error {
  override name = 'ClusterSetupError';
}

/** Where the built binaries and the schema live. */
export interface ServerBinaries {
  server: string;
  sql: string;
  /** `schema/postgresql/v12` of the module: `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
}

/** The `go` command: `GO`, then `go` on PATH, then Go's default install folder. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.GO, 'go', '/usr/local/go/bin/go'].filter((c): c is string => Boolean(c));
  return candidates.find((go) => spawnSync(go, ['version'], { encoding: 'utf8' }).status === 0);
}

const GO_MISSING =
  'Go is needed to build the Temporal server for the cluster (go install go.temporal.io/server/cmd/server@' +
  `${TEMPORAL_SERVER_VERSION} and .../cmd/tools/sql): install Go 1.21 or later from https://go.dev/dl/ ` +
  "(or your distribution's golang package if it is 1.21 or later; a newer toolchain the module asks for is " +
  'then fetched through the Go module proxy by itself), put `go` on PATH or set GO=/path/to/go, and run ' +
  'npm run cluster again. The first build takes a few minutes; later runs reuse .tools/temporal-cluster/.';

/**
 * Builds (first time) or finds the binaries under `<root>/.tools/temporal-cluster`.
 * @throws {@link ClusterSetupError} when Go is missing.
 */
export function ensureServerBinaries(root: string, log: (line: string) => void): ServerBinaries {
  const dir = join(root, '.tools', 'temporal-cluster');
  const bin = join(dir, 'bin');
  const binaries = {
    server: join(bin, 'server'),
    sql: join(bin, 'sql'),
    schemaDir: join(dir, 'schema', TEMPORAL_SERVER_VERSION, 'postgresql', 'v12'),
  };
  const version = TEMPORAL_SERVER_VERSION.slice(1);
  const current = (path: string) =>
    existsSync(path) && spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.includes(version);
  if (current(binaries.server) && current(binaries.sql) && existsSync(join(binaries.schemaDir, 'temporal'))) {
    return binaries;
  }
  const go = findGo();
  if (!go) throw new ClusterSetupError(GO_MISSING);
  mkdirSync(bin, { recursive: true });
  for (const [name, cmd] of [
    ['server', 'cmd/server'],
    ['sql', 'cmd/tools/sql'],
  ] as const) {
    if (current(binaries[name])) continue;
    const started = Date.now();
    log(`building ${MODULE}/${cmd}@${TEMPORAL_SERVER_VERSION} with ${go} (a few minutes the first time)`);
    const result = spawnSync(go, ['install', `${MODULE}/${cmd}@${TEMPORAL_SERVER_VERSION}`], {
      env: { ...process.env, GOBIN: bin },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) {
      throw new ClusterSetupError(
        `go install ${MODULE}/${cmd}@${TEMPORAL_SERVER_VERSION} failed (exit ${result.status})`,
      );
    }
    log(`built ${name} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // The schema files ship in the module: found in the module cache (downloaded again if cleaned).
  const download = spawnSync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], {
    encoding: 'utf8',
    cwd: dir,
  });
  const moduleDir = (JSON.parse(download.stdout || '{}') as { Dir?: string }).Dir;
  const schema = moduleDir && join(moduleDir, 'schema', 'postgresql', 'v12');
  if (!schema || !existsSync(schema)) {
    throw new ClusterSetupError(
      `the schema of ${MODULE}@${TEMPORAL_SERVER_VERSION} was not found: ${download.stderr}`,
    );
  }
  cpSync(schema, binaries.schemaDir, { recursive: true });
  return binaries;
}
