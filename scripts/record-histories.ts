/**
 * Records the workflow histories that tests/workflows/replay.test.ts replays against the current
 * code. Run `npm run histories:record` after adding a workflow or a state worth keeping, NOT after
 * changing a workflow: the point of the fixtures is that old histories must still replay.
 * Each scenario leaves its workflow in an interesting state (open with ballots, closed early,
 * extended, withdrawn ...); running workflows are recorded as they stand.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../activities';
import { loadBoard } from '../src/board/board-config';
import { loadAppConfig } from '../src/config/env';
import { startEmbeddedRecordServer } from '../src/record/embedded-record-server';
import { connectRecord } from '../src/record/record-connection';
import { RecordRepository } from '../src/record/record-repository';
import { resolveTestServer } from '../src/temporal/binaries';
import {
  addOpinionUpdate,
  castBallotUpdate,
  declineOpinionUpdate,
  extendDecisionUpdate,
  getDecisionQuery,
  respondToOpinionUpdate,
  withdrawDecisionUpdate,
} from '../workflows/decision/decision.messages';
import type { DecisionInput } from '../workflows/decision/decision.types';
import { decisionWorkflow } from '../workflows/decision/decision.workflow';
import {
  extendObligationUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  waiveObligationUpdate,
} from '../workflows/reporting/obligation.messages';
import type { ObligationInput } from '../workflows/reporting/obligation.types';
import { reportingObligationWorkflow } from '../workflows/reporting/obligation.workflow';
import { reportingRoundWorkflow } from '../workflows/reporting/reporting-round.workflow';
import {
  amendFundingRequestUpdate,
  extendSubmissionUpdate,
  getFundingRequestQuery,
  getFundingRoundQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
  withdrawFundingRequestUpdate,
} from '../workflows/funding/funding.messages';
import { fundingRoundWorkflow } from '../workflows/funding/funding-round.workflow';
import {
  editDraftUpdate,
  getPriorityCycleQuery,
  proposeAdHocActionUpdate,
  submitDraftUpdate,
  submitProposalUpdate,
  submitRankingUpdate,
  withdrawProposalUpdate,
} from '../workflows/priorities/priority-cycle.messages';
import type { PriorityCycleState } from '../workflows/priorities/priority-cycle.types';
import { prioritySeriesWorkflow } from '../workflows/priorities/priority-series.workflow';
import { appointUpdate, endAppointmentUpdate } from '../workflows/roster/roster.messages';
import { rosterWorkflow } from '../workflows/roster/roster.workflow';
import {
  addSessionOpinionUpdate,
  agreeActionUpdate,
  answerInvitationUpdate,
  cancelMeetingUpdate,
  castSessionBallotUpdate,
  changeAgendaUpdate,
  closeMeetingUpdate,
  closeVoteUpdate,
  deferItemUpdate,
  editMinutesUpdate,
  moveMeetingUpdate,
  openMeetingUpdate,
  openVoteUpdate,
  recordAttendanceUpdate,
  takeItemUpdate,
} from '../workflows/meetings/meeting.messages';
import type { MeetingInput } from '../workflows/meetings/meeting.types';
import { meetingWorkflow } from '../workflows/meetings/meeting.workflow';
import { allSearchAttributeKeys } from '../workflows/search-attributes';

const DAY = 86_400_000;
const out = join(__dirname, '..', 'tests', 'fixtures', 'histories');
const seats = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK'];

type Handle = Awaited<ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>>;

async function main(): Promise<void> {
  const path = await resolveTestServer({ install: true, sdkDownloadFallback: true });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: path ? { type: 'existing-path', path } : undefined },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributeKeys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type) as number]),
    ),
  });
  const taskQueue = 'record-histories';
  // The real activities, with notifications going to an outbox in a throw-away folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'record-histories-'));
  const board = loadBoard(loadAppConfig({}).boardConfigPath);
  const recordServer = await startEmbeddedRecordServer({ dataDir });
  const recordDb = await connectRecord(recordServer.url);
  const record = new RecordRepository(recordDb);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ dataDir, board, env: {}, record }),
  });
  mkdirSync(out, { recursive: true });

  const open = async (name: string, overrides: Partial<DecisionInput>): Promise<Handle> => {
    const now = Number(await env.currentTimeMs());
    const input: DecisionInput = {
      id: `dec-${name}`,
      title: `Fixture: ${name}`,
      text: 'Recorded for replay tests.',
      rule: 'absolute',
      quorum: null,
      objectionThreshold: 1,
      closesAt: new Date(now + 14 * DAY).toISOString(),
      electorate: seats,
      recused: [],
      closeEarly: true,
      openedBy: 'secretariat',
      ...overrides,
    };
    return env.client.workflow.start(decisionWorkflow, { workflowId: input.id, taskQueue, args: [input] });
  };
  const vote = (
    h: Handle,
    seat: string,
    choice: 'yes' | 'no' | 'abstain' | 'object',
    by = `${seat}-member`,
  ) => h.executeUpdate(castBallotUpdate, { args: [{ seat, choice, by }] });
  const save = async (name: string, h: Pick<Handle, 'fetchHistory'>, type = 'decisionWorkflow') => {
    const history = await h.fetchHistory();
    // Temporal's JSON form of a history, the one `temporal workflow show --output json` writes.
    writeFileSync(
      join(out, `${type}-${name}.json`),
      JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n',
    );
    console.log(`recorded ${type}-${name} (${history.events?.length} events)`);
  };
  const oblige = async (name: string, overrides: Partial<ObligationInput>) => {
    const now = Number(await env.currentTimeMs());
    const input: ObligationInput = {
      id: `rob-${name}`,
      title: `Fixture: ${name}`,
      seat: 'AT',
      dueAt: new Date(now + 30 * DAY).toISOString(),
      remindBefore: ['P14D', 'P3D'],
      escalateAfter: 'P1D',
      escalateEvery: 'P7D',
      notify: ['secretariat'],
      openedBy: 'secretariat',
      ...overrides,
    };
    return env.client.workflow.start(reportingObligationWorkflow, {
      workflowId: input.id,
      taskQueue,
      args: [input],
    });
  };

  await worker.runUntil(async () => {
    // `npm run histories:record -- --calls-only` records only the fixtures of calls reaching the seats.
    if (process.argv.includes('--calls-only')) {
      await recordCallsReachSeats(env, taskQueue, save);
      return;
    }
    // `npm run histories:record -- --opinions-only` records only the opinion-rights fixtures.
    if (process.argv.includes('--opinions-only')) {
      await recordOpinionRights(open, vote, save);
      return;
    }
    // `npm run histories:record -- --late-responses-only` records only the response after the close.
    if (process.argv.includes('--late-responses-only')) {
      await recordLateResponse(env, open, save);
      return;
    }
    // `npm run histories:record -- --meetings-only` records only the meetings' fixtures.
    if (process.argv.includes('--meetings-only') || process.argv.includes('--meeting-observers-only')) {
      await recordMeetings(env, taskQueue, save);
      return;
    }
    await recordRoster(env, taskQueue, save);
    // `npm run histories:record -- --roster-only` records only the roster's fixture.
    if (process.argv.includes('--roster-only')) return;
    await recordPriorityCycles(env, taskQueue, record, save, vote);
    // `npm run histories:record -- --priorities-only` records only the priority-cycle fixtures.
    if (process.argv.includes('--priorities-only')) return;
    const scenarios: [string, (name: string) => Promise<Handle>][] = [
      [
        'open-with-changed-ballot-and-opinion',
        async (name) => {
          const h = await open(name, {
            rule: 'simple',
            quorum: 0.5,
            recused: ['DK'],
            electorate: seats.slice(0, 6),
          });
          await vote(h, 'AT', 'no');
          await vote(h, 'AT', 'yes', 'AT-alternate');
          await h.executeUpdate(addOpinionUpdate, {
            args: [{ seat: 'NO', text: 'Norway agrees.', by: 'nils' }],
          });
          return h;
        },
      ],
      [
        'adopted-early',
        async (name) => {
          const h = await open(name, {});
          for (const seat of seats.slice(0, 4)) await vote(h, seat, 'yes');
          await h.result();
          return h;
        },
      ],
      [
        'extended-then-failed-quorum',
        async (name) => {
          const h = await open(name, { rule: 'two-thirds', quorum: 0.9 });
          await vote(h, 'BE', 'abstain');
          const later = new Date(Number(await env.currentTimeMs()) + 20 * DAY).toISOString();
          await h.executeUpdate(extendDecisionUpdate, {
            args: [{ closesAt: later, reason: 'more time', by: 'sec' }],
          });
          await h.result();
          return h;
        },
      ],
      [
        'withdrawn',
        async (name) => {
          const h = await open(name, { rule: 'unanimity' });
          await vote(h, 'BG', 'yes');
          await h.executeUpdate(withdrawDecisionUpdate, { args: [{ reason: 'superseded', by: 'sec' }] });
          await h.result();
          return h;
        },
      ],
      [
        'silence-objected',
        async (name) => {
          const h = await open(name, { rule: 'silence' });
          await vote(h, 'CY', 'yes');
          await vote(h, 'CZ', 'object');
          await h.result();
          return h;
        },
      ],
    ];
    // The pre-notification decision fixtures (no prefix) stay as recorded: they prove that
    // patched('decision-notifications') keeps runs from before it replayable.
    for (const [name, run] of scenarios) await save(`notifying-${name}`, await run(name));

    const obligations: [string, (name: string) => Promise<Handle>][] = [
      [
        'reminded-overdue-escalated-then-accepted',
        async (name) => {
          const h = await oblige(name, {});
          await env.sleep(40 * DAY); // two reminders, overdue, escalations at +1D and +8D
          await h.executeUpdate(submitReportUpdate, {
            args: [{ seat: 'AT', by: 'at-member', summary: 'Late' }],
          });
          await h.executeUpdate(reviewReportUpdate, { args: [{ accepted: true, comment: 'ok', by: 'sec' }] });
          await h.result();
          return h as unknown as Handle;
        },
      ],
      [
        'rejected-extended-then-waived',
        async (name) => {
          const h = await oblige(name, { remindBefore: ['P3D'] });
          await h.executeUpdate(submitReportUpdate, {
            args: [{ seat: 'AT', by: 'at-member', summary: 'Draft' }],
          });
          const now = Number(await env.currentTimeMs());
          await h.executeUpdate(reviewReportUpdate, {
            args: [
              {
                accepted: false,
                comment: 'incomplete',
                by: 'sec',
                newDueAt: new Date(now + 20 * DAY).toISOString(),
              },
            ],
          });
          await env.sleep(18 * DAY); // the reminder of the new due date
          await h.executeUpdate(extendObligationUpdate, {
            args: [{ dueAt: new Date(now + 40 * DAY).toISOString(), reason: 'more time', by: 'sec' }],
          });
          await h.executeUpdate(waiveObligationUpdate, { args: [{ reason: 'no longer needed', by: 'sec' }] });
          await h.result();
          return h as unknown as Handle;
        },
      ],
      [
        'pending-with-reminder',
        async (name) => {
          const h = await oblige(name, {});
          await env.sleep(17 * DAY);
          return h as unknown as Handle;
        },
      ],
    ];
    for (const [name, run] of obligations) await save(name, await run(name), 'reportingObligationWorkflow');

    const round = await env.client.workflow.start(reportingRoundWorkflow, {
      workflowId: 'rsc-fixture-2027-03-31T00:00:00Z',
      taskQueue,
      args: [
        {
          scheduleId: 'rsc-fixture',
          title: 'Fixture: annual report',
          seats: seats.slice(0, 3),
          dueIn: 'P30D',
          remindBefore: ['P14D'],
          escalateAfter: 'P1D',
          openedBy: 'secretariat',
          scheduledAt: '2027-03-31T00:00:00.000Z',
        },
      ],
    });
    await round.result();
    await save('three-seats', round, 'reportingRoundWorkflow');

    // A funding round: submissions, an amendment, an extension, a withdrawal, the close with an
    // ineligible request, a rejected allocation, an adopted one; awards paid and reporting opened;
    // one award's interim report accepted, releasing its second tranche.
    const start = Number(await env.currentTimeMs());
    const funding = await env.client.workflow.start(fundingRoundWorkflow, {
      workflowId: 'fr-fixture',
      taskQueue,
      args: [
        {
          id: 'fr-fixture',
          title: 'Fixture: ILO activities',
          envelopeCents: 1_000_000,
          closesAt: new Date(start + 30 * DAY).toISOString(),
          maxRequestCents: 600_000,
          priorities: ['migrant-smuggling', 'return-and-readmission'],
          decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
          reporting: {
            interimDueIn: 'P6M',
            finalDueIn: 'P12M',
            remindBefore: ['P14D'],
            escalateAfter: 'P1D',
          },
          firstTranchePercent: 60,
          electorate: seats,
          memberStateSeats: seats,
          recuseRequestingSeat: true,
          openedBy: 'secretariat',
        },
      ],
    });
    const submitted = [];
    for (const [seat, amountCents, priority] of [
      ['AT', 500_000, 'migrant-smuggling'],
      ['BE', 400_000, 'return-and-readmission'],
      ['BG', 700_000, 'migrant-smuggling'],
      ['HR', 100_000, 'migrant-smuggling'],
    ] as const) {
      submitted.push(
        await funding.executeUpdate(submitFundingRequestUpdate, {
          args: [
            {
              seat,
              title: `${seat} network`,
              amountCents,
              priority,
              description: 'Fixture',
              by: `${seat}-member`,
            },
          ],
        }),
      );
    }
    const [at, be, , hr] = submitted;
    await funding.executeUpdate(amendFundingRequestUpdate, {
      args: [{ requestId: be.id, seat: 'BE', amountCents: 450_000, by: 'BE-alternate' }],
    });
    await funding.executeUpdate(withdrawFundingRequestUpdate, {
      args: [{ requestId: hr.id, seat: 'HR', reason: 'no longer needed', by: 'HR-member' }],
    });
    await funding.executeUpdate(extendSubmissionUpdate, {
      args: [{ closesAt: new Date(start + 35 * DAY).toISOString(), reason: 'more time', by: 'sec' }],
    });
    await env.sleep(36 * DAY);
    const attempt = async (choice: 'yes' | 'no') => {
      const state = await funding.executeUpdate(proposeAllocationUpdate, {
        args: [
          {
            awards: [
              { requestId: at.id, amountCents: 500_000 },
              { requestId: be.id, amountCents: 450_000 },
            ],
            by: 'sec',
          },
        ],
      });
      const decision = env.client.workflow.getHandle(state.decisionId as string);
      for (const seat of seats.slice(0, 4)) await vote(decision as Handle, seat, choice);
      await decision.result();
    };
    await attempt('no');
    for (let i = 0; i < 100 && (await funding.query(getFundingRoundQuery)).status !== 'assessing'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await attempt('yes');
    await funding.result();
    await save('rejected-then-adopted', funding, 'fundingRoundWorkflow');
    await save('withdrawn', env.client.workflow.getHandle(hr.id), 'fundingRequestWorkflow');
    const interim = env.client.workflow.getHandle(`rob-${at.id}-interim`);
    await env.sleep(170 * DAY);
    await interim.executeUpdate(submitReportUpdate, {
      args: [{ seat: 'AT', by: 'at-member', summary: 'Interim' }],
    });
    await interim.executeUpdate(reviewReportUpdate, { args: [{ accepted: true, comment: 'ok', by: 'sec' }] });
    await interim.result();
    for (let i = 0; i < 100; i++) {
      const request = env.client.workflow.getHandle(at.id);
      const state = await request.query(getFundingRequestQuery);
      if (state.payments.heldBackCents === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await save(
      'awarded-interim-accepted-second-tranche-paid',
      env.client.workflow.getHandle(at.id),
      'fundingRequestWorkflow',
    );
    // BE's interim report never comes: the secretariat waives it, which releases BE's second
    // tranche too (the obligation tells its request of the waiver).
    const beInterim = env.client.workflow.getHandle(`rob-${be.id}-interim`);
    await beInterim.executeUpdate(waiveObligationUpdate, {
      args: [{ reason: 'reported with the network', by: 'sec' }],
    });
    await beInterim.result();
    for (let i = 0; i < 100; i++) {
      const state = await env.client.workflow.getHandle(be.id).query(getFundingRequestQuery);
      if (state.payments.heldBackCents === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await save('interim-waived-notifying-its-request', beInterim, 'reportingObligationWorkflow');
    await save(
      'awarded-interim-waived-second-tranche-paid',
      env.client.workflow.getHandle(be.id),
      'fundingRequestWorkflow',
    );
    await save('rejected-then-adopted-closed-requests-ended-first', funding, 'fundingRoundWorkflow');
  });
  await env.teardown();
  await recordDb.destroy();
  await recordServer.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Meetings: one convened months ahead, moved, answered, held (attendance, ballots from devices and
 * a roll call, an opinion, an item deferred to written procedure, an action agreed) and closed
 * with its draft minutes edited, left awaiting approval; one cancelled.
 */
