/**
 * Meetings run from the pages in headless Chromium against the real stack, without a call to the
 * API by hand: the secretariat convenes with the form, opens the meeting, ticks who is present,
 * opens and closes the votes on three decision items while two members vote from their own pages
 * (one item also by a roll call), hears a non-voting seat's opinion, defers an item, takes another,
 * records an action, closes, edits the draft minutes, downloads them (marked DRAFT) and puts them to
 * written procedure. A second test changes a frozen agenda, moves and cancels a meeting.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { pdfText } from '../support/pdf-text';
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

test('the secretariat convenes and runs a whole meeting from the pages while members vote and speak from theirs', async () => {
  const sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  const roster = await stack.request('GET', '/board/roster', { token: sec });
  const members = new Map<string, { personId: string; name: string }>();
  for (const a of roster.body.appointments)
    if (a.current && /^member for /.test(a.label))
      members.set(a.label.slice('member for '.length), { personId: a.personId, name: a.name });
  const memberPage = async (seat: string) => {
    const page = await tab();
    const token = stack.token({ sub: members.get(seat)?.personId as string, role: 'member', seat });
    await page.goto(`${stack.baseUrl}/app/meetings.html?id=${id}&access_token=${token}`);
    await page.locator('#agenda').waitFor();
    return page;
  };
  // The pages run in UTC (see browser.ts): a datetime-local value is the UTC time.
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const start = Date.now() + 10 * 60_000;

  // Convening: the form, with five agenda items of three kinds.
  const secPage = await tab();
  await secPage.goto(`${stack.baseUrl}/app/meeting-new.html?access_token=${sec}`);
  const form = secPage.locator('#meeting-form');
  await form.getByLabel('Title', { exact: true }).first().fill('Autumn meeting');
  await form.getByLabel('Starts (your local time)').fill(local(start));
  await form.getByLabel('Ends (your local time)').fill(local(start + 2 * 3_600_000));
  await form.getByLabel('Place').fill('Brussels');
  const items: [string, string][] = [
    ['Decision 1', 'decision'],
    ['Decision 2', 'decision'],
    ['Decision 3', 'decision'],
    ['Route study', 'decision'],
    ['Tour de table', 'discussion'],
  ];
  for (const [i, [title, kind]] of items.entries()) {
    if (i > 0) await form.getByRole('button', { name: 'Add an item' }).click();
    const item = form.locator('.agenda-item').nth(i);
    await item.getByLabel('Title').fill(title);
    await item.getByLabel('Kind').selectOption(kind);
    if (kind === 'decision') {
      await item.getByLabel('Rule').selectOption('simple');
      if (i === 3) {
        // A conflict of interest: Malta may not vote on the route study.
        await item.getByText('Recused seats').click();
        await item.getByRole('checkbox', { name: 'MT — Malta' }).check();
      }
      await item.getByLabel('Documents').fill(`Paper ${i + 1} https://docs.example/${i + 1}.pdf`);
    }
  }
  await form.getByRole('button', { name: 'Convene the meeting' }).click();
  await secPage.waitForURL(/meetings\.html\?id=mtg-/);
  const id = new URL(secPage.url()).searchParams.get('id') as string;
  await secPage.locator('[data-item="5"]').waitFor();

  // DE answers its invitation from its page, which stays open for the session.
  const de = await memberPage('DE');
  await de.getByRole('button', { name: 'online' }).click();
  await de.getByText("Your seat's answer: online").waitFor();

  // Seventeen member states and Iceland present: the attendance quorum (half of 32 voting seats) is met.
  await secPage.getByRole('button', { name: 'Open the meeting' }).click();
  const seats = [
    'DE',
    'FR',
    ...[...members.keys()].filter(
      (s) => /^[A-Z]{2}$/.test(s) && !['DE', 'FR', 'IS', 'LI', 'NO', 'CH'].includes(s),
    ),
  ].slice(0, 17);
  const attendance = secPage.locator('#attendance-form');
  await attendance.waitFor();
  for (const seat of [...seats, 'IS']) {
    const name = `${members.get(seat)?.name} (member for ${seat}) present`;
    await attendance.getByRole('checkbox', { name, exact: true }).check();
  }
  await attendance.getByRole('button', { name: 'Record attendance' }).click();
  await secPage.getByText('17 voting seats present, 16 required (met)').waitFor();
  const presence = (await stack.request('GET', `/meetings/${id}`, { token: sec })).body.presence;
  expect(presence.find((p: any) => p.seat === 'DE').mode).toBe('online');

  const fr = await memberPage('FR');
  const is = await memberPage('IS');

  // Items 1 to 3 voted from the members' devices; item 2 also by a roll call of a third seat.
  const choices = [
    ['yes', 'yes', 'adopted'],
    ['no', 'no', 'rejected'],
    ['yes', 'abstain', 'adopted'],
  ] as const;
  for (const [i, [deChoice, frChoice, outcome]] of choices.entries()) {
    const n = i + 1;
    const secItem = secPage.locator(`[data-item="${n}"]`);
    await secItem.getByRole('button', { name: 'Open the vote' }).click();
    for (const [page, choice] of [
      [de, deChoice],
      [fr, frChoice],
    ] as const) {
      const item = page.locator(`[data-item="${n}"]`);
      // The member's page shows the open vote at its next refresh.
      await item.locator(`button[data-choice="${choice}"]`).click({ timeout: 15_000 });
      await item.getByText(`your seat: ${choice}`).waitFor({ timeout: 15_000 });
    }
    let cast = 2;
    if (n === 2) {
      await secItem.getByLabel('Roll call: seat').selectOption(seats[2]);
      await secItem.getByLabel('Answer').selectOption('no');
      await secItem.getByRole('button', { name: 'Record the roll-call answer' }).click();
      cast = 3;
    }
    // The secretariat sees the ballots live, then closes the vote.
    await secItem.getByText(`(${cast} of 32 seats)`).waitFor({ timeout: 15_000 });
    await secItem.getByRole('button', { name: 'Close the vote' }).click();
    await secItem.getByText(outcome, { exact: true }).waitFor({ timeout: 15_000 });
  }

  // Iceland, without a vote, gives its opinion on item 1 from its page.
  await is
    .locator('[data-item="1"]')
    .getByLabel("Your seat's opinion on item 1")
    .fill('Iceland supports it.');
  await is.locator('[data-item="1"]').getByRole('button', { name: 'Give the opinion' }).click();
  await secPage.getByText('Opinion of IS: Iceland supports it.').waitFor({ timeout: 15_000 });

  // Item 4 deferred to written procedure; item 5 taken with a note.
  const item4 = secPage.locator('[data-item="4"]');
  await item4.getByText('Defer to written procedure').first().click();
  await item4.getByLabel('Reason for deferring').fill('The study is not ready.');
  await item4.getByRole('button', { name: 'Defer to written procedure' }).click();
  await item4.getByText(`dec-${id}-i4`).waitFor();
  const item5 = secPage.locator('[data-item="5"]');
  await item5.getByLabel('Note for the minutes').fill('Each delegation reported on arrivals.');
  await item5.getByRole('button', { name: 'Mark taken' }).click();
  await item5.getByText('Each delegation reported on arrivals.').waitFor();

  // An action agreed, followed as a pending action of DE.
  await secPage.getByText('Record an action agreed').click();
  const action = secPage.locator('#action-form');
  await action.getByLabel('Action').fill('DE circulates the revised route study.');
  await action.getByLabel('Owner seat').selectOption('DE');
  await action.getByLabel('Due (your local time)').fill(local(Date.now() + 30 * 86_400_000));
  await action.getByLabel('Agreed under item').selectOption('4');
  await action.getByRole('button', { name: 'Record the action' }).click();
  await secPage.getByRole('cell', { name: 'DE circulates the revised route study.' }).waitFor();

  expect(await unlabelledControls(secPage)).toEqual([]);
  await screenshot(secPage, 'meeting-in-session');
  await secPage.getByRole('button', { name: 'Close the meeting' }).click();
  await secPage.getByRole('heading', { name: 'Minutes (draft)' }).waitFor({ timeout: 15_000 });

  // The draft minutes: edited, downloaded as a PDF marked DRAFT, then put to written procedure.
  await secPage.getByText('Edit the draft minutes').click();
  const minutes = secPage.locator('#minutes-form').getByLabel('Minutes');
  await minutes.fill(`${await minutes.inputValue()}\nEdited by the secretariat.`);
  await secPage.locator('#minutes-form').getByRole('button', { name: 'Save the minutes' }).click();
  await secPage.locator('pre.minutes').getByText('Edited by the secretariat.').waitFor();
  const [download] = await Promise.all([
    secPage.waitForEvent('download'),
    secPage.getByRole('link', { name: 'Draft minutes as PDF' }).click(),
  ]);
  const pdf = readFileSync(await download.path());
  expect(pdfText(pdf)).toContain('DRAFT');
  expect(pdfText(pdf)).toContain('Edited by the secretariat.');
  await secPage.getByText('Approve by written procedure').click();
  await secPage.getByRole('button', { name: 'Put the minutes to written procedure' }).click();
  await secPage.getByText(`dec-${id}-m1`).waitFor();

  // The managers' pending board has a meetings section: these minutes await the Board, DE's action is open.
  const managerPage = await tab();
  const manager = stack.token({ sub: 'mia-novak', role: 'manager' });
  await managerPage.goto(`${stack.baseUrl}/app/pending.html?access_token=${manager}`);
  const section = managerPage.locator('#meetings-overview');
  await section
    .getByRole('row', { name: /Autumn meeting.*before the Board by written procedure/ })
    .waitFor({ timeout: 15_000 });
  await section.getByRole('row', { name: /DE circulates the revised route study/ }).waitFor();

  const state = (await stack.request('GET', `/meetings/${id}`, { token: sec })).body;
  expect(state.agenda.map((item: any) => item.vote?.outcome ?? item.status)).toEqual([
    'adopted',
    'rejected',
    'adopted',
    'deferred',
    'taken',
  ]);
  expect(state.agenda[0].vote.ballots.map((b: any) => [b.seat, b.via, b.castBy])).toEqual([
    ['DE', 'device', members.get('DE')?.personId],
    ['FR', 'device', members.get('FR')?.personId],
  ]);
  expect(state.agenda[1].vote.ballots[2]).toMatchObject({
    seat: seats[2],
    via: 'roll-call',
    recordedBy: 'sofia-marin',
  });
  expect(state.agenda[0].opinions).toMatchObject([{ seat: 'IS', text: 'Iceland supports it.' }]);
  expect(state.agenda[3].recused).toEqual(['MT']);
  expect(state.actions).toMatchObject([{ ownerSeat: 'DE', item: 4, followUp: 'pending-action' }]);
  expect(state.minutes.approvalDecision).toBe(`dec-${id}-m1`);
});

test('the secretariat changes the agenda after the freeze with a reason, moves and cancels a meeting from its page', async () => {
  const sec = stack.token({ sub: 'sofia-marin', role: 'secretariat' });
  const start = Date.parse('2027-03-10T09:00:00Z');
  // Convened five days ahead: the agenda (frozen 10 days before) is frozen already.
  const soon = Date.now() + 5 * 86_400_000;
  const convened = await stack.request('POST', '/meetings', {
    token: sec,
    body: {
      title: 'Extraordinary meeting',
      startsAt: new Date(soon).toISOString(),
      endsAt: new Date(soon + 3_600_000).toISOString(),
      onlineLink: 'https://meet.example/board',
      agenda: [{ title: 'Budget', kind: 'decision' }],
    },
  });
  expect(convened.status).toBe(201);
  const id = convened.body.id as string;
  const page = await tab();
  await page.goto(`${stack.baseUrl}/app/meetings.html?id=${id}&access_token=${sec}`);
  await page.getByText('Change the agenda').click();
  const agenda = page.locator('#agenda-form');
  // A minutes-approval item is offered the meetings whose minutes are drafts (the first test's, when run after it).
  const list = (await stack.request('GET', '/meetings', { token: sec })).body;
  const drafts = list.past.filter((m: any) => m.minutesStatus === 'draft').map((m: any) => m.id);
  const offered = await agenda
    .locator('#draft-minutes option')
    .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
  expect(offered.sort()).toEqual(drafts.sort());
  await agenda.getByRole('button', { name: 'Add an item' }).click();
  await agenda.locator('.agenda-item').nth(1).getByLabel('Title').fill('Any other business');
  await agenda.locator('.agenda-item').nth(1).getByLabel('Kind').selectOption('information');
  await agenda.locator('.agenda-item').nth(1).getByRole('button', { name: 'Move up' }).click();
  await agenda.getByLabel('Reason for the change').fill('Requested by the chair.');
  await agenda.getByRole('button', { name: 'Save the agenda' }).click();
  await page.locator('#agenda > li').first().getByText('1. Any other business').waitFor();

  await page.getByText('Move the meeting').first().click();
  const move = page.locator('#move-form');
  await move.getByLabel('Starts (your local time)').fill(new Date(start).toISOString().slice(0, 16));
  await move
    .getByLabel('Ends (your local time)')
    .fill(new Date(start + 3_600_000).toISOString().slice(0, 16));
  await move.getByLabel('Reason for the move').fill('The room is taken.');
  await move.getByRole('button', { name: 'Move the meeting' }).click();
  await page.getByText('Moved: the invitation goes out again.').waitFor();

  await page.getByText('Cancel the meeting').first().click();
  await page.locator('#cancel-form').getByLabel('Reason for the cancellation').fill('No quorum expected.');
  await page.locator('#cancel-form').getByRole('button', { name: 'Cancel the meeting' }).click();
  await page.getByText('No quorum expected.').waitFor();

  const state = (await stack.request('GET', `/meetings/${id}`, { token: sec })).body;
  expect(state).toMatchObject({ status: 'cancelled', startsAt: new Date(start).toISOString(), sequence: 2 });
  expect(state.agenda.map((i: any) => [i.n, i.title])).toEqual([
    [2, 'Any other business'],
    [1, 'Budget'],
  ]);
  expect(state.agendaChanges[0]).toMatchObject({ afterFreeze: true, reason: 'Requested by the chair.' });
});
