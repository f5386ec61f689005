/**
 * A production-shaped Temporal cluster on one machine, and the application on it:
 * PostgreSQL (its own data folder under `<DATA_DIR>/cluster/`), the schemas set up and upgraded
 * with Temporal's schema tool, the frontend, history, matching and worker services of the
 * Temporal server as separate processes, the namespace with its retention and the search
 * attributes, then API and worker replicas of this project (compiled `dist/`).
 *
 * Used by `npm run cluster` (scripts/cluster.ts), the cluster tests and the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { loadSigningSecret } from '../../src/auth/signing-secret';
import { connectRecord } from '../../src/record/record-connection';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import { Postgres, ensurePostgres } from './postgres';
import { freePorts } from '../free-port';
import { ClusterProcess, listening, waitFor } from './processes';
import { ClusterSetupError, ensureServerBinaries, type ServerBinaries } from './server-build';
import {
  renderDynamicConfig,
  renderServerConfig,
  temporalServices,
  type ServicePorts,
  type TemporalService,
} from './server-config';

/** `IndexedValueType` numbers of Temporal's API. */
const indexedValueType = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
} as const;

export interface LocalClusterOptions {
  /** The project root (with `dist/` built). */
  root: string;
  /** The application's DATA_DIR; the cluster keeps its own files in `<dataDir>/cluster`. */
  dataDir: string;
  /** API ports, one per replica (default: free ports, two replicas). */
  apiPorts?: number[];
  /** Worker replicas (default 2). */
  workers?: number;
  /** Frontend gRPC port (default: a free port). */
  frontendPort?: number;
  namespace?: string;
  /** Days the namespace keeps closed workflows (default 3650). */
  retentionDays?: number;
  /** Extra environment for the API and worker processes. */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Copies the processes' output to `log` as well as to their log files. */
  echo?: boolean;
}

/** How long each start-up step took, in milliseconds. */
export type ClusterTimings = Record<
  'binaries' | 'postgres' | 'schema' | 'temporal' | 'namespace' | 'apps',
  number
>;

export class LocalCluster {
  readonly dir: string;
  readonly processes = new Map<string, ClusterProcess>();
  readonly timings: Partial<ClusterTimings> = {};
  readonly namespace: string;
  private readonly log: (line: string) => void;
  private binaries!: ServerBinaries;
  private postgres?: Postgres;
  private ports!: {
    postgres: number;
    services: Record<TemporalService, ServicePorts>;
    apis: number[];
    workers: { health: number; metrics: number }[];
  };
  private appEnvironment!: Record<string, string>;

  constructor(private readonly opts: LocalClusterOptions) {
    this.dir = join(opts.dataDir, 'cluster');
    this.namespace = opts.namespace ?? 'default';
    this.log = opts.log ?? (() => undefined);
  }

  /** `host:port` of the frontend. */
  get temporalAddress(): string {
    return `127.0.0.1:${this.ports.services.frontend.grpc}`;
  }

  /** Base URLs of the API replicas. */
  get apiUrls(): string[] {
    return this.ports.apis.map((port) => `http://127.0.0.1:${port}`);
  }

  /** Worker probe and metrics URLs, by replica. */
  get workerUrls(): { health: string; metrics: string }[] {
    return this.ports.workers.map((w) => ({
      health: `http://127.0.0.1:${w.health}`,
      metrics: `http://127.0.0.1:${w.metrics}`,
    }));
  }

  /** The environment the API and worker processes run with (without their ports). */
  get appEnv(): Record<string, string> {
    return this.appEnvironment;
  }

  /** Starts everything; on failure, stops what was started and rethrows. */
  async start(): Promise<void> {
    try {
      await this.startUnsafe();
    } catch (err) {
      await this.stop().catch(() => undefined);
      throw err;
    }
  }

