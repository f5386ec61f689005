/**
 * The funding report page in headless Chromium against the real stack: Chart.js loads from the
 * npm package under the pages' strict Content-Security-Policy (a refused script or style fails the
 * test), the charts are drawn, the tables show requested amounts per member state and priority, and
 * the period stays in the address.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openTab, screenshot, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
let sec: string;
const tabs: Tab[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
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

test('charts and tables of requested, awarded and paid, the period kept in the address', async () => {
  const round = await stack.request('POST', '/funding-rounds', {
    token: sec,
    body: {
      title: 'Report round',
      envelopeCents: 1_000_000,
      closesIn: 'P7D',
      priorities: ['migrant-smuggling', 'return-and-readmission'],
      decision: { rule: 'absolute', votingIn: 'PT60S' },
      reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
    },
  });
  expect(round.status).toBe(201);
  for (const [seat, priority, amountCents] of [
    ['DE', 'migrant-smuggling', 250_000],
    ['FR', 'return-and-readmission', 125_050],
  ] as const) {
    const r = await stack.request('POST', `/funding-rounds/${round.body.id}/requests`, {
      token: stack.token({ sub: `${seat.toLowerCase()}-m`, role: 'member', seat }),
      body: { title: `Request ${seat}`, priority, description: 'x', amountCents },
    });
    expect(r.status).toBe(201);
  }
  // The record has both requests.
  for (let i = 0; ; i++) {
    const r = await stack.request('GET', '/reports/funding', { token: sec });
    if (r.body.totals?.requests === 2) break;
    if (i > 100) throw new Error(`the report never showed both requests: ${JSON.stringify(r.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const page = await tab();
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`${stack.baseUrl}/app/funding-report.html?from=${today}&access_token=${sec}`);
  await page.locator('#totals').waitFor();
  expect(await page.locator('#totals').textContent()).toContain('2 requests');
  // Chart.js came from the package and drew into every chart's canvas.
  expect(await page.evaluate('typeof window.Chart')).toBe('function');
  const canvases = page.locator('figure.chart canvas');
  expect(await canvases.count()).toBe(3);
  const drawn = await canvases.first().evaluate((c: any) => c.width > 0 && c.toDataURL().length > 2000);
  expect(drawn).toBe(true);
  const rows = await page.locator('table').first().locator('tbody tr').allTextContents();
  expect(rows[0]).toContain('DE');
  expect(rows[0]).toContain('2,500.00');
  expect(rows[1]).toContain('FR');
  expect(rows[1]).toContain('1,250.50');
  // The period stays in the address: a later period shows nothing.
  await page.locator('input[name=from]').fill('2999-01-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/from=2999-01-01/);
  await page.getByText('0 requests').waitFor();
  await screenshot(page, 'funding-report');
});
