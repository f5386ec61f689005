/**
 * The open calls page in headless Chromium against the real stack: a member state finds the open
 * round with its window, envelope, cap and priorities, and follows the link to submit a request.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { fitsViewport, launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

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

async function tab(viewport: 'phone' | 'desktop'): Promise<Page> {
  const t = await openTab(browser, viewport);
  tabs.push(t);
  return t.page;
}

test('a member state reads the open calls and goes to the round to submit', async () => {
  const sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  const de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  const opened = await stack.request('POST', '/funding-rounds', {
    token: sec,
    body: {
      title: 'Call 2027: smuggling routes',
      envelopeCents: 50_000_000,
      maxRequestCents: 2_000_000,
      closesIn: 'P30D',
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', votingIn: 'P7D' },
    },
  });
  expect(opened.status).toBe(201);
  const page = await tab('phone');
  const started = Date.now();
  // Visibility trails the opening by about a second: reload until the call is listed.
  for (;;) {
    await page.goto(`${stack.baseUrl}/app/calls.html?access_token=${de}`);
    await page.locator('#calls-summary').waitFor();
    if ((await page.getByRole('link', { name: 'Call 2027: smuggling routes' }).count()) > 0) break;
    if (Date.now() - started > 20_000) throw new Error('the call was never listed');
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.getByRole('link', { name: 'Open calls' }).waitFor();
  const card = page.locator('#calls-list li');
  await expect(card.textContent()).resolves.toMatch(/Envelope€500,000\.00/);
  await expect(card.textContent()).resolves.toMatch(/Cap per request€20,000\.00/);
  await expect(card.textContent()).resolves.toMatch(/Prioritiesmigrant-smuggling/);
  expect(await unlabelledControls(page)).toEqual([]);
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, 'open-calls-phone');
  await page.getByRole('link', { name: 'submit a request' }).click();
  await page.getByRole('heading', { name: 'Submit a request for DE' }).waitFor();
});
