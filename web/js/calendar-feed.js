/**
 * The caller's calendar feed: a secret URL to paste into a calendar application (which can send
 * neither a token nor the session cookie). Issuing shows the URL once and replaces any earlier
 * one; revoking makes it answer 404.
 */
import { api } from './api.js';
import { errorText, fill, h, say, when } from './ui.js';

/** A panel that shows whether a feed exists, and issues, replaces or revokes it. */
export function calendarFeedPanel() {
  const panel = h('section', { class: 'panel', id: 'calendar-feed' });
  const render = (/** @type {{ active: boolean, issuedAt?: string, url?: string }} */ feed) => {
    fill(
      panel,
      h('h2', {}, 'Calendar feed'),
      feed.url
        ? [
            h(
              'p',
              {},
              'Subscribe to this address in your calendar application. It is shown only now; keep it private.',
            ),
            h('input', {
              type: 'text',
              readonly: true,
              value: feed.url,
              'aria-label': 'Calendar feed URL',
              size: 60,
            }),
          ]
        : h(
            'p',
            {},
            feed.active
              ? `You have a feed address, issued ${when(feed.issuedAt)}. A new one replaces it.`
              : 'Your deadlines as a calendar feed your calendar application subscribes to.',
          ),
      h(
        'p',
        {},
        h(
          'button',
          { type: 'button', onclick: () => act('POST') },
          feed.active ? 'New feed address' : 'Get a feed address',
        ),
        ' ',
        feed.active
          ? h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => act('DELETE') },
              'Revoke the feed address',
            )
          : null,
      ),
    );
  };
  const act = async (/** @type {'POST' | 'DELETE'} */ method) => {
    try {
      const answer = await api(method, '/me/calendar-feed');
      if (method === 'POST') render({ active: true, issuedAt: answer.issuedAt, url: answer.url });
      else {
        render({ active: false });
        say('The feed address is revoked.');
      }
    } catch (err) {
      say(`The calendar feed could not be changed: ${errorText(err)}`, 'bad');
    }
  };
  api('GET', '/me/calendar-feed').then(render, (err) => say(errorText(err), 'bad'));
  return panel;
}
