/**
 * The NUL character (U+0000) in what a client sends. PostgreSQL's text and jsonb cannot hold it,
 * so an item with one in its title could never reach the board's record, and a search with one
 * failed the query. Pure, so the pipe that refuses it and its tests share it (the messages are in
 * ./field-messages).
 */

/** Where in `value` the first string holding U+0000 is, as a field path (`agenda[0].title`); null when none. */
export function nulCharacterAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulCharacterAt(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key is sent as text too; a bad one is named by itself.
      if (key.includes('\0')) return path ? `${path}.${JSON.stringify(key)}` : JSON.stringify(key);
      const found = nulCharacterAt(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}
