// An in-process TCP proxy for one directed link (client -> target) that applies Toxiproxy-style toxics and can go down.
import net from 'node:net';
import { once } from 'node:events';
import { ProxiedConnection, type TrafficStats } from './connection.js';
import { mixSeed, seededDraws } from './random.js';
import { parseToxic, type ToxicInput, type ToxicSpec } from './toxics.js';
import { portHolder, processText } from '../net/port-holder.js';

export interface FaultProxyOptions {
  listenHost: string;
  /** 0 picks a free port; the proxy keeps that port when it comes back up. */
  listenPort: number;
  targetHost: string;
  targetPort: number;
  /** Seeds the toxics' draws (jitter, slice sizes): the same seed and traffic give the same faults. Default 0. */
  seed?: number;
  /** Bytes held inside the toxics before the client is paused (TCP backpressure). Default 64 KiB. */
  highWaterMark?: number;
}

/**
 * A down link's port taken meanwhile (EADDRINUSE), its error naming the process that took it when /proc says: on a
 * shared host, most often another run given the same faultPorts range, whose proxy our machines would now reach.
 */
function takenWhileDown(err: unknown, port: number): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') return err;
  const holder = portHolder(port);
  const by = holder ? `, by ${processText(holder.process)}` : '';
  (err as Error).message += ` (taken while the link was down${by}: another run on this host given the same faultPorts range?)`;
  return err;
}

/**
 * Every accepted connection opens one connection to the target. Bytes from the client go through the toxics in the
 * order they were added; bytes from the target go back plainly. Down means not listening: dials are refused
 * (ECONNREFUSED, as for a machine that is not there) and open connections are closed; up listens again on the same port.
 */
export class FaultProxy {
  private readonly toxics = new Map<string, ToxicSpec>();
  private readonly connections = new Set<ProxiedConnection>();
  /** Every open socket (both sides of each connection), with a promise of its 'close' event. */
  private readonly sockets = new Map<net.Socket, Promise<void>>();
  private accepted = 0;
  private readonly traffic: TrafficStats = { received: 0, delivered: 0 };
  private down = false;
  private closed = false;
  private ops: Promise<void> = Promise.resolve();
  private listenPort: number;

  private constructor(
    private readonly server: net.Server,
    private readonly options: FaultProxyOptions,
  ) {
    this.listenPort = options.listenPort;
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts listening; rejects with the listen error (EADDRINUSE, ...). */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(net.createServer({ allowHalfOpen: true, noDelay: true }), options);
    await proxy.listen();
    proxy.server.on('error', () => {}); // accept errors (EMFILE, ...) after listening: the client's dial fails.
    return proxy;
  }

  get host(): string {
    return this.options.listenHost;
  }

  /** The port clients dial (the actual one when started on port 0). */
  get port(): number {
    return this.listenPort;
  }

  get isDown(): boolean {
    return this.down;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Bytes read from clients and written to the target so far; the difference is held by toxics or buffers. */
  get stats(): Readonly<TrafficStats> {
    return { ...this.traffic };
  }

  /** The active toxics, in pipeline order. */
  get activeToxics(): { name: string; toxic: ToxicSpec }[] {
    return [...this.toxics].map(([name, toxic]) => ({ name, toxic }));
  }

  /** Adds a toxic to every open connection and to every later one; throws on a bad toxic or a name in use. */
  addToxic(name: string, toxic: ToxicInput | ToxicSpec): void {
    if (this.toxics.has(name)) throw new Error(`toxic "${name}" already exists on this proxy`);
    const spec = parseToxic(toxic);
    this.toxics.set(name, spec);
    for (const connection of this.connections) connection.addToxic(name, spec);
  }

  /** Removes a toxic; data it held is passed on at once (or, for timeout/reset_peer, released). Throws if absent. */
  removeToxic(name: string): void {
    if (!this.toxics.delete(name)) throw new Error(`no toxic "${name}" on this proxy`);
    for (const connection of this.connections) connection.removeToxic(name);
  }

  /** true: close every connection and stop listening; false: listen again on the same port (rejects if it was taken). */
  setDown(down: boolean): Promise<void> {
    return this.queue(async () => {
      if (this.closed || down === this.down) return;
      this.down = down;
      if (down) return this.stopListening();
      try {
        await this.listen();
      } catch (err) {
        this.down = true; // the port was taken meanwhile: still down
        throw takenWhileDown(err, this.listenPort);
      }
    });
  }

  /** Destroys every socket and stops listening; resolves once the server has closed. */
  close(): Promise<void> {
    return this.queue(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.stopListening();
    });
  }

  private accept(client: net.Socket): void {
    if (this.down || this.closed) {
      client.on('error', () => client.destroy());
      client.destroy();
      return;
    }
    const index = ++this.accepted;
    const seed = this.options.seed ?? 0;
    const connection = new ProxiedConnection(client, {
      targetHost: this.options.targetHost,
      targetPort: this.options.targetPort,
      highWaterMark: this.options.highWaterMark ?? 64 * 1024,
      draws: (toxicName) => seededDraws(mixSeed(seed, index, toxicName)),
      track: (socket) => {
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        this.sockets.set(socket, closed);
        void closed.then(() => this.sockets.delete(socket));
      },
      stats: this.traffic,
      onClosed: () => this.connections.delete(connection),
    });
    this.connections.add(connection);
    for (const [name, spec] of this.toxics) connection.addToxic(name, spec);
  }

  private async listen(): Promise<void> {
    const { server } = this;
    const listening = once(server, 'listening');
    server.listen({ host: this.options.listenHost, port: this.listenPort });
    await listening; // rejects with the 'error' event (EADDRINUSE, ...)
    this.listenPort = (server.address() as net.AddressInfo).port;
  }

  /** Destroys every connection and socket and stops listening; resolves once all of them have closed. */
  private async stopListening(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    for (const socket of this.sockets.keys()) socket.destroy();
    const serverClosed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : undefined;
    await Promise.all([...this.sockets.values(), serverClosed]);
  }

  /** Runs state changes one after another, in call order. */
  private queue(op: () => Promise<void>): Promise<void> {
    const result = this.ops.then(op);
    this.ops = result.catch(() => {});
    return result;
  }
}
