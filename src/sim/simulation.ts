// The virtual-time driver: runs MachineCore instances on a timed event queue with in-memory FIFO links, no I/O.
import { MachineCore, DEFAULT_MAX_QUEUE } from '../core/machine.js';
import { createDrawSource, type DrawSource } from '../core/random.js';
import type { ConnectRecord, CoreRecord } from '../core/records.js';
import { tickDueAt } from '../core/schedule.js';
import { DELIVER, EventQueue, TICK } from './event-queue.js';

export interface SimMachine {
  id: number;
  /** Ticks per second (may be fractional). */
  rate: number;
}

/** Everything a simulated run depends on: the same setup always gives the same records. */
export interface SimSetup {
  /** In ascending id order. */
  machines: readonly SimMachine[];
  internalProbability: number;
  seed: number;
  durationSeconds: number;
  /** Link latency, uniform in [min, max] milliseconds, drawn per message and recipient. */
  delayMs: readonly [number, number];
  /** Virtual epoch milliseconds of the start records. */
  startTime: number;
  maxQueue?: number;
  /**
   * Log a connect record per peer at the start and a disconnect record per peer just before the stop record, as a
   * real run's links do when they come up and when shutdown closes them (default true).
   */
  connectRecords?: boolean;
}

export interface SimMachineSummary {
  id: number;
  rate: number;
  ticks: number;
  clock: number;
  maxQueue: number;
  endQueue: number;
  overflow: number;
}

export interface SimResult {
  machines: SimMachineSummary[];
  /** Ticks run across all machines (internal, send and receive events). */
  ticks: number;
  /** Messages that reached a recipient, including those flushed at the end: queued, or refused by a full queue (overflow). */
  deliveries: number;
  startTime: number;
  endTime: number;
}

/** Receives each record as the core emits it, in virtual-time order. */
export type RecordHandler = (record: CoreRecord) => void;

/**
 * Runs one experiment in virtual time. Tick k of a machine is due at startTime + k * 1000 / rate; a tick due exactly at
 * the end still runs. Each tick takes one draw from the machine's own stream, used or not, so a tick's draw depends only
 * on the seed, the machine and the tick number. A message sent at `t` reaches its recipient's queue at
 * max(previous delivery on that link, t + latency). Events at the same instant run in the order they were scheduled.
 * At the end, messages still in flight are delivered into the queues, then every machine closes its links and stops at
 * the same instant, so each send's recipients are exactly the receives plus the stop records' queues (plus overflow).
 */
export function simulate(setup: SimSetup, onRecord: RecordHandler): SimResult {
  return new Simulation(setup, onRecord).finish();
}

/**
 * The run of `simulate`, in steps: `advance` runs a bounded number of events, so a caller can hand control back to
 * the event loop between steps, and `endEarly` moves the end to the current virtual instant. A run ended early at
 * instant T writes exactly the records of a run whose end is T: the events still due at T run, in-flight messages are
 * delivered into the queues, and every machine stops at T.
 */
export class Simulation {
  private readonly ids: number[];
  private readonly indexOf: Map<number, number>;
  private readonly cores: MachineCore[];
  private readonly draws: DrawSource[];
  private readonly delays: DrawSource[];
  private readonly rates: Float64Array;
  private readonly nextTick: Float64Array;
  private readonly lastDelivery: Float64Array;
  private readonly queue: EventQueue;
  private readonly startTime: number;
  private endTime: number;
  /** Virtual time of the last event run (the start until one has run). */
  private now: number;
  private ticks = 0;
  private deliveries = 0;

