// A machine's TCP server: accepts peers, parses their frames into messages, and drains gracefully at shutdown.
import net from 'node:net';
import { createFrameParser } from './frame-parser.js';
import type { Frame } from './frames.js';

export interface ServerHandlers {
  /** A `clock:N` frame arrived; `from` is the sender's hello id, or null when unknown. */
  onMessage(from: number | null, clock: number): void;
  /** Something a peer did wrong; the machine keeps going. */
  onWarn(reason: string): void;
}

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxLineLength: number;
  /** Ids a hello may name; any other id counts as an unknown sender. */
  knownIds: ReadonlySet<number>;
  handlers: ServerHandlers;
}

interface Connection {
  socket: net.Socket;
  /** Resolves once every byte the peer sent has been parsed and delivered. */
  done: Promise<void>;
}

export class MachineServer {
  private readonly connections = new Set<Connection>();

  private constructor(
    private readonly server: net.Server,
    private readonly options: ServerOptions,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Binds the server; rejects with the listen error (EADDRINUSE, EACCES, ...). */
  static listen(options: ServerOptions): Promise<MachineServer> {
    const server = net.createServer();
    const machineServer = new MachineServer(server, options);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => options.handlers.onWarn(`server error: ${err.message}`));
        resolve(machineServer);
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
    const parser = createFrameParser({ maxLength: maxLineLength, onMalformed: (reason) => handlers.onWarn(`${reason} from ${remote}`) });
    const done = new Promise<void>((resolve) => parser.once('close', resolve));
    const connection: Connection = { socket, done };
    this.connections.add(connection);
    void done.then(() => this.connections.delete(connection));

    parser.on('data', (frame: Frame) => {
      if (frame.kind === 'clock') handlers.onMessage(from, frame.clock);
      else if (knownIds.has(frame.id)) from = frame.id;
      else {
        from = null;
        handlers.onWarn(`hello from unknown machine ${frame.id} at ${remote}: its messages count as from an unknown sender`);
      }
    });
    parser.on('error', (err) => {
      handlers.onWarn(`closing connection from ${remote}: ${err.message}`);
      socket.destroy();
    });
    socket.on('data', (chunk) => {
      if (!parser.destroyed) parser.write(chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (!parser.destroyed) parser.end();
    });
  }

  /**
   * Stops accepting, waits up to `graceMs` for connected peers to end their side (every frame they sent is
   * delivered), then destroys what is left and resolves once the server is closed.
   */
  async drain(graceMs: number): Promise<void> {
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
