/**
 * The API's access to the roster workflow: starts it once with the configuration's seed, reads
 * it through a cache kept fresh in the background, and sends appointments to it.
 *
 * Every request (every ballot) asks for the roster, so no request waits for the roster query: a
 * timer re-reads it every `maxAgeMs / 2` (ROSTER_CACHE_SECONDS, default 5 s), and a request takes
 * the copy in hand. Staleness bound: a change made through this API instance is seen by it at once
 * (the Update returns the new roster); another instance sees it within `maxAgeMs` while Temporal
 * answers. Should the re-reads fail, a copy up to twice that old is still used (and a re-read
 * started); an older one is not: the request then reads the roster itself, and fails if it cannot.
 * `maxAgeMs` 0: read on every request.
 */
import type { Client } from '@temporalio/client';
import {
  appointUpdate,
  endAppointmentUpdate,
  getRosterQuery,
  rosterWorkflowId,
} from '../../workflows/roster/roster.messages';
import { rosterWorkflow } from '../../workflows/roster/roster.workflow';
import type {
  AppointCommand,
  EndAppointmentCommand,
  RosterSeedPerson,
  RosterState,
} from '../../workflows/roster/roster.types';
import { updateIdFor, type IdempotencyToken } from '../api/common/idempotency';
import { idempotencyFields } from '../api/common/workflow-writes';
import { RosterView } from './roster-view';

/** The roster after a write, and the appointment the write made or ended (a replay's: the first one's). */
export interface RosterWritten {
  roster: RosterView;
  appointmentId: string;
}

export class RosterDirectory {
  private cached?: RosterView;
  private reading?: Promise<RosterView>;
  private started?: Promise<void>;
  private refresher?: NodeJS.Timeout;

  constructor(
    private readonly client: Client,
    private readonly opts: { taskQueue: string; seed: RosterSeedPerson[]; maxAgeMs: number },
  ) {}

  private handle() {
    return this.client.workflow.getHandle<typeof rosterWorkflow>(rosterWorkflowId);
  }

  /**
   * Starts the roster workflow with the seed unless it runs already (any number of API instances
   * may call this); once per process, again after a failure (Temporal unreachable at start-up).
   */
  ensureStarted(): Promise<void> {
    this.started ??= this.client.workflow
      .start(rosterWorkflow, {
        workflowId: rosterWorkflowId,
        taskQueue: this.opts.taskQueue,
        args: [{ seed: this.opts.seed }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
      .then(
        () => undefined,
        (err: unknown) => {
          this.started = undefined;
          throw err;
        },
      );
    return this.started;
  }

  /** The roster, at most `maxAgeMs` old (see the staleness bound above); never waits for a fresh copy. */
  async current(): Promise<RosterView> {
    const maxAge = this.opts.maxAgeMs;
    const age = this.cached ? Date.now() - this.cached.readAt : Infinity;
    if (maxAge > 0) this.keepFresh();
    if (age <= maxAge) return this.cached as RosterView;
    if (age <= 2 * maxAge) {
      void this.read().catch(() => undefined);
      return this.cached as RosterView;
    }
    return this.read();
  }

  /** Re-reads the roster in the background from now on, until {@link close}. */
  private keepFresh(): void {
    this.refresher ??= setInterval(
      () => void this.read().catch(() => undefined),
      Math.max(this.opts.maxAgeMs / 2, 100),
    ).unref();
  }

  /** Stops the background re-reads. */
  close(): void {
    clearInterval(this.refresher);
    this.refresher = undefined;
  }

  /** One query at a time however many ask; a copy older than the one in hand is dropped. */
  private read(): Promise<RosterView> {
    this.reading ??= this.ensureStarted()
      .then(() => this.handle().query(getRosterQuery))
      .then((state) => this.keep(state))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Keeps `state` unless the copy in hand is newer (a write answered while a query was under way). */
  private keep(state: RosterState): RosterView {
    const view = new RosterView(state, Date.now());
    if (this.cached && this.cached.state.changes.length > state.changes.length) return this.cached;
    return (this.cached = view);
  }

  /** Appoints; with an Idempotency-Key, a retry answers with the first appointment and changes nothing. */
  async appoint(cmd: AppointCommand, token?: IdempotencyToken): Promise<RosterWritten> {
    await this.ensureStarted();
    const state = await this.handle().executeUpdate(appointUpdate, {
      args: [{ ...cmd, ...idempotencyFields(token) }],
      updateId: updateIdFor('appoint', token),
    });
    const roster = this.keep(state);
    const appointmentId =
      (token && state.idempotency?.[token.keyHash]?.appointmentId) ??
      state.appointments[state.appointments.length - 1].id;
    return { roster, appointmentId };
  }

  /** Ends an appointment; with an Idempotency-Key, a retry changes nothing. */
  async end(cmd: EndAppointmentCommand, token?: IdempotencyToken): Promise<RosterWritten> {
    const state = await this.handle().executeUpdate(endAppointmentUpdate, {
      args: [{ ...cmd, ...idempotencyFields(token) }],
      updateId: updateIdFor('end-appointment', token),
    });
    return { roster: this.keep(state), appointmentId: cmd.appointmentId };
  }
}
