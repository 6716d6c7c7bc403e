// A machine's TCP server: accepts peers, parses their frames into messages, and drains gracefully at shutdown.
// Hostile peers cannot hurt it: connections are bounded (at the limit the oldest one not from a known machine makes
// room), lines are bounded, connections that send no complete line (slow loris) are closed after a limit, and a
// second connection claiming a connected machine does not speak for it.
import net from 'node:net';
import { createFrameSplitter } from './frame-parser.js';
import { PeerClaims } from './peer-claims.js';
import { secondClaimWarning } from './second-claim.js';
import { otherRunFrame } from './frames.js';
import { otherRunHelloWarning } from './other-run-warning.js';

export interface ServerHandlers {
  /**
   * `clock:N` frames arrived, clocks[0..count) in order; `from` is the known machine their connection speaks for
   * (peer-claims.ts), or null when unknown (no hello, an unknown id, a second claim to a connected machine);
   * `connection` numbers the connection they came on (1, 2, ... in order of acceptance). The array is reused once the
   * call returns.
   */
  onMessages(from: number | null, clocks: Float64Array, count: number, connection: number): void;
  /** Something a peer did wrong; the machine keeps going. */
  onWarn(reason: string): void;
  /**
   * A connection speaks for known machine `id` now (its hello, or the machine's earlier connection closed after a
   * second one claimed it): the machine is up (the runtime redials it at once if waiting to).
   */
  onHello?(id: number): void;
}

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxLineLength: number;
  /** Ids a hello may name; any other id counts as an unknown sender. */
  knownIds: ReadonlySet<number>;
  /**
   * This run's token (start-all gives each run one). A hello naming another token is a machine of another run (one
   * dialling these ports on a shared host): nothing that connection sends is read. A hello with no token is taken as
   * before (a machine started by hand, or a student's own). None: every hello is taken, whatever its token.
   */
  runToken?: string;
  /**
   * Most inbound connections at once. At the limit a new connection closes the oldest one that does not speak for a
   * known machine (no hello, an unknown id, a second claim); with none, the new one is refused. Default: known ids + 2.
   */
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
  /** The peer's address:port. */
  remote: string;
  /** The known machine this connection speaks for (its frames are from it), or null (an unknown sender). */
  from: number | null;
  /** The known machine its hello named, speaking for it or not; null before such a hello. */
  claimed: number | null;
  /** Why it does not speak for a known machine, for the warning if it is closed to make room. */
  standing: string;
  /** Its hello named another run's token: its frames are not read. */
  foreign: boolean;
}

/** The most machines of other runs remembered as warned about. */
const FOREIGN_SAID = 64;

/** The longest hello (`hello:` a 9-digit id, `:` and a 32-character run token): read whatever the line limit. */
const LONGEST_HELLO = 48;

/** `machine 2 (127.0.0.1:40112)` for a connection that speaks for a machine, else its address alone. */
const sender = (c: Connection): string => (c.from === null ? c.remote : `machine ${c.from} (${c.remote})`);

export class MachineServer {
  private readonly connections = new Set<Connection>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleTimeoutMs: number;
  private readonly maxConnections: number;
  private readonly claims = new PeerClaims<Connection>();
  /** Connections accepted so far: the last one's number. */
  private accepted = 0;
  /** Each machine of another run already warned about (`<id>:<token>`): it redials, and is said once (up to FOREIGN_SAID of them). */
  private readonly foreignSaid = new Set<string>();

