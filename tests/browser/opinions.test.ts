/**
 * The right to an opinion on the pages, in headless Chromium against the real stack: Norway finds
 * the decision in "waiting for me" with "give an opinion", gives it on the decision page, the
 * other seats without a vote say they have none, the secretariat records how the Board took
 * account of it from the same page, and the page shows the chair, the opinion and the response; a
 * package decision shows each recused seat with its reason and the majority of the seats left.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { fitsViewport, launchBrowser, openTab, screenshot, unlabelledControls, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
let sec: string, no: string, is: string;
const tabs: Tab[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  no = stack.token({ sub: 'nils', role: 'member', seat: 'NO' });
  is = stack.token({ sub: 'inga', role: 'member', seat: 'IS' });
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

async function tab(viewport: 'phone' | 'desktop' = 'desktop'): Promise<Page> {
  const t = await openTab(browser, viewport);
  tabs.push(t);
  return t.page;
}

const link = (path: string, token: string) =>
  `${stack.baseUrl}/app/${path}${path.includes('?') ? '&' : '?'}access_token=${token}`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('Norway gives an opinion from its list, the others decline, the secretariat responds on the page', async () => {
  const opened = await stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Adopt the liaison handbook', text: 'The Board adopts the handbook.', closesIn: 'P14D' },
  });
  const id = opened.body.id as string;
  await until(
    async () => (await stack.request('GET', '/me/pending', { token: no })).body,
    (items) => items.some?.((i: { id: string }) => i.id === id),
  );

  // Norway's list says what to do; the decision page names the chair and awaits its opinion.
  const nils = await tab('phone');
  await nils.goto(link('me.html', no));
  await nils.getByText('give an opinion').first().waitFor();
  await nils.getByRole('link', { name: 'Adopt the liaison handbook' }).click();
  await nils.getByRole('heading', { level: 1, name: 'Adopt the liaison handbook' }).waitFor();
  await nils.getByText('COM1 — European Commission (chair)').waitFor();
  await nils.locator('#opinion-awaited').waitFor();
  expect(await unlabelledControls(nils)).toEqual([]);
  expect(await fitsViewport(nils)).toBe(true);
  await screenshot(nils, 'decision-opinion-awaited-phone');
  await nils.getByLabel('Opinion of your seat').fill('Norway supports it and asks for a chapter on returns.');
  await nils.getByRole('button', { name: 'Put on the record' }).click();
  await nils.getByText('Opinion recorded.').waitFor();
  await nils.getByText('Opinion 1: Nils Hansen, member for NO').waitFor();
  expect(await nils.locator('#decline-form').count()).toBe(0);

  // Iceland says it has none, from its page.
  const inga = await tab('desktop');
  await inga.goto(link(`decision.html?id=${id}`, is));
  await inga.getByRole('button', { name: 'Our seat gives no opinion' }).click();
  await inga.getByText('Recorded: your seat gives no opinion.').waitFor();
  await inga.getByText('No opinion to give: IS').waitFor();

  // The secretariat records how the Board took account of Norway's opinion.
  const sofia = await tab('desktop');
  await sofia.goto(link(`decision.html?id=${id}`, sec));
  await sofia.getByLabel('How the Board took account of opinion 1').fill('A chapter on returns was added.');
  await sofia.getByRole('button', { name: 'Record the response' }).click();
  await sofia.getByText('Response to opinion 1 recorded.').waitFor();
  await sofia.getByText('How the Board took account of it:').waitFor();
  await sofia.getByText('A chapter on returns was added.').waitFor();
  expect(await unlabelledControls(sofia)).toEqual([]);
  await screenshot(sofia, 'decision-opinion-response-desktop');

  const record = (await stack.request('GET', `/decisions/${id}`, { token: sec })).body;
  expect(record.opinions[0].response).toMatchObject({
    text: 'A chapter on returns was added.',
    by: 'sofia-marin',
  });
  expect(record.declined.map((d: { seat: string }) => d.seat)).toEqual(['IS']);
  expect(record.opinionsAwaited).toEqual(['LI', 'CH']);
});

test('a package decision lists each recused seat with its reason, and the majority of the seats left', async () => {
  const de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  const round = await stack.request('POST', '/funding-rounds', {
    token: sec,
    body: {
      title: 'Call 2027',
      envelopeCents: 1_000_000,
      closesIn: 'PT4S',
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', votingIn: 'P7D' },
    },
  });
  const id = round.body.id as string;
  const request = await stack.request('POST', `/funding-rounds/${id}/requests`, {
    token: de,
    body: {
      title: 'Balkan route',
      amountCents: 400_000,
      priority: 'migrant-smuggling',
      description: 'Two ILOs',
    },
  });
  expect(request.status).toBe(201);
  await until(
    async () => (await stack.request('GET', `/funding-rounds/${id}`, { token: sec })).body.status,
    (status) => status === 'assessing',
  );
  const proposed = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
    token: sec,
    body: { awards: [{ requestId: request.body.id, amountCents: 400_000 }] },
  });
  expect(proposed.status).toBe(201);
  const anna = await tab('desktop');
  await anna.goto(link(`decision.html?id=${proposed.body.decisionId}`, de));
  await anna
    .getByText(`DE: its own funding request ${request.body.id} is part of what this decision awards`)
    .waitFor();
  await anna
    .getByText('Absolute majority: adopted with yes from 16 of the 31 seats of the electorate.')
    .waitFor();
  await anna.getByText('Seat DE is recused from this decision; it may give an opinion below.').waitFor();
  await screenshot(anna, 'decision-package-recusal-desktop');
});
