// The virtual-time driver: runs MachineCore instances on a timed event queue with in-memory FIFO links, no I/O.
import { MachineCore, DEFAULT_MAX_QUEUE } from '../core/machine.js';
import type { FaultStep } from '../faults/plan.js';
import { createDrawSource, type DrawSource } from '../core/random.js';
import type { ConnectRecord, CoreRecord } from '../core/records.js';
import { tickDueAt } from '../core/schedule.js';
import { DELIVER, EventQueue, FAULT, TICK } from './event-queue.js';
import { SimFaults, type SimFaultPlan } from './sim-faults.js';

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
  /** A fault schedule to apply (sim-faults.ts); its steps at or after the end never run, as in start-all. */
  faults?: SimFaultPlan;
  /**
   * Per machine (in `machines`' order), how many ms after the start its tick schedule starts (its tick k is due at
   * start + offset + k / rate); the run then lasts durationSeconds from the latest, as start-all counts a run's duration
   * from when every machine ticks. Default: every schedule at the start.
   */
  tickOffsetsMs?: readonly number[];
}

export interface SimMachineSummary {
  id: number;
  rate: number;
  ticks: number;
  clock: number;
  maxQueue: number;
  endQueue: number;
  overflow: number;
  /** How many times the machine started (above 1 after a kill and restart; absent means 1); its ticks count every incarnation. */
  incarnations?: number;
  /** Killed by the fault schedule and not restarted: no stop record, its clock and queue are those it died with. */
  killed?: boolean;
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

/** Told of each fault step as it is applied, with its virtual time (epoch ms). */
export type FaultHandler = (step: FaultStep, time: number) => void;

/**
 * Runs one experiment in virtual time. Tick k of a machine is due at startTime + k * 1000 / rate; a tick due exactly at
 * the end still runs. Each tick takes one draw from the machine's own stream, used or not, so a tick's draw depends only
 * on the seed, the machine and the tick number. A message sent at `t` reaches its recipient's queue at
 * max(previous delivery on that link, t + latency). Events at the same instant run in the order they were scheduled.
 * At the end, messages still in flight are delivered into the queues, then every machine closes its links and stops at
 * the same instant, so each send's recipients are exactly the receives plus the stop records' queues (plus overflow).
 */
export function simulate(setup: SimSetup, onRecord: RecordHandler, onFault?: FaultHandler): SimResult {
  return new Simulation(setup, onRecord, onFault).finish();
}

/**
 * The run of `simulate`, in steps: `advance` runs a bounded number of events, so a caller can hand control back to
 * the event loop between steps, and `endEarly` moves the end to the current virtual instant. A run ended early at
 * instant T writes exactly the records of a run whose end is T: the events still due at T run, in-flight messages are
 * delivered into the queues, and every machine stops at T.
 * With faults, a step due at an instant applies before the ticks and deliveries due then; a killed machine leaves no
 * stop record (as SIGKILL), and a restarted one logs a start record with its incarnation and ticks from its restart.
 */
export class Simulation {
  private readonly ids: number[];
  private readonly indexOf: Map<number, number>;
  private readonly cores: MachineCore[];
  private readonly draws: DrawSource[];
  private readonly delays: DrawSource[];
  private readonly rates: Float64Array;
  private readonly nextTick: Float64Array;
  /** When each machine's current incarnation started: its tick k is due k / rate seconds later. */
  private readonly tickBase: Float64Array;
  private readonly lastDelivery: Float64Array;
  private readonly queue: EventQueue;
  private readonly faults: SimFaults | null;
  /** Ticks of each machine's earlier incarnations. */
  private readonly earlierTicks: Float64Array;
  /** With faults: the largest queue each machine's logs show, over its incarnations (stop records included). */
  private readonly loggedMaxQueue: Float64Array;
  private readonly startTime: number;
  private endTime: number;
  /** Virtual time of the last event run (the start until one has run). */
  private now: number;
  private ticks = 0;
  private deliveries = 0;

