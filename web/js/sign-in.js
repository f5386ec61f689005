/**
 * Sign-in: through the identity provider (the API runs the authorization code flow with PKCE and
 * keeps the session in an HttpOnly cookie; in the embedded default that provider is the
 * development one of `npm start`), or with a token pasted here (an integration's, or one from
 * the provider for a script). A refused sign-in comes back with `?error=`, shown as is.
 */
import { api, setToken, signOut } from './api.js';
import { field, fill, h, onSubmit, param, say, startPage } from './ui.js';

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
    await signOut();
    throw err;
  }
  location.href = next();
}

const error = param('error');
if (error) say(error, 'bad');
else if (param('signed-out')) say('Signed out.');

const provider = h(
  'section',
  { class: 'panel', id: 'provider-sign-in' },
  h('h2', {}, 'With your organisation'),
  h('p', {}, "You sign in on your organisation's sign-in page and come back here."),
  h('a', { class: 'button', href: `/auth/sign-in?next=${encodeURIComponent(next())}` }, 'Sign in'),
);

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
    field(
      'Token',
      tokenInput,
      "A service account's token from npm run token, or one from the identity provider",
    ),
    h('button', { type: 'submit' }, 'Sign in'),
  ),
  () => useToken(tokenInput.value.trim()),
);

fill(content, provider, tokenForm);