async function recordMeetings(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
): Promise<void> {
  const t = Number(await env.currentTimeMs());
  const iso = (ms: number) => new Date(ms).toISOString();
  const holders = [
    { seat: 'AT', member: 'anna-schmidt', alternate: 'karl-weber' },
    { seat: 'BE', member: 'bart-peeters', alternate: 'berta-janssens' },
    { seat: 'COM1', member: 'claire-dubois', alternate: null },
    { seat: 'IS', member: 'inga-jonsdottir', alternate: null },
  ];
  const input = (id: string, startsAt: number): MeetingInput => ({
    id,
    title: `Fixture: ${id}`,
    startsAt: iso(startsAt),
    endsAt: iso(startsAt + 6 * 3_600_000),
    place: 'Brussels',
    onlineLink: 'https://meet.example/board',
    agenda: [
      { title: 'Adoption of the agenda', kind: 'information' },
      { title: 'Ad hoc action', kind: 'decision', text: 'The Board agrees the action.' },
      { title: 'Budget line', kind: 'decision', recused: ['BE'] },
    ],
    board: {
      seats: [
        { code: 'AT', name: 'Austria', kind: 'member-state', voting: true },
        { code: 'BE', name: 'Belgium', kind: 'member-state', voting: true },
        { code: 'COM1', name: 'Commission', kind: 'commission', voting: true },
        { code: 'IS', name: 'Iceland', kind: 'schengen-associated', voting: false },
      ],
      chair: 'COM1',
      defaults: { rule: 'simple', quorum: null },
      agendaFreezeDays: 10,
      attendanceQuorum: 0.5,
    },
    holders,
    convenedBy: 'sofia-marin',
  });
  // An observer invited for an item by an agenda change is told on its own, and answers.
  const base = input('mtg-fixture-observer', t + 60 * DAY);
  const observer = await env.client.workflow.start(meetingWorkflow, {
    workflowId: 'mtg-fixture-observer',
    taskQueue,
    args: [
      {
        ...base,
        board: {
          ...base.board,
          seats: [...base.board.seats, { code: 'UNHCR', name: 'UNHCR', kind: 'observer', voting: false }],
        },
      },
    ],
  });
  await observer.executeUpdate(changeAgendaUpdate, {
    args: [
      {
        by: 'sofia-marin',
        items: base.agenda.map((item, i) => ({ ...item, n: i + 1, observers: i === 1 ? ['UNHCR'] : [] })),
      },
    ],
  });
  await observer.executeUpdate(answerInvitationUpdate, {
    args: [{ by: 'ulla-observer', seat: 'UNHCR', answer: 'online' }],
  });
  await env.sleep('1 minute');
  await save('observer-invited-by-agenda-change', observer, 'meetingWorkflow');
  // `npm run histories:record -- --meeting-observers-only` records only this one.
  if (process.argv.includes('--meeting-observers-only')) return;

  const held = await env.client.workflow.start(meetingWorkflow, {
    workflowId: 'mtg-fixture-held',
    taskQueue,
    args: [input('mtg-fixture-held', t + 90 * DAY)],
  });
  await held.executeUpdate(answerInvitationUpdate, {
    args: [{ by: 'anna-schmidt', seat: 'AT', answer: 'in-person' }],
  });
  const moved = t + 97 * DAY;
  await held.executeUpdate(moveMeetingUpdate, {
    args: [{ by: 'sofia-marin', startsAt: iso(moved), endsAt: iso(moved + 6 * 3_600_000), reason: 'room' }],
  });
  await held.executeUpdate(answerInvitationUpdate, {
    args: [{ by: 'berta-janssens', seat: 'BE', answer: 'alternate' }],
  });
  await env.sleep(`${moved - Number(await env.currentTimeMs())}ms`);
  await held.executeUpdate(openMeetingUpdate, { args: [{ by: 'sofia-marin' }] });
  await held.executeUpdate(recordAttendanceUpdate, {
    args: [
      {
        by: 'sofia-marin',
        holders,
        present: [
          { seat: 'AT', personId: 'anna-schmidt', capacity: 'member', mode: 'in-person' },
          { seat: 'BE', personId: 'berta-janssens', capacity: 'alternate', mode: 'online' },
          { seat: 'COM1', personId: 'claire-dubois', capacity: 'member', mode: 'in-person' },
          { seat: 'IS', personId: 'inga-jonsdottir', capacity: 'member', mode: 'online' },
        ],
      },
    ],
  });
  await held.executeUpdate(takeItemUpdate, { args: [{ by: 'sofia-marin', item: 1, note: 'Adopted.' }] });
  await held.executeUpdate(openVoteUpdate, { args: [{ by: 'sofia-marin', item: 2 }] });
  await held.executeUpdate(castSessionBallotUpdate, {
    args: [{ by: 'anna-schmidt', item: 2, seat: 'AT', castBy: 'anna-schmidt', choice: 'yes', via: 'device' }],
  });
  await held.executeUpdate(castSessionBallotUpdate, {
    args: [
      { by: 'sofia-marin', item: 2, seat: 'BE', castBy: 'berta-janssens', choice: 'no', via: 'roll-call' },
    ],
  });
  await held.executeUpdate(addSessionOpinionUpdate, {
    args: [{ by: 'inga-jonsdottir', item: 2, seat: 'IS', text: 'Iceland supports it.' }],
  });
  await held.executeUpdate(closeVoteUpdate, { args: [{ by: 'sofia-marin', item: 2 }] });
  await held.executeUpdate(deferItemUpdate, {
    args: [{ by: 'sofia-marin', item: 3, reason: 'papers late', closesAt: iso(moved + 14 * DAY) }],
  });
  await held.executeUpdate(agreeActionUpdate, {
    args: [
      {
        by: 'sofia-marin',
        text: 'Circulate slides',
        ownerSeat: 'COM1',
        dueAt: iso(moved + 7 * DAY),
        followUp: 'pending-action',
      },
    ],
  });
  await held.executeUpdate(closeMeetingUpdate, { args: [{ by: 'sofia-marin' }] });
  await held.executeUpdate(editMinutesUpdate, { args: [{ by: 'sofia-marin', text: 'Edited minutes.' }] });
  await save('moved-held-closed-minutes-draft', held, 'meetingWorkflow');

  const cancelled = await env.client.workflow.start(meetingWorkflow, {
    workflowId: 'mtg-fixture-cancelled',
    taskQueue,
    args: [input('mtg-fixture-cancelled', Number(await env.currentTimeMs()) + 30 * DAY)],
  });
  await cancelled.executeUpdate(cancelMeetingUpdate, {
    args: [{ by: 'sofia-marin', reason: 'no quorum expected' }],
  });
  await cancelled.result();
  await save('cancelled', cancelled, 'meetingWorkflow');
}