  constructor(
    private readonly setup: SimSetup,
    private readonly onRecord: RecordHandler,
    private readonly onFault?: FaultHandler,
  ) {
    const { machines, internalProbability, seed, startTime } = setup;
    const n = machines.length;
    const ids = machines.map((m) => m.id);
    this.ids = ids;
    this.indexOf = new Map(ids.map((id, i) => [id, i]));
    this.startTime = startTime;
    this.now = startTime;
    const offsets = setup.tickOffsetsMs ?? [];
    this.endTime = startTime + Math.max(0, ...offsets) + setup.durationSeconds * 1000;
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
    this.tickBase = Float64Array.from(machines, (_, i) => startTime + (offsets[i] ?? 0));
    this.earlierTicks = new Float64Array(n);
    this.loggedMaxQueue = new Float64Array(n);
    this.lastDelivery = new Float64Array(n * n).fill(-Infinity);
    this.queue = new EventQueue(4 * n);
    this.faults = setup.faults ? new SimFaults(ids, setup.faults, this.faultHost()) : null;

    for (const core of this.cores) {
      onRecord(core.start(startTime));
      if (setup.connectRecords ?? true) {
        for (const peer of core.peers) {
          const record: ConnectRecord<number> = { time: startTime, machine: core.id, event: 'connect', peer };
          onRecord(record);
        }
      }
    }
    // Scheduled before the ticks: at equal times, a fault step comes first.
    this.faults?.steps.forEach((step, i) => {
      if (step.at < setup.durationSeconds) this.queue.push(startTime + step.at * 1000, FAULT, i, 0, 0);
    });
    for (let i = 0; i < n; i++) {
      const due = tickDueAt(this.tickBase[i]!, this.rates[i]!, 1);
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
    const { queue, cores, draws, delays, rates, nextTick, tickBase, lastDelivery, indexOf, ids, onRecord, endTime, faults } = this;
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
        const b = faults === null ? queue.peekB() : faults.arrive(a, queue.peekB());
        const msgClock = queue.peekC();
        queue.pop();
        if (b < 0) continue;
        cores[b]!.handleMessage(ids[a]!, msgClock);
        deliveries++;
        continue;
      }
      if (kind === FAULT) {
        queue.pop();
        this.now = now;
        const redialed = SimFaults.redialOf(a);
        if (redialed === null) this.applyFault(faults!.steps[a]!, now);
        else faults!.redial(redialed, now);
        continue;
      }
      if (faults !== null && (faults.dead[a] || queue.peekB() !== faults.generation[a])) {
        queue.pop(); // a tick of a killed incarnation
        continue;
      }
      queue.pop();
      // Frames refused since the machine's last tick: their warn records come before its tick (refusals.ts).
      if (cores[a]!.refusalsPending) for (const refusal of cores[a]!.takeRefusals(now, true)) onRecord(refusal);
      const record = cores[a]!.handleTick(now, draws[a]!.next());
      ticks++;
      onRecord(record);
      // With faults, the largest queue the ticks' records show (a receive waited with `queue` more): a killed
      // incarnation leaves no stop record, and its figure is the one its log gives, as start-all's summary reads it.
      if (faults !== null) {
        const shown = record.event === 'receive' ? record.queue + 1 : record.queue;
        if (shown > this.loggedMaxQueue[a]!) this.loggedMaxQueue[a] = shown;
      }
      if (record.event === 'send') {
        const to = record.to;
        const delaySource = delays[a]!;
        for (let r = 0; r < to.length; r++) {
          const b = indexOf.get(to[r]!)!;
          const latency = delaySpan > 0 ? delayMin + delaySpan * delaySource.next() : delayMin;
          if (faults !== null) {
            faults.send(a, b, now, latency, record.clock);
            continue;
          }
          const link = a * n + b;
          const at = Math.max(lastDelivery[link]!, now + latency);
          lastDelivery[link] = at;
          queue.push(at, DELIVER, a, b, record.clock);
        }
      }
      const k = ++nextTick[a]!;
      const due = tickDueAt(tickBase[a]!, rates[a]!, k);
      if (due <= endTime) queue.push(due, TICK, a, faults === null ? 0 : faults.generation[a]!, 0);
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
    const { queue, cores, ids, rates, onRecord, endTime, faults } = this;
    while (queue.size > 0) {
      if (queue.peekKind() === DELIVER) {
        const b = faults === null ? queue.peekB() : faults.arrive(queue.peekA(), queue.peekB());
        if (b >= 0) {
          cores[b]!.handleMessage(ids[queue.peekA()]!, queue.peekC());
          this.deliveries++;
        }
      }
      queue.pop();
    }
    const summaries: SimMachineSummary[] = [];
    for (let i = 0; i < cores.length; i++) {
      const core = cores[i]!;
      const incarnations = 1 + (faults?.generation[i] ?? 0);
      if (faults?.dead[i]) {
        const ticks = this.earlierTicks[i]! + core.ticks;
        // As its log has it: no stop record, the largest queue its ticks showed (what it held at its death is lost).
        summaries.push({ id: core.id, rate: rates[i]!, ticks, clock: core.clock, maxQueue: this.loggedMaxQueue[i]!, endQueue: core.queueLength, overflow: core.overflow, incarnations, killed: true });
        continue;
      }
      for (const refusal of core.takeRefusals(endTime, true)) onRecord(refusal);
      if (this.setup.connectRecords ?? true) {
        for (const peer of core.peers) {
          const record = core.handlePeerDown(peer, endTime);
          if (record) onRecord(record);
        }
      }
      // A schedule that had not started (a run stopped early within its --tick-offsets) ticked for no time: no tickingMs.
      const ticking = endTime - this.tickBase[i]!;
      const stop = core.stop(endTime, { maxLagMs: 0, lagP50Ms: 0, lagP99Ms: 0, ...(ticking >= 0 ? { tickingMs: ticking } : {}) });
      onRecord(stop);
      summaries.push({
        id: core.id,
        rate: rates[i]!,
        ticks: this.earlierTicks[i]! + stop.ticks,
        clock: stop.clock,
        // A restarted machine's earlier incarnations count, as in its log (a stop record's maxQueue is its core's).
        maxQueue: Math.max(core.maxQueue, this.loggedMaxQueue[i]!),
        endQueue: stop.queue,
        overflow: core.overflow,
        ...(faults ? { incarnations, killed: false } : {}),
      });
    }
    return { machines: summaries, ticks: this.ticks, deliveries: this.deliveries, startTime: this.startTime, endTime };
  }

