/**
 * The API's access to the roster workflow: starts it once with the configuration's seed, reads
 * it through a short cache, and sends appointments to it.
 *
 * Staleness bound: a snapshot is reused for at most `maxAgeMs` (ROSTER_CACHE_SECONDS, default 5 s).
 * A change made through this API instance is seen by it at once (the Update returns the new
 * roster); another instance sees it within the bound. So an appointment ended on one instance
 * may still be honoured by another for at most that long.
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

  /** The roster, at most `maxAgeMs` old; one query at a time however many requests wait. */
  async current(): Promise<RosterView> {
    const now = Date.now();
    if (this.cached && now - this.cached.readAt <= this.opts.maxAgeMs) return this.cached;
    this.reading ??= this.ensureStarted()
      .then(() => this.handle().query(getRosterQuery))
      .then((state) => (this.cached = new RosterView(state, Date.now())))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Appoints; with an Idempotency-Key, a retry answers with the first appointment and changes nothing. */
  async appoint(cmd: AppointCommand, token?: IdempotencyToken): Promise<RosterWritten> {
    await this.ensureStarted();
    const state = await this.handle().executeUpdate(appointUpdate, {
      args: [{ ...cmd, ...idempotencyFields(token) }],
      updateId: updateIdFor('appoint', token),
    });
    const roster = (this.cached = new RosterView(state, Date.now()));
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
    return { roster: (this.cached = new RosterView(state, Date.now())), appointmentId: cmd.appointmentId };
  }
}
