/**
 * Which transport notifications take, read from the worker's environment when the activities are
 * built, failing fast with a message that names the bad variable:
 * - `NOTIFY_TRANSPORT`: `outbox` (default; JSON lines in `<DATA_DIR>/outbox.jsonl`), `smtp` or `webhook`;
 * - `SMTP_URL` (smtp): e.g. `smtp://user:pass@mail.example:587` or `smtps://...`;
 * - `NOTIFY_WEBHOOK_URL` (webhook): the http(s) URL that receives a POST per notification;
 * - `NOTIFY_FROM` (smtp): the sender; default the secretariat's contact.
 */
export const notifyTransports = ['outbox', 'smtp', 'webhook'] as const;
export type NotifyTransport = (typeof notifyTransports)[number];

export type NotificationConfig =
  | { transport: 'outbox'; outboxPath: string }
  | { transport: 'smtp'; smtpUrl: string; from: string }
  | { transport: 'webhook'; webhookUrl: string };

/** Raised for a bad notification setting; the message names the variable. */
export class NotificationConfigError extends Error {
  constructor(message: string) {
    super(`Invalid configuration: ${message}`);
    this.name = 'NotificationConfigError';
  }
}

const value = (env: NodeJS.ProcessEnv, name: string) => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

function checkUrl(name: string, text: string | undefined, protocols: string[], example: string): string {
  if (text === undefined) throw new NotificationConfigError(`${name} is required (e.g. ${example})`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NotificationConfigError(`${name} must be a URL such as ${example}`);
  }
  if (!protocols.includes(url.protocol))
    throw new NotificationConfigError(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
  return text;
}

/** Reads the notification settings; `outboxPath` is `<dataDir>/outbox.jsonl`. */
export function loadNotificationConfig(
  env: NodeJS.ProcessEnv,
  outboxPath: string,
  defaultFrom: string,
): NotificationConfig {
  const transport = value(env, 'NOTIFY_TRANSPORT') ?? 'outbox';
  switch (transport) {
    case 'outbox':
      return { transport, outboxPath };
    case 'smtp':
      return {
        transport,
        smtpUrl: checkUrl('SMTP_URL', value(env, 'SMTP_URL'), ['smtp:', 'smtps:'], 'smtp://mail.example:587'),
        from: value(env, 'NOTIFY_FROM') ?? defaultFrom,
      };
    case 'webhook':
      return {
        transport,
        webhookUrl: checkUrl(
          'NOTIFY_WEBHOOK_URL',
          value(env, 'NOTIFY_WEBHOOK_URL'),
          ['http:', 'https:'],
          'https://hooks.example/board',
        ),
      };
    default:
      throw new NotificationConfigError(
        `NOTIFY_TRANSPORT must be one of ${notifyTransports.join(', ')} (got ${JSON.stringify(transport)})`,
      );
  }
}
