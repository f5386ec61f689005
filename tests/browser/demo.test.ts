/**
 * `npm run demo` against a real stack (the way it runs against `npm start`): it fills the board
 * and prints where to look and a sign-in per role; what it made is then on the pending board,
 * and its sign-in links open the pages in Chromium.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { embeddedSignInAs } from '../../src/auth/device-sign-in';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openTab, screenshot } from './browser';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  // The embedded default, as the demo expects: no OpenID provider configured.
  stack = await startStack({}, { embeddedProvider: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the demo fills a board at work and prints a sign-in for each role', async () => {
  const root = join(__dirname, '..', '..');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'demo.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        API_URL: stack.baseUrl,
        DATA_DIR: stack.config.dataDir,
        OIDC_PROVIDER_PORT: String(stack.config.oidc.providerPort),
        DEMO_RUN: 'test',
      },
      timeout: 120_000,
    },
  );
  expect(stdout).toContain('The board is at work.');
  expect(stdout).toContain(`Pages          ${stack.baseUrl}/app/`);
  expect(stdout).toContain(`Swagger UI     ${stack.baseUrl}/docs`);
  for (const who of ['secretariat (sofia)', 'member BG (ivan)', 'member DE (anna)', 'manager (mia)'])
    expect(stdout).toMatch(
      new RegExp(`${who.replace(/[()]/g, '\\$&')}\\s+${stack.baseUrl}/app/\\S+\\?access_token=\\S+`),
    );
  expect(stdout).toContain('development sign-in');

  const manager = await embeddedSignInAs(stack.config, 'mia-novak');
  const board = (await stack.request('GET', '/pending', { token: manager })).body;
  const kinds = board.counts.byKind;
  expect(kinds).toMatchObject({ 'funding-round': 1, 'funding-request': 6, decision: 2, 'priority-cycle': 1 });
  expect(kinds['reporting-obligation']).toBeGreaterThanOrEqual(4);
  expect(board.items.filter((i: any) => i.overdue).map((i: any) => i.title)).toEqual([
    'Quarterly activity report Q3 (BG)',
  ]);
  const roundId = board.items.find((i: any) => i.kind === 'funding-round').id;
  const round = (await stack.request('GET', `/funding-rounds/${roundId}`, { token: manager })).body;
  expect(new Set(round.requests.map((r: any) => r.seat))).toEqual(
    new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL']),
  );
  const template = board.items.find((i: any) => i.title === 'Adopt the 2027 reporting template');
  const decision = (await stack.request('GET', `/decisions/${template.id}`, { token: manager })).body;
  expect(decision.ballots).toHaveLength(16);
  expect(decision.awaiting).toHaveLength(16);
  // The priority cycle is in its ranking window, four seats have ranked.
  const cycleItem = board.items.find((i: any) => i.kind === 'priority-cycle');
  const cycle = (await stack.request('GET', `/priority-cycles/${cycleItem.id}`, { token: manager })).body;
  expect(cycle.status).toBe('ranking');
  expect(cycle.proposals).toHaveLength(5);
  expect(cycle.rankings.map((r: any) => r.seat).sort()).toEqual(['DE', 'ES', 'FR', 'IT']);
  expect(stdout).not.toContain('no priority cycle');

  // A member's link from the demo's output opens "waiting for me" signed in: a ballot, a late report.
  const link = /member BG \(ivan\)\s+(\S+)/.exec(stdout)![1];
  const tab = await openTab(browser, 'phone');
  await tab.page.goto(link);
  await tab.page.getByRole('link', { name: 'Adopt the 2027 reporting template' }).waitFor();
  await tab.page.getByRole('link', { name: 'Quarterly activity report Q3 (BG)' }).waitFor();
  await screenshot(tab.page, 'demo-waiting-for-me-phone');
  const managerLink = /manager \(mia\)\s+(\S+)/.exec(stdout)![1];
  await tab.page.setViewportSize({ width: 1280, height: 900 });
  await tab.page.goto(managerLink);
  await tab.page.locator('#timeline').waitFor();
  await screenshot(tab.page, 'demo-pending-board-desktop');
  await tab.close();
  expect(tab.problems).toEqual([]);
});
