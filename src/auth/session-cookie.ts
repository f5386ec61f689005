/**
 * The pages' session, kept in HttpOnly cookies that page scripts cannot read: encrypted (jose,
 * `dir` + A256GCM, a key derived from this deployment's secret), so they work on every API
 * process that shares the secret and survive a restart. Two cookies: `board_sign_in` holds a
 * sign-in under way (PKCE verifier, state, nonce, the page to return to) for ten minutes;
 * `board_session` holds who signed in, and the CSRF token writes must echo, for eight hours.
 * Sign-out clears it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { TokenIdentity } from './token-verifier';

export const signInCookie = 'board_sign_in';
export const sessionCookie = 'board_session';
/** The header a write made with the session cookie must carry, equal to the session's token. */
export const csrfHeader = 'x-csrf-token';
export const sessionSeconds = 8 * 3600;
/** Where sign-out ends: the provider sends the browser back here once its own session is over. */
export const signedOutPage = '/app/sign-in.html?signed-out=1';

export interface SignInState {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
}

export interface Session {
  identity: Extract<TokenIdentity, { kind: 'provider' }>;
  csrf: string;
  /** The provider's ID token, for its end-session endpoint at sign-out. */
  idToken?: string;
}

export class SessionSealer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`board-session:${secret}`).digest();
  }

  seal(payload: object, seconds: number): Promise<string> {
    return new EncryptJWT({ ...payload })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${seconds}s`)
      .encrypt(this.key);
  }

  /** The payload, or undefined when the cookie is missing, tampered with or expired. */
  async open<T>(value: string | undefined): Promise<T | undefined> {
    if (!value) return undefined;
    try {
      return (await jwtDecrypt(value, this.key)).payload as T;
    } catch {
      return undefined;
    }
  }

  newSession(identity: Session['identity'], idToken?: string): Session {
    return { identity, csrf: randomBytes(24).toString('base64url'), idToken };
  }
}
