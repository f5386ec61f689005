/**
 * Crash-drill failpoints (activities/failpoints.ts): off unless armed; armed, they fire exactly
 * once across processes (the marker file), and a real process that reaches one dies by SIGKILL
 * with the effect already recorded, while the same process started again does the work once.
 * Also how `loadAppConfig` reads and checks the `FAILPOINT_*` variables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reachFailpoint, type FailpointMarker } from '../../activities/failpoints';
import { PAYMENT_LEDGER } from '../../activities/payments/payments';
import { ConfigError, loadAppConfig } from '../../src/config/env';

const projectRoot = resolve(__dirname, '..', '..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'failpoints-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { key: string; paymentId?: string });

describe('reachFailpoint', () => {
  test('does nothing when the failpoint is not armed', () => {
    const kill = jest.fn();
    expect(reachFailpoint(undefined, 'killAfterLedgerWrite', 'k', kill)).toBe(false);
    expect(
      reachFailpoint({ killAfterNotificationWrite: join(dir, 'm') }, 'killAfterLedgerWrite', 'k', kill),
    ).toBe(false);
    expect(kill).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'm'))).toBe(false);
  });

  test('armed: the first to reach it writes the marker and is killed; every later one passes', () => {
    const marker = join(dir, 'ledger.marker');
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = jest.fn();
    const second = jest.fn();
    expect(
      reachFailpoint({ killAfterLedgerWrite: marker }, 'killAfterLedgerWrite', 'frq-1:tranche:1', first),
    ).toBe(true);
    // Another process (another kill function) reaching it later, with any key: the marker is there.
    expect(
      reachFailpoint({ killAfterLedgerWrite: marker }, 'killAfterLedgerWrite', 'frq-2:tranche:1', second),
    ).toBe(false);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    expect(said.mock.calls).toEqual([
      [
        `failpoint FAILPOINT_KILL_AFTER_LEDGER_WRITE: killing process ${process.pid} after recording frq-1:tranche:1`,
      ],
    ]);
    said.mockRestore();
    const written = JSON.parse(readFileSync(marker, 'utf8')) as FailpointMarker;
    expect(written).toEqual({
      failpoint: 'killAfterLedgerWrite',
      variable: 'FAILPOINT_KILL_AFTER_LEDGER_WRITE',
      key: 'frq-1:tranche:1',
      pid: process.pid,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test('a marker that cannot be created is an error, not a silent pass', () => {
    const kill = jest.fn();
    expect(() =>
      reachFailpoint({ killAfterLedgerWrite: join(dir, 'missing', 'm') }, 'killAfterLedgerWrite', 'k', kill),
    ).toThrow(/ENOENT/);
    expect(kill).not.toHaveBeenCalled();
  });
});

/** Runs `code` in a fresh Node process (TypeScript through tsx), as a worker process would. */
function runProcess(code: string) {
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { signal: result.signal, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a real process reaching an armed failpoint', () => {
  test('the payment activity: killed by SIGKILL after the ledger line, the restart pays nothing more', () => {
    const marker = join(dir, 'ledger.marker');
    // The worker's data folder exists (the dev server's SQLite file is there).
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const code = `
      const { createPaymentActivities } = require('./activities/payments/payments');
      const { instructPayment } = createPaymentActivities({
        dataDir: ${JSON.stringify(dataDir)},
        failpoints: { killAfterLedgerWrite: ${JSON.stringify(marker)} },
      });
      instructPayment({ key: 'frq-x-1:tranche:1', roundId: 'fr-x', requestId: 'frq-x-1', seat: 'DE',
        tranche: 1, amountCents: 60000, reason: 'drill' })
        .then((r) => console.log(JSON.stringify(r)));`;

    const crashed = runProcess(code);
    expect({ signal: crashed.signal, stdout: crashed.stdout }).toEqual({ signal: 'SIGKILL', stdout: '' });
    expect(crashed.stderr).toContain('failpoint FAILPOINT_KILL_AFTER_LEDGER_WRITE: killing process');
    const ledger = jsonLines(join(dataDir, PAYMENT_LEDGER));
    expect(ledger.map((l) => l.key)).toEqual(['frq-x-1:tranche:1']);
    const markerBody = JSON.parse(readFileSync(marker, 'utf8')) as FailpointMarker;
    expect(markerBody).toMatchObject({ failpoint: 'killAfterLedgerWrite', key: 'frq-x-1:tranche:1' });
    expect(markerBody.pid).not.toBe(process.pid);

    // The dead writer left its lock file. Temporal retries only after the activity's start-to-close
    // timeout (a minute), by which the lock is stale (30 s): age it instead of waiting.
    const lock = join(dataDir, `${PAYMENT_LEDGER}.lock`);
    expect(existsSync(lock)).toBe(true);
    const old = new Date(Date.now() - 61_000);
    utimesSync(lock, old, old);

    // The same process started again, failpoint still set: the marker is there, so it runs through.
    const retried = runProcess(code);
    expect({ signal: retried.signal, status: retried.status, stderr: retried.stderr }).toEqual({
      signal: null,
      status: 0,
      stderr: '',
    });
    const record = JSON.parse(retried.stdout) as { key: string; paymentId: string };
    expect(record.key).toBe('frq-x-1:tranche:1');
    expect(jsonLines(join(dataDir, PAYMENT_LEDGER))).toEqual([record]);
    expect(record.paymentId).toBe(ledger[0].paymentId);
  });

  test('the notification activity: killed by SIGKILL after the outbox line, the restart finds it sent', () => {
    const marker = join(dir, 'notification.marker');
    const dataDir = join(dir, 'data');
    const code = `
      const { createNotificationActivities } = require('./activities/notifications/notifications.activities');
      const { loadBoard } = require('./src/board/board-config');
      const { sendNotification } = createNotificationActivities({
        dataDir: ${JSON.stringify(dataDir)},
        board: loadBoard('config/ilo-board.json'),
        env: {},
        failpoints: { killAfterNotificationWrite: ${JSON.stringify(marker)} },
      });
      sendNotification({ key: 'dec-x:opened', kind: 'decision-opened', to: ['DE'], subject: 's', text: 't',
        ref: { kind: 'decision', id: 'dec-x' } })
        .then((r) => console.log(JSON.stringify(r)));`;

    const crashed = runProcess(code);
    expect({ signal: crashed.signal, stdout: crashed.stdout }).toEqual({ signal: 'SIGKILL', stdout: '' });
    expect(jsonLines(join(dataDir, 'outbox.jsonl')).map((l) => l.key)).toEqual(['dec-x:opened']);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toMatchObject({
      failpoint: 'killAfterNotificationWrite',
      variable: 'FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE',
      key: 'dec-x:opened',
    });

    const retried = runProcess(code);
    expect({ signal: retried.signal, status: retried.status, stderr: retried.stderr }).toEqual({
      signal: null,
      status: 0,
      stderr: '',
    });
    expect(JSON.parse(retried.stdout)).toMatchObject({ key: 'dec-x:opened', status: 'duplicate' });
    expect(jsonLines(join(dataDir, 'outbox.jsonl')).map((l) => l.key)).toEqual(['dec-x:opened']);
  });
});

