/**
 * The record's documents, built from what the record holds: a decision's record, a round's record,
 * and the register of a year. Who cast a ballot (member or alternate) comes from the roster.
 */
import { Injectable, NotFoundException } from '@nestjs/common';
import type { DecisionState } from '../../../workflows/decision/decision.types';
import type { FundingRequestState, FundingRoundState } from '../../../workflows/funding/funding.types';
import { decisionRecordPdf, type CasterRole } from '../../record/documents/decision-record-pdf';
import { fundingRoundRecordPdf } from '../../record/documents/funding-round-record-pdf';
import { registerCsv, registerPdf } from '../../record/documents/register-documents';
import { RecordRepository } from '../../record/record-repository';
import { RosterDirectory } from '../../roster/roster-directory';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import { assertMayRead } from '../common/item-access';

/** A document and the hash of the record content it shows. */
export interface RecordDocument {
  body: Buffer | string;
  hash: string;
}

@Injectable()
export class DocumentsService {
  constructor(
    private readonly record: RecordRepository,
    private readonly roster: RosterDirectory,
    private readonly board: BoardDirectory,
  ) {}

  /** A decision's record, to whoever may read the decision itself. */
  async decisionRecord(caller: Caller, id: string): Promise<RecordDocument> {
    const stored = await this.record.get('decision', id);
    if (!stored) throw new NotFoundException(`decision ${id} not found`);
    assertMayRead(caller, this.board, 'decision', id, stored.state);
    const { pdf, hash } = await decisionRecordPdf(stored.state as DecisionState, await this.casterRole());
    return { body: pdf, hash };
  }

  /** A round's record, to whoever may read the round itself. */
  async fundingRoundRecord(caller: Caller, id: string): Promise<RecordDocument> {
    const stored = await this.record.get('funding-round', id);
    if (!stored) throw new NotFoundException(`funding round ${id} not found`);
    assertMayRead(caller, this.board, 'funding-round', id, stored.state);
    const [requests, decisions] = await Promise.all([
      this.record.children('funding-request', id),
      this.record.children('decision', id),
    ]);
    const { pdf, hash } = await fundingRoundRecordPdf(
      stored.state as FundingRoundState,
      requests.map((r) => r.state as FundingRequestState),
      decisions.map((d) => d.state as DecisionState),
    );
    return { body: pdf, hash };
  }

  async register(year: number, format: 'pdf' | 'csv'): Promise<RecordDocument> {
    const decisions = (
      await this.record.closedBetween('decision', `${year}-01-01T00:00:00Z`, `${year + 1}-01-01T00:00:00Z`)
    ).map((d) => d.state as DecisionState);
    if (format === 'csv') {
      const body = registerCsv(decisions);
      const { hash } = await registerPdf(year, decisions);
      return { body, hash };
    }
    const { pdf, hash } = await registerPdf(year, decisions);
    return { body: pdf, hash };
  }

  /** "member" or "alternate" for the person who cast a seat's ballot, when the roster knows them. */
  private async casterRole(): Promise<CasterRole> {
    const view = await this.roster.current().catch(() => undefined);
    if (!view) return () => undefined;
    return (sub, seat, at) => {
      const person = view.person(sub) ?? view.personByEmail(sub);
      if (!person) return undefined;
      return view.appointmentsAt(person.id, Date.parse(at)).find((a) => a.seat === seat)?.capacity;
    };
  }
}