  private async timed<T>(step: keyof ClusterTimings, run: () => Promise<T> | T): Promise<T> {
    const started = Date.now();
    const result = await run();
    this.timings[step] = Date.now() - started;
    this.log(`${step}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  }

  private async startUnsafe(): Promise<void> {
    if (!existsSync(join(this.opts.root, 'dist', 'src', 'api', 'main.js'))) {
      throw new ClusterSetupError('dist/ is not built: run npm run build first');
    }
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    this.binaries = await this.timed('binaries', () => ensureServerBinaries(this.opts.root, this.log));
    const pgBin = ensurePostgres(this.log);
    const apiCount = this.opts.apiPorts?.length ?? 2;
    const workerCount = this.opts.workers ?? 2;
    const free = await freePorts(1 + 4 * 2 + 2 + (this.opts.apiPorts ? 0 : apiCount) + workerCount * 2);
    const next = () => free.shift()!;
    // Every port is below 32768, so membership ports fit the PostgreSQL smallint Temporal keeps them in.
    const membership = await freePorts(temporalServices.length);
    const service = (): ServicePorts => ({ grpc: next(), membership: membership.shift()!, metrics: next() });
    this.ports = {
      postgres: next(),
      services: {
        history: service(),
        matching: service(),
        frontend: { ...service(), grpc: this.opts.frontendPort ?? next(), http: next() },
        worker: service(),
      },
      apis: this.opts.apiPorts ?? Array.from({ length: apiCount }, next),
      workers: Array.from({ length: workerCount }, () => ({ health: next(), metrics: next() })),
    };

    this.postgres = new Postgres(pgBin, join(this.dir, 'postgres'), this.ports.postgres);
    await this.timed('postgres', () => this.postgres!.start());
    await this.timed('schema', async () => {
      this.setUpSchemas();
      await this.setUpRecord();
    });

    const dynamicConfigPath = join(this.dir, 'dynamicconfig.yaml');
    writeFileSync(dynamicConfigPath, renderDynamicConfig());
    for (const name of temporalServices) {
      writeFileSync(
        join(this.dir, `${name}.yaml`),
        renderServerConfig(name, {
          postgresPort: this.ports.postgres,
          ports: this.ports.services,
          dynamicConfigPath,
        }),
      );
    }
    await this.timed('temporal', async () => {
      for (const name of temporalServices) await this.startService(name);
    });
    await this.timed('namespace', () => this.setUpNamespace());

    const jwtSecret = this.opts.appEnv?.JWT_SECRET ?? loadSigningSecret({ dataDir: this.opts.dataDir });
    this.appEnvironment = {
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: this.namespace,
      DATA_DIR: this.opts.dataDir,
      JWT_SECRET: jwtSecret,
      DATABASE_URL: this.recordUrl,
      LOG_JSON: 'true',
      RECORD_RETENTION: `P${this.opts.retentionDays ?? 3650}D`,
      ...this.opts.appEnv,
    };
    await this.timed('apps', async () => {
      await Promise.all(this.ports.workers.map((_, i) => this.startWorker(i)));
      await Promise.all(this.ports.apis.map((_, i) => this.startApi(i)));
    });
  }

  /** The board's record: a database of its own on the same PostgreSQL. */
  get recordUrl(): string {
    return `postgres://temporal:temporal@127.0.0.1:${this.ports.postgres}/board_record`;
  }

  /** Creates the record's database on first use and migrates it once, before any replica connects. */
  private async setUpRecord(): Promise<void> {
    const admin = new PgClient({
      connectionString: `postgres://temporal:temporal@127.0.0.1:${this.ports.postgres}/postgres`,
    });
    await admin.connect();
    try {
      const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'board_record'");
      if (found.rowCount === 0) await admin.query('CREATE DATABASE board_record');
    } finally {
      await admin.end();
    }
    await (await connectRecord(this.recordUrl)).destroy();
  }

  /** Creates the two databases on first use, then brings both schemas to the version this server needs. */
  private setUpSchemas(): void {
    const sql = (db: string, ...args: string[]) =>
      spawnSync(
        this.binaries.sql,
        [
          '--plugin',
          'postgres12',
          '--ep',
          '127.0.0.1',
          '-p',
          String(this.ports.postgres),
          '-u',
          'temporal',
          '--pw',
          'temporal',
          '--db',
          db,
          ...args,
        ],
        { encoding: 'utf8' },
      );
    for (const [db, schema] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ] as const) {
      const marker = join(this.dir, `${db}.schema-set-up`);
      if (!existsSync(marker)) {
        const created = sql(db, 'create-database');
        if (created.status !== 0 && !/already exists/.test(created.stdout + created.stderr)) {
          throw new ClusterSetupError(`create-database ${db} failed: ${created.stdout}${created.stderr}`);
        }
        const setup = sql(db, 'setup-schema', '-v', '0.0');
        if (setup.status !== 0)
          throw new ClusterSetupError(`setup-schema ${db} failed: ${setup.stdout}${setup.stderr}`);
        writeFileSync(marker, '');
      }
      // Idempotent: applies only the versions the database does not have yet.
      const update = sql(db, 'update-schema', '-d', join(this.binaries.schemaDir, schema, 'versioned'));
      if (update.status !== 0)
        throw new ClusterSetupError(`update-schema ${db} failed: ${update.stdout}${update.stderr}`);
    }
  }

  private echo() {
    return this.opts.echo ? this.log : undefined;
  }