  constructor(
    private readonly setup: SimSetup,
    private readonly onRecord: RecordHandler,
  ) {
    const { machines, internalProbability, seed, startTime } = setup;
    const n = machines.length;
    const ids = machines.map((m) => m.id);
    this.ids = ids;
    this.indexOf = new Map(ids.map((id, i) => [id, i]));
    this.startTime = startTime;
    this.now = startTime;
    this.endTime = startTime + setup.durationSeconds * 1000;
    this.cores = machines.map(
      (m) =>
        new MachineCore({
          id: m.id,
          peers: ids.filter((p) => p !== m.id),
          rate: m.rate,
          internalProbability,
          seed,
          maxQueue: setup.maxQueue ?? DEFAULT_MAX_QUEUE,
          assumeConnected: true,
        }),
    );
    this.draws = machines.map((m) => createDrawSource(seed, m.id));
    this.delays = machines.map((m) => createDrawSource(seed, m.id, 'delay'));
    this.rates = Float64Array.from(machines, (m) => m.rate);
    this.nextTick = new Float64Array(n).fill(1);
    this.lastDelivery = new Float64Array(n * n).fill(-Infinity);
    this.queue = new EventQueue(4 * n);

    for (const core of this.cores) {
      onRecord(core.start(startTime));
      if (setup.connectRecords ?? true) {
        for (const peer of core.peers) {
          const record: ConnectRecord<number> = { time: startTime, machine: core.id, event: 'connect', peer };
          onRecord(record);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const due = tickDueAt(startTime, this.rates[i]!, 1);
      if (due <= this.endTime) this.queue.push(due, TICK, i, 0, 0);
    }
  }

  /** Virtual seconds simulated so far: up to the last event run. */
  get simulatedSeconds(): number {
    return (this.now - this.startTime) / 1000;
  }

  /** Moves the end to the instant of the last event run; the events still due at that instant will run. */
  endEarly(): void {
    this.endTime = Math.min(this.endTime, this.now);
  }

  /** Runs up to `maxEvents` events (ticks and deliveries) due by the end; returns true once none is left. */
  advance(maxEvents: number): boolean {
    const { queue, cores, draws, delays, rates, nextTick, lastDelivery, indexOf, ids, onRecord, startTime, endTime } = this;
    const n = ids.length;
    const [delayMin, delayMax] = this.setup.delayMs;
    const delaySpan = delayMax - delayMin;
    let ticks = this.ticks;
    let deliveries = this.deliveries;
    let now = this.now;
    let left = maxEvents;
    while (queue.size > 0 && queue.peekTime() <= endTime) {
      if (left-- <= 0) break;
      now = queue.peekTime();
      const kind = queue.peekKind();
      const a = queue.peekA();
      if (kind === DELIVER) {
        const b = queue.peekB();
        const msgClock = queue.peekC();
        queue.pop();
        cores[b]!.handleMessage(ids[a]!, msgClock);
        deliveries++;
        continue;
      }
      queue.pop();
      // Frames refused since the machine's last tick: their warn records come before its tick (refusals.ts).
      if (cores[a]!.refusalsPending) for (const refusal of cores[a]!.takeRefusals(now, true)) onRecord(refusal);
      const record = cores[a]!.handleTick(now, draws[a]!.next());
      ticks++;
      onRecord(record);
      if (record.event === 'send') {
        const to = record.to;
        const delaySource = delays[a]!;
        for (let r = 0; r < to.length; r++) {
          const b = indexOf.get(to[r]!)!;
          const latency = delaySpan > 0 ? delayMin + delaySpan * delaySource.next() : delayMin;
          const link = a * n + b;
          const at = Math.max(lastDelivery[link]!, now + latency);
          lastDelivery[link] = at;
          queue.push(at, DELIVER, a, b, record.clock);
        }
      }
      const k = ++nextTick[a]!;
      const due = tickDueAt(startTime, rates[a]!, k);
      if (due <= endTime) queue.push(due, TICK, a, 0, 0);
    }
    this.ticks = ticks;
    this.deliveries = deliveries;
    this.now = now;
    return !(queue.size > 0 && queue.peekTime() <= endTime);
  }

  /**
   * Ends the run at the end time: runs the events still due by then, delivers the messages in flight into the queues,
   * drops the ticks due later, and has every machine report the frames its full queue refused, close its links and
   * stop at the same instant. The stop records say the ticks were never late (virtual time) and that every machine
   * ticked from the start to the end.
   */
  finish(): SimResult {
    this.advance(Infinity);
    const { queue, cores, ids, rates, onRecord, startTime, endTime } = this;
    while (queue.size > 0) {
      if (queue.peekKind() === DELIVER) {
        cores[queue.peekB()]!.handleMessage(ids[queue.peekA()]!, queue.peekC());
        this.deliveries++;
      }
      queue.pop();
    }
    const summaries: SimMachineSummary[] = [];
    for (let i = 0; i < cores.length; i++) {
      const core = cores[i]!;
      for (const refusal of core.takeRefusals(endTime, true)) onRecord(refusal);
      if (this.setup.connectRecords ?? true) {
        for (const peer of core.peers) {
          const record = core.handlePeerDown(peer, endTime);
          if (record) onRecord(record);
        }
      }
      const stop = core.stop(endTime, { maxLagMs: 0, lagP50Ms: 0, lagP99Ms: 0, tickingMs: endTime - startTime });
      onRecord(stop);
      summaries.push({
        id: core.id,
        rate: rates[i]!,
        ticks: stop.ticks,
        clock: stop.clock,
        maxQueue: core.maxQueue,
        endQueue: stop.queue,
        overflow: core.overflow,
      });
    }
    return { machines: summaries, ticks: this.ticks, deliveries: this.deliveries, startTime: this.startTime, endTime };
  }
}
