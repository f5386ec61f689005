/**
 * The meeting workflow on the time-skipping test server, over whole lives: convened months ahead,
 * moved, held (attendance, ballots from devices and a roll call, an item deferred to written
 * procedure, actions agreed), its minutes approved at the next meeting; minutes approved by
 * written procedure; a cancellation. Months pass in well under a second of real time.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { getDecisionQuery } from '../../workflows/decision/decision.messages';
import type { decisionWorkflow } from '../../workflows/decision/decision.workflow';
import {
  addSessionOpinionUpdate,
  agreeActionUpdate,
  answerInvitationUpdate,
  approveMinutesByWrittenProcedureUpdate,
  cancelMeetingUpdate,
  castSessionBallotUpdate,
  changeAgendaUpdate,
  closeMeetingUpdate,
  closeVoteUpdate,
  completeActionUpdate,
  deferItemUpdate,
  editMinutesUpdate,
  getMeetingQuery,
  moveMeetingUpdate,
  openMeetingUpdate,
  openVoteUpdate,
  recordAttendanceUpdate,
  takeItemUpdate,
} from '../../workflows/meetings/meeting.messages';
import type { MeetingBoard, MeetingInput, SeatHolders } from '../../workflows/meetings/meeting.types';
import type { meetingWorkflow } from '../../workflows/meetings/meeting.workflow';
import { memoryRecord } from '../support/memory-record';
import { onOwnTestServer } from '../support/own-test-server';
import { recordWithTimedNotifications, type TimedNotice } from '../support/mock-activities';

const DAY = 86_400_000;
const record = memoryRecord();

const board: MeetingBoard = {
  seats: [
    { code: 'AT', name: 'Austria', kind: 'member-state', voting: true },
    { code: 'BE', name: 'Belgium', kind: 'member-state', voting: true },
    { code: 'DE', name: 'Germany', kind: 'member-state', voting: true },
    { code: 'COM1', name: 'Commission', kind: 'commission', voting: true },
    { code: 'IS', name: 'Iceland', kind: 'schengen-associated', voting: false },
  ],
  chair: 'COM1',
  defaults: { rule: 'simple', quorum: null },
  agendaFreezeDays: 10,
  attendanceQuorum: 0.5,
};
const holders: SeatHolders[] = [
  { seat: 'AT', member: 'anna', alternate: 'karl' },
  { seat: 'BE', member: 'bart', alternate: 'berta' },
  { seat: 'DE', member: 'dirk', alternate: null },
  { seat: 'COM1', member: 'chair', alternate: null },
  { seat: 'IS', member: 'inga', alternate: null },
];

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;
let sent: TimedNotice[] = [];

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

/** Runs `body` on a test server of its own, with a worker on a fresh task queue; notifications are recorded, not sent. */
async function withWorker(body: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = `meetings-${++counter}`;
  sent = [];
  const activities = recordWithTimedNotifications(record, sent);
  await onOwnTestServer({ taskQueue, bundle, activities }, async (server) => {
    env = server;
    await body(taskQueue);
  });
}

const now = async () => Number(await env.currentTimeMs());
const iso = (ms: number) => new Date(ms).toISOString();

async function convene(taskQueue: string, id: string, startsAt: number, extra: Partial<MeetingInput> = {}) {
  const input: MeetingInput = {
    id,
    title: `Meeting ${id}`,
    startsAt: iso(startsAt),
    endsAt: iso(startsAt + 6 * 3_600_000),
    place: 'Brussels',
    agenda: [
      { title: 'Adoption of the agenda', kind: 'information' },
      { title: 'Ad hoc action', kind: 'decision', text: 'The Board agrees the action.' },
      { title: 'Budget line', kind: 'decision', recused: ['DE'] },
    ],
    board,
    holders,
    convenedBy: 'sec',
    ...extra,
  };
  return env.client.workflow.start<typeof meetingWorkflow>('meetingWorkflow', {
    workflowId: id,
    taskQueue,
    args: [input],
  });
}

