/**
 * The web pages in headless Chromium against the real stack (dev server, worker, API): a member
 * casts a ballot from an email link and sees the tally change, and sees the API's message when
 * a ballot is refused; the secretariat launches a funding round and proposes an allocation with
 * the envelope's remaining amount live; a manager filters the pending board; a member ranks
 * priorities with the keyboard in a cycle the secretariat launched. Screenshots of the
 * main pages are kept in tests/artifacts/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { fitsViewport, launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
let sec: string, de: string, fr: string, manager: string;
const tabs: Tab[] = [];

beforeAll(async () => {
  // One after the other: if the stack fails to start, no browser is left running.
  stack = await startStack();
  browser = await launchBrowser();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterEach(async () => {
  // A script error or a refused resource on any page fails the test that opened it.
  const problems = tabs.flatMap((t) => t.problems);
  await Promise.all(tabs.splice(0).map((t) => t.close()));
  expect(problems).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function tab(viewport: 'phone' | 'desktop' = 'desktop'): Promise<Page> {
  const t = await openTab(browser, viewport);
  tabs.push(t);
  return t.page;
}

/** A page URL as an email link sends it: the token rides along once. */
const link = (path: string, token?: string) =>
  `${stack.baseUrl}/app/${path}${token ? `${path.includes('?') ? '&' : '?'}access_token=${token}` : ''}`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The number in one box of the tally. */
const tallyOf = (page: Page, choice: string) => page.locator(`#tally [data-choice="${choice}"] strong`);

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, name);
}

test('a member casts a ballot from an email link and sees the tally change; a refusal shows the API message', async () => {
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: {
      title: 'Adopt the 2027 reporting template',
      text: 'The Board adopts the reporting template annexed to this note.',
      rule: 'absolute',
      closesIn: 'P7D',
    },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;

  // Anna (DE) follows the link of a notification email to "waiting for me", on her phone.
  await until(
    async () => (await stack.request('GET', '/me/pending', { token: de })).body,
    (items) => items.some?.((i: any) => i.id === id),
  );
  const page = await tab('phone');
  await page.goto(link('me.html', de));
  expect(page.url()).not.toContain('access_token'); // kept in the tab's session, not in the history
  await page.getByRole('link', { name: 'Adopt the 2027 reporting template' }).waitFor();
  await checkPage(page, 'waiting-for-me-phone');
  await page.getByRole('link', { name: 'Adopt the 2027 reporting template' }).click();
  await page.getByRole('heading', { level: 1, name: 'Adopt the 2027 reporting template' }).waitFor();
  await expect(page.locator('#decision-text').textContent()).resolves.toContain('reporting template annexed');
  await page.getByText('Absolute majority: adopted with yes from 17 of the 32 seats').waitFor();
  expect(await tallyOf(page, 'yes').textContent()).toBe('0');
  await checkPage(page, 'decision-member-phone');

  // Keyboard only: Tab to the Yes button and press Enter.
  const yes = page.getByRole('button', { name: 'Yes', exact: true });
  await yes.focus();
  await page.keyboard.press('Enter');
  await page.getByText('Ballot recorded: Yes.').waitFor();
  expect(await tallyOf(page, 'yes').textContent()).toBe('1');
  await expect(page.locator('#my-ballot').textContent()).resolves.toContain(
    'Current ballot: Yes (cast by Anna Schmidt, member for DE)',
  );

  // Claire (FR) signs in on the sign-in page with her token, then votes no: the tally changes again.
  const claire = await tab('desktop');
  await claire.goto(link(`sign-in.html?next=${encodeURIComponent(`decision.html?id=${id}`)}`));
  await claire.getByLabel('Token').fill(fr);
  await claire.getByRole('button', { name: 'Sign in', exact: true }).click();
  await claire.waitForURL(/decision\.html/);
  await claire.getByRole('button', { name: 'No', exact: true }).click();
  await claire.getByText('Ballot recorded: No.').waitFor();
  expect(await tallyOf(claire, 'yes').textContent()).toBe('1');
  expect(await tallyOf(claire, 'no').textContent()).toBe('1');
  await screenshot(claire, 'decision-member-desktop');

  // Anna refreshes and sees Claire's ballot counted.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await until(
    () => tallyOf(page, 'no').textContent(),
    (n) => n === '1',
  );

  // The secretariat withdraws the decision meanwhile; Anna's change of ballot is refused with the API's message.
  const withdrawn = await stack.request('POST', `/decisions/${id}/withdraw`, {
    token: sec,
    body: { reason: 'Superseded by a revised template' },
  });
  expect(withdrawn.status).toBe(200);
  await page.getByRole('button', { name: 'Abstain', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/^Refused \(409\): .*closed/);
  await screenshot(page, 'decision-refused-phone');
});

