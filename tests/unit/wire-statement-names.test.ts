import { deallocateStatement, scopeStatementName } from '../../src/record/wire-statement-names';

/** A frontend message of `type` whose body is `parts` (strings NUL-terminated, buffers as they are). */
function message(type: string, ...parts: (string | Buffer)[]): Buffer {
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\0`) : p)));
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const types = Buffer.from([0, 1, 0, 0, 0, 23]); // one parameter, of type int4

describe('scopeStatementName', () => {
  it('prefixes the name a Parse prepares, and says so', () => {
    const scoped = scopeStatementName(message('P', 'audit-begin', 'SELECT $1', types), 'c7_');
    expect(scoped).toEqual({
      message: message('P', 'c7_audit-begin', 'SELECT $1', types),
      prepared: 'c7_audit-begin',
    });
  });

  it('prefixes the statement a Bind names, not its portal', () => {
    const rest = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 0x37, 0, 0]);
    expect(scopeStatementName(message('B', '', 'audit-begin', rest), 'c7_').message).toEqual(
      message('B', '', 'c7_audit-begin', rest),
    );
  });

  it('prefixes a statement described or closed, and says which one a Close drops', () => {
    expect(scopeStatementName(message('D', Buffer.from('S'), 'q'), 'c2_')).toEqual({
      message: message('D', Buffer.from('S'), 'c2_q'),
    });
    expect(scopeStatementName(message('C', Buffer.from('S'), 'q'), 'c2_')).toEqual({
      message: message('C', Buffer.from('S'), 'c2_q'),
      closed: 'c2_q',
    });
    // A portal is the connection's own already.
    const portal = message('D', Buffer.from('P'), 'p');
    expect(scopeStatementName(portal, 'c2_').message).toEqual(portal);
  });

  it('leaves the unnamed statement and every other message as they are', () => {
    const unnamed = message('P', '', 'SELECT 1', Buffer.from([0, 0]));
    expect(scopeStatementName(unnamed, 'c1_')).toEqual({ message: unnamed });
    const execute = message('E', '', Buffer.from([0, 0, 0, 0]));
    expect(scopeStatementName(execute, 'c1_')).toEqual({ message: execute });
  });

  it('refuses a name without its terminating NUL, naming the problem', () => {
    const broken = Buffer.concat([Buffer.from('P'), Buffer.from([0, 0, 0, 7]), Buffer.from('abc')]);
    expect(() => scopeStatementName(broken, 'c1_')).toThrow('a string without its terminating NUL');
  });
});

test('deallocateStatement quotes the name as an identifier', () => {
  expect(deallocateStatement('c1_say "hi"')).toBe('DEALLOCATE "c1_say ""hi"""');
});
