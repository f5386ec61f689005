/**
 * PGlite served over the PostgreSQL wire protocol, to many connections at once.
 *
 * PGlite is one backend. @electric-sql/pglite-socket 0.2 accepts one connection by default; with
 * more, its queue takes turns message by message, so another connection's Parse can land between
 * this one's Parse and Bind, and its unnamed statement or its error state becomes ours. So this
 * server takes turns by exchange instead: a connection takes the backend at its first message and
 * keeps it until it sends Sync or a simple Query and is outside a transaction block; the others
 * wait their turn, first come first served. Many connections, one at a time, never mixed. The
 * statements a connection prepares by name are its own (./wire-statement-names), and are dropped
 * when it goes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { deallocateStatement, scopeStatementName } from './wire-statement-names';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** A listening server; `close()` drops every connection, then stops listening. */
export interface WireServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `db` on 127.0.0.1:`port` (0: any free port). */
export async function serveOverWire(db: PGlite, port: number): Promise<WireServer> {
  const backend = new BackendTurns(db);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new ConnectionSession(socket, backend).start();
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    port: bound,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      await backend.idle();
    },
  };
}

/** Whose turn it is at the one backend: a FIFO of connections waiting for it. */
class BackendTurns {
  private holder: ConnectionSession | null = null;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly db: PGlite) {}

  /** Resolves when `session` holds the backend (at once if it already does). */
  async take(session: ConnectionSession): Promise<void> {
    if (this.holder === session) return;
    if (this.holder !== null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.holder = session;
  }

  /** Hands the backend to the next waiting connection, if `session` holds it. */
  release(session: ConnectionSession): void {
    if (this.holder !== session) return;
    this.holder = null;
    this.waiting.shift()?.();
  }

  holds(session: ConnectionSession): boolean {
    return this.holder === session;
  }

  /** Resolves once nobody holds the backend. */
  async idle(): Promise<void> {
    while (this.holder !== null) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Numbers the connections, for the prefix of their statement names. */
let connections = 0;

/** One client connection: splits its bytes into protocol messages and runs them in its turns. */
class ConnectionSession {
  /** Put before the names of the statements this connection prepares: `c<n>_`. */
  private readonly prefix = `c${++connections}_`;
  /** The scoped names of the statements it has prepared, dropped when it goes. */
  private readonly statements = new Set<string>();
  private buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  /** Messages are run one after the other, in arrival order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly backend: BackendTurns,
  ) {}

  start(): void {
    this.socket.setNoDelay(true);
    this.socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      // The replies to what arrived together (Parse, Bind, Describe, Execute, Sync) leave together:
      // one socket write instead of one per message, each a system call.
      this.socket.cork();
      for (let message = this.nextMessage(); message; message = this.nextMessage()) {
        const m = message;
        this.chain = this.chain.then(() => this.handle(m)).catch((err: unknown) => this.fail(err));
      }
      this.chain = this.chain.then(() => this.socket.uncork());
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.chain = this.chain.then(() => this.abandon());
    });
  }

  /** The next complete message, or null when more bytes are needed. */
  private nextMessage(): Buffer | null {
    // Before the startup message, messages have no type byte: length, then a code.
    const length = this.started ? 1 + (this.buffer.length >= 5 ? this.buffer.readInt32BE(1) : 0) : 0;
    const size = this.started ? length : this.buffer.length >= 4 ? this.buffer.readInt32BE(0) : 0;
    if (size === 0 || this.buffer.length < size) return null;
    const message = this.buffer.subarray(0, size);
    this.buffer = this.buffer.subarray(size);
    if (!this.started) {
      const code = message.length >= 8 ? message.readInt32BE(4) : 0;
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) this.started = true;
    }
    return Buffer.from(message);
  }

  private async handle(message: Buffer): Promise<void> {
    if (this.closed) return;
    const typed = this.started && message.length >= 5 && message.readInt32BE(1) === message.length - 1;
    if (!typed || message[0] === 0) {
      const code = message.length >= 8 ? message.readInt32BE(4) : 0;
      // No TLS or GSS here (loopback only): "N" tells the client to go on in clear.
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return void this.socket.write('N');
      // Cancelling would interrupt another connection's query: not supported, ignored.
      if (code === CANCEL_REQUEST) return void this.socket.end();
    }
    const type = typed ? String.fromCharCode(message[0]) : '';
    if (type === 'X') return void this.socket.end();
    const scoped = typed ? scopeStatementName(message, this.prefix) : { message };
    if (scoped.prepared) this.statements.add(scoped.prepared);
    if (scoped.closed) this.statements.delete(scoped.closed);
    await this.backend.take(this);
    try {
      await this.backend.db.execProtocolRawStream(new Uint8Array(scoped.message), {
        onRawData: (data) => {
          if (!this.closed && data.length > 0) this.socket.write(Buffer.from(data));
        },
      });
    } finally {
      // The exchange ends at Sync or a simple Query (or the startup message), unless a transaction is open.
      const exchangeEnds = !typed || type === 'S' || type === 'Q';
      if (exchangeEnds && !this.backend.db.isInTransaction()) this.backend.release(this);
    }
  }

  private fail(err: unknown): void {
    this.closed = true;
    this.socket.destroy(err instanceof Error ? err : undefined);
    void this.abandon();
  }

  /**
   * A connection that goes away mid-transaction must not leave the backend in it, nor its prepared
   * statements behind (a long-running server would gather them).
   */
  private async abandon(): Promise<void> {
    const statements = [...this.statements];
    this.statements.clear();
    if (!this.backend.holds(this) && statements.length === 0) return;
    await this.backend.take(this);
    try {
      if (this.backend.db.isInTransaction()) await this.backend.db.exec('ROLLBACK');
      for (const name of statements)
        await this.backend.db.exec(deallocateStatement(name)).catch(() => undefined);
    } finally {
      this.backend.release(this);
    }
  }
}
