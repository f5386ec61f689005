/**
 * The embedded default's access tokens, as `npm run token -- --as` and `--sign-in` get them: the
 * device flow on the embedded OpenID provider gives a JWT for the API's audience, signed with the
 * provider's published key and carrying the person's e-mail, and the API accepts it on the same
 * bearer path as an external provider's; the data folder's secret signs service accounts' tokens
 * only; `npm run token -- --sign-in` prints where to confirm its code and waits for the token.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { completeOnDevelopmentLoginPage, embeddedSignInAs } from '../../src/auth/device-sign-in';
import { apiScope, cliClientId, embeddedIssuer } from '../../src/auth/embedded-provider';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let issuer: string;

beforeAll(async () => {
  stack = await startStack({}, { embeddedProvider: true });
  issuer = embeddedIssuer(stack.config);
});

afterAll(async () => {
  await stack?.stop();
});

/** What `npm run token -- --as <person>` does. */
const tokenAs = (person: string) => embeddedSignInAs(stack.config, person);

test('the device flow gives a JWT access token for the API, which the API accepts like any provider token', async () => {
  const [anna, sofia] = await Promise.all([tokenAs('anna-schmidt'), tokenAs('sofia-marin')]);
  expect(decodeProtectedHeader(anna)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  expect(decodeJwt(anna)).toMatchObject({
    iss: issuer,
    aud: 'urn:board-governance:api',
    sub: 'anna-schmidt',
    email: 'anna.schmidt@ilo-board.example',
    client_id: cliClientId,
    scope: apiScope,
  });
  const keys = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  expect(keys.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(anna).kid);

  expect((await stack.request('GET', '/auth/me', { token: anna })).body).toMatchObject({
    sub: 'anna-schmidt',
    role: 'member',
    seat: 'DE',
    capacity: 'member',
  });
  const opened = await stack.request('POST', '/decisions', {
    token: sofia,
    body: { title: 'Adopt the 2027 reporting template', rule: 'simple', closesIn: 'P1D' },
  });
  expect(opened.status).toBe(201);
  const ballot = await stack.request('POST', `/decisions/${opened.body.id}/ballots`, {
    token: anna,
    body: { choice: 'yes' },
  });
  expect(ballot.status).toBe(200);
  expect(ballot.body.ballots[0]).toMatchObject({
    castBy: 'anna-schmidt',
    actingAs: { name: 'Anna Schmidt', capacity: 'member' },
  });
});

test("the data folder's secret no longer stands for people: npm run token's own tokens are for service accounts", async () => {
  const member = await stack.request('GET', '/auth/me', { token: stack.serviceToken('anna-schmidt') });
  expect(member.status).toBe(403);
  expect(member.body.message).toMatch(/npm run token is for service accounts/);
  const service = await stack.request('GET', '/auth/me', {
    token: stack.serviceToken('records-integration'),
  });
  expect(service.status).toBe(200);
});

test('the development login page refuses someone who is not on the roster', async () => {
  await expect(tokenAs('nobody-at-all')).rejects.toThrow(/nobody-at-all is not on the board's roster/);
});

test('npm run token -- --sign-in shows where to confirm its code, waits, and prints the token', async () => {
  const root = join(__dirname, '..', '..');
  const cli = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(root, 'src', 'auth', 'token-cli.ts'),
      '--sign-in',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: stack.config.dataDir,
        OIDC_PROVIDER_PORT: String(stack.config.oidc.providerPort),
        LOG_LEVEL: 'error',
      },
    },
  );
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
  // What the person reads: a URL of the provider that carries the code.
  const url = await new Promise<string>((resolve, reject) => {
    cli.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const shown = /open (\S+) in a browser/.exec(stderr);
      if (shown) resolve(shown[1]);
    });
    cli.on('exit', () => reject(new Error(`npm run token exited: ${stderr}`)));
  });
  expect(url.startsWith(`${issuer}/device?user_code=`)).toBe(true);
  // The person confirms the code and picks who they are, in the browser.
  await completeOnDevelopmentLoginPage(url, 'claire-dubois');
  expect(await exited).toBe(0);
  const token = stdout.trim();
  expect(decodeJwt(token)).toMatchObject({ sub: 'claire-dubois', aud: 'urn:board-governance:api' });
  expect((await stack.request('GET', '/auth/me', { token })).body).toMatchObject({ seat: 'FR' });
});
