/**
 * loadAppConfig: defaults, the exact one-line message for each bad variable, and how
 * TEMPORAL_ADDRESS turns the embedded dev server off.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadAppConfig } from '../../src/config/env';
import { clientConnectionOptions } from '../../src/temporal/connection';

const projectRoot = path.resolve(__dirname, '..', '..');

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadAppConfig', () => {
  it('has defaults for everything', () => {
    expect(loadAppConfig({})).toEqual({
      port: 3000,
      dataDir: path.resolve('.data'),
      temporal: {
        embedded: true,
        address: '127.0.0.1:7233',
        namespace: 'default',
        taskQueue: 'board-governance',
        port: 7233,
        uiPort: 8233,
      },
      boardConfigPath: path.join(projectRoot, 'config', 'ilo-board.json'),
      jwtSecret: undefined,
      logLevel: 'log',
      logJson: false,
      pendingSource: 'record',
      rateLimit: { writes: 1200, windowSeconds: 60 },
      rosterMaxAgeMs: 5000,
      record: { url: undefined, embeddedPort: 0 },
      shutdownDelaySeconds: 0,
      recordRetentionDays: 3650,
      oidc: expect.objectContaining({ issuer: undefined, clientId: 'board-pages', identityClaim: 'email' }),
      publicUrl: expect.stringMatching(/^http:\/\/localhost:\d+$/),
    });
  });

  it('reads every variable', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-config-'));
    const board = path.join(dataDir, 'board.json');
    fs.writeFileSync(board, '{}');
    const config = loadAppConfig({
      PORT: '8080',
      DATA_DIR: dataDir,
      TEMPORAL_PORT: '17233',
      TEMPORAL_UI_PORT: '18233',
      TEMPORAL_NAMESPACE: 'board',
      TASK_QUEUE: 'gov',
      BOARD_CONFIG: board,
      JWT_SECRET: 'x'.repeat(32),
      LOG_LEVEL: 'debug',
      LOG_JSON: 'true',
      RATE_LIMIT_WRITES: '0',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      DATABASE_URL: 'postgres://board:pw@db.internal:5432/board',
      RECORD_PORT: '15432',
      WORKER_METRICS_PORT: '9464',
      WORKER_HEALTH_PORT: '9465',
      SHUTDOWN_DELAY_SECONDS: '5',
      RECORD_RETENTION: 'P10Y',
      PENDING_SOURCE: 'visibility',
    });
    expect(config).toEqual({
      port: 8080,
      dataDir,
      temporal: {
        embedded: true,
        address: '127.0.0.1:17233',
        namespace: 'board',
        taskQueue: 'gov',
        port: 17233,
        uiPort: 18233,
      },
      boardConfigPath: board,
      jwtSecret: 'x'.repeat(32),
      logLevel: 'debug',
      logJson: true,
      pendingSource: 'visibility',
      rateLimit: { writes: 0, windowSeconds: 10 },
      rosterMaxAgeMs: 5000,
      record: { url: 'postgres://board:pw@db.internal:5432/board', embeddedPort: 15432 },
      workerMetricsPort: 9464,
      workerHealthPort: 9465,
      shutdownDelaySeconds: 5,
      recordRetentionDays: 3653,
      oidc: expect.objectContaining({ issuer: undefined, clientId: 'board-pages', identityClaim: 'email' }),
      publicUrl: expect.stringMatching(/^http:\/\/localhost:\d+$/),
    });
    fs.rmSync(dataDir, { recursive: true });
  });

  it('resolves a relative DATA_DIR against the current directory', () => {
    expect(loadAppConfig({ DATA_DIR: 'var/data' }).dataDir).toBe(path.resolve('var/data'));
  });

  it('treats empty variables as unset', () => {
    expect(loadAppConfig({ PORT: '', JWT_SECRET: '', TEMPORAL_ADDRESS: '' })).toMatchObject({
      port: 3000,
      jwtSecret: undefined,
      temporal: { embedded: true },
    });
  });

  it('asks Temporal Cloud for its 90 days when RECORD_RETENTION is unset, and for what is set otherwise', () => {
    const cloud = 'board.a1b2c.tmprl.cloud:7233';
    expect(loadAppConfig({ TEMPORAL_ADDRESS: cloud }).recordRetentionDays).toBe(90);
    expect(loadAppConfig({ TEMPORAL_ADDRESS: cloud, RECORD_RETENTION: 'P30D' }).recordRetentionDays).toBe(30);
    expect(loadAppConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }).recordRetentionDays).toBe(3650);
  });

  it('uses TEMPORAL_ADDRESS instead of an embedded server', () => {
    const config = loadAppConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_PORT: '9999' });
    expect(config.temporal).toMatchObject({ embedded: false, address: 'temporal.internal:7233' });
  });

  it.each([
    [
      'RECORD_RETENTION',
      '10 years',
      'Invalid configuration: RECORD_RETENTION must be an ISO 8601 duration of at least one day, e.g. P3650D or P10Y (got "10 years")',
    ],
    [
      'RECORD_RETENTION',
      'PT1H',
      'Invalid configuration: RECORD_RETENTION must be an ISO 8601 duration of at least one day, e.g. P3650D or P10Y (got "PT1H")',
    ],
    [
      'WORKER_METRICS_PORT',
      'metrics',
      'Invalid configuration: WORKER_METRICS_PORT must be an integer between 1 and 65535 (got "metrics")',
    ],
    ['PORT', 'abc', 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")'],
    ['PORT', '0', 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "0")'],
    ['PORT', '70000', 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "70000")'],
    ['PORT', '80.5', 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "80.5")'],
    [
      'TEMPORAL_PORT',
      '-1',
      'Invalid configuration: TEMPORAL_PORT must be an integer between 1 and 65535 (got "-1")',
    ],
    [
      'TEMPORAL_UI_PORT',
      'ui',
      'Invalid configuration: TEMPORAL_UI_PORT must be an integer between 1 and 65535 (got "ui")',
    ],
    [
      'TEMPORAL_ADDRESS',
      'http://temporal:7233',
      'Invalid configuration: TEMPORAL_ADDRESS must be host:port (got "http://temporal:7233")',
    ],
    [
      'TEMPORAL_NAMESPACE',
      'my namespace',
      'Invalid configuration: TEMPORAL_NAMESPACE must be a namespace name (letters, digits, ".", "_", "-") (got "my namespace")',
    ],
    [
      'TASK_QUEUE',
      'board queue',
      'Invalid configuration: TASK_QUEUE must be a task queue name without spaces (got "board queue")',
    ],
    [
      'BOARD_CONFIG',
      '/nonexistent/board.json',
      'Invalid configuration: BOARD_CONFIG must be the path of an existing board configuration file (got "/nonexistent/board.json")',
    ],
    [
      'JWT_SECRET',
      'too-short',
      // The secret itself never appears in the message.
      'Invalid configuration: JWT_SECRET must be at least 32 characters long (got 9 characters)',
    ],
    [
      'LOG_LEVEL',
      'info',
      'Invalid configuration: LOG_LEVEL must be one of error, warn, log, debug, verbose (got "info")',
    ],
    ['LOG_JSON', 'yes', 'Invalid configuration: LOG_JSON must be true or false (got "yes")'],
    [
      'PENDING_SOURCE',
      'temporal',
      'Invalid configuration: PENDING_SOURCE must be one of record, visibility (got "temporal")',
    ],
    [
      'DATABASE_URL',
      'mysql://root:hunter2@db/board',
      // The value may hold a password: only its length is shown.
      'Invalid configuration: DATABASE_URL must be a PostgreSQL connection URL (postgres://user:password@host:5432/database) (got 29 characters)',
    ],
    [
      'RECORD_PORT',
      '70000',
      'Invalid configuration: RECORD_PORT must be a port number from 0 to 65535 (0: any free port) (got "70000")',
    ],
    [
      'RATE_LIMIT_WRITES',
      '-5',
      'Invalid configuration: RATE_LIMIT_WRITES must be a whole number of writes (0 turns the limit off) (got "-5")',
    ],
    [
      'RATE_LIMIT_WINDOW_SECONDS',
      '0',
      'Invalid configuration: RATE_LIMIT_WINDOW_SECONDS must be a whole number of seconds from 1 to 86400 (got "0")',
    ],
  ])('refuses %s=%j', (variable, value, message) => {
    const error = errorOf({ [variable]: value });
    expect(error.message).toBe(message);
    expect(error.variables).toEqual([variable]);
  });

  it('refuses a BOARD_CONFIG that is a directory', () => {
    expect(errorOf({ BOARD_CONFIG: projectRoot }).message).toContain(
      'BOARD_CONFIG must be the path of an existing',
    );
  });

  it('names every bad variable, still on one line', () => {
    const error = errorOf({ PORT: 'x', LOG_LEVEL: 'loud\ner' });
    expect(error.variables).toEqual(['PORT', 'LOG_LEVEL']);
    expect(error.message).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535 (got "x"); ' +
        'LOG_LEVEL must be one of error, warn, log, debug, verbose (got "loud\\ner")',
    );
    expect(error.message).not.toContain('\n');
  });
});

describe('clientConnectionOptions', () => {
  const cluster = { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct' };
  // An empty config file keeps a developer's ~/.config/temporalio/temporal.toml out of the test.
  const noFile = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

  it('takes the API key from envconfig and address and namespace from AppConfig', () => {
    const env = { ...cluster, ...noFile, TEMPORAL_API_KEY: 'key-123' };
    expect(clientConnectionOptions(loadAppConfig(env), env)).toEqual({
      connectionOptions: {
        address: 'ns.acct.tmprl.cloud:7233',
        apiKey: 'key-123',
        tls: true,
        metadata: undefined,
      },
      namespace: 'ns.acct',
    });
  });

  it('ignores envconfig for the embedded dev server', () => {
    const env = { ...noFile, TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'true' };
    expect(clientConnectionOptions(loadAppConfig(env), env)).toEqual({
      connectionOptions: { address: '127.0.0.1:7233' },
      namespace: 'default',
    });
  });
});
