/**
 * `npm run token -- --role member --seat DE --sub anna [--hours 12]`: prints a token signed for
 * the running configuration (JWT_SECRET, or the data folder's generated secret).
 */
import { parseArgs } from 'node:util';
import { loadBoard } from '../board/board-config';
import { loadAppConfig } from '../config/env';
import { roles, type Role } from './caller';
import { loadSigningSecret } from './signing-secret';
import { signToken } from './token-signer';

function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      seat: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  });
  const fail = (message: string): never => {
    process.stderr.write(
      `token: ${message}\nusage: npm run token -- --role <${roles.join('|')}> [--seat CODE] --sub NAME [--hours N]\n`,
    );
    process.exit(2);
  };
  const role = values.role as Role;
  if (!roles.includes(role)) fail(`--role must be one of ${roles.join(', ')}`);
  const sub = values.sub ?? fail('--sub is required');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number');
  const config = loadAppConfig();
  if (role === 'member') {
    const seat = values.seat ?? fail('--seat is required for a member');
    if (!loadBoard(config.boardConfigPath).seats.some((s) => s.code === seat))
      fail(`seat ${seat} is not on this board`);
  }
  const secret = loadSigningSecret(config);
  const seat = role === 'member' ? values.seat : undefined;
  process.stdout.write(signToken(secret, { sub, role, seat }, Math.round(hours * 3600)) + '\n');
}

try {
  main();
} catch (err) {
  process.stderr.write(`token: ${(err as Error).message}\n`);
  process.exit(1);
}
