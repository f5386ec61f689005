/**
 * The ILO board file with one observer seat (UNHCR, with a contact address) and its
 * representative on the roster, written to a temporary file for `BOARD_CONFIG`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The observer seat's contact, where its notifications go. */
export const observerContact = 'unhcr@observers.example';

/** Writes the board file and returns its path. */
export function boardWithObserver(): string {
  const ilo = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'ilo-board.json'), 'utf8'));
  ilo.seats.push({
    code: 'UNHCR',
    name: 'UN Refugee Agency',
    kind: 'observer',
    voting: false,
    contact: observerContact,
  });
  ilo.roster.push({
    name: 'Amira Haddad',
    email: 'amira.haddad@observers.example',
    appointments: [{ role: 'member', seat: 'UNHCR' }],
  });
  const file = join(mkdtempSync(join(tmpdir(), 'board-observer-')), 'board.json');
  writeFileSync(file, JSON.stringify(ilo));
  return file;
}
