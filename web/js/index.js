/** Home: what each role can do from here. */
import { h, fill, startPage } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage();

const card = (href, title, text) => h('li', {}, h('h2', {}, h('a', { href }, title)), h('p', {}, text));

const byRole = {
  member: [
    card(
      'me.html',
      'Waiting for me',
      'Ballots, funding requests, rankings and reports your seat owes, soonest first.',
    ),
    card('cycle.html', 'Priorities', 'Propose and rank the priorities of the work programme.'),
  ],
  secretariat: [
    card(
      'pending.html',
      'Pending',
      'Everything open, who it waits for and until when; each item links to its page.',
    ),
    card('decision-new.html', 'Open a decision', 'Put a text to the Board under one of its rules.'),
    card(
      'round-new.html',
      'Launch a funding round',
      'An envelope, a submission window and how the Board decides.',
    ),
    card(
      'cycle-new.html',
      'Launch a priority cycle',
      'Proposals, then a ranking window, then the work programme.',
    ),
    card(
      'obligation-new.html',
      'Set a reporting obligation',
      'A report a seat owes, with reminders and escalation.',
    ),
    card(
      'schedules.html',
      'Reporting schedules',
      'Every recurring report: its seats, when each period opens, whether it runs, the next period.',
    ),
    card(
      'schedule-new.html',
      'Set a reporting schedule',
      'Reports the seats owe every period: each period opens on a calendar rule, a fixed span or cron.',
    ),
  ],
  manager: [
    card(
      'pending.html',
      'Pending board',
      'Who is holding what up, what is overdue, upcoming deadlines, calendar and CSV.',
    ),
    card(
      'schedules.html',
      'Reporting schedules',
      'Every recurring report: its seats, when each period opens, whether it runs, the next period.',
    ),
  ],
};

if (caller) {
  fill(
    content,
    h('p', {}, `Signed in as ${caller.sub} (${caller.role}${caller.seat ? `, seat ${caller.seat}` : ''}).`),
    h('ul', { class: 'cards' }, byRole[caller.role] ?? []),
    h(
      'p',
      { class: 'hint' },
      'The same data is available as a JSON API: ',
      h('a', { href: '/docs' }, 'Swagger UI'),
      '.',
    ),
  );
} else {
  fill(
    content,
    h(
      'p',
      {},
      'Pages for the secretariat, the members of the Board and managers, on top of the board governance API. ',
      h('a', { href: 'sign-in.html' }, 'Sign in'),
      ' with your token, or follow the link in a notification email.',
    ),
  );
}
