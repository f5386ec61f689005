/**
 * The application's configuration, read once from environment variables at start-up and
 * validated with class-validator, failing fast with one line that names the bad variable.
 *
 * Connection security for a Temporal cluster (API key, TLS, profiles) is not configured here: it
 * comes from Temporal's own environment configuration, see `src/temporal/connection.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyDecorators } from '@nestjs/common';
import { Expose, plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  validateSync,
  type ValidationOptions,
} from 'class-validator';
import { parse, pattern, toSeconds } from 'iso8601-duration';
import type { FailpointSettings } from '../../activities/failpoints';
import { defaultRetentionDays } from '../temporal/retention';

/** Log levels accepted by `LOG_LEVEL`, most severe first (Nest's names). */
export const logLevels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
/** One of {@link logLevels}. */
export type LogLevelName = (typeof logLevels)[number];

/** Where `PENDING_SOURCE` has the pending lists read: the board's record, or Temporal's visibility. */
export const pendingSources = ['record', 'visibility'] as const;
/** One of {@link pendingSources}. */
export type PendingSource = (typeof pendingSources)[number];

/** The validated configuration, as {@link loadAppConfig} returns it. */
export interface AppConfig {
  /** HTTP port of the API. */
  port: number;
  /** Absolute path of the data directory (Temporal's SQLite file, generated secrets). */
  dataDir: string;
  temporal: {
    /** True when no `TEMPORAL_ADDRESS` is given: `npm start` runs its own dev server. */
    embedded: boolean;
    /** `TEMPORAL_ADDRESS`, or `127.0.0.1:<TEMPORAL_PORT>` for the embedded server. */
    address: string;
    namespace: string;
    taskQueue: string;
    /** Front-end port of the embedded server. */
    port: number;
    /** Web UI port of the embedded server. */
    uiPort: number;
  };
  /** Absolute path of the board definition (JSON). */
  boardConfigPath: string;
  /** Secret for signing API tokens; when absent a secret is generated into the data directory. */
  jwtSecret?: string;
  logLevel: LogLevelName;
  logJson: boolean;
  /** Where `/me/pending`, `/pending` and their exports read open items (src/api/tracking). */
  pendingSource: PendingSource;
  /** Writes (POST, PUT, PATCH, DELETE) one caller may send per window; 0 turns the limit off. */
  rateLimit: { writes: number; windowSeconds: number };
  /** Workflows the worker keeps in memory between tasks (its memory bound); undefined: the SDK's default. */
  maxCachedWorkflows?: number;
  /**
   * Sign-in. With `issuer` (OIDC_ISSUER) the API trusts that OpenID provider; without it, the
   * embedded default signs people in itself.
   */
  oidc: {
    issuer?: string;
    /** True when `issuer` is the embedded provider that start-up runs (no OIDC_ISSUER). */
    embedded?: boolean;
    clientId: string;
    clientSecret?: string;
    audience: string;
    /** The token claim matched against the roster's e-mail addresses. */
    identityClaim: string;
    /** The embedded provider's port (used when no issuer is configured). */
    providerPort: number;
  };
  /** The address people reach the API and its pages at (the sign-in's redirect URI is under it). */
  publicUrl: string;
  /** How long the API reuses a roster snapshot (ms): the staleness bound of authorisation. */
  rosterMaxAgeMs: number;
  /** Crash-drill failpoints armed by their marker file paths; undefined when none is (always in production). */
  failpoints?: FailpointSettings;
  /** Where the board's record lives (src/record). */
  record: {
    /** `DATABASE_URL`: a PostgreSQL server. Undefined: the embedded store under the data directory. */
    url?: string;
    /** Port of the embedded store's server on 127.0.0.1 (`RECORD_PORT`); 0 lets the OS choose. */
    embeddedPort: number;
  };
  /** Port of the worker's Prometheus endpoint (`/metrics`); none when undefined. */
  workerMetricsPort?: number;
  /** Port of the worker's probes (`/health/live`, `/health/ready`); none when undefined. */
  workerHealthPort?: number;
  /** Seconds the API keeps answering, not ready, after SIGTERM, before it stops taking connections. */
  shutdownDelaySeconds: number;
  /** `RECORD_RETENTION` in whole days: the least history retention the namespace must keep (cluster mode). */
  recordRetentionDays: number;
}

