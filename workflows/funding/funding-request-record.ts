/**
 * The record of one funding request: its content, status, tranches, reporting obligations and the
 * history of every change. Pure: the caller passes the (workflow) time. Changes come from the
 * round ({@link RequestChange}), from payments and from accepted reports.
 */
import { obligationIdFor } from '../ids';
import { iso, RecordBase } from '../kit/record-base';
import type { ReportAccepted } from '../reporting/report-accepted.signal';
import { splitTranches } from '../rules/funding-rules';
import type {
  FundingRequestInput,
  FundingRequestState,
  ObligationLink,
  RequestChange,
  RequestEvent,
  RequestProgress,
  Tranche,
} from './funding.types';

/** An obligation is discharged once its report is accepted or the secretariat waives it. */
function isDischarged(link: ObligationLink): boolean {
  return link.acceptedAt !== null || (link.waivedAt ?? null) !== null;
}

export class FundingRequestRecord extends RecordBase<FundingRequestState> {
  constructor(input: FundingRequestInput) {
    super(input.carriedState ?? openingState(input));
  }

  /** True when nothing more will happen to the request. */
  get isFinished(): boolean {
    const status = this.state.status;
    return (
      status === 'withdrawn' || status === 'ineligible' || status === 'not-funded' || status === 'completed'
    );
  }

  /** Puts a change from the round on the record. */
  apply(change: RequestChange): void {
    const s = this.state;
    const event: RequestEvent = { kind: change.kind, at: change.at, by: change.by, detail: '' };
    switch (change.kind) {
      case 'amended': {
        const changes: Record<string, [unknown, unknown]> = {};
        for (const field of ['title', 'amountCents', 'priority', 'description'] as const) {
          const value = change[field];
          if (value === undefined || value === s[field]) continue;
          changes[field] = [s[field], value];
        }
        if (change.title !== undefined) s.title = change.title;
        if (change.amountCents !== undefined) s.amountCents = change.amountCents;
        if (change.priority !== undefined) s.priority = change.priority;
        if (change.description !== undefined) s.description = change.description;
        event.changes = changes;
        event.detail = `amended: ${Object.keys(changes).join(', ') || 'no field changed'}`;
        break;
      }
      case 'withdrawn':
        s.status = 'withdrawn';
        s.withdrawalReason = change.reason;
        s.closedAt = change.at;
        event.detail = `withdrawn: ${change.reason}`;
        break;
      case 'ineligible':
        s.status = 'ineligible';
        s.ineligibleReason = change.reason;
        s.closedAt = change.at;
        event.detail = `ineligible at the close: ${change.reason}`;
        break;
      case 'eligible':
        s.status = 'eligible';
        event.detail = 'eligible at the close';
        break;
      case 'allocation-proposed':
        s.decisionId = change.decisionId;
        event.detail = `allocation attempt ${change.attempt} proposes ${change.amountCents} cents; Board decision ${change.decisionId}`;
        break;
      case 'decision-closed':
        event.detail = `Board decision ${change.decisionId} (attempt ${change.attempt}): ${change.outcome}`;
        break;
      case 'awarded': {
        const t = change.terms;
        s.status = 'awarded';
        s.awardedCents = t.amountCents;
        s.decisionId = t.decisionId;
        s.terms = t;
        s.tranches = splitTranches(t.amountCents, t.firstTranchePercent).map((amountCents, i): Tranche => ({
          n: i + 1,
          amountCents,
          // A tranche of nothing (the first tranche of a one-cent award) is settled at once.
          status: amountCents === 0 ? 'paid' : i === 0 ? 'due' : 'held',
          releasedBy: i === 0 ? 'award' : 'interim-report',
          releasedOn: i === 0 ? 'award' : null,
          releasedAt: i === 0 ? change.at : null,
          paymentKey: `${s.id}:tranche:${i + 1}`,
          paymentId: null,
          paidAt: null,
        }));
        s.obligations = (['interim', 'final'] as const).map((reportKind): ObligationLink => ({
          id: obligationIdFor(s.id, reportKind),
          reportKind,
          dueAt: reportKind === 'interim' ? t.interimDueAt : t.finalDueAt,
          acceptedAt: null,
          waivedAt: null,
        }));
        event.detail = `awarded ${t.amountCents} cents by ${t.decisionId}; tranches ${s.tranches.map((x) => x.amountCents).join(' + ')}`;
        this.refreshPayments();
        break;
      }
      case 'not-funded':
        s.status = 'not-funded';
        s.closedAt = change.at;
        event.detail = `not funded: ${change.reason}`;
        break;
    }
    s.history.push(event);
    this.changed();
  }

  /** The next tranche released and not yet paid, if any. */
  nextDueTranche(): Tranche | undefined {
    return this.state.tranches.find((t) => t.status === 'due');
  }

  trancheHeld(n: number): boolean {
    return this.state.tranches.some((t) => t.n === n && t.status === 'held');
  }

