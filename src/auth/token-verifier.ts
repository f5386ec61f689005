/**
 * Who a bearer token says the caller is, verified with maintained libraries (openid-client for
 * discovery, jose for the signature and claims); which roster person that is, and what they may
 * do, is the roster's business ({@link resolveCaller}).
 *
 * Two kinds of token:
 * - from the OpenID provider (OIDC_ISSUER, or the embedded one): signed with a key from the
 *   provider's JWKS (fetched through discovery, re-fetched when an unknown key id appears, so
 *   rotated keys are picked up), asymmetric algorithms only, `iss`, `aud` and `exp` checked; the
 *   identity is the configured claim (default `email`, refused when `email_verified` is false).
 * - from `npm run token`: HS256 with this deployment's secret and this deployment's own issuer
 *   name, for the roster's service accounts ({@link serviceTokenIssuer}).
 * `alg: none` is refused, and so is a token that claims the provider's issuer but is signed with
 * HS256 (the "public key as HMAC secret" confusion): only the service issuer may use HS256.
 * A token once verified is taken as it is for a while ({@link VerifiedTokenCache}), a provider's
 * only while its key is still in the key set: a rotation that retires the key retires its tokens.
 */
import { UnauthorizedException } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { allowInsecureRequests, discovery } from 'openid-client';
import { VerifiedTokenCache } from './verified-token-cache';

/** The `iss` of tokens minted by `npm run token`. */
export const serviceTokenIssuer = 'urn:board-governance:npm-run-token';

/** Algorithms accepted from the OpenID provider: asymmetric only. */
export const providerAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Who the token says the caller is. */
export type TokenIdentity =
  { kind: 'provider'; claim: string; value: string } | { kind: 'service'; personId: string };

export interface TokenVerifierOptions {
  /** The OpenID provider; none: only `npm run token`'s tokens are accepted. */
  issuer?: string;
  clientId: string;
  clientSecret?: string;
  audience: string;
  identityClaim: string;
  /** The HS256 secret of `npm run token`. */
  serviceSecret: string;
  /** Least time between two JWKS fetches caused by unknown key ids (default 5 s). */
  jwksCooldownMs?: number;
}

