/**
 * The notification activity: outbox lines deduplicated by key across retries and restarts, SMTP
 * delivery to a real SMTP server on loopback, webhook delivery with its Idempotency-Key, recipients
 * from the board configuration, and configuration errors that name the variable.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import {
  createNotificationActivities,
  resolveRecipients,
} from '../../activities/notifications/notifications.activities';
import type { Board } from '../../workflows/shared/board.types';
import type { NotificationRequest } from '../../workflows/shared/notification-request';

const board: Board = {
  name: 'Test board',
  defaults: { rule: 'absolute', quorum: null, recuseRequestingSeat: true },
  themes: [],
  seats: [
    { code: 'DE', name: 'Germany', kind: 'member-state', voting: true, contact: 'de@board.example' },
    { code: 'FR', name: 'France', kind: 'member-state', voting: true, contact: 'fr@board.example' },
    { code: 'NO', name: 'Norway', kind: 'schengen-associated', voting: false },
  ],
  secretariat: { name: 'Secretariat', contact: 'secretariat@board.example' },
};

const request = (over: Partial<NotificationRequest> = {}): NotificationRequest => ({
  key: 'rob-1:reminder:2027-03-31T00:00:00.000Z:P3D',
  kind: 'reminder',
  to: ['DE', 'secretariat'],
  subject: 'Reminder: "Annual report" is due 2027-03-31',
  text: 'The report is due in three days.',
  ref: { kind: 'reporting-obligation', id: 'rob-1' },
  ...over,
});

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'notify-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const lines = (file: string) =>
  readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A header of a received mail, unfolded and with RFC 2047 Q-encoded words decoded. */
function header(data: string, name: string): string | undefined {
  const head = data.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line
    ?.slice(name.length + 1)
    .trim()
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, q: string) =>
      Buffer.from(
        q
          .replace(/_/g, ' ')
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8'),
    );
}

test('recipients come from the board: seat contacts and the secretariat; seats without one are set apart', () => {
  expect(resolveRecipients(board, ['DE', 'secretariat', 'NO', 'DE', 'XX'])).toEqual({
    addresses: ['de@board.example', 'secretariat@board.example'],
    unreachable: ['NO', 'XX'],
  });
});

test('outbox (the default): one JSON line per key, never twice, even when retried or restarted', async () => {
  const { sendNotification } = createNotificationActivities({ dataDir, board, env: {} });
  const env = new MockActivityEnvironment({ attempt: 1 });
  const first = await env.run(sendNotification, request());
  expect(first).toMatchObject({ status: 'sent', transport: 'outbox' });
  // The same key again: a retry, a second attempt, concurrent attempts, a new worker process.
  const retry = new MockActivityEnvironment({ attempt: 2 });
  expect(await retry.run(sendNotification, request())).toMatchObject({ status: 'duplicate' });
  const concurrent = await Promise.all([sendNotification(request()), sendNotification(request())]);
  expect(concurrent.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
  const restarted = createNotificationActivities({ dataDir, board, env: { NOTIFY_TRANSPORT: 'outbox' } });
  expect((await restarted.sendNotification(request())).status).toBe('duplicate');
  await sendNotification(request({ key: 'rob-1:escalation:2027-03-31T00:00:00.000Z:1', kind: 'escalation' }));
  const outbox = lines('outbox.jsonl');
  expect(outbox).toHaveLength(2);
  expect(outbox[0]).toMatchObject({
    key: request().key,
    kind: 'reminder',
    to: ['DE', 'secretariat'],
    recipients: ['de@board.example', 'secretariat@board.example'],
    subject: request().subject,
  });
});

test('two new keys at once both go out, once each', async () => {
  const { sendNotification } = createNotificationActivities({ dataDir, board, env: {} });
  const results = await Promise.all(
    ['a', 'b', 'a', 'b'].map((k) => sendNotification(request({ key: `k-${k}` }))),
  );
  expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'duplicate', 'sent', 'sent']);
  expect(lines('outbox.jsonl').map((l) => l.key)).toEqual(['k-a', 'k-b']);
});

test('a line cut short by a crash does not swallow the next one', async () => {
  appendFileSync(join(dataDir, 'outbox.jsonl'), '{"key":"half-writ');
  const { sendNotification } = createNotificationActivities({ dataDir, board, env: {} });
  expect((await sendNotification(request())).status).toBe('sent');
  expect((await sendNotification(request())).status).toBe('duplicate');
});

test('nobody to tell: no-recipient, nothing written', async () => {
  const { sendNotification } = createNotificationActivities({ dataDir, board, env: {} });
  expect(await sendNotification(request({ to: ['NO'] }))).toMatchObject({
    status: 'no-recipient',
    unreachable: ['NO'],
  });
});

