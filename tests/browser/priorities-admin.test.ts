/**
 * The secretariat's pages for a priority cycle after the ranking, and for recurring reports, in
 * headless Chromium against the real stack (dev server, worker, API), with windows of seconds:
 * the draft edited on the page after the Board rejected it (reordered with the keyboard, a
 * proposal put back, an item of the secretariat added) and put to the Board again; a date change
 * refused with the API's message, and one recorded; an ad hoc action put to the Board once the
 * programme is in force; a reporting schedule created, refused with the API's message, paused.
 * Each step is checked against the API's resulting state. Screenshots in tests/artifacts/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { fitsViewport, launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
let sec: string, de: string, manager: string;
const tabs: Tab[] = [];
/** The 32 voting seats of the ILO board. */
const voting = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA',
]; // prettier-ignore

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
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

async function tab(viewport: 'phone' | 'desktop'): Promise<Page> {
  const t = await openTab(browser, viewport);
  tabs.push(t);
  return t.page;
}

const link = (path: string, token?: string) =>
  `${stack.baseUrl}/app/${path}${token ? `${path.includes('?') ? '&' : '?'}access_token=${token}` : ''}`;

const member = (seat: string) => stack.token({ sub: `${seat.toLowerCase()}-m`, role: 'member', seat });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const cycleState = async (id: string) =>
  (await stack.request('GET', `/priority-cycles/${id}`, { token: manager })).body;

async function vote(decisionId: string, seats: string[], choice: string) {
  // The seats without a vote say they have no opinion first: until then the decision cannot close early.
  for (const seat of ['IS', 'LI', 'NO', 'CH']) {
    const r = await stack.request('POST', `/decisions/${decisionId}/opinions/decline`, {
      token: member(seat),
    });
    expect([200, 409]).toContain(r.status);
  }
  for (const seat of seats) {
    const r = await stack.request('POST', `/decisions/${decisionId}/ballots`, {
      token: member(seat),
      body: { choice },
    });
    if (r.status === 409) return; // closed early on an earlier ballot
    expect(r.status).toBe(200);
  }
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, name);
}

/** The titles in the draft editor, in order. */
const draftTitles = (page: Page) => page.locator('#draft-list > li .name').allTextContents();