test('the secretariat launches a funding round and proposes an allocation, with the remaining envelope live', async () => {
  const page = await tab('desktop');
  await page.goto(link('round-new.html', sec));
  await page.getByLabel('Title').fill('ILO activities 2027');
  await page.getByLabel('Envelope (€)').fill('10000');
  await page.getByLabel('Cap per request (€)').fill('8000');
  // A submission window of a few seconds, so the test reaches the allocation.
  const closes = page.getByRole('group', { name: 'Submissions close' });
  await closes.getByLabel('In', { exact: true }).fill('10');
  await closes.getByLabel('Unit').selectOption('S');
  await page.getByLabel('migrant-smuggling').check();
  await page.getByLabel('return-and-readmission').check();
  await page.getByLabel('Voting lasts').fill('7');
  await checkPage(page, 'round-launch-desktop');
  await page.getByRole('button', { name: 'Launch the round' }).click();
  await page.waitForURL(/round\.html\?id=fr-/);
  const roundId = new URL(page.url()).searchParams.get('id') as string;
  await page.getByRole('heading', { level: 1, name: 'ILO activities 2027' }).waitFor();

  // Germany submits through its page, France through the API.
  const anna = await tab('phone');
  await anna.goto(link(`round.html?id=${roundId}`, de));
  await anna.getByLabel('Title').fill('Sahel liaison network');
  await anna.getByLabel('Amount (€)').fill('6000');
  await anna.getByLabel('Priority').selectOption('migrant-smuggling');
  await anna.getByLabel('Description').fill('Two ILOs in Niamey for twelve months.');
  await anna.getByRole('button', { name: 'Submit the request' }).click();
  await anna.waitForURL(/request\.html\?id=frq-/);
  await anna.getByText('submitted', { exact: true }).first().waitFor();
  await screenshot(anna, 'request-member-phone');
  const fromFr = await stack.request('POST', `/funding-rounds/${roundId}/requests`, {
    token: fr,
    body: {
      title: 'Return counselling, West Africa',
      amountCents: 500_000,
      priority: 'return-and-readmission',
      description: 'Training',
    },
  });
  expect(fromFr.status).toBe(201);

  await until(
    async () => (await stack.request('GET', `/funding-rounds/${roundId}`, { token: sec })).body.status,
    (status) => status === 'assessing',
  );
  await page.reload();
  const form = page.locator('#allocation-form');
  await form.waitFor();
  const remaining = page.locator('#remaining');
  await expect(remaining.textContent()).resolves.toContain('€10,000.00 of €10,000.00 left');
  await form.getByLabel('DE — Germany: Sahel liaison network').fill('6000');
  await expect(remaining.textContent()).resolves.toContain('€4,000.00 of €10,000.00 left');
  await form.getByLabel('FR — France: Return counselling, West Africa').fill('5000');
  await expect(remaining.textContent()).resolves.toContain('-€1,000.00 of €10,000.00 left');
  expect(await remaining.getAttribute('class')).toContain('over');
  await screenshot(page, 'round-allocation-over-desktop');

  // Over the envelope: the API refuses (422) and the page says why.
  await page.getByRole('button', { name: 'Put the allocation to the Board' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/^Refused \(422\): .*envelope/);

  await form.getByLabel('FR — France: Return counselling, West Africa').fill('4000');
  await expect(remaining.textContent()).resolves.toContain('€0.00 of €10,000.00 left');
  await page.getByRole('button', { name: 'Put the allocation to the Board' }).click();
  await page.getByText('Allocation proposed; the Board is voting on it.').waitFor();
  await page.getByText('voting', { exact: true }).first().waitFor();
  const round = (await stack.request('GET', `/funding-rounds/${roundId}`, { token: sec })).body;
  expect(round.status).toBe('voting');
  expect(round.allocation).toEqual(
    expect.arrayContaining([
      { requestId: expect.stringMatching(/^frq-/), amountCents: 600_000 },
      { requestId: expect.stringMatching(/^frq-/), amountCents: 400_000 },
    ]),
  );
  // The page links the Board decision on it.
  await page.getByRole('link', { name: round.decisionId }).first().waitFor();
  await checkPage(page, 'round-voting-desktop');
});

test('a manager filters the pending board: kind, seat, overdue', async () => {
  const oblige = async (title: string, seat: string, dueIn: string) => {
    const r = await stack.request('POST', '/reporting-obligations', {
      token: sec,
      body: { title, seat, dueIn },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  await oblige('Annual report 2026 (DE)', 'DE', 'P10D');
  await oblige('Annual report 2026 (FR)', 'FR', 'P3D');
  await oblige('Interim report, Sahel (IT)', 'IT', 'PT1S');
  const decision = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Approve the Sahel action', rule: 'simple', closesIn: 'P5D' },
  });
  expect(decision.status).toBe(201);
  await until(
    async () =>
      (await stack.request('GET', '/pending?kind=reporting-obligation&overdue=true', { token: manager }))
        .body,
    (page) => page.items?.some((i: any) => i.title === 'Interim report, Sahel (IT)'),
  );

  // The manager signs in on the sign-in page with a token from the identity provider.
  const page = await tab('desktop');
  await page.goto(link(`sign-in.html?next=pending.html`));
  await page.getByLabel('Token').fill(manager);
  await screenshot(page, 'sign-in-desktop');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/pending\.html$/);
  await page.locator('#items table').waitFor();
  await expect(page.locator('.who').textContent()).resolves.toContain('Mia Novak · manager');
  const titles = () => page.locator('#items tbody tr td:nth-child(3)').allTextContents();
  expect(await titles()).toEqual(
    expect.arrayContaining([
      'Annual report 2026 (DE)',
      'Annual report 2026 (FR)',
      'Approve the Sahel action',
    ]),
  );
  await expect(page.locator('#holders').textContent()).resolves.toContain('Who is holding what up');
  await checkPage(page, 'pending-board-desktop');

  // Reports only.
  await page.getByLabel('Kind').selectOption('reporting-obligation');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/kind=reporting-obligation/);
  await page.locator('#items table').waitFor();
  expect((await titles()).sort()).toEqual(
    ['Annual report 2026 (DE)', 'Annual report 2026 (FR)', 'Interim report, Sahel (IT)'].sort(),
  );
  // ... awaiting France.
  await page.getByLabel('Awaiting seat').selectOption('FR');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/seat=FR/);
  await page.locator('#items table').waitFor();
  expect(await titles()).toEqual(['Annual report 2026 (FR)']);
  // Overdue reports, any seat: Italy's, marked overdue.
  await page.getByLabel('Awaiting seat').selectOption('');
  await page.getByLabel('Overdue only').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/overdue=true/);
  await page.locator('#items table').waitFor();
  expect(await titles()).toEqual(['Interim report, Sahel (IT)']);
  await expect(page.locator('#items').textContent()).resolves.toContain('overdue');
  await screenshot(page, 'pending-board-filtered-desktop');

  // The CSV of the same filter downloads with the manager's token.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByText('Download as CSV').click(),
  ]);
  expect(download.suggestedFilename()).toBe('pending.csv');

  // The same board on a phone reads without sideways scrolling.
  const phone = await tab('phone');
  await phone.goto(link('pending.html', manager));
  await phone.locator('#timeline').waitFor();
  await checkPage(phone, 'pending-board-phone');
});

