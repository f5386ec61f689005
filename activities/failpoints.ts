/**
 * Failpoints for crash drills: places in an activity where the worker, when a drill asks for it,
 * kills its own process with SIGKILL, to force the one window a retried activity must survive:
 * its effect recorded (a payment ledger line, a notification line) and its completion not yet
 * reported to Temporal, so another worker process retries it.
 *
 * Each failpoint is off unless its environment variable names a marker file (validated at the
 * worker's start-up in `src/config/env.ts`). The first process to reach it creates the marker
 * (exclusively, so across processes and restarts it fires exactly once), writes what it was doing
 * into it, and dies. For crash drills only; never set in production.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/** The failpoints, each armed by the marker file path its variable names; unset: off. */
export interface FailpointSettings {
  /** `FAILPOINT_KILL_AFTER_LEDGER_WRITE`: after the payment ledger line is written, before returning. */
  killAfterLedgerWrite?: string;
  /**
   * `FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE`: after a notification's line is written (the outbox
   * line, or the sent-log line of an SMTP or webhook delivery), before returning.
   */
  killAfterNotificationWrite?: string;
  /**
   * `FAILPOINT_KILL_BEFORE_PROJECTION_WRITE`: in the projection activity, before the record is
   * written: the workflow's state has changed, the record has not caught up yet.
   */
  killBeforeProjectionWrite?: string;
  /** `FAILPOINT_KILL_AFTER_PROJECTION_WRITE`: after the record is written, before returning. */
  killAfterProjectionWrite?: string;
}

/** The name of one failpoint. */
export type FailpointName = keyof FailpointSettings;

/** The environment variable that arms each failpoint. */
export const failpointVariables: Readonly<Record<FailpointName, string>> = {
  killAfterLedgerWrite: 'FAILPOINT_KILL_AFTER_LEDGER_WRITE',
  killAfterNotificationWrite: 'FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE',
  killBeforeProjectionWrite: 'FAILPOINT_KILL_BEFORE_PROJECTION_WRITE',
  killAfterProjectionWrite: 'FAILPOINT_KILL_AFTER_PROJECTION_WRITE',
};

/** What a fired failpoint leaves in its marker file (one JSON object), for the drill to check. */
export interface FailpointMarker {
  failpoint: FailpointName;
  variable: string;
  /** The key of the instruction or notification whose effect was recorded. */
  key: string;
  /** The process that killed itself. */
  pid: number;
  at: string;
}

const killThisProcess = () => {
  process.kill(process.pid, 'SIGKILL');
};

/**
 * Reaches the failpoint `name` for the effect `key`: when it is armed and its marker file does
 * not exist yet, creates the marker and kills this process with SIGKILL (`kill`, replaceable in
 * tests). Otherwise does nothing and returns false. Synchronous, so nothing else of this process
 * runs between the marker and the kill.
 */
export function reachFailpoint(
  settings: FailpointSettings | undefined,
  name: FailpointName,
  key: string,
  kill: () => void = killThisProcess,
): boolean {
  const markerPath = settings?.[name];
  if (!markerPath) return false;
  let fd: number;
  try {
    // 'wx' fails if the marker exists: whoever created it first is the one that dies.
    fd = openSync(markerPath, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  const marker: FailpointMarker = {
    failpoint: name,
    variable: failpointVariables[name],
    key,
    pid: process.pid,
    at: new Date().toISOString(),
  };
  try {
    writeSync(fd, JSON.stringify(marker) + '\n');
    // The marker must outlive the kill, or the restarted worker would die here again.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  console.error(`failpoint ${marker.variable}: killing process ${marker.pid} after recording ${key}`);
  kill();
  return true;
}
