// A fault schedule in virtual time: links down and up, latency toxics, machines killed and restarted (simulate --faults).
//
// What it models, as a real run's proxies and machines do (src/faults/, src/runner/fault-driver.ts):
// - A link a->b is reachable while no step holds it down and b is alive. The sender's core learns every change at the
//   instant it happens (handlePeerDown/Up: a disconnect or connect record; sends to a peer not connected are dropped).
// - A link that becomes unreachable loses what it carried (the proxy destroys its connection): messages in flight on
//   it are never delivered. A killed machine's own messages in flight still arrive (its kernel flushes them).
// - A restarted machine connects to its peers as it starts; they connect to it REDIAL_MS later (a real run's peers redial
//   within a few ms to 2 s), so no peer's send shares the millisecond of the restart: the analysis reads the logs'
//   millisecond times and sends a send to the incarnation whose start record it has read (link-epochs.ts).
// - A latency toxic delays each message sent while it is on the link by latency +/- jitter ms (one draw per message from
//   the toxic's own seeded stream), FIFO kept; removing it lets what it held go on at once, in order. A toxic added
//   while a message is in flight does not delay that message.
// Deliveries carry the link's epoch (bumped when the link drops what it carries or re-times it): a stale one is skipped.
import type { MachineCore } from '../core/machine.js';
import type { ConnectRecord } from '../core/records.js';
import type { FaultStep, NamedToxic } from '../faults/plan.js';
import { mixSeed, seededDraws } from '../faults/random.js';
import type { DrawSource } from '../core/random.js';
import { DELIVER, FAULT, type EventQueue } from './event-queue.js';

/** How long after a restarted machine's start record its peers connect to it (virtual ms). */
export const REDIAL_MS = 1;

/** The steps of a planned schedule (planFaults) and the seed of the toxics' draws (the schedule's, else the run's). */
export interface SimFaultPlan {
  steps: readonly FaultStep[];
  seed: number;
}

/** What the simulation lends the fault model. */
export interface FaultHost {
  /** The current core of each machine, by index (a restart replaces one). */
  readonly cores: readonly MachineCore[];
  /** Each link's (a * n + b) latest delivery time, for FIFO. */
  readonly lastDelivery: Float64Array;
  readonly queue: EventQueue;
  /** A connect or disconnect record. */
  link(record: ConnectRecord<number>): void;
  /** Starts a new incarnation of machine `index` at `now` (start record, first tick); called before its links come up. */
  restart(index: number, now: number): void;
}

interface ActiveToxic {
  name: string;
  latency: number;
  jitter: number;
  draws: DrawSource;
}

interface InFlight {
  clock: number;
  /** When it would arrive without toxics. */
  base: number;
  /** The delay each toxic drew for it, in the link's toxic order. */
  delays: { name: string; delay: number }[];
}

export class SimFaults {
  /** Restarts of each machine (its incarnation less 1): a tick event carries it, so a killed incarnation's ticks are skipped. */
  readonly generation: Int32Array;
  readonly dead: Uint8Array;
  private readonly n: number;
  /** Links held down by the schedule. */
  private readonly held: Uint8Array;
  private readonly epoch: Int32Array;
  /** Each link's connection number (1 at the start, one more per reconnection), as the proxy numbers its connections. */
  private readonly connection: Int32Array;
  private readonly flights: InFlight[][] = [];
  private readonly heads: Int32Array;
  private readonly toxics: (ActiveToxic[] | undefined)[] = [];

  constructor(
    private readonly ids: readonly number[],
    private readonly plan: SimFaultPlan,
    private readonly host: FaultHost,
  ) {
    const n = ids.length;
    this.n = n;
    this.generation = new Int32Array(n);
    this.dead = new Uint8Array(n);
    this.held = new Uint8Array(n * n);
    this.epoch = new Int32Array(n * n);
    this.connection = new Int32Array(n * n).fill(1);
    this.heads = new Int32Array(n * n);
  }

  get steps(): readonly FaultStep[] {
    return this.plan.steps;
  }

  /** Sends `clock` from machine index `a` to index `b` at `now` with the drawn link latency: schedules its delivery. */
  send(a: number, b: number, now: number, latency: number, clock: number): void {
    const link = a * this.n + b;
    const base = now + latency;
    let extra = 0;
    const delays: InFlight['delays'] = [];
    for (const toxic of this.toxics[link] ?? []) {
      const { latency: ms, jitter } = toxic;
      const delay = Math.max(0, jitter > 0 ? ms + (toxic.draws.next() * 2 - 1) * jitter : ms);
      delays.push({ name: toxic.name, delay });
      extra += delay;
    }
    const at = Math.max(this.host.lastDelivery[link]!, base + extra);
    this.host.lastDelivery[link] = at;
    this.host.queue.push(at, DELIVER, a, b + this.n * this.epoch[link]!, clock);
    (this.flights[link] ??= []).push({ clock, base, delays });
  }