test('the secretariat launches a priority cycle; a member proposes, then ranks the proposals with the keyboard', async () => {
  const page = await tab('desktop');
  await page.goto(link('cycle-new.html', sec));
  await page.getByLabel('Title').fill('Work programme 2027-2028');
  const proposals = page.getByRole('group', { name: 'Proposals close' });
  await proposals.getByLabel('In', { exact: true }).fill('10');
  await proposals.getByLabel('Unit').selectOption('S');
  const ranking = page.getByRole('group', { name: 'Ranking closes' });
  await ranking.getByLabel('In', { exact: true }).fill('7');
  await ranking.getByLabel('Unit').selectOption('D');
  await checkPage(page, 'cycle-launch-desktop');
  await page.getByRole('button', { name: 'Launch the cycle' }).click();
  await page.waitForURL(/cycle\.html\?id=pc-/);
  const cycleId = new URL(page.url()).searchParams.get('id') as string;
  await page.getByRole('heading', { level: 1, name: 'Work programme 2027-2028' }).waitFor();

  // Anna proposes on the page; France and Italy through the API.
  const anna = await tab('phone');
  await anna.goto(link(`cycle.html?id=${cycleId}`, de));
  await anna.getByLabel('Title').fill('Smuggling networks on the Central Mediterranean route');
  await anna.getByLabel('Theme').selectOption('migrant-smuggling');
  await anna.getByLabel('Third country or region').fill('Libya');
  await anna.getByRole('button', { name: 'Propose' }).click();
  await anna.getByText('Proposal recorded.').waitFor();
  for (const [token, title, theme] of [
    [fr, 'Voluntary return from the Sahel', 'return-and-readmission'],
    [
      stack.token({ sub: 'marco', role: 'member', seat: 'IT' }),
      'Document fraud in visa applications',
      'border-management',
    ],
  ]) {
    const r = await stack.request('POST', `/priority-cycles/${cycleId}/proposals`, {
      token,
      body: { title, theme },
    });
    expect(r.status).toBe(201);
  }
  await until(
    async () => (await stack.request('GET', `/priority-cycles/${cycleId}`, { token: de })).body.status,
    (status) => status === 'ranking',
  );

  // The ranking window is open: Anna moves Italy's proposal to the top with the keyboard only.
  await anna.reload();
  const items = anna.locator('#ranking-list > li');
  await items.first().waitFor();
  const order = async () => (await items.locator('.title').allTextContents()).map((t) => t.split(' — ')[0]);
  expect((await order()).map((t) => t.slice(0, 12))).toEqual([
    'Smuggling ne',
    'Voluntary re',
    'Document fra',
  ]);
  await anna.getByRole('button', { name: 'Move “Document fraud in visa applications” up' }).focus();
  await anna.keyboard.press('Enter');
  await anna.keyboard.press('Enter'); // the focus stays on the moved proposal's button
  await expect(anna.locator('#ranking-live').textContent()).resolves.toContain('is now number 1');
  expect((await order()).map((t) => t.slice(0, 12))).toEqual([
    'Document fra',
    'Smuggling ne',
    'Voluntary re',
  ]);
  await checkPage(anna, 'cycle-ranking-phone');
  await anna.getByRole('button', { name: 'Submit the ranking' }).click();
  await anna.getByText('Ranking recorded.').waitFor();

  const cycle = (await stack.request('GET', `/priority-cycles/${cycleId}`, { token: sec })).body;
  const titleOf = new Map(cycle.proposals.map((p: any) => [p.id, p.title]));
  const mine = cycle.rankings.find((r: any) => r.seat === 'DE');
  expect(mine.ranking.map((pid: string) => titleOf.get(pid))).toEqual([
    'Document fraud in visa applications',
    'Smuggling networks on the Central Mediterranean route',
    'Voluntary return from the Sahel',
  ]);
  // Seen again, the page starts from the seat's ranking.
  await anna.reload();
  await anna.getByRole('button', { name: 'Save the new ranking' }).waitFor();
  expect((await order()).map((t) => t.slice(0, 12))).toEqual([
    'Document fra',
    'Smuggling ne',
    'Voluntary re',
  ]);
});

