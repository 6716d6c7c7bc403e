// A machine's TCP server: accepts peers, parses their frames into messages, and drains gracefully at shutdown.
// Hostile peers cannot hurt it: connections beyond the limit are refused, lines are bounded, and connections
// that send no complete line (slow loris) are closed after a limit.
import net from 'node:net';
import { createFrameSplitter } from './frame-parser.js';

export interface ServerHandlers {
  /**
   * `clock:N` frames arrived, clocks[0..count) in order; `from` is the sender's hello id, or null when unknown;
   * `connection` numbers the connection they came on (1, 2, ... in order of acceptance). The array is reused once the
   * call returns.
   */
  onMessages(from: number | null, clocks: Float64Array, count: number, connection: number): void;
  /** Something a peer did wrong; the machine keeps going. */
  onWarn(reason: string): void;
  /** A known machine said hello on a new connection: it is up (the runtime redials it at once if waiting to). */
  onHello?(id: number): void;
}

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxLineLength: number;
  /** Ids a hello may name; any other id counts as an unknown sender. */
  knownIds: ReadonlySet<number>;
  /** Most inbound connections at once; more are refused. Default: known ids + 2. */
  maxConnections?: number;
  /** A connection must complete a line within this long of opening, and never hold a partial line longer. Default 10 s. */
  idleTimeoutMs?: number;
  handlers: ServerHandlers;
}

interface Connection {
  socket: net.Socket;
  /** Resolves once the connection has closed and every byte the peer sent has been parsed and delivered. */
  done: Promise<void>;
  /** Since when the connection has been waiting for a line to complete (opening, or the first byte of a partial line); null when idle between lines. */
  waitingSince: number | null;
}

export class MachineServer {
  private readonly connections = new Set<Connection>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleTimeoutMs: number;
  /** Connections accepted so far: the last one's number. */
  private accepted = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly options: ServerOptions,
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    server.maxConnections = options.maxConnections ?? options.knownIds.size + 2;
    server.on('connection', (socket) => this.accept(socket));
    server.on('drop', (data) => options.handlers.onWarn(`refused a connection from ${data?.remoteAddress}:${data?.remotePort}: already ${server.maxConnections} connections`));
    this.sweeper = setInterval(() => this.closeStalled(), Math.max(10, this.idleTimeoutMs / 4));
    this.sweeper.unref();
  }

  /** Binds the server; rejects with the listen error (EADDRINUSE, EACCES, ...). */
  static listen(options: ServerOptions): Promise<MachineServer> {
    const server = net.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => options.handlers.onWarn(`server error: ${err.message}`));
        resolve(new MachineServer(server, options));
      });
    });
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(socket: net.Socket): void {
    const { handlers, knownIds, maxLineLength } = this.options;
    socket.setNoDelay(true);
    let from: number | null = null;
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const number = ++this.accepted;
    const splitter = createFrameSplitter(maxLineLength, {
      onClocks: (clocks, count) => handlers.onMessages(from, clocks, count, number),
      onHello: (id) => {
        if (knownIds.has(id)) {
          from = id;
          handlers.onHello?.(id);
        } else {
          from = null;
          handlers.onWarn(`hello from unknown machine ${id} at ${remote}: its messages count as from an unknown sender`);
        }
      },
      onMalformed: (reason) => handlers.onWarn(`${reason} from ${remote}`),
    });
    splitter.resume(); // Nothing comes out, but the readable side must flow for the stream to end and close.
    const done = new Promise<void>((resolve) => splitter.once('close', resolve));
    const connection: Connection = { socket, done, waitingSince: Date.now() };
    this.connections.add(connection);
    void done.then(() => this.connections.delete(connection));

    splitter.on('error', (err) => {
      handlers.onWarn(`closing connection from ${remote}: ${err.message}`);
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      if (splitter.destroyed) return;
      // A chunk ending in a newline completes every line it holds; otherwise a partial line is pending.
      if (chunk[chunk.length - 1] === 0x0a) connection.waitingSince = null;
      else connection.waitingSince ??= Date.now();
      splitter.write(chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (!splitter.destroyed) splitter.end();
    });
  }

  private closeStalled(): void {
    const limit = Date.now() - this.idleTimeoutMs;
    for (const c of this.connections) {
      if (c.waitingSince === null || c.waitingSince > limit || c.socket.destroyed) continue;
      this.options.handlers.onWarn(`closing connection from ${c.socket.remoteAddress}:${c.socket.remotePort}: no complete line for ${this.idleTimeoutMs} ms`);
      c.socket.destroy();
    }
  }

  /**
   * Stops accepting, waits up to `graceMs` for connected peers to end their side (every frame they sent is
   * delivered), then destroys what is left and resolves once the server is closed.
   */
  async drain(graceMs: number): Promise<void> {
    clearInterval(this.sweeper);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all([...this.connections].map((c) => c.done)), grace]);
    clearTimeout(timer);
    for (const c of this.connections) c.socket.destroy();
    await Promise.all([...this.connections].map((c) => c.done));
    await closed;
  }
}
