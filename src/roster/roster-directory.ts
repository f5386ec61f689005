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
import { RosterView } from './roster-view';

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

  async appoint(cmd: AppointCommand): Promise<RosterView> {
    await this.ensureStarted();
    const state = await this.handle().executeUpdate(appointUpdate, { args: [cmd] });
    return (this.cached = new RosterView(state, Date.now()));
  }

  async end(cmd: EndAppointmentCommand): Promise<RosterView> {
    const state = await this.handle().executeUpdate(endAppointmentUpdate, { args: [cmd] });
    return (this.cached = new RosterView(state, Date.now()));
  }
}
