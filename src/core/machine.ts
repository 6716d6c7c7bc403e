// The model machine as a state machine with no I/O: Lamport clock, message queue, and one event per tick.
// Drivers (real time and the simulator) hand it times and draws and act on the records it returns.
import type {
  ConnectRecord,
  InternalRecord,
  ReceiveRecord,
  RefusalRecord,
  SendRecord,
  StartRecord,
  StopRecord,
  TickRecord,
  WarnRecord,
} from './records.js';
import { chooseTarget, sendTargets } from './choice.js';
import { MessageQueue } from './message-queue.js';
import { RefusalRuns } from './refusals.js';

export interface MachineOptions {
  id: number;
  /** Ids of the other machines. */
  peers: readonly number[];
  /** Ticks per second (informational for the core; the driver schedules ticks). */
  rate: number;
  internalProbability: number;
  seed: number;
  /** Queue capacity; frames past it are refused and counted. Default 1,000,000. */
  maxQueue?: number;
  /** 1 on a first start; higher after a restart. Recorded in the start record when above 1. */
  incarnation?: number;
  /** Whether sends count every peer as connected (the simulator); a real driver reports peers up and down. */
  assumeConnected?: boolean;
}

export const DEFAULT_MAX_QUEUE = 1_000_000;

/** Lateness of ticks and how long the machine ticked, for the stop record (milliseconds). */
export interface StopTiming {
  maxLagMs: number;
  lagP50Ms: number;
  lagP99Ms: number;
  /** Absent when the machine never started ticking. */
  tickingMs?: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export class MachineCore {
  readonly id: number;
  readonly peers: readonly number[];
  private readonly targets: number[][];
  private readonly queue: MessageQueue;
  private readonly connected = new Set<number>();
  /** Connected peers that stopped reading: sends to them are dropped, their links staying up (see peerStalled). */
  private readonly stalled = new Set<number>();
  private clockValue = 0;
  private tickCount = 0;
  private maxQueueSeen = 0;
  private overflowCount = 0;
  private readonly refusals = new RefusalRuns();

  constructor(readonly options: MachineOptions) {
    this.id = options.id;
    this.peers = [...options.peers].sort((a, b) => a - b);
    this.targets = sendTargets(this.peers);
    this.queue = new MessageQueue(options.maxQueue ?? DEFAULT_MAX_QUEUE);
    if (options.assumeConnected) for (const p of this.peers) this.connected.add(p);
  }

  get clock(): number {
    return this.clockValue;
  }
  get ticks(): number {
    return this.tickCount;
  }
  get queueLength(): number {
    return this.queue.length;
  }
  get maxQueue(): number {
    return this.maxQueueSeen;
  }
  get overflow(): number {
    return this.overflowCount;
  }
  isConnected(peer: number): boolean {
    return this.connected.has(peer);
  }

  /** The record that opens the log. */
  start(now: number): StartRecord<number> {
    const { id, rate, internalProbability, seed, incarnation } = this.options;
    const record: StartRecord<number> = {
      time: now,
      machine: id,
      event: 'start',
      clock: 0,
      rate,
      peers: [...this.peers],
      internalProbability,
      seed,
    };
    if (incarnation !== undefined && incarnation > 1) record.incarnation = incarnation;
    return record;
  }

  /**
   * A message arrived from `from` (null when unknown) on connection `link` (the driver's number for it). It waits in
   * the queue for a tick. False if the queue was full: the message was refused, and takeRefusals will report it.
   */
  handleMessage(from: number | null, msgClock: number, link = 0): boolean {
    if (!this.queue.push(from, msgClock)) {
      this.overflowCount++;
      this.refusals.refuse(from, link, msgClock, this.queue.length);
      return false;
    }
    if (this.refusals.hasOpen) this.refusals.queued(from, link);
    if (this.queue.length > this.maxQueueSeen) this.maxQueueSeen = this.queue.length;
    return true;
  }

  /**
   * Messages from `from` (null when unknown) on connection `link`, clocks[0..count) in arrival order: they wait in the
   * queue for ticks. Returns how many were queued; the ones after them were refused because the queue was full.
   */
  handleMessages(from: number | null, clocks: ArrayLike<number>, count: number, link = 0): number {
    const queued = this.queue.pushMany(from, clocks, count);
    if (queued > 0) {
      if (this.refusals.hasOpen) this.refusals.queued(from, link);
      if (this.queue.length > this.maxQueueSeen) this.maxQueueSeen = this.queue.length;
    }
    for (let i = queued; i < count; i++) {
      this.overflowCount++;
      this.refusals.refuse(from, link, clocks[i]!, this.queue.length);
    }
    return queued;
  }

  /** Whether refused messages wait to be reported by takeRefusals. */
  get refusalsPending(): boolean {
    return this.refusals.pending;
  }

  /** Whether a run of refused messages is still open (see refusals.ts): takeRefusals(now, true) ends it. */
  get refusalsOpen(): boolean {
    return this.refusals.hasOpen;
  }

  /**
   * The warn records of refused messages, one per run of a sender's consecutive refused frames (refusals.ts): the runs
   * that ended, and with `all` the open ones too. The driver logs them; before the stop record it takes them all.
   */
  takeRefusals(now: number, all = false): RefusalRecord<number>[] {
    return this.refusals.pending ? this.refusals.take(now, this.id, all) : [];
  }

  /** The outbound link to `peer` is up. Returns the connect record, or undefined if it already was. */
  handlePeerUp(peer: number, now: number): ConnectRecord<number> | undefined {
    if (this.connected.has(peer)) return undefined;
    this.connected.add(peer);
    return { time: now, machine: this.id, event: 'connect', peer };
  }

  /** The outbound link to `peer` went down. Returns the disconnect record, or undefined if it already was. */
  handlePeerDown(peer: number, now: number): ConnectRecord<number> | undefined {
    this.stalled.delete(peer);
    if (!this.connected.delete(peer)) return undefined;
    return { time: now, machine: this.id, event: 'disconnect', peer };
  }

  /**
   * The peer has left too much unsent on its link (a stopped process, a hung host): from the next tick, sends to it are
   * dropped (in the send record's `dropped`) until peerReading. The link stays up, so the frames already written to it
   * still arrive, in order, once the peer reads again.
   */
  peerStalled(peer: number): void {
    if (this.connected.has(peer)) this.stalled.add(peer);
  }

  /** The stalled peer read what its link held: sends to it go out again. */
  peerReading(peer: number): void {
    this.stalled.delete(peer);
  }

  /**
   * One tick at time `now` with a uniform draw in [0, 1): exactly one event. A send record's `to` lists the
   * peers the driver must send `clock:<record.clock>` to.
   */
  handleTick(now: number, draw: number): TickRecord<number> {
    const tick = ++this.tickCount;
    const message = this.queue.shift();
    if (message !== undefined) {
      this.clockValue = Math.max(this.clockValue, message.clock) + 1;
      const record: ReceiveRecord<number> = {
        time: now,
        machine: this.id,
        event: 'receive',
        clock: this.clockValue,
        tick,
        from: message.from,
        msgClock: message.clock,
        queue: this.queue.length,
      };
      return record;
    }
    const target = chooseTarget(draw, this.options.internalProbability, this.targets.length);
    this.clockValue += 1;
    if (target < 0) {
      const record: InternalRecord<number> = { time: now, machine: this.id, event: 'internal', clock: this.clockValue, tick, queue: 0 };
      return record;
    }
    const recipients = this.targets[target]!;
    const to: number[] = [];
    const dropped: number[] = [];
    for (const p of recipients) (this.connected.has(p) && !this.stalled.has(p) ? to : dropped).push(p);
    const record: SendRecord<number> = { time: now, machine: this.id, event: 'send', clock: this.clockValue, tick, to, dropped, queue: 0 };
    return record;
  }

  /** A warning record, for the driver to log (malformed frames, timeouts, ...). */
  warn(now: number, reason: string): WarnRecord<number> {
    return { time: now, machine: this.id, event: 'warn', reason };
  }

  /**
   * The record that closes the log: `queue` counts messages never processed. `timing` is a number for the largest lag
   * alone, else the lag's figures and how long the machine ticked (rounded to microseconds).
   */
  stop(now: number, timing: number | StopTiming): StopRecord<number> {
    const t: Partial<StopTiming> = typeof timing === 'number' ? { maxLagMs: timing } : timing;
    const record: StopRecord<number> = {
      time: now,
      machine: this.id,
      event: 'stop',
      clock: this.clockValue,
      ticks: this.tickCount,
      queue: this.queue.length,
      maxLagMs: round3(t.maxLagMs ?? 0),
      maxQueue: this.maxQueueSeen,
      overflow: this.overflowCount,
    };
    if (t.lagP50Ms !== undefined) record.lagP50Ms = round3(t.lagP50Ms);
    if (t.lagP99Ms !== undefined) record.lagP99Ms = round3(t.lagP99Ms);
    if (t.tickingMs !== undefined) record.tickingMs = round3(t.tickingMs);
    return record;
  }
}