/** Raised by {@link loadAppConfig}; the message is one line naming each bad variable. */
export class ConfigError extends Error {
  /** The variables that are wrong, in declaration order. */
  readonly variables: string[];

  constructor(problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => p.problem).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = problems.map((p) => p.variable);
  }
}

const PORT_RULE = { message: 'must be an integer between 1 and 65535' };

/**
 * A variable holding a whole number from `min` to `max` (no upper bound when `max` is undefined),
 * read from its text; `message` completes "<VARIABLE> ..." for every way it can be wrong.
 */
function WholeNumber(min: number, max: number | undefined, message: string): PropertyDecorator {
  const rule = { message };
  const checks = [Expose(), Transform(toInteger), IsInt(rule), Min(min, rule)];
  return applyDecorators(...checks, ...(max === undefined ? [] : [Max(max, rule)]));
}

/** A TCP port. */
const Port = () => WholeNumber(1, 65535, PORT_RULE.message);

/** Digits become a number; anything else stays a string for the validator to refuse. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The default board: the nearest `config/ilo-board.json` above this file (from src/ or dist/src/). */
function defaultBoardConfigPath(): string {
  const relative = path.join('config', 'ilo-board.json');
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, relative))) return path.join(dir, relative);
  }
  return path.resolve(__dirname, '..', '..', relative);
}

function IsExistingFile(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExistingFile',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && fs.statSync(value, { throwIfNoEntry: false })?.isFile() === true,
      },
    });
}

/** A duration of at least one day, as {@link retentionDays} reads it. */
function IsRetention(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRetention',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && pattern.test(value) && toSeconds(parse(value)) >= 86400,
      },
    });
}

/** Whole days (rounded up) of an ISO 8601 duration such as `P3650D` or `P10Y`; 0 when it is not one. */
export function retentionDays(duration: string): number {
  if (!pattern.test(duration)) return 0;
  return Math.ceil(toSeconds(parse(duration)) / 86400);
}

const MARKER_RULE = {
  message: 'must be the path of a marker file in an existing directory (for crash drills only)',
};

/** A file path (not a directory) whose directory exists, so a drill's marker can be created there. */
function IsMarkerFilePath(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMarkerFilePath',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          fs.statSync(path.dirname(path.resolve(value)), { throwIfNoEntry: false })?.isDirectory() === true &&
          fs.statSync(value, { throwIfNoEntry: false })?.isDirectory() !== true,
      },
    });
}

/**
 * The environment variables this application reads, with their defaults and rules. Each rule's
 * message completes "<VARIABLE> ...", so {@link loadAppConfig} can report it in one line.
 */
export class EnvironmentVariables {
  @Port()
  PORT: number = 3000;

  @Expose()
  @IsNotEmpty({ message: 'must be a directory path' })
  DATA_DIR: string = './.data';

  @Port()
  TEMPORAL_PORT: number = 7233;

  @Port()
  TEMPORAL_UI_PORT: number = 8233;

  @Expose()
  @IsOptional()
  @Matches(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/, { message: 'must be host:port' })
  TEMPORAL_ADDRESS?: string;

