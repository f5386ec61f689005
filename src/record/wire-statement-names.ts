/**
 * Prepared statements of one connection, on a backend that many share. PGlite is one backend: a
 * statement one connection prepares by name exists for every other, so a second connection
 * preparing the same name (as each of a pool's does) is refused "prepared statement already
 * exists". The wire server gives each connection names of its own by prefixing the statement names
 * in the messages that carry them (Parse, Bind, and Describe and Close of a statement). The
 * unnamed statement is left alone: connections take turns by exchange, so it is never shared.
 */

/** A message with its statement name scoped, and what it did to the connection's statements. */
export interface ScopedMessage {
  message: Buffer;
  /** The scoped name a Parse prepares. */
  prepared?: string;
  /** The scoped name a Close of a statement drops. */
  closed?: string;
}

/** Splits `body` at its first NUL: the C string before it, and the offset just after. */
function cString(body: Buffer, from: number): [string, number] {
  const end = body.indexOf(0, from);
  if (end < 0) throw new Error('malformed protocol message: a string without its terminating NUL');
  return [body.toString('utf8', from, end), end + 1];
}

/** The message of `type` with `body` (type byte, then its length, then the body). */
function messageOf(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** Replaces the statement name at `at` in `body` by `prefix` + it, unless it is the unnamed one. */
function scopeAt(type: number, body: Buffer, at: number, prefix: string): [Buffer, string | undefined] {
  const [name, after] = cString(body, at);
  if (name === '') return [messageOf(type, body), undefined];
  const scoped = prefix + name;
  const rebuilt = Buffer.concat([
    body.subarray(0, at),
    Buffer.from(`${scoped}\0`, 'utf8'),
    body.subarray(after),
  ]);
  return [messageOf(type, rebuilt), scoped];
}

const PARSE = 0x50; // 'P': statement name, query, parameter types
const BIND = 0x42; // 'B': portal name, statement name, the rest
const DESCRIBE = 0x44; // 'D': 'S' or 'P', then a name
const CLOSE = 0x43; // 'C': 'S' or 'P', then a name
const STATEMENT = 0x53; // 'S'

/** `message` (a typed frontend message) with its statement name, if any, prefixed by `prefix`. */
export function scopeStatementName(message: Buffer, prefix: string): ScopedMessage {
  const type = message[0];
  const body = message.subarray(5);
  if (type === PARSE) {
    const [scoped, name] = scopeAt(type, body, 0, prefix);
    return { message: scoped, ...(name ? { prepared: name } : {}) };
  }
  if (type === BIND) {
    const [, statementAt] = cString(body, 0);
    return { message: scopeAt(type, body, statementAt, prefix)[0] };
  }
  if ((type === DESCRIBE || type === CLOSE) && body[0] === STATEMENT) {
    const [scoped, name] = scopeAt(type, body, 1, prefix);
    return { message: scoped, ...(type === CLOSE && name ? { closed: name } : {}) };
  }
  return { message };
}

/** `DEALLOCATE` of a scoped name, quoted as an identifier. */
export function deallocateStatement(name: string): string {
  return `DEALLOCATE "${name.replace(/"/g, '""')}"`;
}
