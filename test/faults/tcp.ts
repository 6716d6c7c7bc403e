// Test endpoints for the fault proxy: a target that records what each connection receives, and a dialing client.
import net from 'node:net';
import { once } from 'node:events';

export interface Received {
  chunks: Buffer[];
  /** performance.now() when each chunk arrived. */
  times: number[];
  closed: boolean;
  error?: string;
  socket: net.Socket;
}

/** A TCP server on an ephemeral port that records every connection's bytes and lets a test wait on them. */
export class Target {
  readonly connections: Received[] = [];
  private readonly sockets = new Set<net.Socket>();
  private waiters: { test: () => boolean; resolve: () => void; timer: NodeJS.Timeout }[] = [];

  private constructor(
    private readonly server: net.Server,
    onSocket: (socket: net.Socket) => void,
  ) {
    server.on('connection', (socket) => {
      onSocket(socket);
      const received: Received = { chunks: [], times: [], closed: false, socket };
      this.connections.push(received);
      this.sockets.add(socket);
      socket.on('data', (chunk: Buffer) => {
        received.chunks.push(chunk);
        received.times.push(performance.now());
        this.check();
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        received.error = err.code ?? err.message;
        socket.destroy();
      });
      socket.on('close', () => {
        received.closed = true;
        this.sockets.delete(socket);
        this.check();
      });
      this.check();
    });
  }

  /** `onSocket` sees each accepted socket first (to pipe it somewhere as well). */
  static async start(onSocket: (socket: net.Socket) => void = () => {}): Promise<Target> {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new Target(server, onSocket);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** All bytes connection `i` received so far. */
  bytes(i = 0): Buffer {
    return Buffer.concat(this.connections[i]?.chunks ?? []);
  }

  /**
   * Resolves once `test()` holds (checked on every connection, chunk and close); rejects after `timeoutMs` with an
   * error naming `what` it waited for.
   */
  until(test: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once connection `i` has received `n` bytes. */
  untilBytes(n: number, i = 0, timeoutMs?: number): Promise<void> {
    return this.until(() => this.bytes(i).length >= n, `connection ${i} to receive ${n} bytes`, timeoutMs);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => (w.test() ? (w.resolve(), false) : true));
  }
}

const errors = new WeakMap<net.Socket, string>();
const closes = new WeakMap<net.Socket, Promise<void>>();

/** A client socket connected to `port` (its errors recorded, then it is destroyed); rejects with the dial error. */
export async function dial(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  try {
    await once(socket, 'connect');
  } catch (err) {
    socket.destroy();
    throw err;
  }
  socket.on('error', (err: NodeJS.ErrnoException) => {
    errors.set(socket, err.code ?? err.message);
    socket.destroy();
  });
  closes.set(socket, new Promise((resolve) => socket.once('close', () => resolve())));
  return socket;
}

/** Resolves when a dialed socket has closed, with its error code, if any (ECONNRESET, ...). Reads and drops its data. */
export async function closed(socket: net.Socket): Promise<string | undefined> {
  socket.resume();
  await closes.get(socket);
  return errors.get(socket);
}
