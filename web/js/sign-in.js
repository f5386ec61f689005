/**
 * Sign-in with the same tokens the API uses (pasted, or from an email link's `?access_token=`),
 * and, in the embedded default only, the development sign-in that picks a person of the roster.
 */
import { ApiError, api, setToken, signOut } from './api.js';
import { errorText, field, fill, h, onSubmit, param, say, select, startPage } from './ui.js';

const content = /** @type {HTMLElement} */ (document.getElementById('content'));
await startPage();

/** Where to go after signing in: only a page of this site. */
function next() {
  const target = param('next');
  return target && /^[a-z-]+\.html(\?[^#]*)?$/.test(target) ? target : 'index.html';
}

async function useToken(token) {
  setToken(token);
  try {
    await api('GET', '/auth/me'); // the API checks the token, and the roster the person
  } catch (err) {
    signOut();
    throw err;
  }
  location.href = next();
}

const tokenInput = h('textarea', {
  name: 'token',
  required: true,
  rows: 4,
  autocomplete: 'off',
  spellcheck: 'false',
});
const tokenForm = onSubmit(
  h(
    'form',
    { class: 'panel', id: 'token-form' },
    h('h2', {}, 'With a token'),
    field('Token', tokenInput, "From your organisation's sign-in, or npm run token for a service account"),
    h('button', { type: 'submit' }, 'Sign in'),
  ),
  () => useToken(tokenInput.value.trim()),
);

fill(content, tokenForm);

// The development sign-in exists only where the API generated its own secret (404 elsewhere).
try {
  const dev = await api('GET', '/dev/sign-in');
  const personSelect = select(
    'person',
    dev.people.map((p) => [p.id, `${p.name} — ${p.holds.join(', ')}`]),
  );
  const form = onSubmit(
    h(
      'form',
      { class: 'dev', id: 'dev-sign-in' },
      h('h2', {}, 'Development sign-in'),
      h(
        'p',
        {},
        'Only on the embedded default (npm start without JWT_SECRET, OIDC_ISSUER or TEMPORAL_ADDRESS): anyone who ' +
          'can reach this server can sign in as anyone on the roster. A real deployment does not have it.',
      ),
      field('Person', personSelect, 'What they may do is what the roster says they hold now'),
      h('button', { type: 'submit' }, 'Sign in for development'),
    ),
    async () => {
      const answer = await api('POST', '/dev/sign-in', { person: personSelect.value });
      await useToken(answer.token);
    },
  );
  content.append(form);
} catch (err) {
  if (!(err instanceof ApiError && err.status === 404))
    say(`Development sign-in unavailable: ${errorText(err)}`, 'bad');
}
