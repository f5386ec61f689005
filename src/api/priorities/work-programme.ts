/**
 * Finding a work programme: the cycle whose programme is in force is found through Temporal's
 * visibility (`BoardKind = 'priority-cycle' AND BoardStatus = 'in-force'`), then asked for its
 * record. Another period is found among the cycles with an adopted programme. Plain functions of a
 * Temporal client, so the funding service can use them too.
 */
import { NotFoundException, UnprocessableEntityException, BadRequestException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { getPriorityCycleQuery } from '../../../workflows/priorities/priority-cycle.messages';
import type { PriorityCycleState, ProgrammeItem } from '../../../workflows/priorities/priority-cycle.types';
import type { priorityCycleWorkflow } from '../../../workflows/priorities/priority-cycle.workflow';
import { isPeriodBound, periodBounds } from '../../../workflows/rules/priority-rules';

/** The programme as `GET /work-programme` shows it. */
export interface WorkProgramme {
  cycleId: string;
  title: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  startsAt: string;
  endsAt: string;
  decisionId: string;
  adoptedAt: string;
  priorities: ProgrammeItem[];
  adHocActions: ProgrammeItem[];
}

/** The cycle's programme, split into the adopted priorities and the ad hoc actions since. */
export function programmeOf(s: PriorityCycleState): WorkProgramme {
  const items = s.programme ?? [];
  return {
    cycleId: s.id,
    title: s.title,
    status: s.status,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    decisionId: s.decisionId as string,
    adoptedAt: s.adoptedAt as string,
    priorities: items.filter((i) => !i.adHoc),
    adHocActions: items.filter((i) => i.adHoc),
  };
}

async function cyclesWhere(client: Client, statuses: string[]): Promise<PriorityCycleState[]> {
  const query = `BoardKind = 'priority-cycle' AND BoardStatus IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
  const states: PriorityCycleState[] = [];
  for await (const info of client.workflow.list({ query, pageSize: 100 })) {
    const state = await client.workflow
      .getHandle<typeof priorityCycleWorkflow>(info.workflowId)
      .query(getPriorityCycleQuery)
      .catch(() => undefined);
    // Visibility trails the workflow by about a second: the record itself has the last word.
    if (state && statuses.includes(state.status)) states.push(state);
  }
  return states.sort((a, b) => (a.startsAt < b.startsAt ? 1 : a.startsAt > b.startsAt ? -1 : 0));
}

/** The programme in force now, or null. */
export async function currentWorkProgramme(client: Client): Promise<WorkProgramme | null> {
  const [current] = await cyclesWhere(client, ['in-force']);
  return current ? programmeOf(current) : null;
}

/**
 * `?period=`: `2027` (the programme whose period overlaps that year), `2027-06-30` (whose period
 * contains that day), or `2027-01-01/2028-12-31` (that exact period).
 */
export function parsePeriodQuery(period: string): { from: number; to: number; exact: boolean } {
  if (/^\d{4}$/.test(period)) {
    const year = Number(period);
    return { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), exact: false };
  }
  const [start, end, ...rest] = period.split('/');
  if (rest.length === 0 && end !== undefined && isPeriodBound(start) && isPeriodBound(end)) {
    const { startsAt, endsAt } = periodBounds(start, end);
    if (endsAt > startsAt) return { from: startsAt, to: endsAt, exact: true };
  }
  if (end === undefined && /^\d{4}-\d{2}-\d{2}$/.test(start) && isPeriodBound(start)) {
    const { startsAt, endsAt } = periodBounds(start, start);
    return { from: startsAt, to: endsAt, exact: false };
  }
  throw new BadRequestException(
    'period must be a year (2027), a day (2027-06-30) or a period (2027-01-01/2028-12-31)',
  );
}

/** The adopted programme for a period (see {@link parsePeriodQuery}); 404 when there is none. */
export async function workProgrammeFor(client: Client, period: string): Promise<WorkProgramme> {
  const { from, to, exact } = parsePeriodQuery(period);
  const found = (await cyclesWhere(client, ['adopted', 'in-force', 'ended'])).find((s) => {
    const starts = Date.parse(s.startsAt);
    const ends = Date.parse(s.endsAt);
    return exact ? starts === from && ends === to : starts < to && ends > from;
  });
  if (!found) throw new NotFoundException(`no adopted work programme for the period ${period}`);
  return programmeOf(found);
}

/**
 * The ids of the current programme's priorities and ad hoc actions: what a funding round opened
 * without `priorities` takes. 422 naming the rule when no programme is in force.
 */
export async function currentProgrammePriorityIds(client: Client): Promise<string[]> {
  const current = await currentWorkProgramme(client);
  if (!current) {
    throw new UnprocessableEntityException(
      'programme-in-force: no work programme is in force to take the priorities from; give priorities',
    );
  }
  return [...current.priorities, ...current.adHocActions].map((p) => p.id);
}
