/**
 * Signs the tokens of `npm run token`: HS256 with this deployment's secret, `iss`
 * {@link serviceTokenIssuer}, `sub` the roster id of a service account. The API accepts them only
 * for service accounts and appointments that allow tokens (see resolve-caller.ts).
 */
import { JwtService } from '@nestjs/jwt';
import { serviceTokenIssuer } from './token-verifier';

/** A signed token for the roster person `personId`, valid for `expiresInSeconds` (default 12 hours). */
export function signServiceToken(secret: string, personId: string, expiresInSeconds = 12 * 3600): string {
  return new JwtService({ secret }).sign(
    { sub: personId },
    { algorithm: 'HS256', issuer: serviceTokenIssuer, expiresIn: expiresInSeconds },
  );
}
