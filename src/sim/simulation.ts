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

export interface MachineSummary {
  id: number;
  rate: number;
  ticks: number;
  clock: number;
  maxQueue: number;
  endQueue: number;
  overflow: number;
}

export interface SimResult {
  machines: MachineSummary[];
  /** Ticks run across all machines (internal, send and receive events). */
  ticks: number;
  /** Messages handed to a recipient's queue (or refused by a full queue), including those flushed at the end. */
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
  const { machines, internalProbability, seed, startTime } = setup;
  const n = machines.length;
  const ids = machines.map((m) => m.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const endTime = startTime + setup.durationSeconds * 1000;
  const [delayMin, delayMax] = setup.delayMs;
  const delaySpan = delayMax - delayMin;

  const cores = machines.map(
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
  const draws: DrawSource[] = machines.map((m) => createDrawSource(seed, m.id));
  const delays: DrawSource[] = machines.map((m) => createDrawSource(seed, m.id, 'delay'));
  const rates = Float64Array.from(machines, (m) => m.rate);
  const nextTick = new Float64Array(n).fill(1);
  const lastDelivery = new Float64Array(n * n).fill(-Infinity);
  const queue = new EventQueue(4 * n);

  for (const core of cores) {
    onRecord(core.start(startTime));
    if (setup.connectRecords ?? true) {
      for (const peer of core.peers) {
        const record: ConnectRecord<number> = { time: startTime, machine: core.id, event: 'connect', peer };
        onRecord(record);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const due = tickDueAt(startTime, rates[i]!, 1);
    if (due <= endTime) queue.push(due, TICK, i, 0, 0);
  }

  let ticks = 0;
  let deliveries = 0;
  while (queue.size > 0 && queue.peekTime() <= endTime) {
    const now = queue.peekTime();
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

  // Only deliveries remain (no tick is scheduled past the end): flush them into the queues, in order.
  while (queue.size > 0) {
    if (queue.peekKind() === DELIVER) {
      cores[queue.peekB()]!.handleMessage(ids[queue.peekA()]!, queue.peekC());
      deliveries++;
    }
    queue.pop();
  }

  const summaries: MachineSummary[] = [];
  for (let i = 0; i < n; i++) {
    const core = cores[i]!;
    if (setup.connectRecords ?? true) {
      for (const peer of core.peers) {
        const record = core.handlePeerDown(peer, endTime);
        if (record) onRecord(record);
      }
    }
    const stop = core.stop(endTime, 0);
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
  return { machines: summaries, ticks, deliveries, startTime, endTime };
}
