/**
 * The pages' sign-in, as a backend for the front end: the API runs the authorization code flow
 * with PKCE against the OpenID provider (openid-client), keeps the result in an HttpOnly session
 * cookie (session-cookie.ts) and never hands a token to page scripts. Writes made with the cookie
 * must echo the session's CSRF token in `X-CSRF-Token` (checked by the AuthGuard). Sign-out ends
 * the session.
 *
 * - `GET /auth/sign-in?next=page.html`: to the provider (302).
 * - `GET /auth/callback`: the provider's answer; the code is exchanged, the ID token checked
 *   (signature, issuer, audience, expiry, nonce), the person looked up on the roster; back to the page.
 * - `GET /auth/session`: whether a session is open, and its CSRF token (readable by this origin only).
 * - `POST /auth/sign-out`: ends it, and answers where the browser goes next: the provider's
 *   end-session endpoint (RP-initiated logout, with the ID token as hint), which ends the
 *   provider's own session too and sends the browser back to the sign-in page; so the next
 *   sign-in asks who you are again. A provider without that endpoint: straight to the sign-in page.
 */
import { Controller, ForbiddenException, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildEndSessionUrl,
  calculatePKCECodeChallenge,
  discovery,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
} from 'openid-client';
import { APP_CONFIG } from '../api/common/tokens';
import type { AppConfig } from '../config/env';
import { RosterDirectory } from '../roster/roster-directory';
import { Public } from './public.decorator';
import {
  csrfHeader,
  sessionCookie,
  sessionSeconds,
  SessionSealer,
  signInCookie,
  signedOutPage,
  type Session,
  type SignInState,
} from './session-cookie';
import { isLoopback } from './token-verifier';

/** Only a page of this site, e.g. `decision.html?id=dec-1`. */
const pagePattern = /^[a-z-]+\.html(\?[^#]*)?$/;

export class SessionView {
  @ApiProperty() signedIn!: boolean;
  @ApiPropertyOptional({ description: `Echo it in ${csrfHeader} on every write made with the session` })
  csrfToken?: string;
}

export class SignedOutView {
  @ApiProperty() signedOut!: true;
  @ApiProperty({ description: 'Where to go next' }) next!: string;
}

@ApiTags('sign-in')
@Controller('auth')
export class SessionController {
  private client?: Promise<Configuration>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sealer: SessionSealer,
    private readonly roster: RosterDirectory,
  ) {}

  private oidc(): Promise<Configuration> {
    const { issuer, clientId, clientSecret } = this.config.oidc;
    if (!issuer) return Promise.reject(new Error('no OpenID provider is configured'));
    this.client ??= (() => {
      const url = new URL(issuer);
      return discovery(url, clientId, clientSecret, undefined, {
        execute: url.protocol === 'http:' && isLoopback(url) ? [allowInsecureRequests] : [],
      });
    })().catch((err: unknown) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  private cookieOptions(maxAgeSeconds: number) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/',
      maxAge: maxAgeSeconds * 1000,
    };
  }

  private get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  @Get('sign-in')
  @Public()
  @ApiExcludeEndpoint()
  async signIn(@Query('next') next: string | undefined, @Res() res: Response): Promise<void> {
    const state: SignInState = {
      verifier: randomPKCECodeVerifier(),
      state: randomState(),
      nonce: randomNonce(),
      next: next && pagePattern.test(next) ? next : 'index.html',
    };
    let config: Configuration;
    try {
      config = await this.oidc();
    } catch (err) {
      const why = this.config.oidc.issuer
        ? `the identity provider cannot be reached (${(err as Error).message})`
        : 'no identity provider is configured here (OIDC_ISSUER); sign in with a token';
      return res.redirect(
        302,
        `/app/sign-in.html?error=${encodeURIComponent(`Sign-in unavailable: ${why}.`)}`,
      );
    }
    const url = buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await calculatePKCECodeChallenge(state.verifier),
      code_challenge_method: 'S256',
      state: state.state,
      nonce: state.nonce,
    });
    res.cookie(signInCookie, await this.sealer.seal(state, 600), this.cookieOptions(600));
    res.redirect(302, url.href);
  }

  @Get('callback')
  @Public()
  @ApiExcludeEndpoint()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = await this.sealer.open<SignInState>(req.cookies?.[signInCookie]);
    res.clearCookie(signInCookie, { path: '/' });
    const fail = (message: string) =>
      res.redirect(302, `/app/sign-in.html?error=${encodeURIComponent(message)}`);
    if (!pending) return fail('The sign-in took too long or was started elsewhere; please sign in again.');
    let claims: Record<string, unknown> | undefined;
    let idToken: string | undefined;
    try {
      const tokens = await authorizationCodeGrant(
        await this.oidc(),
        new URL(req.originalUrl, this.config.publicUrl),
        {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
      );
      claims = tokens.claims();
      idToken = tokens.id_token;
    } catch (err) {
      return fail(`The identity provider's answer was refused: ${(err as Error).message}`);
    }
    const claim = this.config.oidc.identityClaim;
    const value = claims?.[claim];
    if (typeof value !== 'string' || value === '')
      return fail(`The identity provider did not say who you are (no ${claim} in the ID token).`);
    if (claim === 'email' && claims?.email_verified === false)
      return fail(`The e-mail address ${value} is not verified by the identity provider.`);
    const roster = await this.roster.current();
    const person = roster.personByEmail(value);
    if (!person) return fail(`${value} is not on the board's roster.`);
    if (roster.appointmentsAt(person.id, Date.now()).length === 0)
      return fail(`${roster.whyNothingAt(person, Date.now())}.`);
    const session = this.sealer.newSession({ kind: 'provider', claim, value }, idToken);
    res.cookie(
      sessionCookie,
      await this.sealer.seal(session, sessionSeconds),
      this.cookieOptions(sessionSeconds),
    );
    res.redirect(302, `/app/${pending.next}`);
  }

  @Get('session')
  @Public()
  @ApiOperation({ summary: "The pages' session: open or not, and the CSRF token its writes must carry" })
  @ApiResponse({ status: 200, type: SessionView })
  async session(@Req() req: Request): Promise<SessionView> {
    const session = await this.sealer.open<Session>(req.cookies?.[sessionCookie]);
    return session ? { signedIn: true, csrfToken: session.csrf } : { signedIn: false };
  }

  @Post('sign-out')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Ends the pages' session (needs its CSRF token); `next` is the provider's end-session URL, which ends its session too",
  })
  @ApiResponse({ status: 200, type: SignedOutView })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SignedOutView> {
    const session = await this.sealer.open<Session>(req.cookies?.[sessionCookie]);
    if (session && req.header(csrfHeader) !== session.csrf)
      throw new ForbiddenException(`missing or wrong CSRF token (${csrfHeader} must echo GET /auth/session)`);
    res.clearCookie(sessionCookie, { path: '/' });
    return { signedOut: true, next: await this.endSessionUrl(session?.idToken) };
  }

  /** The provider's end-session URL for this session, or the sign-in page when there is none. */
  private async endSessionUrl(idToken: string | undefined): Promise<string> {
    if (!idToken) return signedOutPage;
    try {
      const config = await this.oidc();
      if (!config.serverMetadata().end_session_endpoint) return signedOutPage;
      return buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: `${this.config.publicUrl}${signedOutPage}`,
      }).href;
    } catch {
      return signedOutPage;
    }
  }
}