async function hold(h: WorkflowHandle<typeof meetingWorkflow>, items: { vote: number[]; take: number[] }) {
  await h.executeUpdate(openMeetingUpdate, { args: [{ by: 'sec' }] });
  await h.executeUpdate(recordAttendanceUpdate, {
    args: [
      {
        by: 'sec',
        holders,
        present: [
          { seat: 'AT', personId: 'anna', capacity: 'member', mode: 'in-person' },
          { seat: 'BE', personId: 'berta', capacity: 'alternate', mode: 'online' },
          { seat: 'COM1', personId: 'chair', capacity: 'member', mode: 'in-person' },
          { seat: 'IS', personId: 'inga', capacity: 'member', mode: 'online' },
        ],
      },
    ],
  });
  for (const n of items.take)
    await h.executeUpdate(takeItemUpdate, { args: [{ by: 'sec', item: n, note: 'Noted.' }] });
  for (const n of items.vote) {
    await h.executeUpdate(openVoteUpdate, { args: [{ by: 'sec', item: n }] });
    // Two members from their own devices, one seat by roll call.
    await h.executeUpdate(castSessionBallotUpdate, {
      args: [{ by: 'anna', item: n, seat: 'AT', castBy: 'anna', choice: 'yes', via: 'device' }],
    });
    await h.executeUpdate(castSessionBallotUpdate, {
      args: [{ by: 'berta', item: n, seat: 'BE', castBy: 'berta', choice: 'yes', via: 'device' }],
    });
    await h.executeUpdate(castSessionBallotUpdate, {
      args: [{ by: 'sec', item: n, seat: 'COM1', castBy: 'chair', choice: 'no', via: 'roll-call' }],
    });
    await h.executeUpdate(closeVoteUpdate, { args: [{ by: 'sec', item: n }] });
  }
}

async function refusedWith(p: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
    return { type: cause.type ?? undefined, message: cause.message };
  }
  throw new Error('expected a refusal');
}

jest.setTimeout(180_000);

