/**
 * Section 3: a whole funding round from launch to awards: requests from every member state, the
 * close, the allocation, the Board's vote, the awards (first tranches paid). Once through the
 * HTTP API, once with the same steps sent by `@temporalio/client` (the round itself is opened
 * through the API in both arms: one call, so the arms share their input).
 */
import { castBallotUpdate, declineOpinionUpdate } from '../../workflows/decision/decision.messages';
import {
  getFundingRoundQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
} from '../../workflows/funding/funding.messages';
import { pick, round, runConcurrently, type Figures } from '../kit';
import type { BenchStack } from '../stack';

export interface FundingPlan {
  requests: number;
  concurrency: number;
  /** Submission window, ISO duration: long enough for every request in either arm. */
  window: string;
}

export interface FundingArm {
  submissions: Figures;
  /** From launch to the last submission answered. */
  submitSeconds: number;
  /** Waiting for the window to close (idle time, the same for both arms). */
  windowWaitSeconds: number;
  /** From the allocation proposed to every request awarded (the vote closes early when all say yes). */
  allocationToAwardsSeconds: number;
  requests: number;
  awarded: number;
}

interface RoundView {
  id: string;
  status: string;
  closesAt: string;
  decisionId: string | null;
  requests: { id: string; status: string; amountCents: number }[];
}

const AMOUNT = 1_000_000; // 10,000.00 EUR

export async function benchFundingRound(
  stack: BenchStack,
  plan: FundingPlan,
): Promise<Record<'api' | 'raw', FundingArm>> {
  // The package recuses every seat it pays and must leave more than half of the voting seats to
  // vote: the requests come from 15 member states, the other 17 voting seats vote.
  const seats = stack.board.board.seats
    .filter((s) => s.kind === 'member-state' && s.voting)
    .map((s) => s.code)
    .slice(0, 15);
  const voting = stack.board.votingSeatCodes().filter((seat) => !seats.includes(seat));
  const opinionSeats = stack.board.opinionSeatCodes();
  const sec = stack.secretariatToken;
  const result = {} as Record<'api' | 'raw', FundingArm>;
  for (const arm of ['api', 'raw'] as const) {
    await stack.settle();
    const launched = Date.now();
    const opened = await stack.call<RoundView>(
      'POST',
      '/funding-rounds',
      sec,
      {
        title: `Bench round (${arm})`,
        envelopeCents: AMOUNT * plan.requests,
        closesIn: plan.window,
        priorities: ['migrant-smuggling', 'return-and-readmission'],
        decision: { rule: 'simple', votingIn: 'PT10M' },
      },
      201,
    );
    const roundHandle = stack.client.workflow.getHandle(opened.id);
    const getRound = () =>
      arm === 'api'
        ? stack.call<RoundView>('GET', `/funding-rounds/${opened.id}`, sec, undefined, 200)
        : (roundHandle.query(getFundingRoundQuery) as unknown as Promise<RoundView>);
    const submissions = await runConcurrently(plan.requests, plan.concurrency, async (i) => {
      const seat = seats[i % seats.length];
      const request = {
        title: `Request ${i} of ${seat}`,
        amountCents: AMOUNT,
        priority: i % 2 ? 'migrant-smuggling' : 'return-and-readmission',
        description: 'Joint liaison activity',
      };
      if (arm === 'api') {
        await stack.call(
          'POST',
          `/funding-rounds/${opened.id}/requests`,
          stack.memberTokens[seat],
          request,
          201,
        );
      } else {
        await roundHandle.executeUpdate(submitFundingRequestUpdate, {
          args: [{ ...request, seat, by: `${seat}-m` }],
        });
      }
    });
    const submitSeconds = (Date.now() - launched) / 1000;
    if (submissions.errors > 0)
      throw new Error(`funding round (${arm}): ${submissions.errors} submissions failed`);
    const waitStarted = Date.now();
    let state = await getRound();
    while (state.status === 'open') {
      await new Promise((r) => setTimeout(r, 200));
      state = await getRound();
    }
    const windowWaitSeconds = (Date.now() - waitStarted) / 1000;
    const proposed = Date.now();
    const awards = state.requests
      .filter((r) => r.status === 'submitted' || r.status === 'eligible')
      .map((r) => ({ requestId: r.id, amountCents: r.amountCents }));
    if (arm === 'api')
      await stack.call('POST', `/funding-rounds/${opened.id}/allocation`, sec, { awards }, 201);
    else await roundHandle.executeUpdate(proposeAllocationUpdate, { args: [{ awards, by: 'bench-sec' }] });
    state = await getRound();
    const decisionId = state.decisionId as string;
    // The seats without a vote say they have no opinion, so the vote may close early.
    for (const seat of opinionSeats) {
      if (arm === 'api')
        await stack.call(
          'POST',
          `/decisions/${decisionId}/opinions/decline`,
          stack.memberTokens[seat],
          undefined,
          200,
        );
      else
        await stack.client.workflow
          .getHandle(decisionId)
          .executeUpdate(declineOpinionUpdate, { args: [{ seat, by: `${seat}-m` }] });
    }
    // The vote closes early once the outcome is certain; later ballots are refused as too late.
    await runConcurrently(voting.length, plan.concurrency, async (i) => {
      const seat = voting[i];
      const cast =
        arm === 'api'
          ? stack.call(
              'POST',
              `/decisions/${decisionId}/ballots`,
              stack.memberTokens[seat],
              { choice: 'yes' },
              200,
            )
          : stack.client.workflow
              .getHandle(decisionId)
              .executeUpdate(castBallotUpdate, { args: [{ seat, choice: 'yes', by: `${seat}-m` }] });
      await cast.catch(ignoreClosed);
    });
    while (state.status !== 'awarded' && state.status !== 'closed') {
      await new Promise((r) => setTimeout(r, 100));
      state = await getRound();
    }
    result[arm] = {
      submissions: pick(submissions),
      submitSeconds: round(submitSeconds),
      windowWaitSeconds: round(windowWaitSeconds),
      allocationToAwardsSeconds: round((Date.now() - proposed) / 1000),
      requests: plan.requests,
      awarded: state.requests.filter((r) => r.status === 'awarded' || r.status === 'completed').length,
    };
  }
  return result;
}

/** A ballot that arrives after the early close is refused; anything else is a failure. */
function ignoreClosed(err: unknown): void {
  const e = err as { message?: string; cause?: { message?: string } };
  if (!/is closed/.test(`${e.message} ${e.cause?.message}`)) throw err;
}
