/**
 * The board's record through the API, on both stores (the embedded default, and PostgreSQL through
 * DATABASE_URL): an item keeps being served after Temporal has forgotten its workflow.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { resolveRecordUrl } from '../../src/record/record-connection';
import { connectClient } from '../../src/temporal/connection';
import { pdfText } from '../support/pdf-text';
import { recordStores, startRecordStore, type TestRecordStore } from '../support/record-stores';
import { startStack, type Stack } from '../support/stack';

describe.each(recordStores)('the record on the %s store', (kind) => {
  let store: TestRecordStore | undefined;
  let stack: Stack;
  let sec: string;

  beforeAll(async () => {
    // The embedded store is the default: the stack starts it. PostgreSQL is handed in by URL.
    if (kind === 'postgresql') store = await startRecordStore(kind);
    stack = await startStack(store ? { DATABASE_URL: store.url } : {});
    sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  });

  afterAll(async () => {
    await stack?.stop();
    await store?.stop();
  });

  it('serves a closed decision after its workflow history is deleted from Temporal', async () => {
    const opened = await stack.request('POST', '/decisions', {
      token: sec,
      body: { title: 'Record outlives history', text: 'Kept for ten years.', closesIn: 'P7D' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const ballot = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: stack.token({ sub: 'de-member', role: 'member', seat: 'DE' }),
      body: { choice: 'yes' },
    });
    expect(ballot.status).toBe(200);
    const withdrawn = await stack.request('POST', `/decisions/${id}/withdraw`, {
      token: sec,
      body: { reason: 'superseded by a later proposal' },
    });
    expect(withdrawn.status).toBe(200);

    const final = await endThenForget(id, async () => {
      const before = await stack.request('GET', `/decisions/${id}`, { token: sec });
      expect(before.body).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    });

    const after = await stack.request('GET', `/decisions/${id}`, { token: sec });
    expect(after.status).toBe(200);
    const { idempotency: _internal, ...view } = final as Record<string, unknown>;
    expect(after.body).toEqual(view);
    expect(after.body).toMatchObject({
      status: 'closed',
      outcome: 'withdrawn',
      withdrawal: { reason: 'superseded by a later proposal', by: 'sofia-marin' },
      ballots: [{ seat: 'DE', choice: 'yes', castBy: 'anna-schmidt' }],
    });
    // Neither in Temporal nor in the record: still a 404 naming it.
    const unknown = await stack.request('GET', '/decisions/dec-never-opened', { token: sec });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('decision dec-never-opened not found');
  });

  /**
   * Waits for the workflow `id` to end (its run projects its final state before), runs `before`,
   * then deletes it from Temporal as its retention would and waits until it is gone. Its result.
   */
  async function endThenForget(id: string, before: () => Promise<void>): Promise<unknown> {
    const { client, connection } = await connectClient(stack.config);
    try {
      const handle = client.workflow.getHandle(id);
      const final: unknown = await handle.result();
      await before();
      await client.workflowService.deleteWorkflowExecution({
        namespace: stack.config.temporal.namespace,
        workflowExecution: { workflowId: id },
      });
      // Deletion is asynchronous: wait until Temporal no longer knows the workflow.
      for (let i = 0; ; i++) {
        const gone = await handle.describe().then(
          () => false,
          (err: unknown) => err instanceof WorkflowNotFoundError,
        );
        if (gone) return final;
        if (i > 600) throw new Error('Temporal still has the workflow 60 s after its deletion');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await connection.close();
    }
  }

  it('lists a past meeting after its workflow history is deleted from Temporal', async () => {
    const hour = 3_600_000;
    const convened = await stack.request('POST', '/meetings', {
      token: sec,
      body: {
        title: 'Autumn meeting, record outlives history',
        startsAt: new Date(Date.now() + 24 * hour).toISOString(),
        endsAt: new Date(Date.now() + 26 * hour).toISOString(),
        place: 'Brussels',
        agenda: [{ title: 'Adoption of the agenda', kind: 'information' }],
      },
    });
    expect(convened.status).toBe(201);
    const id = convened.body.id as string;
    const cancelled = await stack.request('POST', `/meetings/${id}/cancel`, {
      token: sec,
      body: { reason: 'moved to a written procedure' },
    });
    expect(cancelled.status).toBe(200);
    await endThenForget(id, async () => {
      const listed = (await stack.request('GET', '/meetings', { token: sec })).body;
      expect(listed.past).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, status: 'cancelled' })]),
      );
    });
    // Temporal no longer lists it; the record still does, with its last state.
    const after = await stack.request('GET', '/meetings', { token: sec });
    expect(after.status).toBe(200);
    expect(after.body.past).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id,
          title: 'Autumn meeting, record outlives history',
          status: 'cancelled',
        }),
      ]),
    );
    expect(after.body.upcoming.map((m: { id: string }) => m.id)).not.toContain(id);
    expect((await stack.request('GET', `/meetings/${id}`, { token: sec })).body).toMatchObject({
      id,
      status: 'cancelled',
    });
  });

  /** Polls GET `path` until `done` holds for its body (projections land just after each change). */
  async function until(path: string, done: (body: any) => boolean, token = sec): Promise<any> {
    for (let i = 0; ; i++) {
      const r = await stack.request('GET', path, { token });
      if (r.status === 200 && done(r.body)) return r.body;
      if (i > 300) throw new Error(`GET ${path} never reached the expected state: ${JSON.stringify(r.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('lists decisions open and closed, newest first, by words, status, rule, outcome and dates, page by page', async () => {
    const tag = `zq${kind.slice(0, 3)}`;
    const ids: string[] = [];
    for (const [i, body] of [
      { title: `Travel rules ${tag}`, text: 'Allowances for the secretariat', rule: 'simple' },
      { title: `Budget ${tag} amendment`, text: 'Transfer between lines', rule: 'absolute' },
      { title: `Staff ${tag} regulations`, text: 'Working time', rule: 'silence' },
    ].entries()) {
      const r = await stack.request('POST', '/decisions', { token: sec, body: { ...body, closesIn: 'P7D' } });
      expect(r.status).toBe(201);
      ids[i] = r.body.id;
    }
    await stack.request('POST', `/decisions/${ids[1]}/withdraw`, {
      token: sec,
      body: { reason: 'out of order' },
    });
    const all = await until(
      `/decisions?q=${tag}`,
      (b) => b.items.length === 3 && b.items.some((d: any) => !d.open),
    );
    // Newest first: the last opened comes first.
    expect(all.items.map((d: any) => d.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(all.items[1]).toMatchObject({
      kind: 'decision',
      title: `Budget ${tag} amendment`,
      status: 'closed',
      open: false,
      outcome: 'withdrawn',
      rule: 'absolute',
    });
    expect(all.nextCursor).toBeNull();

    const ask = async (query: string) =>
      (await stack.request('GET', `/decisions?q=${tag}&${query}`, { token: sec })).body.items.map(
        (d: any) => d.id,
      );
    expect(await ask('status=closed')).toEqual([ids[1]]);
    expect(await ask('status=open')).toEqual([ids[2], ids[0]]);
    expect(await ask('rule=silence')).toEqual([ids[2]]);
    expect(await ask('outcome=withdrawn')).toEqual([ids[1]]);
    expect(await stack.request('GET', `/decisions?q=${tag}%20allowances`, { token: sec })).toMatchObject({
      body: { items: [{ id: ids[0] }] },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await ask(`openedFrom=${tomorrow}`)).toEqual([]);
    expect(await ask(`closedTo=${tomorrow}`)).toEqual([ids[1]]);

    // Page by page with the opaque cursor, the same items in the same order; every role reads it.
    const member = stack.token({ sub: 'de-member', role: 'member', seat: 'DE' });
    const first = await stack.request('GET', `/decisions?q=${tag}&limit=2`, { token: member });
    expect(first.body.items.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    const second = await stack.request('GET', `/decisions?q=${tag}&limit=2&cursor=${first.body.nextCursor}`, {
      token: member,
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    for (const [query, message] of [
      ['status=shut', 'status must be one of open, closed, any'],
      ['limit=0', 'limit must be between 1 and 200'],
      ['openedFrom=yesterday', 'openedFrom must be an ISO 8601 date or timestamp'],
      ['cursor=bad!', 'cursor must come from a previous page'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor is not one this API handed out; start again without it'],
      ['openedFrom=2027-02-01&openedTo=2027-01-01', 'openedFrom must be before openedTo'],
      ['seat=DE', 'property seat should not exist'],
    ]) {
      const r = await stack.request('GET', `/decisions?${query}`, { token: sec });
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
      expect([r.body.message].flat()).toContain(message);
    }
    expect((await stack.request('GET', '/decisions')).status).toBe(401);
  });

  it('lists funding rounds and reporting obligations, and requests by seat and priority', async () => {
    const round = await stack.request('POST', '/funding-rounds', {
      token: sec,
      body: {
        title: `Archive round ${kind}`,
        envelopeCents: 1_000_000,
        closesIn: 'P7D',
        priorities: ['migrant-smuggling', 'return-and-readmission'],
        decision: { rule: 'absolute', votingIn: 'PT60S' },
        reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
      },
    });
    expect(round.status).toBe(201);
    const de = stack.token({ sub: 'de-member', role: 'member', seat: 'DE' });
    const submitted = await stack.request('POST', `/funding-rounds/${round.body.id}/requests`, {
      token: de,
      body: {
        title: 'Liaison network',
        priority: 'migrant-smuggling',
        description: 'Two liaison officers',
        amountCents: 250_000,
      },
    });
    expect(submitted.status).toBe(201);
    const obligation = await stack.request('POST', '/reporting-obligations', {
      token: sec,
      body: { title: `Archive report ${kind}`, seat: 'FR', dueIn: 'P30D' },
    });
    expect(obligation.status).toBe(201);

    await until(`/funding-rounds?q=${kind}`, (b) => b.items.some((r: any) => r.id === round.body.id));
    const requests = await until(`/funding-requests?roundId=${round.body.id}`, (b) => b.items.length === 1);
    expect(requests.items[0]).toMatchObject({
      kind: 'funding-request',
      seat: 'DE',
      priority: 'migrant-smuggling',
      parentId: round.body.id,
      open: true,
    });
    expect(
      (await stack.request('GET', `/funding-requests?roundId=${round.body.id}&seat=FR`, { token: sec })).body
        .items,
    ).toEqual([]);
    expect(
      (
        await stack.request(
          'GET',
          `/funding-requests?roundId=${round.body.id}&priority=return-and-readmission`,
          { token: sec },
        )
      ).body.items,
    ).toEqual([]);
    const obligations = await until('/reporting-obligations?seat=FR&status=open', (b) =>
      b.items.some((o: any) => o.id === obligation.body.id),
    );
    expect(obligations.items.find((o: any) => o.id === obligation.body.id)).toMatchObject({
      seat: 'FR',
      status: 'pending',
    });
    expect((await stack.request('GET', '/priority-cycles?status=closed', { token: sec })).status).toBe(200);

    // Where the money went, over a period that holds this round's request only.
    const report = await stack.request(
      'GET',
      `/reports/funding?from=${encodeURIComponent(requests.items[0].openedAt)}`,
      { token: de },
    );
    expect(report.status).toBe(200);
    expect(report.body.bySeat).toContainEqual({
      key: 'DE',
      requests: 1,
      requestedCents: 250_000,
      awardedCents: 0,
      paidCents: 0,
    });
    expect(report.body.byRound).toContainEqual(
      expect.objectContaining({
        key: round.body.id,
        label: `Archive round ${kind}`,
        requestedCents: 250_000,
      }),
    );
    expect(report.body.byPriority).toContainEqual(
      expect.objectContaining({ key: 'migrant-smuggling', requests: 1 }),
    );
    const reportCsv = await stack.request(
      'GET',
      `/reports/funding.csv?from=${encodeURIComponent(requests.items[0].openedAt)}`,
      { token: sec },
    );
    const csvLines = (reportCsv.body as string).trim().split('\n');
    expect(csvLines[0]).toBe('dimension,key,label,requests,requestedCents,awardedCents,paidCents');
    expect(csvLines).toContain('seat,DE,DE,1,250000,0,0');
    expect(
      (await stack.request('GET', '/reports/funding?from=2027-02-01&to=2027-01-01', { token: sec })).body
        .message,
    ).toBe('from must be before to');

    // The round's record: envelope, requests and their eligibility so far, with the hash.
    const roundPdf = await download(`/funding-rounds/${round.body.id}/record.pdf`);
    expect(roundPdf.status).toBe(200);
    const roundText = pdfText(roundPdf.body);
    for (const expected of [
      `Funding round record: Archive round ${kind}`,
      'Envelope: EUR 10,000.00',
      'Priorities: migrant-smuggling, return-and-readmission',
      `DE Liaison network priority migrant-smuggling asked EUR 2,500.00 not yet assessed; submitted`,
      `Content hash (SHA-256 of the record): ${roundPdf.hash}`,
    ]) {
      expect({ expected, found: roundText.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  /** GET `path` as bytes, with its record hash header. */
  async function download(path: string, token = sec) {
    const res = await fetch(stack.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      hash: res.headers.get('x-record-sha256'),
      body: Buffer.from(await res.arrayBuffer()),
    };
  }

  it('the record of a closed round: allocation adopted, awards and tranches paid, every amount in euros from its cents', async () => {
    const title = `Closed round record ${kind}`;
    const round = await stack.request('POST', '/funding-rounds', {
      token: sec,
      body: {
        title,
        envelopeCents: 1_234_567,
        closesIn: 'PT4S',
        priorities: ['migrant-smuggling', 'return-and-readmission'],
        decision: { rule: 'absolute', votingIn: 'PT60S' },
        reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
      },
    });
    expect(round.status).toBe(201);
    const roundId = round.body.id as string;
    const ask = async (seat: string, amountCents: number, priority: string) => {
      const r = await stack.request('POST', `/funding-rounds/${roundId}/requests`, {
        token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
        body: { title: `Liaison officers ${seat}`, priority, description: 'Two officers', amountCents },
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const deId = await ask('DE', 612_345, 'migrant-smuggling');
    const frId = await ask('FR', 400_050, 'return-and-readmission');
    await until(`/funding-rounds/${roundId}`, (r) => r.status === 'assessing');
    const proposed = await stack.request('POST', `/funding-rounds/${roundId}/allocation`, {
      token: sec,
      body: {
        awards: [
          { requestId: deId, amountCents: 500_001 },
          { requestId: frId, amountCents: 400_050 },
        ],
      },
    });
    expect(proposed.status).toBe(201);
    const decisionId = proposed.body.decisionId as string;
    // The seats without a vote decline to give an opinion; every other voter says yes (DE and FR are recused).
    const board = new BoardDirectory(loadBoard(stack.config.boardConfigPath));
    for (const seat of ['IS', 'LI', 'NO', 'CH']) {
      const token = stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat });
      expect(
        (await stack.request('POST', `/decisions/${decisionId}/opinions/decline`, { token })).status,
      ).toBe(200);
    }
    const voters = board.votingSeatCodes().filter((s) => s !== 'DE' && s !== 'FR');
    for (const seat of voters) {
      const ballot = await stack.request('POST', `/decisions/${decisionId}/ballots`, {
        token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
        body: { choice: 'yes' },
      });
      // The decision may close early once the outcome cannot change.
      expect([200, 409]).toContain(ballot.status);
    }
    // The record holds the closed round and both requests awarded, with their first tranches paid.
    await until(`/funding-rounds?q=${encodeURIComponent(title)}&status=closed`, (b) =>
      b.items.some((r: any) => r.id === roundId),
    );
    await until(`/funding-requests?roundId=${roundId}&state=awarded`, (b) => b.items.length === 2);
    // Both first tranches paid and reporting opened (as Temporal has it), before the record is read.
    const requests = await Promise.all(
      [deId, frId].map((id) =>
        until(`/funding-requests/${id}`, (r) => r.history?.some((e: any) => e.kind === 'reporting-opened')),
      ),
    );
    const closed = (await stack.request('GET', `/funding-rounds/${roundId}`, { token: sec })).body;
    // It closed as soon as the outcome could not change: the ballots are those cast until then.
    const vote = (await stack.request('GET', `/decisions/${decisionId}`, { token: sec })).body;
    expect(vote).toMatchObject({ outcome: 'adopted' });
    expect(vote.tally.yes).toBeGreaterThanOrEqual(vote.yesRequired);
    expect(closed).toMatchObject({ status: 'closed', awardedCents: 900_051 });

    const eur = (cents: number) =>
      `EUR ${Math.floor(cents / 100).toLocaleString('en-GB')}.${String(cents % 100).padStart(2, '0')}`;
    const [de, fr] = requests;
    const tranche = (t: any) =>
      `Tranche ${t.n}: ${eur(t.amountCents)} ${t.status}${t.paidAt ? ` on ${t.paidAt} (${t.paymentId})` : ''}`;
    expect(de.tranches.map((t: any) => t.status)).toEqual(['paid', 'held']);
    expect(de.tranches.reduce((n: number, t: any) => n + t.amountCents, 0)).toBe(500_001);
    const expectations = (hash: string | null) => [
      `Funding round record: ${title}`,
      'Status: closed',
      `Closed: ${closed.closedAt}`,
      'Envelope: EUR 12,345.67',
      'Awarded: EUR 9,000.51',
      `${deId} DE Liaison officers DE priority migrant-smuggling asked EUR 6,123.45 eligible; awarded`,
      `${frId} FR Liaison officers FR priority return-and-readmission asked EUR 4,000.50 eligible; awarded`,
      'Attempt 1: EUR 9,000.51 proposed by sofia-marin',
      'outcome adopted',
      `${deId}: EUR 5,000.01`,
      `${frId}: EUR 4,000.50`,
      `Vote ${decisionId} on ${deId}, ${frId}: adopted; yes ${vote.tally.yes}, no 0, abstain 0, ${vote.ballots.length} ballots`,
      `${deId} DE awarded EUR 5,000.01 by ${decisionId}; paid ${eur(de.payments.paidCents)}, held back ${eur(de.payments.heldBackCents)}`,
      `${frId} FR awarded EUR 4,000.50 by ${decisionId}; paid ${eur(fr.payments.paidCents)}, held back ${eur(fr.payments.heldBackCents)}`,
      ...[...de.tranches, ...fr.tranches].map(tranche),
      `Content hash (SHA-256 of the record): ${hash}`,
    ];
    // The projections of the last payments land just after them: read until the record has them.
    // pdfText blocks this process (and the API in it) while it reads: once per download, not per line.
    let pdf = await download(`/funding-rounds/${roundId}/record.pdf`);
    let text = pdfText(pdf.body);
    // Up to a minute: on a loaded machine the projection's activities queue behind the payments'.
    const readBy = Date.now() + 60_000;
    while (Date.now() < readBy && !expectations(pdf.hash).every((e) => text.includes(e))) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      pdf = await download(`/funding-rounds/${roundId}/record.pdf`);
      text = pdfText(pdf.body);
    }
    expect(pdf.status).toBe(200);
    for (const expected of expectations(pdf.hash)) {
      expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  it('the decision record as PDF, the register of the year as PDF and CSV, each with the record hash', async () => {
    const opened = await stack.request('POST', '/decisions', {
      token: sec,
      body: {
        title: `Annual accounts ${kind}`,
        text: 'The Board approves the annual accounts.',
        rule: 'simple',
        closesIn: 'P7D',
        recused: ['LU'],
        closeEarly: false,
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const ballot = (seat: string, capacity: 'member' | 'alternate', choice: string) =>
      stack.request('POST', `/decisions/${id}/ballots`, {
        token: stack.token({ role: 'member', seat, capacity }),
        body: { choice },
      });
    // DE's member, then DE's alternate (Bernd Keller in the seeded roster), whose ballot replaces hers.
    expect((await ballot('DE', 'member', 'no')).status).toBe(200);
    expect((await ballot('DE', 'alternate', 'yes')).status).toBe(200);
    expect((await ballot('FR', 'member', 'abstain')).status).toBe(200);
    const opinion = await stack.request('POST', `/decisions/${id}/opinions`, {
      token: stack.token({ sub: 'it-member', role: 'member', seat: 'IT' }),
      body: { text: 'Italy asks for a breakdown per line.' },
    });
    expect(opinion.status).toBe(201);
    expect(
      (
        await stack.request('POST', `/decisions/${id}/extend`, {
          token: sec,
          body: { closesIn: 'P10D', reason: 'auditors late' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await stack.request('POST', `/decisions/${id}/withdraw`, {
          token: sec,
          body: { reason: 'resubmitted with the breakdown' },
        })
      ).status,
    ).toBe(200);
    await until(`/decisions?q=${kind}&outcome=withdrawn`, (b) => b.items.some((d: any) => d.id === id));

    const pdf = await download(`/decisions/${id}/record.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.body);
    for (const expected of [
      `Decision record: Annual accounts ${kind}`,
      'The Board approves the annual accounts.',
      'Rule: simple',
      'Recused seats',
      'LU:',
      'DE no cast by anna-schmidt (member) (replaced by a later ballot)',
      'DE yes cast by bernd-keller (alternate)',
      'FR abstain cast by claire-dubois (member)',
      'IT',
      'Italy asks for a breakdown per line.',
      'auditors late',
      'Withdrawn by sofia-marin',
      'resubmitted with the breakdown',
      'Tally: yes 1, no 0, abstain 1',
      'Outcome: withdrawn',
      `Content hash (SHA-256 of the record): ${pdf.hash}`,
    ]) {
      expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
    }
    expect(pdf.hash).toMatch(/^[0-9a-f]{64}$/);
    // The same record, the same document and hash.
    const again = await download(`/decisions/${id}/record.pdf`);
    expect(again.hash).toBe(pdf.hash);
    expect(again.body.equals(pdf.body)).toBe(true);

    const year = new Date().getUTCFullYear();
    const csv = await download(`/register.csv?year=${year}`);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const lines = csv.body.toString().trim().split('\n');
    expect(lines[0]).toBe(
      'n,id,title,rule,openedAt,closedAt,outcome,yes,no,abstain,objections,ballots,electorate,parentId',
    );
    expect(
      lines.some(
        (l) =>
          l.includes(id) && l.includes(`Annual accounts ${kind}`) && l.includes(',withdrawn,1,0,1,0,2,31,'),
      ),
    ).toBe(true);
    const register = await download(`/register.pdf?year=${year}`);
    expect(register.type).toBe('application/pdf');
    const registerText = pdfText(register.body);
    expect(registerText).toContain(`Register of decisions ${year}`);
    expect(registerText).toContain(`Annual accounts ${kind} (${id})`);
    expect(registerText).toContain(`Content hash (SHA-256 of the record): ${register.hash}`);
    const empty = pdfText((await download('/register.pdf?year=2001')).body);
    expect(empty).toContain('No decision closed in this year.');

    expect((await stack.request('GET', '/register.csv?year=20x1', { token: sec })).body.message).toContain(
      'year must be a year such as 2027',
    );
    expect((await stack.request('GET', '/register.pdf', { token: sec })).status).toBe(400);
    expect((await stack.request('GET', '/decisions/dec-unknown/record.pdf', { token: sec })).status).toBe(
      404,
    );
  });

  it('the audit log: every accepted write with who, what, item, when and key; nothing refused; replays once', async () => {
    const started = new Date().toISOString();
    const key = `audit-open-${kind}`;
    const body = { title: `Audited ${kind}`, closesIn: 'P7D' };
    const opened = await stack.request('POST', '/decisions', {
      token: sec,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(opened.status).toBe(201);
    // The same key and body again: the same decision, the same write, logged once.
    const replay = await stack.request('POST', '/decisions', {
      token: sec,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(replay.body.id).toBe(opened.body.id);
    const id = opened.body.id as string;
    const de = stack.token({ sub: 'de-auditee', role: 'member', seat: 'DE' });
    expect(
      (await stack.request('POST', `/decisions/${id}/ballots`, { token: de, body: { choice: 'yes' } }))
        .status,
    ).toBe(200);
    // Refused: a bad body (400), a seat without a vote (403), a withdrawal by a member (403), a closed decision (409).
    expect(
      (await stack.request('POST', `/decisions/${id}/ballots`, { token: de, body: { choice: 'maybe' } }))
        .status,
    ).toBe(400);
    const norway = stack.token({ sub: 'no-auditee', role: 'member', seat: 'NO' });
    expect(
      (await stack.request('POST', `/decisions/${id}/ballots`, { token: norway, body: { choice: 'yes' } }))
        .status,
    ).toBe(403);
    expect(
      (await stack.request('POST', `/decisions/${id}/withdraw`, { token: de, body: { reason: 'x' } })).status,
    ).toBe(403);
    expect(
      (
        await stack.request('POST', `/decisions/${id}/withdraw`, {
          token: sec,
          body: { reason: 'audit drill' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await stack.request('POST', `/decisions/${id}/ballots`, { token: de, body: { choice: 'no' } })).status,
    ).toBe(409);

    const log = await stack.request('GET', `/audit?item=${id}`, { token: sec });
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: any) => [e.action, e.subject, e.status])).toEqual([
      ['decisions.withdraw', 'sofia-marin', 200],
      ['decisions.castBallot', 'anna-schmidt', 200],
      ['decisions.open', 'sofia-marin', 201],
    ]);
    expect(log.body.items[1]).toMatchObject({
      role: 'member',
      seat: 'DE',
      route: `POST /decisions/${id}/ballots`,
      itemId: id,
      idempotencyKey: null,
    });
    expect(log.body.items[2]).toMatchObject({
      role: 'secretariat',
      seat: null,
      route: 'POST /decisions',
      idempotencyKey: key,
    });
    expect(Date.parse(log.body.items[2].at)).toBeGreaterThanOrEqual(Date.parse(started) - 1000);

    const manager = stack.token({ sub: 'mia', role: 'manager' });
    const byActor = await stack.request('GET', `/audit?actor=anna-schmidt&action=decisions.castBallot`, {
      token: manager,
    });
    // The seat's member, as the roster names them, cast ballots in the other tests of this file too.
    expect(byActor.body.items.map((e: any) => e.itemId)).toContain(id);
    expect(byActor.body.items.every((e: any) => e.subject === 'anna-schmidt')).toBe(true);
    const byKind = await stack.request('GET', `/audit?item=${id}&action=decisions&limit=2`, { token: sec });
    expect(byKind.body.items).toHaveLength(2);
    const rest = await stack.request(
      'GET',
      `/audit?item=${id}&action=decisions&limit=2&cursor=${byKind.body.nextCursor}`,
      { token: sec },
    );
    expect(rest.body).toMatchObject({ items: [{ action: 'decisions.open' }], nextCursor: null });
    expect(
      (
        await stack.request('GET', `/audit?item=${id}&from=${new Date(Date.now() + 60_000).toISOString()}`, {
          token: sec,
        })
      ).body.items,
    ).toEqual([]);

    const csv = await stack.request('GET', `/audit.csv?item=${id}`, { token: sec });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('id,at,subject,role,seat,action,route,itemId,status,idempotencyKey');
    expect(lines.slice(1).map((l) => l.split(',')[5])).toEqual([
      'decisions.open',
      'decisions.castBallot',
      'decisions.withdraw',
    ]);

    expect((await stack.request('GET', '/audit', { token: de })).status).toBe(403);
    expect((await stack.request('GET', '/audit.csv', { token: de })).status).toBe(403);
    expect(
      (await stack.request('GET', '/audit?from=2027-02-01&to=2027-01-01', { token: sec })).body.message,
    ).toBe('from must be before to');
  });
  it('a write whose audit entry cannot be begun is refused with 503 and does nothing; one made but not finished stays on the log as begun', async () => {
    const opened = await stack.request('POST', '/decisions', {
      token: sec,
      body: { title: `Audit outage ${kind}`, closesIn: 'P7D', closeEarly: false },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const de = stack.token({ sub: 'de-outage', role: 'member', seat: 'DE' });
    const fr = stack.token({ sub: 'fr-outage', role: 'member', seat: 'FR' });
    // The record as an operator reaches it, to take the audit log away and bring it back.
    const pg = new PgClient({ connectionString: resolveRecordUrl(stack.config) });
    await pg.connect();
    try {
      await pg.query('alter table audit_log rename to audit_log_away');
      const refused = await stack.request('POST', `/decisions/${id}/ballots`, {
        token: de,
        body: { choice: 'yes' },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.message).toBe(
        'the audit log cannot be written just now, so nothing was done; try again shortly',
      );
      expect(refused.headers.get('retry-after')).toBe('5');
      const notOpened = await stack.request('POST', '/decisions', {
        token: sec,
        body: { title: `Never opened ${kind}`, closesIn: 'P7D' },
        headers: { 'idempotency-key': `outage-${kind}` },
      });
      expect(notOpened.status).toBe(503);
      await pg.query('alter table audit_log_away rename to audit_log');
      // Nothing was done: the ballot is not counted, and the keyed opening, sent again, is a first opening.
      const state = await stack.request('GET', `/decisions/${id}`, { token: sec });
      expect(state.body.ballots).toEqual([]);
      const retried = await stack.request('POST', '/decisions', {
        token: sec,
        body: { title: `Never opened ${kind}`, closesIn: 'P7D' },
        headers: { 'idempotency-key': `outage-${kind}` },
      });
      expect(retried.status).toBe(201);
      expect(
        (await stack.request('GET', `/audit?item=${retried.body.id}`, { token: sec })).body.items,
      ).toEqual([
        expect.objectContaining({ action: 'decisions.open', status: 201, idempotencyKey: `outage-${kind}` }),
      ]);

      // The entry can be begun but not finished: the write is made, and its entry stays with an empty status.
      await pg.query(`create function audit_drill_refuse() returns trigger language plpgsql as $$
        begin raise exception 'audit drill: no updates'; end $$`);
      await pg.query(
        'create trigger audit_drill before update on audit_log for each row execute function audit_drill_refuse()',
      );
      const made = await stack.request('POST', `/decisions/${id}/ballots`, {
        token: fr,
        body: { choice: 'no' },
      });
      expect(made.status).toBe(200);
      expect(made.body.ballots).toEqual([expect.objectContaining({ seat: 'FR', choice: 'no' })]);
      // The answer did not wait for the finish; a read waits for its every attempt (about 1.3 s).
      const log = await stack.request('GET', `/audit?item=${id}`, { token: sec });
      expect(log.body.items.map((e: any) => [e.action, e.seat, e.status])).toEqual([
        ['decisions.castBallot', 'FR', null],
        ['decisions.open', null, 201],
      ]);
    } finally {
      await pg.query('alter table if exists audit_log_away rename to audit_log');
      await pg.query('drop trigger if exists audit_drill on audit_log');
      await pg.query('drop function if exists audit_drill_refuse()');
      await pg.end();
    }
    // Given up for good: the entry stays begun once the update works again.
    const after = await stack.request('GET', `/audit?item=${id}`, { token: sec });
    expect(after.body.items.map((e: any) => e.status)).toEqual([null, 201]);
  });
});