  @Expose()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'must be a namespace name (letters, digits, ".", "_", "-")',
  })
  TEMPORAL_NAMESPACE: string = 'default';

  @Expose()
  @Matches(/^\S+$/, { message: 'must be a task queue name without spaces' })
  TASK_QUEUE: string = 'board-governance';

  @Expose()
  @IsExistingFile({ message: 'must be the path of an existing board configuration file' })
  BOARD_CONFIG: string = defaultBoardConfigPath();

  @Expose()
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  JWT_SECRET?: string;

  @Expose()
  @IsIn(logLevels, { message: `must be one of ${logLevels.join(', ')}` })
  LOG_LEVEL: LogLevelName = 'log';

  @Expose()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  LOG_JSON: boolean = false;

  @Expose()
  @IsIn(pendingSources, { message: `must be one of ${pendingSources.join(', ')}` })
  PENDING_SOURCE: PendingSource = 'record';

  // Generous by default: a person never comes near it; a runaway script or a flood does.
  @WholeNumber(0, undefined, 'must be a whole number of writes (0 turns the limit off)')
  RATE_LIMIT_WRITES: number = 1200;

  @WholeNumber(1, 86400, 'must be a whole number of seconds from 1 to 86400')
  RATE_LIMIT_WINDOW_SECONDS: number = 60;

  // Unset: the SDK sizes the cache from the machine's memory (bench/results.md shows both).
  @IsOptional()
  @WholeNumber(1, undefined, 'must be a whole number of workflows (at least 1)')
  WORKER_MAX_CACHED_WORKFLOWS?: number;

  @IsOptional()
  @Port()
  WORKER_METRICS_PORT?: number;

  @IsOptional()
  @Port()
  WORKER_HEALTH_PORT?: number;

  // Time for a load balancer to see the readiness probe fail before connections are refused.
  @WholeNumber(0, 300, 'must be a whole number of seconds from 0 to 300')
  SHUTDOWN_DELAY_SECONDS: number = 0;

  // The record of the board's decisions is kept for ten years unless configured otherwise
  // (Temporal Cloud's 90 days there: src/temporal/retention.ts).
  @Expose()
  @IsOptional()
  @IsRetention({ message: 'must be an ISO 8601 duration of at least one day, e.g. P3650D or P10Y' })
  RECORD_RETENTION?: string;

  // Sign-in (src/auth/): an OpenID provider, or the embedded one when OIDC_ISSUER is unset.
  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    {
      message:
        'must be the URL of an OpenID provider (its discovery is at OIDC_ISSUER/.well-known/openid-configuration)',
    },
  )
  OIDC_ISSUER?: string;

  @Expose()
  @IsOptional()
  @Matches(/^\S+$/, { message: 'must be the client ID registered with the OpenID provider' })
  OIDC_CLIENT_ID?: string;

  @Expose()
  @IsOptional()
  OIDC_CLIENT_SECRET?: string;

  @Expose()
  @IsOptional()
  @Matches(/^\S+$/, { message: "must be the audience (aud) of the provider's access tokens for this API" })
  OIDC_AUDIENCE?: string;

  @Expose()
  @Matches(/^[A-Za-z0-9_:.-]+$/, { message: 'must be a claim name such as email or preferred_username' })
  OIDC_IDENTITY_CLAIM: string = 'email';

  @Port()
  OIDC_PROVIDER_PORT: number = 3001;

  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be the URL people reach the API at, such as https://board.example.org' },
  )
  PUBLIC_URL?: string;

  // The roster's staleness bound on another API instance (src/roster/roster-directory.ts).
  @WholeNumber(0, 300, 'must be a whole number of seconds from 0 to 300')
  ROSTER_CACHE_SECONDS: number = 5;

  @Expose()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a PostgreSQL connection URL (postgres://user:password@host:5432/database)',
  })
  DATABASE_URL?: string;

  @WholeNumber(0, 65535, 'must be a port number from 0 to 65535 (0: any free port)')
  RECORD_PORT: number = 0;

  // Crash drills only (activities/failpoints.ts): the worker SIGKILLs itself once, after an effect is recorded.
  @Expose()
  @IsOptional()
  @IsMarkerFilePath(MARKER_RULE)
  FAILPOINT_KILL_AFTER_LEDGER_WRITE?: string;

  @Expose()
  @IsOptional()
  @IsMarkerFilePath(MARKER_RULE)
  FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE?: string;

  @Expose()
  @IsOptional()
  @IsMarkerFilePath(MARKER_RULE)
  FAILPOINT_KILL_BEFORE_PROJECTION_WRITE?: string;

  @Expose()
  @IsOptional()
  @IsMarkerFilePath(MARKER_RULE)
  FAILPOINT_KILL_AFTER_PROJECTION_WRITE?: string;
}

/** Variables whose value must not appear in an error message. */
const secretVariables = new Set(['JWT_SECRET', 'DATABASE_URL', 'OIDC_CLIENT_SECRET']);