  private constructor(
    private readonly server: net.Server,
    private readonly options: ServerOptions,
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    this.maxConnections = options.maxConnections ?? options.knownIds.size + 2;
    server.on('connection', (socket) => {
      if (this.makeRoom(socket)) this.accept(socket);
    });
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

  /** The known machines whose connection to us is still open (they have not ended their side), in id order. */
  get connectedPeers(): number[] {
    const open = [...this.connections].filter((c) => c.from !== null && !c.socket.destroyed && !c.socket.readableEnded);
    return [...new Set(open.map((c) => c.from!))].sort((a, b) => a - b);
  }

  /**
   * Whether a new connection may be accepted: below the limit, or once the oldest open connection that does not speak
   * for a known machine is closed to make room (warned about). With none, the new one is refused (warned about).
   */
  private makeRoom(socket: net.Socket): boolean {
    const open = [...this.connections].filter((c) => !c.socket.destroyed);
    if (open.length < this.maxConnections) return true;
    const { onWarn } = this.options.handlers;
    const oldest = open.find((c) => c.from === null); // a Set iterates in insertion order: oldest first
    if (oldest) {
      onWarn(`closing connection from ${oldest.remote} (${oldest.standing}) to make room for a new one: already ${this.maxConnections} connections, and it is the oldest not from a known machine`);
      // A second claim closed here claims nothing from now on: were the first connection's close read before this
      // one's, the machine would be handed to a connection already closed.
      this.release(oldest);
      oldest.socket.destroy();
      return true;
    }
    onWarn(`refused a connection from ${socket.remoteAddress}:${socket.remotePort}: already ${this.maxConnections} connections, each from a known machine`);
    socket.on('error', () => {});
    socket.destroy();
    return false;
  }

  private accept(socket: net.Socket): void {
    const { handlers, knownIds, maxLineLength } = this.options;
    socket.setNoDelay(true);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const number = ++this.accepted;
    const connection: Connection = { socket, done: Promise.resolve(), waitingSince: Date.now(), remote, from: null, claimed: null, standing: 'no hello', foreign: false };
    // A config's short line limit (16 characters at least) still takes a hello with its run token.
    const splitter = createFrameSplitter(Math.max(maxLineLength, LONGEST_HELLO), {
      onClocks: (clocks, count) => {
        if (!connection.foreign) handlers.onMessages(connection.from, clocks, count, number);
      },
      onHello: (id, run) => {
        if (connection.foreign) return;
        if (this.options.runToken !== undefined && run !== undefined && run !== this.options.runToken) return this.refuseForeign(connection, id, run);
        // No machine says hello twice: said, so that a log whose frames change sender midway has its reason.
        if (connection.claimed !== null && connection.claimed !== id) {
          handlers.onWarn(`hello as machine ${id} from ${sender(connection)}, which said hello as machine ${connection.claimed} before: it no longer speaks for machine ${connection.claimed}`);
        }
        if (connection.claimed !== id) this.release(connection);
        // A speaker whose peer has ended its side has delivered every complete frame: it steps aside at once.
        const speaker = this.claims.speaker(id);
        if (speaker && speaker !== connection && (speaker.socket.destroyed || speaker.socket.readableEnded)) this.release(speaker);
        if (!knownIds.has(id)) {
          // Not "unknown machine": the id may be this machine's own, which is no peer of itself.
          connection.standing = `hello as machine ${id}, not a peer`;
          handlers.onWarn(`hello as machine ${id}, not a peer of this machine, from ${remote}: its messages count as from an unknown sender`);
        } else if (this.claims.claim(id, connection)) {
          connection.claimed = id;
          connection.from = id;
          handlers.onHello?.(id);
        } else {
          connection.claimed = id;
          connection.standing = `a second claim to machine ${id}`;
          handlers.onWarn(secondClaimWarning(id, remote));
        }
      },
      // Named by the machine the connection speaks for, when it said hello: its log then says whose frames were refused.
      onMalformed: (reason) => handlers.onWarn(`${reason} from ${sender(connection)}`),
    });
    splitter.resume(); // Nothing comes out, but the readable side must flow for the stream to end and close.
    connection.done = new Promise<void>((resolve) => splitter.once('close', resolve));
    this.connections.add(connection);
    void connection.done.then(() => {
      this.connections.delete(connection);
      this.release(connection);
    });

    splitter.on('error', (err) => {
      handlers.onWarn(`closing connection from ${remote}: ${err.message}`);
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      if (splitter.destroyed) return;
      // A chunk ending in a newline completes every line it holds; otherwise a partial line is pending, since this
      // chunk when it completed a line before it (looked for from the end: a few bytes back), or since an earlier one.
      if (chunk[chunk.length - 1] === 0x0a) connection.waitingSince = null;
      else if (chunk.lastIndexOf(0x0a) >= 0) connection.waitingSince = Date.now();
      else connection.waitingSince ??= Date.now();
      splitter.write(chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (!splitter.destroyed) splitter.end();
    });
  }

  /**
   * A hello as machine `id` of another run (token `run`): the connection claims nothing and its frames are not read,
   * said once per machine and token; the dialer is told (`other-run:<our token>`). It stays open: the dialer then
   * holds it and sends nothing more, where a closed one would be redialled.
   */
  private refuseForeign(connection: Connection, id: number, run: string): void {
    this.release(connection);
    connection.foreign = true;
    connection.standing = `hello as machine ${id} of another run`;
    // The dialer learns it, and sends no more on this connection (peer-link.ts): its log says so, its sends are dropped.
    connection.socket.write(otherRunFrame(this.options.runToken!));
    if (this.foreignSaid.has(`${id}:${run}`)) return;
    // Bounded, whatever ids and tokens peers make up: past the bound they may be said again (the warnings are rate-limited).
    if (this.foreignSaid.size >= FOREIGN_SAID) this.foreignSaid.clear();
    this.foreignSaid.add(`${id}:${run}`);
    this.options.handlers.onWarn(otherRunHelloWarning(id, run, this.options.runToken, connection.remote));
  }

  /**
   * `connection` no longer claims the machine its hello named (it closed, or said another hello). If it spoke for it,
   * the connection waiting for that machine speaks for it now.
   */
  private release(connection: Connection): void {
    const id = connection.claimed;
    if (id === null) return;
    connection.claimed = null;
    connection.from = null;
    const next = this.claims.closed(id, connection);
    if (!next) return;
    next.from = id;
    this.options.handlers.onWarn(`machine ${id}'s first connection closed: the second one claiming it (from ${next.remote}) now counts as machine ${id}`);
    this.options.handlers.onHello?.(id);
  }

  private closeStalled(): void {
    const limit = Date.now() - this.idleTimeoutMs;
    for (const c of this.connections) {
      if (c.waitingSince === null || c.waitingSince > limit || c.socket.destroyed) continue;
      this.options.handlers.onWarn(`closing connection from ${sender(c)}: no complete line for ${this.idleTimeoutMs} ms`);
      c.socket.destroy();
    }
  }

  /**
   * Stops accepting, waits up to `graceMs` for connected peers to end their side (every frame they sent is
   * delivered), or until `cut` resolves, then destroys what is left and resolves once the server is closed.
   */
  async drain(graceMs: number, cut?: Promise<void>): Promise<void> {
    clearInterval(this.sweeper);
    // Another run's machines never end their side for our stop: nothing of theirs is read, so nothing is lost.
    for (const c of this.connections) if (c.foreign) c.socket.destroy();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all([...this.connections].map((c) => c.done)), grace, ...(cut ? [cut] : [])]);
    clearTimeout(timer);
    for (const c of this.connections) c.socket.destroy();
    await Promise.all([...this.connections].map((c) => c.done));
    await closed;
  }
}