/** http:// is accepted for a provider on this machine only (the embedded one, tests). */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export class TokenVerifier {
  private provider?: Promise<{ issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> }>;
  private readonly serviceKey: Uint8Array;
  /** Verified tokens: who they say, and the provider key id they were verified with. */
  private readonly verified = new VerifiedTokenCache<{ identity: TokenIdentity; kid?: string }>();

  constructor(private readonly opts: TokenVerifierOptions) {
    this.serviceKey = new TextEncoder().encode(opts.serviceSecret);
  }

  /** Discovery, once (again after a failure): the issuer as the provider names it, and its key set. */
  private discover() {
    const issuer = this.opts.issuer;
    if (!issuer) return Promise.reject(new Error('no OpenID provider is configured'));
    this.provider ??= (async () => {
      const url = new URL(issuer);
      const config = await discovery(url, this.opts.clientId, this.opts.clientSecret, undefined, {
        execute: url.protocol === 'http:' && isLoopback(url) ? [allowInsecureRequests] : [],
      });
      const meta = config.serverMetadata();
      if (!meta.jwks_uri) throw new Error(`the OpenID provider ${meta.issuer} publishes no jwks_uri`);
      const jwks = createRemoteJWKSet(new URL(meta.jwks_uri), {
        cooldownDuration: this.opts.jwksCooldownMs ?? 5_000,
      });
      return { issuer: meta.issuer, jwks };
    })().catch((err: unknown) => {
      this.provider = undefined;
      throw err;
    });
    return this.provider;
  }

  /** Checks a token; 401 with a message that says what is wrong with it. */
  async verify(token: string): Promise<TokenIdentity> {
    const known = this.verified.get(token);
    if (known && (known.kid === undefined || (await this.publishes(known.kid)))) return known.identity;
    let alg: string | undefined;
    let kid: string | undefined;
    let claimed: JWTPayload;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
      claimed = decodeJwt(token);
    } catch {
      throw new UnauthorizedException('invalid token: not a signed JWT');
    }
    if (!alg || alg.toLowerCase() === 'none')
      throw new UnauthorizedException('unsigned token (alg none) refused');
    if (alg.startsWith('HS')) return this.verifyService(token, claimed);
    const provider = await this.discover().catch((err: Error) => {
      throw new UnauthorizedException(
        `cannot check the token: the OpenID provider is unreachable (${err.message})`,
      );
    });
    // Refused before any key is looked up: the clearer message, and no JWKS fetch for a stranger's kid.
    if (claimed.iss !== provider.issuer)
      throw new UnauthorizedException(`token from another issuer (this API trusts ${provider.issuer})`);
    try {
      const { payload } = await jwtVerify(token, provider.jwks, {
        issuer: provider.issuer,
        audience: this.opts.audience,
        algorithms: providerAlgorithms,
        requiredClaims: ['exp'],
      });
      const identity = this.identity(payload);
      // Kept only with a key id, to tell when the provider no longer publishes its key.
      if (kid !== undefined) this.verified.set(token, { identity, kid }, payload.exp as number);
      return identity;
    } catch (err) {
      throw this.explain(err, { issuer: provider.issuer, audience: this.opts.audience, alg });
    }
  }

  private async verifyService(token: string, claimed: JWTPayload): Promise<TokenIdentity> {
    if (claimed.iss !== serviceTokenIssuer)
      throw new UnauthorizedException(
        `token signed with a shared-secret algorithm refused: only tokens from npm run token (iss ${serviceTokenIssuer}) may be; the OpenID provider's must be signed with its published keys`,
      );
    try {
      const { payload } = await jwtVerify(token, this.serviceKey, {
        issuer: serviceTokenIssuer,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      const identity: TokenIdentity = { kind: 'service', personId: payload.sub as string };
      this.verified.set(token, { identity }, payload.exp as number);
      return identity;
    } catch (err) {
      throw this.explain(err, { issuer: serviceTokenIssuer, alg: 'HS256' });
    }
  }

  /** Whether the provider's key set, as last fetched, still holds the key `kid`. */
  private async publishes(kid: string): Promise<boolean> {
    const provider = await this.provider?.catch(() => undefined);
    return provider?.jwks.jwks()?.keys.some((key) => key.kid === kid) ?? false;
  }

  private identity(payload: JWTPayload): TokenIdentity {
    const claim = this.opts.identityClaim;
    const value = payload[claim];
    if (typeof value !== 'string' || value === '')
      throw new UnauthorizedException(`token has no ${claim} claim to find the caller on the roster by`);
    if (claim === 'email' && payload.email_verified === false)
      throw new UnauthorizedException(`the e-mail address ${value} is not verified by the identity provider`);
    return { kind: 'provider', claim, value };
  }

  private explain(
    err: unknown,
    expected: { issuer: string; audience?: string; alg: string },
  ): UnauthorizedException {
    if (err instanceof errors.JWTExpired) return new UnauthorizedException('token expired');
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'iss')
        return new UnauthorizedException(`token from another issuer (this API trusts ${expected.issuer})`);
      if (err.claim === 'aud')
        return new UnauthorizedException(`token for another audience (this API is ${expected.audience})`);
      return new UnauthorizedException(`invalid token: ${err.message}`);
    }
    if (err instanceof errors.JOSEAlgNotAllowed)
      return new UnauthorizedException(
        `token algorithm ${expected.alg} not accepted (one of ${providerAlgorithms.join(', ')})`,
      );
    if (err instanceof errors.JWKSNoMatchingKey)
      return new UnauthorizedException(
        "token signed with a key that is not among the identity provider's keys",
      );
    if (err instanceof errors.JWSSignatureVerificationFailed)
      return new UnauthorizedException('token signature invalid');
    if (err instanceof errors.JWKSTimeout || err instanceof errors.JOSEError)
      return new UnauthorizedException(`invalid token: ${(err as Error).message}`);
    throw err;
  }
}