test('the secretariat opens a decision and sets a report on their pages; the seat submits the report and the secretariat accepts it', async () => {
  const page = await tab('desktop');
  await page.goto(link('decision-new.html', sec));
  await page.getByLabel('Title').fill('Approve the ILO network handbook');
  await page.getByLabel('Text put to the Board').fill('The Board approves the handbook annexed.');
  await page.getByLabel('Rule').selectOption('two-thirds');
  await page.getByText('Recused seats').click();
  await page.getByLabel('DE — Germany').check();
  await checkPage(page, 'decision-launch-desktop');
  await page.getByRole('button', { name: 'Open the decision' }).click();
  await page.waitForURL(/decision\.html\?id=dec-/);
  await page.getByText('Two-thirds majority: adopted with yes from 21 of the 31 seats').waitFor();
  await expect(page.getByRole('heading', { name: 'Extend the deadline' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'decision-secretariat-desktop');

  // A recused seat sees why it has no ballot.
  const anna = await tab('phone');
  await anna.goto(link(`decision.html?id=${new URL(page.url()).searchParams.get('id')}`, de));
  await anna.getByText('Seat DE is recused from this decision; it may give an opinion below.').waitFor();
  expect(await anna.getByRole('button', { name: 'Yes', exact: true }).count()).toBe(0);

  await page.goto(link('obligation-new.html'));
  await page.getByLabel('Title').fill('Annual ILO network report 2026 (FR)');
  await page.getByLabel('Seat that owes the report').selectOption('FR');
  await checkPage(page, 'obligation-launch-desktop');
  await page.getByRole('button', { name: 'Set the obligation' }).click();
  await page.waitForURL(/obligation\.html\?id=/);
  const obligationUrl = page.url();

  const claire = await tab('phone');
  await claire.goto(link(`obligation.html?id=${new URL(obligationUrl).searchParams.get('id')}`, fr));
  await claire.getByLabel('Summary').fill('Forty missions, two new liaison posts, one joint operation.');
  await claire.getByLabel('Link to the document').fill('https://docs.example/fr-2026.pdf');
  await checkPage(claire, 'obligation-member-phone');
  await claire.getByRole('button', { name: 'Submit the report' }).click();
  await claire.getByText('Report submitted.').waitFor();
  await claire.getByText('submitted', { exact: true }).first().waitFor();

  await page.reload();
  await page.getByLabel('Comment').fill('Complete; thank you.');
  await page.getByRole('button', { name: 'Record the review' }).click();
  await page.getByText('Review recorded.').waitFor();
  await page.getByText('accepted', { exact: true }).first().waitFor();
  await screenshot(page, 'obligation-reviewed-desktop');
});