describe('SMTP, against a real SMTP server on loopback', () => {
  let server: SMTPServer;
  let port: number;
  let received: { from: string; to: string[]; data: string }[];
  let failNext = 0;

  beforeAll(async () => {
    received = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          if (failNext > 0) {
            failNext--;
            return callback(Object.assign(new Error('451 try again later'), { responseCode: 451 }));
          }
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received = [];
  });

  const smtpEnv = () => ({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}` });

  test('delivers one mail to the seat and secretariat contacts, with a Message-ID from the key', async () => {
    const { sendNotification } = createNotificationActivities({ dataDir, board, env: smtpEnv() });
    const result = await sendNotification(request());
    expect(result).toMatchObject({ status: 'sent', transport: 'smtp' });
    expect(received).toHaveLength(1);
    expect(received[0].from).toBe('secretariat@board.example');
    expect(received[0].to).toEqual(['de@board.example', 'secretariat@board.example']);
    expect(header(received[0].data, 'Subject')).toBe(request().subject);
    expect(header(received[0].data, 'X-Notification-Key')).toBe(request().key);
    expect(header(received[0].data, 'Message-ID')).toMatch(/^<[0-9a-f]{40}@board-governance>$/);
    expect(received[0].data).toContain('The report is due in three days.');
  });

  test('a retried activity sends the mail once; the sent-log remembers it', async () => {
    const { sendNotification } = createNotificationActivities({
      dataDir,
      board,
      env: { ...smtpEnv(), NOTIFY_FROM: 'board@board.example' },
    });
    await new MockActivityEnvironment({ attempt: 1 }).run(sendNotification, request());
    expect(await new MockActivityEnvironment({ attempt: 2 }).run(sendNotification, request())).toMatchObject({
      status: 'duplicate',
    });
    expect(received).toHaveLength(1);
    expect(received[0].from).toBe('board@board.example');
    expect(lines('notifications-sent.jsonl').map((l) => l.key)).toEqual([request().key]);
  });

  test('a refused delivery throws (Temporal retries it) and is not recorded; the retry delivers once', async () => {
    const { sendNotification } = createNotificationActivities({ dataDir, board, env: smtpEnv() });
    failNext = 1;
    await expect(sendNotification(request())).rejects.toThrow(/451/);
    expect(received).toHaveLength(0);
    expect((await sendNotification(request())).status).toBe('sent');
    expect(received).toHaveLength(1);
  });
});

describe('webhook', () => {
  let server: Server;
  let url: string;
  let hits: { headers: IncomingMessage['headers']; body: any }[];
  let status = 204;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    hits = [];
    status = 204;
  });

  test('POSTs JSON with an Idempotency-Key, once per key', async () => {
    const { sendNotification } = createNotificationActivities({
      dataDir,
      board,
      env: { NOTIFY_TRANSPORT: 'webhook', NOTIFY_WEBHOOK_URL: url },
    });
    expect((await sendNotification(request())).status).toBe('sent');
    expect((await sendNotification(request())).status).toBe('duplicate');
    expect(hits).toHaveLength(1);
    expect(hits[0].headers['idempotency-key']).toBe(request().key);
    expect(hits[0].body).toMatchObject({
      key: request().key,
      recipients: ['de@board.example', 'secretariat@board.example'],
    });
  });

  test('a 4xx is a non-retryable failure, a 5xx a retryable one', async () => {
    const { sendNotification } = createNotificationActivities({
      dataDir,
      board,
      env: { NOTIFY_TRANSPORT: 'webhook', NOTIFY_WEBHOOK_URL: url },
    });
    status = 400;
    await expect(sendNotification(request())).rejects.toMatchObject({
      nonRetryable: true,
      type: 'webhook-refused',
    });
    status = 503;
    const err = (await sendNotification(request()).then(
      () => undefined,
      (e: unknown) => e,
    )) as (Error & { nonRetryable?: boolean }) | undefined;
    expect(err?.message).toMatch(/503/);
    expect(err?.nonRetryable).toBeUndefined();
  });
});

test('bad configuration names the variable', () => {
  const make = (env: Record<string, string>) => () => createNotificationActivities({ dataDir, board, env });
  expect(make({ NOTIFY_TRANSPORT: 'pigeon' })).toThrow(
    'Invalid configuration: NOTIFY_TRANSPORT must be one of outbox, smtp, webhook (got "pigeon")',
  );
  expect(make({ NOTIFY_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL is required/);
  expect(make({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'http://x' })).toThrow(
    /SMTP_URL must start with smtp:\/\/ or smtps:\/\//,
  );
  expect(make({ NOTIFY_TRANSPORT: 'webhook', NOTIFY_WEBHOOK_URL: 'not a url' })).toThrow(
    /NOTIFY_WEBHOOK_URL must be a URL/,
  );
});
