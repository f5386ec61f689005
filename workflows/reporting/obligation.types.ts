/**
 * The contract of a reporting obligation (DOMAIN.md, "Reporting"): what opens one, shared by the
 * API, funding awards and recurring schedules that start it.
 */

/** What opens a reporting obligation. Times are ISO 8601 UTC; spans are ISO 8601 durations. */
export interface ObligationInput {
  id: string;
  title: string;
  /** The seat that owes the report. */
  seat: string;
  dueAt: string;
  /** Reminders sent this long before the due date, e.g. ['P14D', 'P3D']. */
  remindBefore: string[];
  /** First escalation this long after the due date, e.g. 'P1D'; none when absent. */
  escalateAfter?: string;
  /** Escalation repeats this often until resolved, e.g. 'P7D'. */
  escalateEvery?: string;
  /** Who else is told of reminders and escalations: seat codes or 'secretariat'. */
  notify?: string[];
  openedBy: string;
  /** The round, request or schedule it belongs to. */
  parentId?: string;
  /** What kind of report: 'interim', 'final', 'annual', free text otherwise. */
  reportKind?: string;
  /** A workflow to tell, with {@link reportAcceptedSignal}, when the report is accepted. */
  notifyWorkflowId?: string;
}
