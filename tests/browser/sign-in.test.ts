/**
 * Signing in as a user does on `npm start`: through the embedded OpenID provider (authorization
 * code with PKCE, the API keeping the session in an HttpOnly cookie). A member signs in, sees
 * "waiting for me", casts a ballot and signs out; the secretariat appoints a new alternate on the
 * roster page, who signs in at once and votes, and the record says in which capacity. A write
 * with the session cookie but without its CSRF token is refused.
 */
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openTab, screenshot, signInThroughProvider, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  stack = await startStack({}, { embeddedProvider: true });
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

async function tab(): Promise<Tab> {
  const t = await openTab(browser, 'desktop');
  tabs.push(t);
  return t;
}

test('a member signs in through the embedded provider, votes and signs out; a new alternate is appointed, signs in and votes', async () => {
  // The secretariat's records integration (a service account) opens the decision.
  const opened = await stack.request('POST', '/decisions', {
    token: stack.serviceToken('records-integration'),
    body: { title: 'Adopt the 2027 reporting template', rule: 'simple', closesIn: 'P7D' },
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;

  // Anna Schmidt, member for DE.
  const anna = await tab();
  await signInThroughProvider(anna.page, stack.baseUrl, 'Anna Schmidt', 'me.html');
  await screenshot(anna.page, 'sign-in-waiting-for-me');
  await anna.page.getByRole('heading', { name: 'Waiting for me' }).waitFor();
  await anna.page.getByRole('link', { name: 'Adopt the 2027 reporting template' }).click();
  await anna.page.getByRole('button', { name: 'Yes', exact: true }).click();
  await anna.page.getByText('Ballot recorded: Yes.').waitFor();
  await anna.page.getByText('cast by Anna Schmidt, member for DE').waitFor();
  // The session cookie alone does not make a write: its CSRF token must come with it.
  const forged = await anna.page.evaluate(
    `fetch('/decisions/${id}/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"choice":"no"}' }).then((r) => r.status)`,
  );
  expect(forged).toBe(403);
  // The page's scripts never see a token: the session is an HttpOnly cookie.
  expect(await anna.page.evaluate('document.cookie')).not.toMatch(/board_session/);
  // Her calendar feed: a URL a calendar application opens with neither cookie nor token.
  await anna.page.goto(`${stack.baseUrl}/app/me.html`);
  await anna.page.getByRole('button', { name: 'Get a feed address' }).click();
  const feedUrl = await anna.page.getByLabel('Calendar feed URL').inputValue();
  const feed = await fetch(feedUrl);
  expect(feed.status).toBe(200);
  expect(await feed.text()).toContain('Board deadlines for DE');
  await anna.page.getByRole('button', { name: 'Revoke the feed address' }).click();
  await anna.page.getByText('The feed address is revoked.').waitFor();
  expect((await fetch(feedUrl)).status).toBe(404);
  await anna.page.getByRole('button', { name: 'Sign out' }).click();
  // Through the provider's end-session endpoint, back to the sign-in page.
  await anna.page.waitForURL(`${stack.baseUrl}/app/sign-in.html?signed-out=1`);
  await anna.page.getByText('Signed out.').waitFor();
  await anna.page.goto(`${stack.baseUrl}/app/me.html`);
  await anna.page.getByText('to use this page.').waitFor();
  // The provider's own session ended too: signing in again asks who you are, and may be someone else.
  await signInThroughProvider(anna.page, stack.baseUrl, 'Bernd Keller', 'me.html');
  await anna.page.getByText('Bernd Keller · alternate for DE').waitFor();

  // Sofia Marin (secretariat) appoints Élodie Martin as BG's alternate on the roster page.
  const sofia = await tab();
  await signInThroughProvider(sofia.page, stack.baseUrl, 'Sofia Marin', 'roster.html');
  const form = sofia.page.locator('#appoint-form');
  await form.getByLabel('Name').fill('Élodie Martin');
  await form.getByLabel('E-mail').fill('elodie.martin@ilo-board.example');
  await form.getByLabel('Role').selectOption('member');
  await form.getByLabel('Seat').selectOption('BG');
  await form.getByLabel('Capacity').selectOption('alternate');
  await form.getByRole('button', { name: 'Appoint' }).click();
  await sofia.page.getByText('Élodie Martin is now alternate for BG.').waitFor();
  await screenshot(sofia.page, 'roster-desktop');

  // Élodie signs in at once and votes for BG.
  const elodie = await tab();
  await signInThroughProvider(elodie.page, stack.baseUrl, 'Élodie Martin', `decision.html?id=${id}`);
  await elodie.page.getByRole('button', { name: 'No', exact: true }).click();
  await elodie.page.getByText('Ballot recorded: No.').waitFor();

  const decision = await stack.request('GET', `/decisions/${id}`, {
    token: stack.serviceToken('records-integration'),
  });
  expect(decision.body.ballots).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        seat: 'DE',
        choice: 'yes',
        castBy: 'anna-schmidt',
        actingAs: { name: 'Anna Schmidt', capacity: 'member' },
      }),
      expect.objectContaining({
        seat: 'BG',
        choice: 'no',
        castBy: 'elodie-martin',
        actingAs: { name: 'Élodie Martin', capacity: 'alternate' },
      }),
    ]),
  );
});
