/**
 * Sign-in with the same tokens the API uses (pasted, or from an email link's `?access_token=`),
 * and, in the embedded default only, the development sign-in that picks a seat and a role.
 */
import { ApiError, api, setToken, signOut, decodeToken } from './api.js';
import { errorText, field, fill, h, onSubmit, param, say, select, startPage } from './ui.js';

const content = /** @type {HTMLElement} */ (document.getElementById('content'));
startPage();

/** Where to go after signing in: only a page of this site. */
function next() {
  const target = param('next');
  return target && /^[a-z-]+\.html(\?[^#]*)?$/.test(target) ? target : 'index.html';
}

async function useToken(token) {
  const claims = decodeToken(token);
  if (!claims) throw new Error('This is not a valid token, or it has expired.');
  setToken(token);
  try {
    await api('GET', '/board'); // the API checks the signature
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
    field('Token', tokenInput, 'As printed by npm run token, or sent to you by the secretariat'),
    h('button', { type: 'submit' }, 'Sign in'),
  ),
  () => useToken(tokenInput.value.trim()),
);

fill(content, tokenForm);

// The development sign-in exists only where the API generated its own secret (404 elsewhere).
try {
  const dev = await api('GET', '/dev/sign-in');
  const seatSelect = select(
    'seat',
    dev.seats.map((s) => [s.code, `${s.code} — ${s.name}${s.voting ? '' : ' (no vote)'}`]),
    { value: 'DE' },
  );
  const roleSelect = select(
    'role',
    dev.roles.map((r) => [r, r]),
    { value: 'member' },
  );
  const subInput = h('input', {
    name: 'sub',
    required: true,
    maxlength: 100,
    value: 'dev-user',
    autocomplete: 'off',
  });
  const seatField = field('Seat', seatSelect, 'A member acts for one seat');
  const sync = () => (seatField.hidden = roleSelect.value !== 'member');
  roleSelect.addEventListener('change', sync);
  sync();
  const form = onSubmit(
    h(
      'form',
      { class: 'dev', id: 'dev-sign-in' },
      h('h2', {}, 'Development sign-in'),
      h(
        'p',
        {},
        'Only on the embedded default (npm start without JWT_SECRET or TEMPORAL_ADDRESS): anyone who can reach ' +
          'this server can sign in as anyone. A real deployment does not have it.',
      ),
      field('Role', roleSelect),
      seatField,
      field('Your name', subInput, 'Recorded with every ballot and submission'),
      h('button', { type: 'submit' }, 'Sign in for development'),
    ),
    async () => {
      /** @type {Record<string, string>} */
      const body = { role: roleSelect.value, sub: subInput.value.trim() };
      if (roleSelect.value === 'member') body.seat = seatSelect.value;
      const answer = await api('POST', '/dev/sign-in', body);
      await useToken(answer.token);
    },
  );
  content.append(form);
} catch (err) {
  if (!(err instanceof ApiError && err.status === 404))
    say(`Development sign-in unavailable: ${errorText(err)}`, 'bad');
}
