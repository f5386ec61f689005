/**
 * A person's access token at the command line, from the OpenID provider, with the device flow
 * (RFC 8628, openid-client): the command shows a code, the person confirms it in a browser and
 * signs in there, the command receives the token. The API checks it like any bearer token of its
 * provider.
 *
 * For the embedded default only, {@link completeOnDevelopmentLoginPage} confirms the code and picks
 * the person on the development login page itself, as a browser would: the same passwordless
 * choice the page offers anyone who can reach it, for scripts such as `npm run demo`.
 */
import {
  allowInsecureRequests,
  discovery,
  initiateDeviceAuthorization,
  pollDeviceAuthorizationGrant,
} from 'openid-client';
import type { AppConfig } from '../config/env';
import { apiScope, cliClientId, embeddedIssuer } from './embedded-provider';
import { isLoopback } from './token-verifier';

export interface DeviceSignInOptions {
  issuer: string;
  clientId: string;
  /** e.g. `openid email board`. */
  scope: string;
  /** The API's audience as a resource indicator (RFC 8707), for providers that take one. */
  resource?: string;
  /** Shown to the person: where to go, and the code to confirm there. */
  prompt(where: { url: string; completeUrl?: string; code: string }): void | Promise<void>;
}

/** Runs the device flow; resolves with the access token once the person has signed in. */
export async function deviceSignIn(opts: DeviceSignInOptions): Promise<string> {
  const url = new URL(opts.issuer);
  const config = await discovery(url, opts.clientId, undefined, undefined, {
    execute: url.protocol === 'http:' && isLoopback(url) ? [allowInsecureRequests] : [],
  });
  const resource: Record<string, string> = opts.resource ? { resource: opts.resource } : {};
  const started = await initiateDeviceAuthorization(config, { scope: opts.scope, ...resource });
  await opts.prompt({
    url: started.verification_uri,
    completeUrl: started.verification_uri_complete,
    code: started.user_code,
  });
  const tokens = await pollDeviceAuthorizationGrant(config, started, resource);
  return tokens.access_token;
}

/** Cookies kept across the pages of one sign-in, as a browser would. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The first form of a page: where it posts, and its hidden fields. */
function firstForm(
  html: string,
  base: string,
): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form\b[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name && /\btype="hidden"/.test(input[0])) fields[name] = unescapeHtml(value);
  }
  return { action: new URL(unescapeHtml(form[1]), base).href, fields };
}

const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );

/**
 * Confirms the device code at `completeUrl` and signs in as `personId` on the embedded provider's
 * development login page, following its pages as a browser does (at most a dozen steps).
 */
export async function completeOnDevelopmentLoginPage(completeUrl: string, personId: string): Promise<void> {
  const jar = new CookieJar();
  const go = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    jar.take(res);
    return res;
  };
  let res = await go(completeUrl);
  for (let step = 0; step < 12; step++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      res = await go(new URL(location, res.url || completeUrl).href);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`the development sign-in answered ${res.status}: ${html.slice(0, 200)}`);
    if (html.includes('the command has its token')) return;
    const form = firstForm(html, res.url || completeUrl);
    if (!form) throw new Error(`unexpected page in the development sign-in: ${html.slice(0, 200)}`);
    // The login page's choice of person; the code's confirmation carries confirm=yes itself.
    if (form.action.endsWith('/login')) form.fields.person = personId;
    res = await go(form.action, form.fields);
  }
  throw new Error('the development sign-in did not finish');
}

/**
 * A token for `personId` from the embedded default's provider (`npm run token -- --as`, the demo):
 * the device flow, its code confirmed and the person picked on the development login page.
 */
export function embeddedSignInAs(config: Pick<AppConfig, 'oidc'>, personId: string): Promise<string> {
  return deviceSignIn({
    issuer: embeddedIssuer(config),
    clientId: cliClientId,
    scope: `openid email ${apiScope}`,
    resource: config.oidc.audience,
    prompt: ({ url, completeUrl, code }) =>
      completeOnDevelopmentLoginPage(completeUrl ?? `${url}?user_code=${code}`, personId),
  });
}
