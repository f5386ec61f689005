/**
 * An observer invited for an item, from the pages, on a board with an observer seat: it confirms
 * attendance from its meeting page, the secretariat ticks it present (as an observer) with the
 * attendance form, and it gives its opinion on its item, and only there, from its page.
 */
import type { Browser, Page } from 'playwright-core';
import { boardWithObserver } from '../support/observer-board';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openTab, type Tab } from './browser';

let stack: Stack;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  stack = await startStack({ BOARD_CONFIG: boardWithObserver() });
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

async function tab(url: string): Promise<Page> {
  const t = await openTab(browser, 'desktop');
  tabs.push(t);
  await t.page.goto(url);
  return t.page;
}

test('an invited observer confirms attendance, is ticked present as an observer and speaks on its item', async () => {
  const sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  const roster = await stack.request('GET', '/board/roster', { token: sec });
  const amira = roster.body.appointments.find((a: any) => a.label === 'member for UNHCR');
  const start = Date.now() + 10 * 60_000;
  const convened = await stack.request('POST', '/meetings', {
    token: sec,
    body: {
      title: 'Summer meeting',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
      place: 'Brussels',
      agenda: [
        { title: 'Adoption of the agenda', kind: 'information' },
        { title: 'Resettlement pledges', kind: 'discussion', observers: ['UNHCR'] },
      ],
    },
  });
  expect(convened.status).toBe(201);
  const id = convened.body.id as string;
  const page = (token: string) => `${stack.baseUrl}/app/meetings.html?id=${id}&access_token=${token}`;

  const obs = await tab(page(stack.token({ sub: amira.personId, role: 'member', seat: 'UNHCR' })));
  await obs.getByText('Confirm attendance:').waitFor();
  await obs.getByRole('button', { name: 'online' }).click();
  await obs.getByText("Your seat's answer: online").waitFor();

  const secPage = await tab(page(sec));
  await secPage.getByRole('button', { name: 'Open the meeting' }).click();
  const attendance = secPage.locator('#attendance-form');
  await attendance.getByRole('checkbox', { name: `${amira.name} (member for UNHCR) present` }).check();
  await attendance.getByRole('button', { name: 'Record attendance' }).click();
  await secPage.getByRole('cell', { name: 'observer' }).waitFor();

  // Its opinion form is on the item it is invited to, not on the other.
  const item2 = obs.locator('[data-item="2"]');
  await item2.getByLabel("Your seat's opinion on item 2").fill('UNHCR welcomes the pledges.');
  await item2.getByRole('button', { name: 'Give the opinion' }).click();
  await secPage.getByText('Opinion of UNHCR: UNHCR welcomes the pledges.').waitFor({ timeout: 15_000 });
  expect(await obs.locator('[data-item="1"]').getByRole('button', { name: 'Give the opinion' }).count()).toBe(
    0,
  );

  const state = (await stack.request('GET', `/meetings/${id}`, { token: sec })).body;
  expect(state.presence).toMatchObject([{ seat: 'UNHCR', capacity: 'observer', mode: 'online' }]);
});