  /** Starts one Temporal service process and waits until it listens (the frontend: until it answers). */
  async startService(name: TemporalService): Promise<void> {
    const proc = new ClusterProcess(
      name,
      this.binaries.server,
      ['--config-file', join(this.dir, `${name}.yaml`), '--allow-no-auth', 'start', '--service', name],
      { env: process.env, cwd: this.dir, logFile: join(this.dir, 'logs', `${name}.log`), echo: this.echo() },
    );
    this.processes.set(name, proc);
    const port = this.ports.services[name].grpc;
    await waitFor(
      `${name} listening on ${port}`,
      async () => ((await listening(port)) ? true : undefined),
      120_000,
      proc,
    );
    if (name === 'frontend') {
      await waitFor(
        'the frontend answering',
        async () => {
          const connection = await Connection.connect({
            address: this.temporalAddress,
            connectTimeout: 2_000,
          });
          try {
            await connection.withDeadline(Date.now() + 2_000, () =>
              connection.workflowService.getSystemInfo({}),
            );
            return true;
          } finally {
            await connection.close();
          }
        },
        120_000,
        proc,
      );
    }
  }

  /** Registers the namespace with its retention (or raises it) and the search attributes, then waits until they are served. */
  private async setUpNamespace(): Promise<void> {
    const seconds = (this.opts.retentionDays ?? 3650) * 86400;
    const connection = await Connection.connect({ address: this.temporalAddress });
    const namespace = this.namespace;
    try {
      await waitFor(
        `namespace ${namespace} registered`,
        async () => {
          try {
            const described = await connection.workflowService.describeNamespace({ namespace });
            if (Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0) < seconds) {
              await connection.workflowService.updateNamespace({
                namespace,
                config: { workflowExecutionRetentionTtl: msToTs(seconds * 1000) },
              });
            }
            return true;
          } catch (err) {
            if ((err as { code?: number }).code !== 5) throw err;
            await connection.workflowService.registerNamespace({
              namespace,
              workflowExecutionRetentionPeriod: msToTs(seconds * 1000),
            });
            return undefined;
          }
        },
        60_000,
      );
      await waitFor(
        'search attributes registered',
        async () => {
          const listed = await connection.operatorService.listSearchAttributes({ namespace });
          const missing = allSearchAttributeKeys.filter(
            (key) => !(key.name in (listed.customAttributes ?? {})),
          );
          if (missing.length === 0) return true;
          await connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(
              missing.map((key) => [key.name, indexedValueType[key.type]]),
            ),
          });
          return undefined;
        },
        60_000,
      );
    } finally {
      await connection.close();
    }
  }

  private appProcess(name: string, script: string, env: Record<string, string>): ClusterProcess {
    const proc = new ClusterProcess(name, process.execPath, [join(this.opts.root, 'dist', script)], {
      env: { ...process.env, ...this.appEnvironment, ...env },
      cwd: this.opts.root,
      logFile: join(this.dir, 'logs', `${name}.log`),
      echo: this.echo(),
    });
    this.processes.set(name, proc);
    return proc;
  }

  /** Starts worker replica `i` (0-based) and waits until it polls. */
  async startWorker(i: number): Promise<void> {
    const { health, metrics } = this.ports.workers[i];
    const proc = this.appProcess(`worker-${i + 1}`, 'src/worker/main.js', {
      WORKER_HEALTH_PORT: String(health),
      WORKER_METRICS_PORT: String(metrics),
    });
    await waitForHttp(`http://127.0.0.1:${health}/health/ready`, proc);
  }

  /** Starts API replica `i` (0-based) and waits until it is ready. */
  async startApi(i: number): Promise<void> {
    // The replicas stand behind one public address (a load balancer's in production); here the first
    // replica's stands for it, so links they hand out (calendar feeds, sign-in) agree.
    const proc = this.appProcess(`api-${i + 1}`, 'src/api/main.js', {
      PORT: String(this.ports.apis[i]),
      PUBLIC_URL: this.appEnvironment.PUBLIC_URL ?? this.apiUrls[0],
    });
    await waitForHttp(`${this.apiUrls[i]}/health/ready`, proc);
  }

  /** Kills a process at once (SIGKILL), as a crash would. */
  async kill(name: string): Promise<void> {
    await this.processes.get(name)?.kill();
  }

  /** Stops everything: the API and worker replicas (drained), the Temporal services, PostgreSQL. */
  async stop(): Promise<void> {
    const apps = [...this.processes.values()].filter((p) => /^(api|worker)-/.test(p.name));
    await Promise.all(apps.map((p) => p.stop(30_000)));
    // Frontend first, so nothing new comes in; history last.
    for (const name of ['frontend', 'worker', 'matching', 'history'])
      await this.processes.get(name)?.stop(20_000);
    this.postgres?.stop();
  }
}

async function waitForHttp(url: string, proc: ClusterProcess): Promise<void> {
  await waitFor(
    `${proc.name} ready at ${url}`,
    async () => ((await fetch(url, { signal: AbortSignal.timeout(3_000) })).ok ? true : undefined),
    180_000,
    proc,
  );
}
