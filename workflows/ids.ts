/**
 * Every id this application makes, in one table: the prefix of each kind of workflow and the forms
 * of the ids a workflow derives from its own (child decisions, requests, obligations, proposals).
 * Workflows and the API both make and recognise ids here only, so a 404 check can never disagree
 * with the id a workflow was started under. Recorded histories carry these ids: a change to any
 * form here breaks replay of runs that exist.
 */

/** The prefix of each kind of workflow id. */
export const idPrefixes = {
  decision: 'dec-',
  fundingRound: 'fr-',
  fundingRequest: 'frq-',
  priorityCycle: 'pc-',
  prioritySeries: 'pcs-',
  reportingObligation: 'rob-',
  reportingSchedule: 'rsc-',
  meeting: 'mtg-',
} as const;

/** A kind of workflow id. */
export type IdKind = keyof typeof idPrefixes;

/** `prefix + suffix`: the id of a kind from its suffix (a key hash or random hex). */
export function makeId(kind: IdKind, suffix: string): string {
  return idPrefixes[kind] + suffix;
}

/**
 * True when `id` is of this kind: it starts with the kind's prefix and not with a longer prefix
 * that starts the same way (`pc-` is not `pcs-`, `fr-` is not `frq-`).
 */
export function isIdOf(kind: IdKind, id: string): boolean {
  const prefix = idPrefixes[kind];
  if (!id.startsWith(prefix)) return false;
  return !Object.values(idPrefixes).some(
    (p) => p.length > prefix.length && p.startsWith(prefix) && id.startsWith(p),
  );
}

/** The part of an id after its kind's prefix. */
function suffixOf(kind: IdKind, id: string): string {
  return id.slice(idPrefixes[kind].length);
}

// Decisions a process opens as its children: `dec-<parent id>-<marker><n>`.

/** The decision on a priority cycle's `attempt`th draft: `dec-<cycle id>-d<attempt>`. */
export function draftDecisionIdFor(cycleId: string, attempt: number): string {
  return `${idPrefixes.decision}${cycleId}-d${attempt}`;
}

/** The `n`th ad hoc action of a priority cycle: `<cycle id>-x<n>`. */
export function adHocActionIdFor(cycleId: string, n: number): string {
  return `${cycleId}-x${n}`;
}

/** The decision on a cycle's `n`th ad hoc action: `dec-<cycle id>-x<n>`. */
export function adHocDecisionIdFor(cycleId: string, n: number): string {
  return idPrefixes.decision + adHocActionIdFor(cycleId, n);
}

/**
 * The decision on a round's `attempt`th allocation: `dec-<round id>-a<attempt>` for the package,
 * with `-<request number>` appended per request when the Board decides request by request.
 */
export function allocationDecisionIdFor(roundId: string, attempt: number, requestId?: string): string {
  const base = `${idPrefixes.decision}${roundId}-a${attempt}`;
  return requestId === undefined ? base : `${base}-${requestId.slice(requestId.lastIndexOf('-') + 1)}`;
}

// Priority cycles and their series.

/** The `n`th proposal of a cycle: `<cycle id>-p<n>`. */
export function proposalIdFor(cycleId: string, n: number): string {
  return `${cycleId}-p${n}`;
}

/** The item at `rank` (from 1) of a cycle's adopted programme: `<cycle id>-<rank>`. */
export function programmeItemIdFor(cycleId: string, rank: number): string {
  return `${cycleId}-${rank}`;
}

/** The id of the `n`th cycle of a series whose first cycle is `seriesId`: itself, then `<seriesId>-<n>`. */
export function cycleIdFor(seriesId: string, n: number): string {
  return n === 1 ? seriesId : `${seriesId}-${n}`;
}

/** The series workflow of the series whose first cycle is `pc-<suffix>`: `pcs-<suffix>`. */
export function seriesWorkflowIdFor(seriesId: string): string {
  return makeId('prioritySeries', suffixOf('priorityCycle', seriesId));
}

// Funding rounds and their requests.

const requestIdPattern = new RegExp(`^${idPrefixes.fundingRequest}([A-Za-z0-9_]+)-(\\d+)$`);

/** The id of the `n`th request of a round: `frq-<round suffix>-<n>`, so a request names its round. */
export function requestIdFor(roundId: string, n: number): string {
  return `${makeId('fundingRequest', suffixOf('fundingRound', roundId))}-${n}`;
}

/** The round a request id belongs to, or null when the id is not a request id. */
export function roundIdOfRequest(requestId: string): string | null {
  const match = requestIdPattern.exec(requestId);
  return match ? makeId('fundingRound', match[1]) : null;
}

// Reporting obligations.

/** The obligation ids an award opens: `rob-<request id>-interim` and `-final`. */
export function obligationIdFor(requestId: string, reportKind: 'interim' | 'final'): string {
  return makeId('reportingObligation', `${requestId}-${reportKind}`);
}

/** `2027-03-31T00:00:00.000Z` → `20270331T000000Z`: a period's time as it appears in ids. */
export function compactTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * The id of the obligation a recurring schedule opens for one seat in one period:
 * `rob-<schedule id>-<compact time>-<seat>`, derived from the schedule and the scheduled time only,
 * so a repeated run of the period finds it instead of opening a second one.
 */
export function periodObligationId(scheduleId: string, scheduledAt: number, seat: string): string {
  return makeId('reportingObligation', `${scheduleId}-${compactTime(scheduledAt)}-${seat}`);
}

/** The id a schedule's runs start under; the server appends each run's scheduled time. */
export function scheduledRunIdFor(scheduleId: string): string {
  return `${scheduleId}-period`;
}

// The roster.

/** The workflow id of the board's one roster. */
export const rosterWorkflowId = 'board-roster';

/** The `n`th appointment on the roster: `a-<n>`. */
export function appointmentIdFor(n: number): string {
  return `a-${n}`;
}

// Meetings.

/** The written procedure an item of a meeting was deferred to: `dec-<meeting id>-i<item number>`. */
export function deferredItemDecisionIdFor(meetingId: string, item: number): string {
  return `${idPrefixes.decision}${meetingId}-i${item}`;
}

/** The `attempt`th written procedure approving a meeting's minutes: `dec-<meeting id>-m<attempt>`. */
export function minutesDecisionIdFor(meetingId: string, attempt: number): string {
  return `${idPrefixes.decision}${meetingId}-m${attempt}`;
}

/** The reporting obligation that follows the `n`th action agreed at a meeting: `rob-<meeting id>-act<n>`. */
export function actionObligationIdFor(meetingId: string, n: number): string {
  return makeId('reportingObligation', `${meetingId}-act${n}`);
}
