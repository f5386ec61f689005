/**
 * The reporting schedules in headless Chromium against the real stack (dev server, worker, API):
 * the secretariat finds the list from the navigation, opens a schedule, deletes it through the
 * confirm panel with the keyboard (Escape keeps it, Enter deletes it), is told the obligations
 * already opened stay, and the schedule is gone from the list and from the API; a manager reads
 * the list on a phone without the secretariat's controls; a member is told the page is not for
 * them. Screenshots go to tests/artifacts/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { fitsViewport, launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
let sec: string, de: string, manager: string;
const tabs: Tab[] = [];

beforeAll(async () => {
  // One after the other: if the stack fails to start, no browser is left running.
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

async function tab(viewport: 'phone' | 'desktop' = 'desktop'): Promise<Page> {
  const t = await openTab(browser, viewport);
  tabs.push(t);
  return t.page;
}

const link = (path: string, token?: string) =>
  `${stack.baseUrl}/app/${path}${token ? `${path.includes('?') ? '&' : '?'}access_token=${token}` : ''}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createSchedule(body: Record<string, unknown>): Promise<any> {
  const res = await stack.request('POST', '/reporting-schedules', {
    token: sec,
    body: { seats: ['DE', 'FR'], dueIn: 'P30D', ...body },
  });
  if (res.status !== 201)
    throw new Error(`POST /reporting-schedules: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The titles in the list's table, in order. */
const listedTitles = (page: Page) => page.locator('#schedules tbody tr td:first-child a').allTextContents();

/**
 * Reloads the list page until `done` holds for its titles: Temporal lists schedules eventually,
 * so a schedule made or deleted a moment ago may take a second to show (at most 15 s).
 */
async function reloadUntil(page: Page, done: (titles: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.locator('#summary').waitFor();
    const titles = await listedTitles(page);
    if (done(titles)) return titles;
    if (Date.now() > deadline)
      throw new Error(`the list never showed it; it showed ${JSON.stringify(titles)}`);
    await sleep(300);
    await page.reload();
  }
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, name);
}

test('the secretariat finds a schedule in the list, deletes it through the confirm panel with the keyboard, and it is gone from the list', async () => {
  const kept = await createSchedule({
    title: 'Annual activity report',
    calendar: { month: 3, dayOfMonth: 31 },
  });
  const doomed = await createSchedule({ title: 'Weekly liaison report', every: 'PT2S', dueIn: 'PT1H' });
  // Let the fast one open a period, so its page has obligations that outlive it.
  for (const until = Date.now() + 20_000; Date.now() < until; await sleep(250)) {
    const b = (await stack.request('GET', `/reporting-schedules/${doomed.id}`, { token: sec })).body;
    if (b.periodsOpened >= 1) break;
  }

  const page = await tab('desktop');
  await page.goto(link('index.html', sec));
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reporting schedules' })
    .click();
  await page.waitForURL(/schedules\.html$/);
  const titles = await reloadUntil(page, (t) => t.includes(doomed.title) && t.includes(kept.title));
  expect(titles).toEqual(['Annual activity report', 'Weekly liaison report']);
  const keptRow = page.locator('#schedules tbody tr', { hasText: kept.title });
  expect(await keptRow.locator('td').allTextContents()).toEqual([
    'Annual activity report',
    'DE, FR',
    'on 31 March at 00:00 (UTC)',
    'running',
    expect.stringMatching(/31 Mar/),
    '0',
  ]);
  await page.getByRole('link', { name: 'Set a reporting schedule' }).waitFor();
  await checkPage(page, 'schedules-list-desktop');

  await page.getByRole('link', { name: doomed.title }).click();
  await page.waitForURL(/schedule\.html\?id=rsc-/);
  expect(new URL(page.url()).searchParams.get('id')).toBe(doomed.id);
  await page.getByRole('heading', { level: 1, name: doomed.title }).waitFor();

  // The first click only asks; the focus goes to the confirm button; Escape keeps the schedule.
  const start = page.getByRole('button', { name: 'Delete the schedule' });
  const confirmButton = page.getByRole('button', { name: 'Yes, delete it' });
  await start.focus();
  await page.keyboard.press('Enter');
  const confirmPanel = page.getByRole('group', { name: `Delete "${doomed.title}"?` });
  await confirmPanel.waitFor();
  expect(await start.getAttribute('aria-expanded')).toBe('true');
  expect(await confirmButton.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  expect(await confirmPanel.textContent()).toContain('The obligations already opened stay');
  await checkPage(page, 'schedule-delete-confirm-desktop');
  await page.keyboard.press('Escape');
  await confirmPanel.waitFor({ state: 'hidden' });
  expect(await start.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  expect((await stack.request('GET', `/reporting-schedules/${doomed.id}`, { token: sec })).status).toBe(200);

  // Again, and this time Enter on the confirm button deletes it.
  await page.keyboard.press('Enter');
  await confirmPanel.waitFor();
  await page.keyboard.press('Enter');
  await page.getByText('Schedule deleted.').waitFor();
  const deleted = page.locator('#deleted');
  expect(await deleted.textContent()).toMatch(
    /No further period of "Weekly liaison report" will open\. The obligations of the \d+ periods? it opened stay open/,
  );
  await page.getByRole('link', { name: 'pending board' }).waitFor();
  await checkPage(page, 'schedule-deleted-desktop');
  expect(await stack.request('GET', `/reporting-schedules/${doomed.id}`, { token: sec })).toMatchObject({
    status: 404,
    body: { message: `reporting schedule ${doomed.id} not found` },
  });

  await page.getByRole('link', { name: 'All reporting schedules' }).click();
  await page.waitForURL(/schedules\.html$/);
  expect(await reloadUntil(page, (t) => !t.includes(doomed.title))).toEqual([kept.title]);
  await screenshot(page, 'schedules-after-delete-desktop');

  await stack.request('DELETE', `/reporting-schedules/${kept.id}`, { token: sec });
});

test('a manager reads the list on a phone without the secretariat controls; a member is told the page is not for them', async () => {
  const schedule = await createSchedule({
    title: 'Quarterly network report',
    cron: '0 9 1 1,4,7,10 *',
    timezone: 'Europe/Brussels',
  });
  const page = await tab('phone');
  await page.goto(link('schedules.html', manager));
  await reloadUntil(page, (t) => t.includes(schedule.title));
  expect(await page.getByRole('link', { name: 'Set a reporting schedule' }).count()).toBe(0);
  expect(await page.locator('#summary').textContent()).toMatch(
    /^1 reporting schedule\. As of .+; one created a moment ago may take a second to appear\.$/,
  );
  await checkPage(page, 'schedules-list-manager-phone');
  await page.getByRole('link', { name: schedule.title }).click();
  await page.getByRole('heading', { level: 1, name: schedule.title }).waitFor();
  expect(await page.getByRole('button', { name: 'Delete the schedule' }).count()).toBe(0);

  const member = await tab('desktop');
  await member.goto(link('schedules.html', de));
  await member.getByText('This page is for secretariat or manager; you are signed in as member.').waitFor();
  expect(await member.locator('#schedules').count()).toBe(0);

  await stack.request('DELETE', `/reporting-schedules/${schedule.id}`, { token: sec });
});