/**
 * Reads and validates the configuration. Empty variables count as unset. Relative paths
 * (`DATA_DIR`, `BOARD_CONFIG`) are resolved against the current directory.
 *
 * @throws {@link ConfigError} naming every bad variable, e.g.
 *   `Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")`
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, given, {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  if (vars.BOARD_CONFIG) vars.BOARD_CONFIG = path.resolve(vars.BOARD_CONFIG);

  const errors = validateSync(vars);
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => {
        const variable = error.property;
        const raw = String(given[variable] ?? error.value);
        const got = secretVariables.has(variable) ? `${raw.length} characters` : JSON.stringify(raw);
        const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
        return { variable, problem: `${variable} ${message} (got ${got})` };
      }),
    );
  }

  if (vars.OIDC_ISSUER && !vars.OIDC_CLIENT_ID)
    throw new ConfigError([
      {
        variable: 'OIDC_CLIENT_ID',
        problem:
          'OIDC_CLIENT_ID is required with OIDC_ISSUER (the client registered for this API and its pages)',
      },
    ]);
  const embedded = vars.TEMPORAL_ADDRESS === undefined;
  const clientId = vars.OIDC_CLIENT_ID ?? 'board-pages';
  const failpoints: FailpointSettings = {
    killAfterLedgerWrite: markerPath(vars.FAILPOINT_KILL_AFTER_LEDGER_WRITE),
    killAfterNotificationWrite: markerPath(vars.FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE),
    killBeforeProjectionWrite: markerPath(vars.FAILPOINT_KILL_BEFORE_PROJECTION_WRITE),
    killAfterProjectionWrite: markerPath(vars.FAILPOINT_KILL_AFTER_PROJECTION_WRITE),
  };
  return {
    port: vars.PORT,
    dataDir: path.resolve(vars.DATA_DIR),
    temporal: {
      embedded,
      address: vars.TEMPORAL_ADDRESS ?? `127.0.0.1:${vars.TEMPORAL_PORT}`,
      namespace: vars.TEMPORAL_NAMESPACE,
      taskQueue: vars.TASK_QUEUE,
      port: vars.TEMPORAL_PORT,
      uiPort: vars.TEMPORAL_UI_PORT,
    },
    boardConfigPath: vars.BOARD_CONFIG,
    jwtSecret: vars.JWT_SECRET,
    logLevel: vars.LOG_LEVEL,
    logJson: vars.LOG_JSON,
    pendingSource: vars.PENDING_SOURCE,
    rateLimit: { writes: vars.RATE_LIMIT_WRITES, windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS },
    maxCachedWorkflows: vars.WORKER_MAX_CACHED_WORKFLOWS,
    oidc: {
      issuer: vars.OIDC_ISSUER,
      clientId,
      clientSecret: vars.OIDC_CLIENT_SECRET,
      audience: vars.OIDC_AUDIENCE ?? (vars.OIDC_ISSUER ? clientId : 'urn:board-governance:api'),
      identityClaim: vars.OIDC_IDENTITY_CLAIM,
      providerPort: vars.OIDC_PROVIDER_PORT,
    },
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    rosterMaxAgeMs: vars.ROSTER_CACHE_SECONDS * 1000,
    failpoints: Object.values(failpoints).some(Boolean) ? failpoints : undefined,
    record: { url: vars.DATABASE_URL, embeddedPort: vars.RECORD_PORT },
    workerMetricsPort: vars.WORKER_METRICS_PORT,
    workerHealthPort: vars.WORKER_HEALTH_PORT,
    shutdownDelaySeconds: vars.SHUTDOWN_DELAY_SECONDS,
    recordRetentionDays: vars.RECORD_RETENTION
      ? retentionDays(vars.RECORD_RETENTION)
      : defaultRetentionDays(vars.TEMPORAL_ADDRESS ?? ''),
  };
}

/** A marker path made absolute, so a worker restarted elsewhere finds the same marker. */
const markerPath = (value: string | undefined) => (value === undefined ? undefined : path.resolve(value));