  private applyFault(step: FaultStep, now: number): void {
    this.faults!.apply(step, now);
    this.onFault?.(step, now);
  }

  /** What the fault model may touch: the cores, the links' FIFO times, the queue, the records. */
  private faultHost(): ConstructorParameters<typeof SimFaults>[2] {
    return {
      cores: this.cores,
      lastDelivery: this.lastDelivery,
      queue: this.queue,
      link: (record) => {
        if (this.setup.connectRecords ?? true) this.onRecord(record);
      },
      restart: (i, now) => this.restart(i, now),
    };
  }

  /** A new incarnation of machine index `i` at `now`: a fresh core (clock 0, empty queue, no peer connected yet), ticking from now. */
  private restart(i: number, now: number): void {
    const old = this.cores[i]!;
    this.earlierTicks[i]! += old.ticks;
    const core = new MachineCore({ ...old.options, incarnation: old.options.incarnation === undefined ? 2 : old.options.incarnation + 1, assumeConnected: false });
    this.cores[i] = core;
    // A new process with the same seed: its draws, and its delays' (a real restart's runtime makes both anew), start again from the first.
    this.draws[i] = createDrawSource(this.setup.seed, core.id);
    this.delays[i] = createDrawSource(this.setup.seed, core.id, 'delay');
    this.tickBase[i] = now;
    this.nextTick[i] = 1;
    this.onRecord(core.start(now));
    const due = tickDueAt(now, this.rates[i]!, 1);
    if (due <= this.endTime) this.queue.push(due, TICK, i, this.faults!.generation[i]!, 0);
  }
}