/** The roster: seeded (one past appointment), an alternate appointed, a member's appointment ended. */
async function recordRoster(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
): Promise<void> {
  const t = Number(await env.currentTimeMs());
  const roster = await env.client.workflow.start(rosterWorkflow, {
    workflowId: 'roster-fixture',
    taskQueue,
    args: [
      {
        seed: [
          { name: 'Sofia Marin', email: 'sofia@example.org', appointments: [{ role: 'secretariat' }] },
          { name: 'Anna Schmidt', email: 'anna@example.org', appointments: [{ role: 'member', seat: 'AT' }] },
          {
            name: 'Karl Weber',
            email: 'karl@example.org',
            appointments: [
              {
                role: 'member',
                seat: 'AT',
                capacity: 'alternate',
                from: new Date(t - 100 * DAY).toISOString(),
                until: new Date(t - DAY).toISOString(),
                endReason: 'moved',
              },
            ],
          },
        ],
      },
    ],
  });
  await roster.executeUpdate(appointUpdate, {
    args: [
      {
        person: { name: 'Bernd Keller', email: 'bernd@example.org' },
        role: 'member',
        seat: 'AT',
        capacity: 'alternate',
        by: 'sofia-marin',
      },
    ],
  });
  await roster.executeUpdate(endAppointmentUpdate, {
    args: [{ appointmentId: 'a-2', reason: 'left the ministry', by: 'sofia-marin' }],
  });
  await save('seeded-appointed-ended', roster, 'rosterWorkflow');
}