  /** A delivery event's recipient index from its `b`, or -1 when the link dropped or re-timed it since it was sent. */
  arrive(a: number, encoded: number): number {
    const b = encoded % this.n;
    const link = a * this.n + b;
    if ((encoded - b) / this.n !== this.epoch[link]) return -1;
    const flights = this.flights[link]!;
    const head = ++this.heads[link]!;
    if (head === flights.length) {
      flights.length = 0;
      this.heads[link] = 0;
    }
    return b;
  }

  /** Applies one step at virtual time `now`. */
  apply(step: FaultStep, now: number): void {
    const index = (id: number) => this.ids.indexOf(id);
    switch (step.action) {
      case 'add':
      case 'remove': {
        const link = index(step.link[0]) * this.n + index(step.link[1]);
        if (step.action === 'add') this.addToxic(link, step.toxic);
        else this.removeToxic(link, step.toxic.name, now);
        return;
      }
      case 'down':
      case 'up': {
        const [from, to] = [index(step.link[0]), index(step.link[1])];
        this.held[from * this.n + to] = step.action === 'down' ? 1 : 0;
        this.sync(from, to, now);
        return;
      }
      case 'kill': {
        const m = index(step.machine);
        this.dead[m] = 1;
        for (let p = 0; p < this.n; p++) if (p !== m) this.sync(p, m, now);
        return;
      }
      case 'restart': {
        const m = index(step.machine);
        this.dead[m] = 0;
        this.generation[m]!++;
        this.host.restart(m, now);
        for (let p = 0; p < this.n; p++) if (p !== m) this.sync(m, p, now);
        this.host.queue.push(now + REDIAL_MS, FAULT, -(m + 1), 0, 0);
        return;
      }
    }
  }

  /** A fault event's `a` that is no step of the plan: the peers of a restarted machine redial it (its index). */
  static redialOf(a: number): number | null {
    return a < 0 ? -a - 1 : null;
  }

  /** The peers of restarted machine index `m` dial it again (those whose link to it is up and that are alive). */
  redial(m: number, now: number): void {
    for (let p = 0; p < this.n; p++) if (p !== m) this.sync(p, m, now);
  }

  /** Brings the sender's view of link from->to in line with the schedule and the receiver's life. */
  private sync(from: number, to: number, now: number): void {
    const link = from * this.n + to;
    const reachable = !this.dead[to] && !this.held[link];
    if (!reachable) this.drop(link);
    if (this.dead[from]) return;
    const core = this.host.cores[from]!;
    const record = reachable ? core.handlePeerUp(this.ids[to]!, now) : core.handlePeerDown(this.ids[to]!, now);
    if (!record) return;
    if (reachable) this.reconnected(link);
    this.host.link(record);
  }

  /** The link's connection is gone with what it carried. */
  private drop(link: number): void {
    if (this.flights[link]?.length) {
      this.epoch[link]!++;
      this.flights[link] = [];
      this.heads[link] = 0;
    }
    this.host.lastDelivery[link] = -Infinity;
  }

  /** A new connection on the link: the toxics on it draw from that connection's streams. */
  private reconnected(link: number): void {
    this.connection[link]!++;
    for (const toxic of this.toxics[link] ?? []) toxic.draws = this.draws(link, toxic.name);
  }

  private draws(link: number, name: string): DrawSource {
    const [from, to] = [this.ids[Math.floor(link / this.n)]!, this.ids[link % this.n]!];
    return seededDraws(mixSeed(mixSeed(this.plan.seed, from, to), this.connection[link]!, name));
  }

  private addToxic(link: number, toxic: NamedToxic): void {
    // The CLI refuses other types before running (unsupportedToxic); a caller that did not is told here.
    if (toxic.type !== 'latency') throw new Error(`the simulator cannot model a ${toxic.type} toxic`);
    (this.toxics[link] ??= []).push({ name: toxic.name, ...toxic.attributes, draws: this.draws(link, toxic.name) });
  }

  /** Removes a toxic: each message in flight loses that toxic's delay, never arriving before now nor before the one ahead. */
  private removeToxic(link: number, name: string, now: number): void {
    const active = this.toxics[link];
    const at = active?.findIndex((t) => t.name === name) ?? -1;
    if (at < 0) return;
    active!.splice(at, 1);
    const flights = (this.flights[link] ?? []).slice(this.heads[link]!);
    if (flights.length === 0) return;
    this.epoch[link]!++;
    this.flights[link] = flights;
    this.heads[link] = 0;
    const a = Math.floor(link / this.n);
    const b = link % this.n;
    let last = -Infinity;
    for (const flight of flights) {
      flight.delays = flight.delays.filter((d) => d.name !== name);
      last = Math.max(last, now, flight.delays.reduce((t, d) => t + d.delay, flight.base));
      this.host.queue.push(last, DELIVER, a, b + this.n * this.epoch[link]!, flight.clock);
    }
    this.host.lastDelivery[link] = last;
  }
}
