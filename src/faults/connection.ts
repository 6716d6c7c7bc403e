// One proxied TCP connection: client bytes go through the toxic stages to the target; target bytes go back plainly.
import net from 'node:net';
import type { DrawSource } from '../core/random.js';
import { createStage } from './create-stage.js';
import type { ConnectionControl, Sink, Stage } from './stage.js';
import type { ToxicSpec } from './toxics.js';

/** Bytes read from clients and bytes written to targets, summed over a proxy's connections. */
export interface TrafficStats {
  received: number;
  delivered: number;
}

export interface ConnectionOptions {
  targetHost: string;
  targetPort: number;
  /** Bytes held inside the toxics (or waiting to be written) before the client is paused. */
  highWaterMark: number;
  /** The seeded draws for the toxic with this name on this connection. */
  draws(toxicName: string): DrawSource;
  /** Called with each socket the connection opens or accepts, so the proxy can destroy it at close. */
  track(socket: net.Socket): void;
  /** Counters this connection adds to. */
  stats: TrafficStats;
  /** Called once both sockets are closed. */
  onClosed(): void;
}

export class ProxiedConnection {
  private readonly upstream: net.Socket;
  private stages: { name: string; stage: Stage }[] = [];
  private readonly sink: Sink;
  private readonly control: ConnectionControl;
  private entered = 0;
  private delivered = 0;
  private gone = false;

  constructor(
    private readonly client: net.Socket,
    private readonly options: ConnectionOptions,
  ) {
    const upstream = net.connect({ host: options.targetHost, port: options.targetPort, allowHalfOpen: true });
    this.upstream = upstream;
    let open = 2;
    for (const socket of [client, upstream]) {
      options.track(socket);
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      socket.on('close', (hadError) => {
        if (hadError) this.destroy();
        if (--open === 0) {
          this.dispose();
          options.onClosed();
        }
      });
    }

    this.sink = {
      write: (chunk) => {
        this.delivered += chunk.length;
        options.stats.delivered += chunk.length;
        if (!upstream.destroyed) upstream.write(chunk);
        this.updateFlow();
      },
      end: () => {
        if (!upstream.destroyed) upstream.end();
      },
    };
    this.control = { close: () => this.destroy(), reset: () => this.reset() };

    client.on('data', (chunk: Buffer) => {
      this.entered += chunk.length;
      options.stats.received += chunk.length;
      this.head().write(chunk);
      this.updateFlow();
    });
    client.on('end', () => this.head().end());
    upstream.on('drain', () => this.updateFlow());
    // Target -> client is not faulted: a machine's peer sends nothing back on its outbound link.
    upstream.pipe(client);
    // The target closed cleanly: finish writing to the client, then close it.
    upstream.on('close', (hadError) => {
      if (!hadError && !client.destroyed) client.end(() => client.destroy());
    });
  }

  /** Appends a toxic at the end of this connection's pipeline. */
  addToxic(name: string, spec: ToxicSpec): void {
    if (this.gone) return;
    const stage = createStage(spec, this.sink, this.control, this.options.draws(name));
    const last = this.stages.at(-1);
    if (last) last.stage.next = stage;
    this.stages.push({ name, stage });
  }

  /** Removes a toxic; whatever it held goes on at once, in order. */
  removeToxic(name: string): void {
    const index = this.stages.findIndex((s) => s.name === name);
    const entry = this.stages[index];
    if (!entry) return;
    this.stages.splice(index, 1);
    const previous = this.stages[index - 1];
    if (previous) previous.stage.next = entry.stage.next;
    entry.stage.flush();
    this.updateFlow();
  }

  /** Closes both sockets at once, dropping held data. */
  destroy(): void {
    this.dispose();
    this.client.destroy();
    this.upstream.destroy();
  }

  /** Resets both sockets (TCP RST), dropping held data. */
  private reset(): void {
    this.dispose();
    for (const socket of [this.client, this.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }

  private dispose(): void {
    this.gone = true;
    for (const { stage } of this.stages) stage.dispose();
    this.stages = [];
  }

  private head(): Sink {
    return this.stages[0]?.stage ?? this.sink;
  }

  /** Pauses the client while too much is held or the target socket's buffer is full; resumes it otherwise. */
  private updateFlow(): void {
    if (this.gone) return;
    const blocked = this.entered - this.delivered > this.options.highWaterMark || this.upstream.writableNeedDrain;
    if (blocked && !this.client.isPaused()) this.client.pause();
    else if (!blocked && this.client.isPaused()) this.client.resume();
  }
}