/**
 * A series and its first cycle: the cycle's preparation (proposals, a withdrawal, rankings, a
 * rejected draft, an edit, an adopted one) is its first run; its second run holds the adopted
 * programme and an ad hoc action.
 */
async function recordPriorityCycles(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  record: RecordRepository,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
  vote: (h: Handle, seat: string, choice: 'yes' | 'no') => Promise<unknown>,
): Promise<void> {
  const t = Number(await env.currentTimeMs());
  const year = new Date(t + 120 * DAY).getUTCFullYear() + 1;
  const id = 'pc-fixture';
  const series = await env.client.workflow.start(prioritySeriesWorkflow, {
    workflowId: 'pcs-fixture',
    taskQueue,
    args: [
      {
        first: {
          id,
          seriesId: id,
          sequence: 1,
          previousCycleId: null,
          title: `Fixture: work programme ${year}-${year + 1}`,
          periodStart: `${year}-01-01`,
          periodEnd: `${year + 1}-12-31`,
          proposalsCloseAt: new Date(t + 30 * DAY).toISOString(),
          rankingCloseAt: new Date(t + 60 * DAY).toISOString(),
          decision: { rule: 'absolute', quorum: null, votingIn: 'P14D' },
          topN: 2,
          themes: ['migrant-smuggling', 'border-management', 'capacity-building'],
          nextCycleOpensBefore: 'P6M',
          electorate: seats,
          seats: [...seats, 'NO'],
          openedBy: 'secretariat',
        },
      },
    ],
  });
  const cycle = env.client.workflow.getHandle(id);
  // Read from the record the cycle projects, not by query: a query that the test server holds back
  // while the cycle continues as new (on adoption) loses its clock's lock, and time stops skipping.
  const state = async (done: (s: PriorityCycleState) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const s = (await record.get('priority-cycle', id))?.state as PriorityCycleState | undefined;
      if (s && done(s)) return s;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the fixture cycle never reached the state');
  };
  const after = async (iso: string) =>
    env.sleep(Date.parse(iso) - Number(await env.currentTimeMs()) + 60_000);
  const opened = await state((s) => s.status === 'proposals');
  const propose = (seat: string, title: string, theme: string) =>
    cycle.executeUpdate(submitProposalUpdate, { args: [{ seat, title, theme, by: `${seat}-member` }] });
  const p1 = await propose('AT', 'Balkan route', 'migrant-smuggling');
  const p2 = await propose('NO', 'Sahel borders', 'border-management');
  const p3 = await propose('BE', 'Training', 'capacity-building');
  await cycle.executeUpdate(withdrawProposalUpdate, {
    args: [{ proposalId: p3.id, seat: 'BE', reason: 'merged', by: 'BE-member' }],
  });
  await after(opened.proposalsCloseAt);
  await state((s) => s.status === 'ranking');
  for (const [seat, ranking] of [
    ['AT', [p1.id, p2.id]],
    ['BE', [p2.id]],
    ['BG', [p2.id, p1.id]],
  ] as const) {
    await cycle.executeUpdate(submitRankingUpdate, {
      args: [{ seat, ranking: [...ranking], by: `${seat}-member` }],
    });
  }
  await after(opened.rankingCloseAt);
  await state((s) => s.status === 'drafting');
  const attempt = async (choice: 'yes' | 'no') => {
    const s = await cycle.executeUpdate(submitDraftUpdate, { args: [{ by: 'secretariat' }] });
    const decision = env.client.workflow.getHandle(s.decisionId as string) as Handle;
    for (const seat of seats.slice(0, 4)) await vote(decision, seat, choice);
    await decision.result();
  };
  await attempt('no');
  await state((s) => s.status === 'drafting' && s.attempts.length === 1 && s.attempts[0].outcome !== null);
  await cycle.executeUpdate(editDraftUpdate, {
    args: [
      {
        items: [{ proposalId: p2.id }, { title: 'Joint return flights', theme: 'migrant-smuggling' }],
        by: 'sec',
      },
    ],
  });
  await attempt('yes');
  await state((s) => s.status === 'adopted');
  const firstRun = (await cycle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes
    ?.continuedExecutionRunId;
  if (firstRun)
    await save(
      'prepared-rejected-then-adopted',
      env.client.workflow.getHandle(id, firstRun),
      'priorityCycleWorkflow',
    );
  // Ad hoc actions are taken once the programme is adopted; the second run is recorded as it stands.
  const action = await cycle.executeUpdate(proposeAdHocActionUpdate, {
    args: [{ title: 'Belarus route', theme: 'border-management', reason: 'emerging need', by: 'sec' }],
  });
  const decision = env.client.workflow.getHandle(action.decisionId) as Handle;
  for (const seat of seats.slice(0, 4)) await vote(decision, seat, 'yes');
  await decision.result();
  await state((s) => s.adHocActions[0]?.outcome === 'adopted');
  await save('adopted-with-ad-hoc-action', cycle, 'priorityCycleWorkflow');
  await save('one-cycle-open', series, 'prioritySeriesWorkflow');
  // The cycle first (a cycle whose parent has closed stalls the test server's clock), then the series.
  await cycle.terminate('fixture recorded');
  await series.terminate('fixture recorded');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Decisions with the seats without a vote in them (patched 'decision-opinion-rights'): one where
 * an opinion, a decline and the secretariat's response let it close early, and a written
 * procedure still running with its seats awaited.
 */
async function recordOpinionRights(
  open: (name: string, overrides: Partial<DecisionInput>) => Promise<Handle>,
  vote: (
    h: Handle,
    seat: string,
    choice: 'yes' | 'no' | 'abstain' | 'object',
    by?: string,
  ) => Promise<unknown>,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
): Promise<void> {
  const opinionSeats = ['NO', 'IS'];
  const early = await open('opinions-declined-answered-closed-early', { opinionSeats, chair: 'AT' });
  for (const seat of seats.slice(0, 4)) await vote(early, seat, 'yes');
  await early.executeUpdate(addOpinionUpdate, { args: [{ seat: 'NO', text: 'Norway agrees.', by: 'nils' }] });
  await early.executeUpdate(declineOpinionUpdate, { args: [{ seat: 'IS', by: 'inga' }] });
  await early.executeUpdate(respondToOpinionUpdate, { args: [{ n: 1, text: 'Noted.', by: 'sofia' }] });
  await early.result();
  await save('opinions-declined-answered-closed-early', early);

  const silence = await open('opinions-written-procedure-open', { rule: 'silence', opinionSeats });
  await vote(silence, 'AT', 'yes');
  await silence.executeUpdate(declineOpinionUpdate, { args: [{ seat: 'NO', by: 'nils' }] });
  await save('opinions-written-procedure-open', silence);
}

/**
 * A round and a cycle with the notices and pending lists of Article 7 (patched
 * 'round-call-reaches-seats' and 'cycle-windows-notices'): the round's call open with one request
 * then its package put to the Board (the requesting seat recused, the opinion seats awaited), and
 * a cycle in its ranking window.
 */
async function recordCallsReachSeats(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
): Promise<void> {
  const t = Number(await env.currentTimeMs());
  const round = await env.client.workflow.start(fundingRoundWorkflow, {
    workflowId: 'fr-fixture-calls',
    taskQueue,
    args: [
      {
        id: 'fr-fixture-calls',
        title: 'Fixture: call reaching the member states',
        envelopeCents: 1_000_000,
        closesAt: new Date(t + 30 * DAY).toISOString(),
        maxRequestCents: 600_000,
        priorities: ['migrant-smuggling'],
        decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
        reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'] },
        firstTranchePercent: 60,
        electorate: seats,
        memberStateSeats: seats,
        recuseRequestingSeat: true,
        opinionSeats: ['NO'],
        chair: 'AT',
        openedBy: 'secretariat',
      },
    ],
  });
  const request = await round.executeUpdate(submitFundingRequestUpdate, {
    args: [
      {
        seat: 'BE',
        title: 'Network',
        amountCents: 500_000,
        priority: 'migrant-smuggling',
        description: 'x',
        by: 'be',
      },
    ],
  });
  await env.sleep(30 * DAY + 60_000);
  for (let i = 0; i < 200; i++) {
    if ((await round.query(getFundingRoundQuery)).status === 'assessing') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await round.executeUpdate(proposeAllocationUpdate, {
    args: [{ awards: [{ requestId: request.id, amountCents: 500_000 }], by: 'secretariat' }],
  });
  await save('call-open-then-package-with-recusal', round, 'fundingRoundWorkflow');

  const year = new Date(t + 120 * DAY).getUTCFullYear() + 2;
  const id = 'pc-fixture-calls';
  await env.client.workflow.start(prioritySeriesWorkflow, {
    workflowId: 'pcs-fixture-calls',
    taskQueue,
    args: [
      {
        first: {
          id,
          seriesId: id,
          sequence: 1,
          previousCycleId: null,
          title: `Fixture: work programme ${year}-${year + 1}`,
          periodStart: `${year}-01-01`,
          periodEnd: `${year + 1}-12-31`,
          proposalsCloseAt: new Date(Number(await env.currentTimeMs()) + 10 * DAY).toISOString(),
          rankingCloseAt: new Date(Number(await env.currentTimeMs()) + 40 * DAY).toISOString(),
          decision: { rule: 'absolute', quorum: null, votingIn: 'P14D' },
          topN: 2,
          themes: ['migrant-smuggling'],
          nextCycleOpensBefore: null,
          electorate: seats,
          seats: [...seats, 'NO'],
          opinionSeats: ['NO'],
          chair: 'AT',
          openedBy: 'secretariat',
        },
      },
    ],
  });
  const cycle = env.client.workflow.getHandle(id);
  // The series starts the cycle as its child: wait until it answers.
  for (let i = 0; i < 200; i++) {
    if (await cycle.query(getPriorityCycleQuery).catch(() => undefined)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cycle.executeUpdate(submitProposalUpdate, {
    args: [{ seat: 'AT', title: 'Balkan route', theme: 'migrant-smuggling', by: 'at' }],
  });
  await env.sleep(10 * DAY + 60_000);
  for (let i = 0; i < 200; i++) {
    if ((await cycle.query(getPriorityCycleQuery)).status === 'ranking') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await save('ranking-open-notified', cycle, 'priorityCycleWorkflow');
}

/**
 * A decision closed at its deadline with an opinion unanswered, then the secretariat's response
 * recorded after the close (patched 'opinion-responses-after-close'), which ends it.
 */
async function recordLateResponse(
  env: TestWorkflowEnvironment,
  open: (name: string, overrides: Partial<DecisionInput>) => Promise<Handle>,
  save: (name: string, h: Pick<Handle, 'fetchHistory'>, type?: string) => Promise<void>,
): Promise<void> {
  const name = 'opinion-answered-after-close';
  const late = await open(name, { opinionSeats: ['NO'], chair: 'AT' });
  await late.executeUpdate(addOpinionUpdate, { args: [{ seat: 'NO', text: 'Norway objects.', by: 'nils' }] });
  await env.sleep(15 * DAY);
  while ((await late.query(getDecisionQuery)).status !== 'closed')
    await new Promise((r) => setTimeout(r, 100));
  await late.executeUpdate(respondToOpinionUpdate, { args: [{ n: 1, text: 'Weighed.', by: 'sofia' }] });
  await late.result();
  await save(name, late);
}