describe('loadAppConfig and the FAILPOINT_* variables', () => {
  test('unset (production): no failpoints at all', () => {
    expect(loadAppConfig({}).failpoints).toBeUndefined();
  });

  test('set: each marker path, made absolute', () => {
    const config = loadAppConfig({
      FAILPOINT_KILL_AFTER_LEDGER_WRITE: join(dir, 'ledger.marker'),
      FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE: '',
    });
    expect(config.failpoints).toEqual({ killAfterLedgerWrite: join(dir, 'ledger.marker') });
    expect(
      loadAppConfig({ FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE: 'notification.marker' }).failpoints,
    ).toEqual({ killAfterNotificationWrite: resolve('notification.marker') });
  });

  test('a marker in a folder that does not exist, or a folder itself, stops the start naming the variable', () => {
    const missing = join(dir, 'nowhere', 'm');
    let error: unknown;
    try {
      loadAppConfig({
        FAILPOINT_KILL_AFTER_LEDGER_WRITE: missing,
        FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE: dir,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual([
      'FAILPOINT_KILL_AFTER_LEDGER_WRITE',
      'FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE',
    ]);
    expect((error as ConfigError).message).toBe(
      'Invalid configuration: ' +
        `FAILPOINT_KILL_AFTER_LEDGER_WRITE must be the path of a marker file in an existing directory (for crash drills only) (got ${JSON.stringify(missing)}); ` +
        `FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE must be the path of a marker file in an existing directory (for crash drills only) (got ${JSON.stringify(dir)})`,
    );
  });
});