describe('a meeting over its whole life', () => {
  it('is convened months ahead, moved, held, and its minutes approved at the next meeting', async () => {
    await withWorker(async (taskQueue) => {
      const t0 = await now();
      const spring = await convene(taskQueue, `mtg-spring-${counter}`, t0 + 120 * DAY);
      let s = await spring.query(getMeetingQuery);
      expect(s.status).toBe('convened');
      expect(s.awaitingAnswers).toEqual(['AT', 'BE', 'DE', 'COM1', 'IS']);

      // Answers come in; then the meeting moves a week later and everyone answers again.
      await spring.executeUpdate(answerInvitationUpdate, {
        args: [{ by: 'anna', seat: 'AT', answer: 'in-person' }],
      });
      await env.sleep('30 days');
      const moved = t0 + 127 * DAY;
      s = await spring.executeUpdate(moveMeetingUpdate, {
        args: [
          { by: 'sec', startsAt: iso(moved), endsAt: iso(moved + 6 * 3_600_000), reason: 'room not free' },
        ],
      });
      expect(s.sequence).toBe(1);
      expect(s.answers).toEqual([]);
      await spring.executeUpdate(answerInvitationUpdate, {
        args: [{ by: 'karl', seat: 'BE', answer: 'alternate' }],
      });
      expect(sent.map((n) => n.kind)).toEqual(['meeting-invitation', 'meeting-moved']);
      expect(sent[1].key).toBe(`${spring.workflowId}/invitation/1`);

      // Too early to open; then the day comes.
      expect(
        (await refusedWith(spring.executeUpdate(openMeetingUpdate, { args: [{ by: 'sec' }] }))).type,
      ).toBe('conflict');
      await env.sleep(`${moved - (await now())}ms`);
      await hold(spring, { take: [1], vote: [2] });
      await spring.executeUpdate(addSessionOpinionUpdate, {
        args: [{ by: 'inga', item: 2, seat: 'IS', text: 'Iceland supports it.' }],
      });
      s = await spring.executeUpdate(deferItemUpdate, {
        args: [{ by: 'sec', item: 3, reason: 'papers late', closesAt: iso(moved + 14 * DAY) }],
      });
      expect(s.agenda[2].deferredTo).toBe(`dec-${spring.workflowId}-i3`);
      const deferred = env.client.workflow.getHandle<typeof decisionWorkflow>(`dec-${spring.workflowId}-i3`);
      expect(await deferred.query(getDecisionQuery)).toMatchObject({
        rule: 'silence',
        parentId: spring.workflowId,
        electorate: ['AT', 'BE', 'COM1'],
        opinionSeats: ['IS'],
      });
      s = await spring.executeUpdate(agreeActionUpdate, {
        args: [
          {
            by: 'sec',
            text: 'Report on the action',
            ownerSeat: 'AT',
            dueAt: iso(moved + 60 * DAY),
            item: 2,
            followUp: 'reporting-obligation',
          },
        ],
      });
      expect(s.actions[0].obligationId).toBe(`rob-${spring.workflowId}-act1`);
      await spring.executeUpdate(agreeActionUpdate, {
        args: [
          {
            by: 'sec',
            text: 'Circulate slides',
            ownerSeat: 'COM1',
            dueAt: iso(moved + 7 * DAY),
            followUp: 'pending-action',
          },
        ],
      });
      s = await spring.executeUpdate(closeMeetingUpdate, { args: [{ by: 'sec' }] });
      expect(s.status).toBe('closed');
      expect(s.agenda[1].vote).toMatchObject({ outcome: 'adopted', tally: { yes: 2, no: 1 } });
      expect(s.minutes?.text).toContain('  - COM1: no, chair (roll call, entered by sec)');
      expect(s.minutes?.text).toContain('Opinion of IS (inga): Iceland supports it.');
      await spring.executeUpdate(editMinutesUpdate, {
        args: [{ by: 'sec', text: `${s.minutes?.text}Edited.\n` }],
      });
      expect(sent.map((n) => n.kind)).toContain('meeting-minutes-draft');

      // The summer meeting approves the spring minutes.
      const summerStart = moved + 90 * DAY;
      const summer = await convene(taskQueue, `mtg-summer-${counter}`, summerStart, {
        agenda: [
          { title: 'Minutes of the spring meeting', kind: 'minutes-approval', minutesOf: spring.workflowId },
        ],
      });
      await env.sleep(`${summerStart - (await now())}ms`);
      await hold(summer, { take: [], vote: [1] });
      await summer.executeUpdate(closeMeetingUpdate, { args: [{ by: 'sec' }] });
      // The signal reaches the spring meeting.
      for (let i = 0; i < 50 && (await spring.query(getMeetingQuery)).status !== 'approved'; i++)
        await env.sleep('1s');
      s = await spring.query(getMeetingQuery);
      expect(s.status).toBe('approved');
      expect(s.minutes).toMatchObject({
        status: 'approved',
        approval: { via: 'meeting', meetingId: summer.workflowId, item: 1 },
      });
      expect(s.minutes?.text.endsWith('Edited.\n')).toBe(true);
      expect(
        (await refusedWith(spring.executeUpdate(editMinutesUpdate, { args: [{ by: 'sec', text: 'x' }] })))
          .type,
      ).toBe('conflict');
      // The pending action keeps the meeting going until it is done; then it ends.
      await spring.executeUpdate(completeActionUpdate, { args: [{ by: 'sec', n: 2 }] });
      const final = await spring.result();
      expect(final.status).toBe('approved');
      expect(record.get(spring.workflowId)?.state.status).toBe('approved');
      await summer.terminate('test over');
      // The deferred item went through written procedure: nobody objected, so it was adopted.
      expect((await deferred.result()).outcome).toBe('adopted');
      await env.client.workflow.getHandle(`rob-${spring.workflowId}-act1`).terminate('test over');
    });
  });

  it('has its minutes approved by written procedure, after a first one is objected to', async () => {
    await withWorker(async (taskQueue) => {
      const start = (await now()) + 20 * DAY;
      const h = await convene(taskQueue, `mtg-wp-${counter}`, start);
      await env.sleep(`${start - (await now())}ms`);
      await hold(h, { take: [1], vote: [2, 3] });
      await h.executeUpdate(closeMeetingUpdate, { args: [{ by: 'sec' }] });
      let s = await h.executeUpdate(approveMinutesByWrittenProcedureUpdate, {
        args: [{ by: 'sec', closesAt: iso((await now()) + 10 * DAY) }],
      });
      const first = env.client.workflow.getHandle<typeof decisionWorkflow>(
        s.minutes?.approvalDecision as string,
      );
      await first.executeUpdate('castBallot', { args: [{ by: 'anna', seat: 'AT', choice: 'object' }] });
      await env.sleep('11 days');
      s = await h.query(getMeetingQuery);
      expect(s.minutes).toMatchObject({ status: 'draft', approvalDecision: null });
      s = await h.executeUpdate(approveMinutesByWrittenProcedureUpdate, {
        args: [{ by: 'sec', closesAt: iso((await now()) + 10 * DAY) }],
      });
      expect(s.minutes?.approvalDecision).toBe(`dec-${h.workflowId}-m2`);
      await env.sleep('11 days');
      const final = await h.result();
      expect(final.minutes?.approval).toMatchObject({
        via: 'written-procedure',
        decisionId: `dec-${h.workflowId}-m2`,
      });
    });
  });

  it('is cancelled: the cancellation goes out and the run ends', async () => {
    await withWorker(async (taskQueue) => {
      const h = await convene(taskQueue, `mtg-cancel-${counter}`, (await now()) + 40 * DAY);
      expect(
        (await refusedWith(h.executeUpdate(cancelMeetingUpdate, { args: [{ by: 'sec', reason: '' }] })))
          .message,
      ).toBe('reason must not be empty');
      await h.executeUpdate(cancelMeetingUpdate, { args: [{ by: 'sec', reason: 'no quorum expected' }] });
      const final = await h.result();
      expect(final).toMatchObject({ status: 'cancelled', sequence: 1 });
      expect(sent.map((n) => n.kind)).toEqual(['meeting-invitation', 'meeting-cancelled']);
    });
  });

  it('tells an observer invited for an item by an agenda change, who then has the invitation to answer', async () => {
    await withWorker(async (taskQueue) => {
      const withObserver = {
        ...board,
        seats: [...board.seats, { code: 'UNHCR', name: 'UNHCR', kind: 'observer' as const, voting: false }],
      };
      const h = await convene(taskQueue, `mtg-observer-${counter}`, (await now()) + 60 * DAY, {
        board: withObserver,
      });
      expect((await h.query(getMeetingQuery)).invitedSeats).not.toContain('UNHCR');
      const items = [
        { n: 1, title: 'Adoption of the agenda', kind: 'information' as const },
        { n: 2, title: 'Ad hoc action', kind: 'decision' as const, observers: ['UNHCR'] },
        { n: 3, title: 'Budget line', kind: 'decision' as const, recused: ['DE'] },
      ];
      let s = await h.executeUpdate(changeAgendaUpdate, { args: [{ by: 'sec', items }] });
      expect(s.awaitingAnswers).toContain('UNHCR');
      const toObserver = () => sent.filter((n) => n.to.includes('UNHCR'));
      for (let i = 0; i < 100 && toObserver().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(toObserver()).toEqual([
        expect.objectContaining({
          kind: 'meeting-invitation',
          key: `${h.workflowId}/invitation/0/UNHCR`,
          to: ['UNHCR'],
        }),
      ]);
      s = await h.executeUpdate(answerInvitationUpdate, {
        args: [{ by: 'ulla', seat: 'UNHCR', answer: 'online' }],
      });
      expect(s.awaitingAnswers).not.toContain('UNHCR');
      // Told once: reordering the agenda tells nobody again.
      await h.executeUpdate(changeAgendaUpdate, {
        args: [{ by: 'sec', items: [items[1], items[0], items[2]] }],
      });
      await h.executeUpdate(cancelMeetingUpdate, { args: [{ by: 'sec', reason: 'no quorum expected' }] });
      await h.result();
      expect(toObserver().map((n) => n.kind)).toEqual(['meeting-invitation', 'meeting-cancelled']);
      expect(sent.filter((n) => n.kind === 'meeting-invitation')).toHaveLength(2);
    });
  });
});
