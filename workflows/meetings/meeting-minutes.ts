/**
 * Draft minutes written from what the meeting recorded: attendance, each item with its outcome,
 * the ballots or roll call, the opinions, and the actions agreed. Pure: the same text in the
 * workflow (at the close) and in unit tests. The secretariat edits the draft before approval.
 */
import type { AgendaItem, MeetingState, SessionVote } from './meeting.types';

const day = (iso: string) => iso.slice(0, 10);
const time = (iso: string) => iso.slice(11, 16);

const outcomeWords: Record<NonNullable<SessionVote['outcome']>, string> = {
  adopted: 'Adopted',
  rejected: 'Rejected',
  'failed-quorum': 'Not adopted: no quorum',
};

function attendanceLines(s: MeetingState, seatName: (code: string) => string): string[] {
  const lines: string[] = [];
  for (const seat of s.invitedSeats) {
    const present = s.presence.filter((p) => p.seat === seat);
    if (present.length === 0) {
      const answer = s.answers.find((a) => a.seat === seat)?.answer;
      lines.push(`- ${seatName(seat)} (${seat}): absent${answer === 'absent' ? ' (apologies sent)' : ''}`);
      continue;
    }
    const who = present.map((p) => `${p.personId} as ${p.capacity}, ${p.mode}`).join('; ');
    lines.push(`- ${seatName(seat)} (${seat}): ${who}`);
  }
  return lines;
}

function voteLines(vote: SessionVote): string[] {
  const t = vote.tally;
  const lines = [
    `  Vote (${vote.rule}${vote.quorum !== null ? `, quorum ${vote.quorum}` : ''}): ${
      vote.outcome ? outcomeWords[vote.outcome] : 'not closed'
    }. Yes ${t.yes}, no ${t.no}, abstain ${t.abstain}${t.objections ? `, objections ${t.objections}` : ''}.`,
  ];
  if (vote.recused.length) lines.push(`  Recused: ${vote.recused.join(', ')}.`);
  const rollCall = vote.ballots.some((b) => b.via === 'roll-call');
  lines.push(rollCall ? '  Roll call:' : '  Ballots:');
  for (const b of vote.ballots) {
    const entered = b.via === 'roll-call' ? ` (roll call, entered by ${b.recordedBy})` : '';
    lines.push(`  - ${b.seat}: ${b.choice}, ${b.castBy}${entered}`);
  }
  return lines;
}

function itemLines(item: AgendaItem, position: number, s: MeetingState): string[] {
  const lines = [
    `${position}. ${item.title} (${item.kind}${item.presenter ? `, presented by ${item.presenter}` : ''})`,
  ];
  if (item.text) lines.push(`  Put to the Board: ${item.text}`);
  if (item.status === 'deferred') lines.push(`  Deferred to written procedure ${item.deferredTo}.`);
  else if (item.vote) lines.push(...voteLines(item.vote));
  else if (item.status === 'pending') lines.push('  Not taken.');
  if (item.note) lines.push(`  ${item.note}`);
  for (const o of item.opinions) lines.push(`  Opinion of ${o.seat} (${o.by}): ${o.text}`);
  for (const a of s.actions.filter((x) => x.item === item.n))
    lines.push(`  Action ${a.n}: ${a.text} (owner ${a.ownerSeat}, due ${day(a.dueAt)})`);
  return lines;
}

/** The draft minutes of a closed meeting, as plain text. */
export function draftMinutes(s: MeetingState, seatName: (code: string) => string = (c) => c): string {
  const held = s.openedAt ?? s.startsAt;
  const lines = [
    `Minutes of ${s.title}`,
    `${day(held)}, ${time(held)}-${time(s.closedAt ?? s.endsAt)} UTC${s.place ? `, ${s.place}` : ''}${
      s.onlineLink ? ' (also online)' : ''
    }`,
    '',
    'Attendance',
    ...attendanceLines(s, seatName),
    `Quorum: ${s.quorum.present} voting seats present, ${s.quorum.required} required: ${
      s.quorum.met ? 'met' : 'not met'
    }.`,
    '',
    'Items',
  ];
  s.agenda.forEach((item, i) => lines.push(...itemLines(item, i + 1, s)));
  const general = s.actions.filter((a) => a.item === null);
  if (general.length) {
    lines.push('', 'Actions agreed');
    for (const a of general)
      lines.push(`- Action ${a.n}: ${a.text} (owner ${a.ownerSeat}, due ${day(a.dueAt)})`);
  }
  if (s.agendaChanges.some((c) => c.afterFreeze)) {
    lines.push('', 'Agenda changes after the freeze');
    for (const c of s.agendaChanges.filter((x) => x.afterFreeze))
      lines.push(`- ${day(c.at)}: ${c.summary} (${c.by}: ${c.reason})`);
  }
  return lines.join('\n') + '\n';
}
