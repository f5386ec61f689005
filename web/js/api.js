/**
 * The pages' only way to the server: the JSON API. Two ways to be signed in:
 * - the session the API keeps after signing in through the identity provider (an HttpOnly cookie
 *   the pages never see; every write echoes the session's CSRF token in X-CSRF-Token);
 * - a bearer token kept in sessionStorage (gone when the tab closes): pasted on the sign-in page,
 *   or from a link that carries `?access_token=`, which the first page that sees it stores and
 *   takes out of the address bar.
 */

const TOKEN_KEY = 'board.token';

/** Moves `?access_token=` from the address into sessionStorage. */
export function takeTokenFromUrl() {
  const url = new URL(location.href);
  const token = url.searchParams.get('access_token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('access_token');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** The stored token, or null. */
export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Stores a token (the sign-in page). */
export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

/** The CSRF token of the API session, once read (null: no session). */
let csrfToken = null;

/**
 * Forgets the token, and ends the API session if there is one.
 * @returns {Promise<string | undefined>} where to go next to end the identity provider's session too
 */
export async function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  if (!csrfToken) return undefined;
  const answer = await api('POST', '/auth/sign-out').catch(() => undefined);
  csrfToken = null;
  return answer?.next;
}

/**
 * Who is signed in, as the roster says now (`GET /auth/me`): `{ sub, name, role, seat?,
 * capacity? }`, or null when nobody is, with `refusal` set when the API refused the credentials
 * (an expired token, an appointment that has ended) so the page can say why.
 * @returns {Promise<{ caller: any, refusal?: ApiError }>}
 */
export async function currentCaller() {
  if (!getToken()) {
    const session = await api('GET', '/auth/session').catch(() => ({ signedIn: false }));
    if (!session.signedIn) return { caller: null };
    csrfToken = session.csrfToken;
  }
  try {
    return { caller: await api('GET', '/auth/me') };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403))
      return { caller: null, refusal: err };
    throw err;
  }
}

/** A refusal from the API: `status` and the API's own message. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/** A fresh Idempotency-Key (also outside a secure context, where randomUUID is missing). */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls the API. Resolves with the parsed JSON answer (or text); rejects with {@link ApiError}
 * carrying the API's message when it refuses, so forms can show it as is.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ idempotencyKey?: string }} [opts]
 * @returns {Promise<any>} the answer as the API documents it (the pages read it loosely)
 */
export async function api(method, path, body, opts = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  else if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'the server cannot be reached; check your connection and try again');
  }
  const text = await res.text();
  /** @type {any} */
  let data = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  if (!res.ok) {
    const raw = data && typeof data === 'object' ? data.message : text;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw || res.statusText);
    throw new ApiError(res.status, message, data);
  }
  return data;
}

/** Fetches a non-JSON resource with the token and returns it as a Blob (the CSV download). */
export async function apiBlob(path) {
  const token = getToken();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`);
  return res.blob();
}
