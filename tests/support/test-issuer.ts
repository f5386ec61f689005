/**
 * An OpenID provider for tests, on a loopback port, with its own signing keys: discovery at
 * `/.well-known/openid-configuration` and its keys at `/jwks`, served by this test process; its
 * tokens are signed by jsonwebtoken (RS256) with keys generated here and published as JWKs by
 * jose. Not the project's code: the API under test trusts it through OIDC_ISSUER like any provider.
 * Tokens are signed synchronously, so tests can mint them as they always have.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { exportJWK, type JWK } from 'jose';
import { freePort } from '../../scripts/free-port';
import { emailFor, type TestCaller } from './test-people';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

export interface TokenOptions {
  expiresInSeconds?: number;
  /** Claims added or overriding the defaults (`email`, `email_verified`, `name`). */
  claims?: Record<string, unknown>;
  audience?: string;
  issuer?: string;
  algorithm?: 'RS256' | 'PS256';
}

export class TestIssuer {
  readonly clientId = 'board-test-client';
  readonly audience = 'urn:board-governance:test-api';
  private keys: SigningKey[] = [];
  private server?: Server;
  private port?: number;
  private starting?: Promise<void>;
  /** How many times the key set was fetched. */
  jwksFetches = 0;

  get issuer(): string {
    if (!this.port) throw new Error('the test issuer has not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the API needs to trust this provider. */
  get env(): Record<string, string> {
    return { OIDC_ISSUER: this.issuer, OIDC_CLIENT_ID: this.clientId, OIDC_AUDIENCE: this.audience };
  }

  /** Listens on a free loopback port (once). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.rotate();
      this.port = await freePort();
      this.server = createServer((req, res) => {
        const send = (body: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url === '/.well-known/openid-configuration') {
          send({
            issuer: this.issuer,
            jwks_uri: `${this.issuer}/jwks`,
            authorization_endpoint: `${this.issuer}/authorize`,
            token_endpoint: `${this.issuer}/token`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          });
        } else if (req.url === '/jwks') {
          this.jwksFetches++;
          send({ keys: this.keys.map((k) => k.jwk) });
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
    })();
    return this.starting;
  }

  /** A new signing key replaces the old ones (the provider rotates its keys). */
  async rotate(): Promise<void> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID();
    this.keys = [
      { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } },
    ];
  }

  /** The current public key as PEM (to forge an HS256 token signed with it). */
  publicKeyPem(): string {
    return this.keys[0].publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** A token for the person with this e-mail. */
  tokenForEmail(email: string, opts: TokenOptions = {}): string {
    const [key] = this.keys;
    return new JwtService().sign(
      { sub: `idp-${email}`, email, email_verified: true, ...opts.claims },
      {
        algorithm: opts.algorithm ?? 'RS256',
        privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        keyid: key.kid,
        issuer: opts.issuer ?? this.issuer,
        audience: opts.audience ?? this.audience,
        expiresIn: opts.expiresInSeconds ?? 3600,
      },
    );
  }

  /** A token for the seeded person holding `who`'s place (in the board file given, or the default one). */
  token(who: TestCaller, expiresInSeconds?: number, boardConfigPath?: string): string {
    return this.tokenForEmail(emailFor(who, boardConfigPath), { expiresInSeconds });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A started test issuer. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const issuer = new TestIssuer();
  await issuer.start();
  return issuer;
}
