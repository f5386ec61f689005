/**
 * What a workflow asks the one notification activity to send (activities/notifications). Shared by
 * every process that notifies and by the activity, so neither imports it from another domain.
 */
export interface NotificationRequest {
  /** Stable per notification: the activity never sends the same key twice. */
  key: string;
  /** `reminder`, `escalation`, ... */
  kind: string;
  /** Seat codes or `secretariat`; the activity finds their contacts in the board configuration. */
  to: string[];
  subject: string;
  text: string;
  /** What it is about, for the receiving end. */
  ref: { kind: string; id: string };
}
