/**
 * Calendar feeds (table `calendar_feed`, migration 0004): each person's secret feed URL, for a
 * calendar application that can send neither a header nor a cookie. The token is random; only its
 * SHA-256 is kept, so the URL is shown once, when issued. Issuing again replaces it (the old URL
 * stops working); revoking deletes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RecordDatabase } from './record-database';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** What a feed token may look like: 43 base64url characters (256 random bits). */
export const feedTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export class CalendarFeedRepository {
  constructor(private readonly db: RecordDatabase) {}

  /** A new token for `personId`, replacing any earlier one. */
  async issue(personId: string): Promise<{ token: string; issuedAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const row = await this.db
      .insertInto('calendar_feed')
      .values({ person_id: personId, token_hash: hashOf(token) })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({ token_hash: hashOf(token), issued_at: new Date() }),
      )
      .returning('issued_at')
      .executeTakeFirstOrThrow();
    return { token, issuedAt: row.issued_at.toISOString() };
  }

  /** Ends `personId`'s feed; false when there was none. */
  async revoke(personId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('calendar_feed')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** When `personId`'s feed was issued, if they have one. */
  async issuedAt(personId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('calendar_feed')
      .select('issued_at')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row?.issued_at.toISOString();
  }

  /** The person whose feed `token` opens, if it is a current one. */
  async personFor(token: string): Promise<string | undefined> {
    if (!feedTokenPattern.test(token)) return undefined;
    const row = await this.db
      .selectFrom('calendar_feed')
      .select('person_id')
      .where('token_hash', '=', hashOf(token))
      .executeTakeFirst();
    return row?.person_id;
  }
}
