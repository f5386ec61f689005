/**
 * Who sees what in the archive lists, on both stores: the secretariat and managers every item (and
 * a seat filter), a member of the board every item of the board, and a member of an observer seat
 * only the items that name it: the decisions it is invited to and its own reports; and the
 * meetings list, which shows a member only the meetings its seat is invited to. One item read by its
 * id (and its record PDF) follows the same rule.
 */
import { boardWithObserver } from '../support/observer-board';
import { recordStores, startRecordStore, type TestRecordStore } from '../support/record-stores';
import { startStack, type Stack } from '../support/stack';

describe.each(recordStores)('who sees what in the record on the %s store', (kind) => {
  let store: TestRecordStore | undefined;
  let stack: Stack;
  let sec: string;

  beforeAll(async () => {
    if (kind === 'postgresql') store = await startRecordStore(kind);
    stack = await startStack({
      BOARD_CONFIG: boardWithObserver(),
      ...(store ? { DATABASE_URL: store.url } : {}),
    });
    sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  });

  afterAll(async () => {
    await stack?.stop();
    await store?.stop();
  });

  /** The ids a caller's list holds (polled until the secretariat's holds `expected` items). */
  const ids = async (path: string, token: string) =>
    ((await stack.request('GET', path, { token })).body.items as { id: string }[]).map((i) => i.id);

  async function untilListed(path: string, count: number): Promise<void> {
    for (let i = 0; (await ids(path, sec)).length < count; i++) {
      if (i > 300) throw new Error(`GET ${path} never listed ${count} items`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('an observer seat sees what names it, a board seat every item, the secretariat and managers filter by seat', async () => {
    const tag = `zv${kind.slice(0, 3)}`;
    const open = async (path: string, body: object) => {
      const r = await stack.request('POST', path, { token: sec, body });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const invited = await open('/decisions', {
      title: `Invited ${tag}`,
      closesIn: 'P7D',
      observers: ['UNHCR'],
    });
    const internal = await open('/decisions', { title: `Internal ${tag}`, closesIn: 'P7D' });
    const unhcrReport = await open('/reporting-obligations', {
      title: `Report ${tag}`,
      seat: 'UNHCR',
      dueIn: 'P30D',
    });
    const frReport = await open('/reporting-obligations', {
      title: `Report ${tag}`,
      seat: 'FR',
      dueIn: 'P30D',
    });
    const round = await open('/funding-rounds', {
      title: `Round ${tag}`,
      envelopeCents: 1_000_000,
      closesIn: 'P7D',
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', votingIn: 'PT60S' },
      reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
    });
    await untilListed(`/decisions?q=${tag}`, 2);
    await untilListed(`/reporting-obligations?q=${tag}`, 2);
    await untilListed(`/funding-rounds?q=${tag}`, 1);

    const unhcr = stack.token({ sub: 'amira', role: 'member', seat: 'UNHCR' });
    expect(await ids(`/decisions?q=${tag}`, unhcr)).toEqual([invited]);
    expect(await ids(`/reporting-obligations?q=${tag}`, unhcr)).toEqual([unhcrReport]);
    expect(await ids(`/funding-rounds?q=${tag}`, unhcr)).toEqual([]);
    // Its own filter cannot widen what it sees.
    expect(await ids(`/reporting-obligations?q=${tag}&seat=FR`, unhcr)).toEqual([]);

    const de = stack.token({ sub: 'de-member', role: 'member', seat: 'DE' });
    expect(await ids(`/decisions?q=${tag}`, de)).toEqual([internal, invited]);
    expect(await ids(`/funding-rounds?q=${tag}`, de)).toEqual([round]);
    expect(await ids(`/reporting-obligations?q=${tag}`, de)).toEqual([frReport, unhcrReport]);

    const manager = stack.token({ sub: 'mia', role: 'manager' });
    expect(await ids(`/reporting-obligations?q=${tag}&seat=UNHCR`, manager)).toEqual([unhcrReport]);
    expect(await ids(`/reporting-obligations?q=${tag}&seat=FR`, sec)).toEqual([frReport]);
    expect(await ids(`/decisions?q=${tag}`, manager)).toEqual([internal, invited]);

    // One item read by its id gives no more than the lists: the same rule, answered 403.
    const status = async (path: string, token: string) =>
      (await stack.request('GET', path, { token })).status;
    expect(await status(`/decisions/${invited}`, unhcr)).toBe(200);
    expect(await status(`/decisions/${internal}`, unhcr)).toBe(403);
    expect((await stack.request('GET', `/decisions/${internal}`, { token: unhcr })).body.message).toBe(
      `seat UNHCR is an observer: it reads only the items that invite it and its own, and ${internal} is neither`,
    );
    expect(await status(`/decisions/${internal}/record.pdf`, unhcr)).toBe(403);
    expect(await status(`/decisions/${invited}/record.pdf`, unhcr)).toBe(200);
    expect(await status(`/reporting-obligations/${unhcrReport}`, unhcr)).toBe(200);
    expect(await status(`/reporting-obligations/${frReport}`, unhcr)).toBe(403);
    expect(await status(`/funding-rounds/${round}`, unhcr)).toBe(403);
    expect(await status(`/funding-rounds/${round}/record.pdf`, unhcr)).toBe(403);
    for (const path of [
      `/decisions/${internal}`,
      `/decisions/${internal}/record.pdf`,
      `/reporting-obligations/${frReport}`,
      `/funding-rounds/${round}`,
      `/funding-rounds/${round}/record.pdf`,
    ]) {
      expect({ path, status: await status(path, de) }).toEqual({ path, status: 200 });
      expect({ path, status: await status(path, manager) }).toEqual({ path, status: 200 });
    }
  });

  it('the meetings list shows a member the meetings its seat is invited to, as the meeting itself does', async () => {
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const convene = async (title: string, observers: string[]) => {
      const r = await stack.request('POST', '/meetings', {
        token: sec,
        body: {
          title,
          startsAt: at(60),
          endsAt: at(120),
          place: 'Brussels',
          // Observers are invited per agenda item; the meeting invites them for those items.
          agenda: [{ title: 'Adoption of the agenda', kind: 'information', observers }],
        },
      });
      expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
      return r.body.id as string;
    };
    const withObserver = await convene(`Open meeting ${kind}`, ['UNHCR']);
    const boardOnly = await convene(`Board meeting ${kind}`, []);
    const listed = async (token: string) => {
      const { upcoming, past } = (await stack.request('GET', '/meetings', { token })).body;
      return [...upcoming, ...past].map((m: { id: string }) => m.id);
    };
    const unhcr = stack.token({ sub: 'amira', role: 'member', seat: 'UNHCR' });
    const de = stack.token({ sub: 'de-member', role: 'member', seat: 'DE' });
    // The list reads Temporal's visibility, which trails a write by about a second.
    for (
      let i = 0;
      !(await listed(sec)).includes(boardOnly) || !(await listed(sec)).includes(withObserver);
      i++
    ) {
      if (i > 300) throw new Error('GET /meetings never listed both meetings');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seen = await listed(unhcr);
    expect(seen).toContain(withObserver);
    expect(seen).not.toContain(boardOnly);
    expect((await stack.request('GET', `/meetings/${boardOnly}`, { token: unhcr })).status).toBe(403);
    expect(await listed(de)).toEqual(expect.arrayContaining([withObserver, boardOnly]));
  });
});