  markPaid(n: number, paymentId: string, now: number): void {
    const tranche = this.state.tranches.find((t) => t.n === n) as Tranche;
    tranche.status = 'paid';
    tranche.paymentId = paymentId;
    tranche.paidAt = iso(now);
    this.refreshPayments();
    this.state.history.push({
      kind: 'tranche-paid',
      at: iso(now),
      by: 'payments',
      detail: `tranche ${n} of ${tranche.amountCents} cents paid (${paymentId})`,
    });
    this.changed();
  }

  get reportingOpen(): boolean {
    return this.state.history.some((e) => e.kind === 'reporting-opened');
  }

  markReportingOpened(now: number): void {
    this.state.history.push({
      kind: 'reporting-opened',
      at: iso(now),
      by: 'round',
      detail: `reporting open: ${this.state.obligations.map((o) => `${o.reportKind} due ${o.dueAt} (${o.id})`).join(', ')}`,
    });
    this.changed();
  }

  /**
   * An obligation was discharged: its report accepted, or the obligation waived by the
   * secretariat. The interim one releases the held tranches either way, and the tranche records
   * which it was.
   */
  reportAccepted(signal: ReportAccepted, now: number): void {
    const s = this.state;
    const link =
      s.obligations.find((o) => o.id === signal.obligationId) ??
      s.obligations.find((o) => o.reportKind === signal.reportKind);
    if (!link || isDischarged(link)) return;
    const waived = signal.outcome === 'waived';
    if (waived) link.waivedAt = signal.acceptedAt;
    else link.acceptedAt = signal.acceptedAt;
    const released: Tranche[] = [];
    if (link.reportKind === 'interim') {
      for (const t of s.tranches) {
        if (t.status !== 'held' || t.releasedBy !== 'interim-report') continue;
        t.status = 'due';
        t.releasedOn = waived ? 'report-waived' : 'report-accepted';
        t.releasedAt = iso(now);
        released.push(t);
      }
    }
    const release =
      released.length === 0
        ? ''
        : `; tranche ${released.map((t) => t.n).join(', ')} released on the ${waived ? 'waiver' : 'acceptance'}`;
    s.history.push({
      kind: waived ? 'report-waived' : 'report-accepted',
      at: iso(now),
      by: signal.obligationId,
      detail: `${link.reportKind} report ${waived ? 'waived by the secretariat' : 'accepted'} (${signal.obligationId})${release}`,
    });
    this.changed();
  }

  /** Every tranche paid and every report accepted or waived. */
  get isFulfilled(): boolean {
    const s = this.state;
    return (
      s.status === 'awarded' &&
      s.tranches.every((t) => t.status === 'paid') &&
      s.obligations.every(isDischarged)
    );
  }

  complete(now: number): void {
    this.state.status = 'completed';
    this.state.closedAt = iso(now);
    this.state.history.push({
      kind: 'completed',
      at: iso(now),
      by: 'round',
      detail: 'every tranche paid and every report accepted or waived',
    });
    this.changed();
  }

  /** The seat whose action the request awaits, and until when: its next report while one is due. */
  awaiting(): { seats: string[]; dueAt: string | null } {
    const s = this.state;
    if (s.status !== 'awarded') return { seats: [], dueAt: null };
    const next = s.obligations.find((o) => !isDischarged(o));
    return next ? { seats: [s.seat], dueAt: next.dueAt } : { seats: [], dueAt: null };
  }

  progress(): RequestProgress {
    return {
      requestId: this.state.id,
      status: this.state.status,
      payments: { ...this.state.payments },
      reportingOpen: this.reportingOpen,
    };
  }

  private refreshPayments(): void {
    const s = this.state;
    const paid = s.tranches.filter((t) => t.status === 'paid').reduce((sum, t) => sum + t.amountCents, 0);
    s.payments = { paidCents: paid, heldBackCents: (s.awardedCents ?? 0) - paid };
  }
}

/** The record of a request just submitted. */
function openingState(input: FundingRequestInput): FundingRequestState {
  return {
    id: input.id,
    roundId: input.roundId,
    roundTitle: input.roundTitle,
    seat: input.seat,
    title: input.title,
    priority: input.priority,
    description: input.description,
    amountCents: input.amountCents,
    status: 'submitted',
    ineligibleReason: null,
    withdrawalReason: null,
    awardedCents: null,
    decisionId: null,
    terms: null,
    tranches: [],
    payments: { paidCents: 0, heldBackCents: 0 },
    obligations: [],
    submittedBy: input.submittedBy,
    ...(input.submittedAs ? { submittedAs: input.submittedAs } : {}),
    submittedAt: input.submittedAt,
    closedAt: null,
    history: [
      {
        kind: 'submitted',
        at: input.submittedAt,
        by: input.submittedBy,
        detail: `submitted by ${input.seat}: ${input.amountCents} cents for "${input.priority}"`,
      },
    ],
  };
}
