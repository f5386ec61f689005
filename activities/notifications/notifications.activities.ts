/**
 * The one activity that sends every notification (reminders, escalations, and whatever other
 * workflows announce), through the transport the configuration chooses (see
 * {@link loadNotificationConfig}). Recipients are seat codes or `secretariat`, turned into
 * addresses from the board configuration (`contact`).
 *
 * Never the same key twice: the outbox is its own log (one line per key, written in one append, so
 * a retry finds it: exactly once). SMTP and webhook deliveries are recorded in
 * `<DATA_DIR>/notifications-sent.jsonl` right after the server accepts them, and checked before
 * sending; a crash or timeout between the server's acceptance and that line is the one window in
 * which a retry sends again (at least once). To let the far end close that window, a mail carries
 * a Message-ID derived from the key and a webhook an `Idempotency-Key` header.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationRequest } from '../../workflows/shared/notification-request';
import type { Board } from '../../workflows/shared/board.types';
import { reachFailpoint, type FailpointSettings } from '../failpoints';
import { loadNotificationConfig, type NotificationConfig } from './notification-config';
import { SentLog } from './sent-log';

/** What the activity did. */
export interface NotificationResult {
  key: string;
  transport: NotificationConfig['transport'];
  /** `sent` now, `duplicate`: this key went out before, `no-recipient`: nobody to send it to. */
  status: 'sent' | 'duplicate' | 'no-recipient';
  /** Addresses it went (or had gone) to. */
  recipients: string[];
  /** Recipients (seat codes) without a contact in the board configuration. */
  unreachable: string[];
}

export interface NotificationDependencies {
  dataDir: string;
  board: Board;
  env: NodeJS.ProcessEnv;
  /** Crash drills only: `killAfterNotificationWrite` kills the worker once right after the line is written. */
  failpoints?: FailpointSettings;
}

/** Addresses for seat codes and `secretariat`; codes without a contact are returned apart. */
export function resolveRecipients(
  board: Board,
  to: string[],
): { addresses: string[]; unreachable: string[] } {
  const addresses: string[] = [];
  const unreachable: string[] = [];
  for (const code of to) {
    const contact =
      code === 'secretariat' ? board.secretariat.contact : board.seats.find((s) => s.code === code)?.contact;
    if (contact) {
      if (!addresses.includes(contact)) addresses.push(contact);
    } else unreachable.push(code);
  }
  return { addresses, unreachable };
}

function checkRequest(req: NotificationRequest): void {
  const problem =
    !req || typeof req.key !== 'string' || req.key === ''
      ? 'key must be a non-empty string'
      : !Array.isArray(req.to)
        ? 'to must be a list of seat codes'
        : typeof req.subject !== 'string' || typeof req.text !== 'string'
          ? 'subject and text must be strings'
          : null;
  if (problem) {
    throw ApplicationFailure.create({
      type: 'invalid',
      message: `notification: ${problem}`,
      nonRetryable: true,
    });
  }
}

/** Builds `sendNotification`; throws a configuration error naming the variable when settings are bad. */
export function createNotificationActivities(deps: NotificationDependencies) {
  const config = loadNotificationConfig(
    deps.env,
    join(deps.dataDir, 'outbox.jsonl'),
    deps.board.secretariat.contact ?? 'board-governance@localhost',
  );
  const log = new SentLog(
    config.transport === 'outbox' ? config.outboxPath : join(deps.dataDir, 'notifications-sent.jsonl'),
  );
  let mailer: Transporter | undefined;

  async function deliver(req: NotificationRequest, addresses: string[]): Promise<void> {
    switch (config.transport) {
      case 'outbox':
        // The outbox line is the delivery and the record at once.
        log.append({ ...req, recipients: addresses, at: new Date().toISOString() });
        return;
      case 'smtp': {
        mailer ??= createTransport(config.smtpUrl);
        await mailer.sendMail({
          from: config.from,
          to: addresses,
          subject: req.subject,
          text: req.text,
          messageId: `<${createHash('sha256').update(req.key).digest('hex').slice(0, 40)}@board-governance>`,
          headers: { 'X-Notification-Key': req.key },
        });
        break;
      }
      case 'webhook': {
        const res = await fetch(config.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': req.key },
          body: JSON.stringify({ ...req, recipients: addresses }),
          signal: AbortSignal.timeout(30_000),
        });
        if (!res.ok) {
          const message = `webhook answered ${res.status} for notification ${req.key}`;
          // A 4xx other than timeouts and throttling will not change on retry.
          const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
          throw permanent
            ? ApplicationFailure.create({ type: 'webhook-refused', message, nonRetryable: true })
            : new Error(message);
        }
        break;
      }
    }
    log.append({ key: req.key, kind: req.kind, recipients: addresses, at: new Date().toISOString() });
  }

  return {
    /** Sends one notification unless its key went out before. */
    async sendNotification(req: NotificationRequest): Promise<NotificationResult> {
      checkRequest(req);
      const { addresses, unreachable } = resolveRecipients(deps.board, req.to);
      const result = { key: req.key, transport: config.transport, recipients: addresses, unreachable };
      return log.exclusive(req.key, async () => {
        if (log.has(req.key)) return { ...result, status: 'duplicate' as const };
        if (addresses.length === 0) return { ...result, status: 'no-recipient' as const };
        await deliver(req, addresses);
        reachFailpoint(deps.failpoints, 'killAfterNotificationWrite', req.key);
        return { ...result, status: 'sent' as const };
      });
    },
  };
}
