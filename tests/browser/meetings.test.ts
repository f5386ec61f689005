/**
 * A meeting run from the pages in headless Chromium against the real stack: the secretariat opens
 * and closes the votes on three decision items from its meeting page while two members vote from
 * their own pages and see the live result; the minutes follow at the close.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

afterEach(async () => {
  const problems = tabs.flatMap((t) => t.problems);
  await Promise.all(tabs.splice(0).map((t) => t.close()));
  expect(problems).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function tab(): Promise<Page> {
  const t = await openTab(browser, 'desktop');
  tabs.push(t);
  return t.page;
}

test('the secretariat runs a meeting with three decision items while two members vote from their pages', async () => {
  const sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  const roster = await stack.request('GET', '/board/roster', { token: sec });
  const members = new Map<string, string>();
  for (const a of roster.body.appointments)
    if (a.current && /^member for /.test(a.label))
      members.set(a.label.slice('member for '.length), a.personId);
  const start = Date.now() + 10 * 60_000;
  const convened = await stack.request('POST', '/meetings', {
    token: sec,
    body: {
      title: 'Autumn meeting',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
      place: 'Brussels',
      agenda: [1, 2, 3].map((n) => ({
        title: `Decision ${n}`,
        kind: 'decision',
        rule: 'simple',
        documents: [{ title: `Paper ${n}`, url: `https://docs.example/${n}.pdf` }],
      })),
    },
  });
  expect(convened.status).toBe(201);
  const id = convened.body.id as string;
  // Seventeen member states present: the attendance quorum (half of 32 voting seats) is met.
  const seats = [
    'DE',
    'FR',
    ...[...members.keys()].filter(
      (s) => /^[A-Z]{2}$/.test(s) && !['DE', 'FR', 'IS', 'LI', 'NO', 'CH'].includes(s),
    ),
  ];
  const present = seats
    .slice(0, 17)
    .map((seat) => ({ seat, personId: members.get(seat), capacity: 'member', mode: 'in-person' }));

  const secPage = await tab();
  await secPage.goto(`${stack.baseUrl}/app/meetings.html?id=${id}&access_token=${sec}`);
  await secPage.getByRole('button', { name: 'Open the meeting' }).click();
  await secPage.getByRole('button', { name: 'Record attendance' }).waitFor();
  expect(
    (await stack.request('PUT', `/meetings/${id}/attendance`, { token: sec, body: { present } })).status,
  ).toBe(200);

  const voters = await Promise.all(
    ['DE', 'FR'].map(async (seat) => {
      const page = await tab();
      const token = stack.token({ sub: members.get(seat) as string, role: 'member', seat });
      await page.goto(`${stack.baseUrl}/app/meetings.html?id=${id}&access_token=${token}`);
      await page.locator('#agenda').waitFor();
      return page;
    }),
  );

  const choices = [
    ['yes', 'yes', 'adopted'],
    ['no', 'no', 'rejected'],
    ['yes', 'abstain', 'adopted'],
  ] as const;
  for (const [i, [de, fr, outcome]] of choices.entries()) {
    const n = i + 1;
    await secPage.locator(`[data-item="${n}"]`).getByRole('button', { name: 'Open the vote' }).click();
    for (const [page, choice] of [
      [voters[0], de],
      [voters[1], fr],
    ] as const) {
      const item = page.locator(`[data-item="${n}"]`);
      // The member's page shows the open vote at its next refresh.
      await item.locator(`button[data-choice="${choice}"]`).click({ timeout: 15_000 });
      await item.getByText(`your seat: ${choice}`).waitFor({ timeout: 15_000 });
    }
    // The secretariat sees both ballots live, then closes the vote.
    await secPage.locator(`[data-item="${n}"]`).getByText('(2 of 32 seats)').waitFor({ timeout: 15_000 });
    await secPage.locator(`[data-item="${n}"]`).getByRole('button', { name: 'Close the vote' }).click();
    await secPage
      .locator(`[data-item="${n}"]`)
      .getByText(outcome, { exact: true })
      .waitFor({ timeout: 15_000 });
  }
  expect(await unlabelledControls(secPage)).toEqual([]);
  await screenshot(secPage, 'meeting-in-session');
  await secPage.getByRole('button', { name: 'Close the meeting' }).click();
  await secPage.getByRole('heading', { name: 'Minutes (draft)' }).waitFor({ timeout: 15_000 });
  const state = (await stack.request('GET', `/meetings/${id}`, { token: sec })).body;
  expect(state.agenda.map((item: any) => item.vote.outcome)).toEqual(['adopted', 'rejected', 'adopted']);
  expect(state.agenda[0].vote.ballots.map((b: any) => [b.seat, b.via, b.castBy])).toEqual([
    ['DE', 'device', members.get('DE')],
    ['FR', 'device', members.get('FR')],
  ]);
});