test('the secretariat edits a rejected draft on the page and puts it to the Board again; changes the dates; proposes an ad hoc action once the programme is in force', async () => {
  const opened = await stack.request('POST', '/priority-cycles', {
    token: sec,
    body: {
      title: 'Work programme (browser)',
      // A period that has begun, so the adopted programme is in force at once.
      periodStart: new Date(Date.now() - 60_000).toISOString(),
      periodEnd: new Date(Date.now() + 3_600_000).toISOString(),
      proposalsCloseIn: 'PT4S',
      rankingCloseIn: 'PT8S',
      rule: 'absolute',
      votingIn: 'PT120S',
      topN: 2,
      nextCycleOpensBefore: null,
    },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const proposals: Record<string, string> = {};
  for (const [seat, title, theme] of [
    ['DE', 'Smuggling networks on the Central Mediterranean route', 'migrant-smuggling'],
    ['FR', 'Voluntary return from the Sahel', 'return-and-readmission'],
    ['IT', 'Document fraud in visa applications', 'border-management'],
  ]) {
    const r = await stack.request('POST', `/priority-cycles/${id}/proposals`, {
      token: member(seat),
      body: { title, theme },
    });
    expect(r.status).toBe(201);
    proposals[title] = r.body.id;
  }
  await until(
    () => cycleState(id),
    (c) => c.status === 'ranking',
  );
  const ranked = await stack.request('POST', `/priority-cycles/${id}/rankings`, {
    token: de,
    body: {
      ranking: [
        proposals['Smuggling networks on the Central Mediterranean route'],
        proposals['Voluntary return from the Sahel'],
        proposals['Document fraud in visa applications'],
      ],
    },
  });
  expect(ranked.status).toBe(201);
  await until(
    () => cycleState(id),
    (c) => c.status === 'drafting',
  );

  // Sofia puts the ranked draft to the Board as it stands, from her phone.
  const page = await tab('phone');
  await page.goto(link(`cycle.html?id=${id}`, sec));
  await page.locator('#draft-list > li').first().waitFor();
  expect(await draftTitles(page)).toEqual([
    'Smuggling networks on the Central Mediterranean route',
    'Voluntary return from the Sahel',
  ]);
  await checkPage(page, 'cycle-draft-secretariat-phone');
  await page.getByRole('button', { name: 'Save and put it to the Board', exact: true }).click();
  await page.getByText('The Board is voting on the draft.').waitFor();
  expect(await cycleState(id)).toMatchObject({ status: 'voting', decisionId: `dec-${id}-d1` });

  // The Board rejects it: 16 of 32 against, so 17 in favour can no longer be reached.
  await vote(`dec-${id}-d1`, voting.slice(0, 16), 'no');
  await until(
    () => cycleState(id),
    (c) => c.status === 'drafting',
  );
  await page.reload();
  await page.getByText('The Board rejected draft 1. Edit it and put it to the Board again.').waitFor();
  await page.getByRole('cell', { name: 'rejected', exact: true }).waitFor();

  // Keyboard only: Voluntary return moves to the top, Document fraud goes back in, and the
  // secretariat adds an item of its own.
  await page.getByRole('button', { name: 'Move up “Voluntary return from the Sahel”' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#draft-live').textContent()).resolves.toBe(
    '“Voluntary return from the Sahel” is now number 1.',
  );
  // The focus stays with the moved item: on its Down button at the top, on Up at the bottom.
  await page.keyboard.press('Enter'); // down again
  await page.keyboard.press('Enter'); // and back up
  await expect(page.locator('#draft-live').textContent()).resolves.toBe(
    '“Voluntary return from the Sahel” is now number 1.',
  );
  expect(await draftTitles(page)).toEqual([
    'Voluntary return from the Sahel',
    'Smuggling networks on the Central Mediterranean route',
  ]);
  await page.getByLabel('Put back a proposal').selectOption(proposals['Document fraud in visa applications']);
  await page.getByRole('button', { name: 'Add to the draft' }).press('Enter');
  await page.getByLabel('Item title').fill('Joint return flights');
  await page.getByLabel('Item theme').selectOption('return-and-readmission');
  await page.getByRole('button', { name: 'Add the item' }).press('Enter');
  await page
    .getByRole('button', { name: 'Remove “Smuggling networks on the Central Mediterranean route”' })
    .press('Enter');
  expect(await draftTitles(page)).toEqual([
    'Voluntary return from the Sahel',
    'Document fraud in visa applications',
    'Joint return flights',
  ]);
  await checkPage(page, 'cycle-draft-edited-phone');
  await page.getByRole('button', { name: 'Save and put it to the Board again' }).click();
  await page.getByText('The Board is voting on the draft.').waitFor();

  const resubmitted = await cycleState(id);
  expect(resubmitted).toMatchObject({ status: 'voting', decisionId: `dec-${id}-d2` });
  expect(resubmitted.draftEdits).toHaveLength(1);
  expect(resubmitted.attempts.map((a: any) => [a.attempt, a.outcome])).toEqual([
    [1, 'rejected'],
    [2, null],
  ]);
  expect(resubmitted.attempts[1].items).toEqual([
    expect.objectContaining({
      proposalId: proposals['Voluntary return from the Sahel'],
      title: 'Voluntary return from the Sahel',
    }),
    expect.objectContaining({
      proposalId: proposals['Document fraud in visa applications'],
      title: 'Document fraud in visa applications',
    }),
    { proposalId: null, title: 'Joint return flights', theme: 'return-and-readmission', region: null },
  ]);

  // A date the API refuses: the period has begun, so its start cannot move; the page shows why.
  await page.getByLabel('Period starts').fill('2020-01-01');
  await page.getByLabel('Reason for the change').fill('aligned with the budget year');
  await page.getByRole('button', { name: 'Change the dates' }).click();
  const alert = page.locator('#dates-form [role="alert"]');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(
    new RegExp(`^Refused \\(409\\): cycle ${id}'s period began at .*; periodStart can no longer change$`),
  );
  expect((await cycleState(id)).dateChanges).toEqual([]);

  // The Board adopts the second draft; the programme is in force.
  await vote(`dec-${id}-d2`, voting.slice(0, 17), 'yes');
  await until(
    () => cycleState(id),
    (c) => c.status === 'in-force',
  );
  await page.reload();
  await page.getByRole('heading', { name: 'Propose an ad hoc action' }).waitFor();

  // The period is extended by a day on the page, with the reason recorded.
  const inForce = await cycleState(id);
  const longer = new Date(Date.parse(inForce.periodEnd) + 86_400_000).toISOString();
  await page.getByLabel('Period ends (inclusive)').fill(longer);
  await page.getByLabel('Reason for the change').fill('the Board meets a day later');
  await page.getByRole('button', { name: 'Change the dates' }).click();
  await page.getByText('Dates changed: periodEnd.').waitFor();
  const extended = await cycleState(id);
  expect(Date.parse(extended.periodEnd)).toBe(Date.parse(longer));
  expect(extended.dateChanges).toEqual([
    expect.objectContaining({
      field: 'periodEnd',
      reason: 'the Board meets a day later',
      by: 'sofia-marin',
    }),
  ]);

  // An ad hoc action, put to the Board from the page.
  await page.getByLabel('Action', { exact: true }).fill('Emergency response: new route via Belarus');
  await page.getByLabel('Theme', { exact: true }).selectOption('border-management');
  await page.getByLabel('Third country or region').fill('Belarus');
  await page.getByLabel('Why the programme needs it').fill('A new route opened this spring.');
  await checkPage(page, 'cycle-adhoc-secretariat-phone');
  await page.getByRole('button', { name: 'Put the action to the Board' }).click();
  await page
    .getByText(`The Board is voting on “Emergency response: new route via Belarus” (dec-${id}-x1).`)
    .waitFor();
  await page.getByRole('link', { name: `dec-${id}-x1` }).waitFor();
  const withAction = await cycleState(id);
  expect(withAction.adHocActions).toEqual([
    expect.objectContaining({
      id: `${id}-x1`,
      title: 'Emergency response: new route via Belarus',
      theme: 'border-management',
      region: 'Belarus',
      reason: 'A new route opened this spring.',
      decisionId: `dec-${id}-x1`,
      proposedBy: 'sofia-marin',
      outcome: null,
    }),
  ]);
  await screenshot(page, 'cycle-adhoc-proposed-phone');
});

test('the secretariat creates a reporting schedule on its page; a rule the API refuses shows its message; the schedule is paused', async () => {
  const page = await tab('desktop');
  await page.goto(link('schedule-new.html', sec));
  await page.getByLabel('Title').fill('Annual activity report');
  await page.getByLabel('DE — Germany').check();
  await page.getByLabel('FR — France').check();
  // Months are not a fixed span: the API says so, and the page shows it.
  await page.getByLabel('Every fixed span').check();
  await page.getByLabel('Every', { exact: true }).fill('P1M');
  await checkPage(page, 'schedule-new-desktop');
  await page.getByRole('button', { name: 'Create the schedule' }).click();
  const alert = page.locator('#schedule-form [role="alert"]');
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    'Refused (400): every must be a fixed span (weeks, days, hours ...); for months or years give calendar or cron',
  );

  // On 31 March at 09:00 in Brussels, every year; due 30 days later.
  await page.getByLabel('On a day of the month or year').check();
  await page.getByRole('button', { name: 'Create the schedule' }).click();
  await page.waitForURL(/schedule\.html\?id=rsc-/);
  await page.getByRole('heading', { level: 1, name: 'Annual activity report' }).waitFor();
  const scheduleId = new URL(page.url()).searchParams.get('id') as string;
  const created = (await stack.request('GET', `/reporting-schedules/${scheduleId}`, { token: sec })).body;
  expect(created).toMatchObject({
    title: 'Annual activity report',
    seats: ['FR', 'DE'], // in the board's order, as the boxes are
    calendar: { month: 3, dayOfMonth: 31, hour: 9, minute: 0 },
    timezone: 'Europe/Brussels',
    dueIn: 'P30D',
    remindBefore: ['P7D', 'P1D'],
    escalateAfter: 'P1D',
    paused: false,
    createdBy: 'sofia-marin',
  });
  expect(created.nextPeriods.length).toBeGreaterThan(0);
  await page.getByText('on 31 March at 09:00 (Europe/Brussels)').waitFor();
  expect(await page.locator('main ul li time').count()).toBe(created.nextPeriods.length);

  await page.getByLabel('Reason', { exact: true }).fill('Template under revision');
  await page.getByRole('button', { name: 'Pause the schedule' }).click();
  await page.getByText('Schedule paused.').waitFor();
  await checkPage(page, 'schedule-paused-desktop');
  expect(
    (await stack.request('GET', `/reporting-schedules/${scheduleId}`, { token: sec })).body,
  ).toMatchObject({
    paused: true,
    note: 'Template under revision',
    nextPeriods: [], // none opens while paused
  });
  await page.getByText('None while paused.').waitFor();
});
