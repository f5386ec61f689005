/**
 * The HS256 secret that signs and verifies tokens: JWT_SECRET when set (production), otherwise
 * one generated on first start and kept with the data (`<DATA_DIR>/jwt-secret`, mode 0600), so
 * no secret ever sits in the repository and `npm run token` signs for the running configuration.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Returns the configured secret, or the data folder's, creating it if absent. */
export function loadSigningSecret(opts: { jwtSecret?: string; dataDir: string }): string {
  if (opts.jwtSecret) return opts.jwtSecret;
  const file = join(opts.dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx': if another process created it meanwhile, keep theirs.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
