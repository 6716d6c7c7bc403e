// The real-time driver around the machine core: server, peer links, tick timer, logs, and an orderly shutdown.
import { MachineCore } from '../core/machine.js';
import type { CoreRecord, StopRecord } from '../core/records.js';
import { tickDueAt, ticksDueBy } from '../core/schedule.js';
import { createDrawSource, type DrawSource } from '../core/random.js';
import { MachineServer } from '../net/server.js';
import { PeerLink, type PeerAddress } from '../net/peer-link.js';
import { DelayLine } from '../net/delay-line.js';
import { clockFrame } from '../net/frames.js';
import { otherRunPeerWarning } from '../net/other-run-warning.js';
import type { RecordSink } from '../log/machine-log.js';
import { toLogRecord } from '../log/format.js';
import { WarnLimiter } from './warn-limiter.js';
import { LagHistogram } from './lag-histogram.js';
import { idList } from '../text/id-list.js';
import { MAX_TIMER_MS } from '../config/schema.js';

import { monotonicMs, wallMs } from './clock.js';
import { blockUntil, sleepUntil } from './precise-wait.js';
import { currentNodeBuild, type NodeBuildFields } from './node-build.js';

/** A sleep longer than this ends PRECISE_WAKE_MS early, and the rest is waited out on the thread (see scheduleNextTick). */
const LONG_SLEEP_MS = 50;
const PRECISE_WAKE_MS = 5;
/**
 * How far ahead of its tick an early wake may come: PRECISE_WAKE_MS, plus the fraction of a millisecond that the
 * sleep was rounded down by, plus up to 1 ms because libuv counts a timer from its loop time in whole milliseconds.
 */
const PRECISE_WINDOW_MS = PRECISE_WAKE_MS + 2;
/**
 * A period from SHORT_PERIOD_MIN_MS to SHORT_PERIOD_MAX_MS (100 to 1,000 ticks/s) is waited out on the thread between
 * event-loop turns (see scheduleNextTick). Below it, one timer per millisecond runs every tick due (a thread wait per
 * tick would wake the machine up to 5,000 times a second); above it, a machine sleeps on a timer, so that frames,
 * signals and new connections are not kept waiting for long.
 */
const SHORT_PERIOD_MIN_MS = 1;
const SHORT_PERIOD_MAX_MS = 10;
/**
 * The most time one callback spends on ticks that are due at once (a rate the host cannot keep, or a long pause), in
 * ms: then the event loop handles signals, frames and log flushes before the rest. Unbounded, a machine at 1e9/s ran
 * ticks for seconds without a break, missed start-all's stop signal and was killed with nothing but its start record
 * in its log. The clock is read again every CATCH_UP_CHECK_TICKS ticks, for the budget and for the lateness.
 */
const CATCH_UP_BUDGET_MS = 10;
const CATCH_UP_CHECK_TICKS = 64;
/** How long a run of refused frames stays open at most before its warn record is written (see logRefusals). */
const REFUSAL_RUN_MS = 100;
/** Whether a machine at `rate` waits for its ticks on the thread between event-loop turns (see SHORT_PERIOD_MIN_MS). */
const waitsBetweenTurns = (rate: number): boolean => 1000 / rate >= SHORT_PERIOD_MIN_MS && 1000 / rate <= SHORT_PERIOD_MAX_MS;

export interface MachineRuntimeOptions {
  id: number;
  rate: number;
  seed: number;
  internalProbability: number;
  /** Where this machine listens (port 0 picks a free one). */
  listen: PeerAddress;
  /** Every other machine's id; addresses are given to connect(). */
  peerIds: readonly number[];
  /** The token this run's machines share (said in each hello): a peer naming another is not read (MachineServer). */
  runToken?: string;
  /** Opens the log once the port is bound, so that a failed start leaves no log behind. */
  openSink(): RecordSink;
  /** Stop after this many seconds of ticking; 0 or undefined runs until shutdown(). */
  durationSeconds?: number;
  delayMs?: readonly [number, number];
  connectTimeoutMs?: number;
  shutdownGraceMs?: number;
  maxQueue?: number;
  maxLineLength?: number;
  idleTimeoutMs?: number;
  incarnation?: number;
  /** What the start record says of the Node this machine runs on (default: this process's version and flags). */
  nodeBuild?: NodeBuildFields;
  /** Called with every warning the machine logs (not the counts of warnings the limiter suppressed). */
  onWarn?: (reason: string) => void;
  /** Called once as shutdown begins, whatever started it (the duration ending, a signal, a log error). */
  onShutdown?: () => void;
  /**
   * Called as shutdown begins to wait (up to `graceMs`) for peers still connected to us to end their connections,
   * which they do only as they stop themselves; not called when none is connected.
   */
  onPeersWait?: (peerIds: number[], graceMs: number) => void;
}

export interface MachineStatus {
  id: number;
  clock: number;
  queue: number;
  ticks: number;
  connected: number;
  ticking: boolean;
}

export class MachineRuntime {
  readonly core: MachineCore;
  private server!: MachineServer;
  private readonly links = new Map<number, PeerLink>();
  /** Peers that have said hello on a connection to us: they are up and their link to us is too. */
  private readonly heardFrom = new Set<number>();
  private readonly delayLines = new Map<number, DelayLine>();
  private readonly draws: DrawSource;
  private readonly delays: DrawSource;
  private readonly warnings: WarnLimiter;
  private sink!: RecordSink;
  private tickTimer: NodeJS.Timeout | undefined;
  /** The next turn's wait for a tick, at rates whose period is short (see scheduleNextTick). */
  private tickImmediate: NodeJS.Immediate | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  /** Ends the open runs of refused frames (see logRefusals). */
  private refusalTimer: NodeJS.Timeout | undefined;
  private t0 = 0;
  /** When ticking ends (t0 plus the duration), on the monotonic clock; Infinity without a duration. */
  private endAt = Infinity;
  private ticking = false;
  /** Set by stopTicking (or shutdown): ticking has ended, or will never start. */
  private tickingEnded = false;
  /** From t0 to the end of ticking, ms; undefined until ticking ends (or if it never started). */
  private tickingMs: number | undefined;
  private readonly lag = new LagHistogram();
  private stopping: Promise<StopRecord> | undefined;
  private resolveDone!: (stop: StopRecord) => void;
  private resolveTicking!: () => void;
  /** Resolves when the first tick is scheduled (all peers connected, or the connect timeout passed). */
  readonly tickingStarted = new Promise<void>((resolve) => (this.resolveTicking = resolve));
  /** Resolves with the stop record once the machine has shut down and its logs are flushed. */
  readonly done = new Promise<StopRecord>((resolve) => (this.resolveDone = resolve));

  private constructor(private readonly options: MachineRuntimeOptions) {
    this.core = new MachineCore({
      id: options.id,
      peers: options.peerIds,
      rate: options.rate,
      internalProbability: options.internalProbability,
      seed: options.seed,
      maxQueue: options.maxQueue,
      incarnation: options.incarnation,
    });
    this.draws = createDrawSource(options.seed, options.id, 'draws');
    this.delays = createDrawSource(options.seed, options.id, 'delay');
    this.warnings = new WarnLimiter((reason, count) => {
      this.log(this.core.warn(wallMs(), reason));
      if (!count) options.onWarn?.(reason);
    }, monotonicMs);
  }

  /**
   * Binds the server, opens the log and writes the start record (timed when the port was bound). Rejects with the
   * listen error if the port cannot be bound, or with the log's error (the server closed again) if the log cannot be
   * opened.
   */
  static async create(options: MachineRuntimeOptions): Promise<MachineRuntime> {
    const runtime = new MachineRuntime(options);
    runtime.server = await MachineServer.listen({
      host: options.listen.host,
      port: options.listen.port,
      maxLineLength: options.maxLineLength ?? 128,
      idleTimeoutMs: options.idleTimeoutMs,
      knownIds: new Set(options.peerIds),
      runToken: options.runToken,
      handlers: {
        onMessages: (from, clocks, count, connection) => runtime.onMessages(from, clocks, count, connection),
        onWarn: (reason) => runtime.warnings.warn(reason),
        // A peer that dials us is listening: no need to wait out our backoff (up to 2 s) before dialing it back.
        onHello: (id) => {
          runtime.links.get(id)?.redialNow();
          runtime.heardFrom.add(id);
          runtime.startTickingIfMeshed();
        },
      },
    });
    // The start record says when the port was bound: peers may connect while the log is still being opened.
    const boundAt = wallMs();
    try {
      runtime.sink = options.openSink();
    } catch (err) {
      await runtime.server.drain(0);
      throw err;
    }
    const delay = options.delayMs;
    runtime.log({ ...runtime.core.start(boundAt), ...(options.nodeBuild ?? currentNodeBuild()), ...(delay && delay[1] > 0 ? { delayMs: [delay[0], delay[1]] } : {}) });
    return runtime;
  }

  get port(): number {
    return this.server.port;
  }

  status(): MachineStatus {
    const connected = [...this.links.values()].filter((l) => l.connected).length;
    return { id: this.core.id, clock: this.core.clock, queue: this.core.queueLength, ticks: this.core.ticks, connected, ticking: this.ticking };
  }

  /** The peers the mesh still waits for: not connected to, or not yet connected from (no hello), in id order. */
  waitingFor(): number[] {
    return this.options.peerIds.filter((id) => !this.links.get(id)?.connected || !this.heardFrom.has(id));
  }

  private log(record: CoreRecord): void {
    this.sink.write(record);
  }

  /** A record of a tick: onTimer flushes the sink before the loop sleeps. */
  private logTick(record: CoreRecord): void {
    this.sink.write(record, true);
  }

  private onMessages(from: number | null, clocks: Float64Array, count: number, connection: number): void {
    this.core.handleMessages(from, clocks, count, connection);
    if (this.core.refusalsPending) this.logRefusals(false);
  }

  /**
   * Writes a warn record per run of refused frames (refusals.ts, never rate-limited: the analysis needs every one to
   * tell which sends were refused): the runs that ended, and with `all` the open ones. A run still open is ended at
   * most REFUSAL_RUN_MS later, so that a flood into a full queue writes a few records a second, not one per frame.
   */
  private logRefusals(all: boolean): void {
    for (const record of this.core.takeRefusals(wallMs(), all)) {
      this.log(record);
      // Told to start-all like a warning (it prints the first of each kind); logged above, not through the limiter.
      this.options.onWarn?.(record.reason);
    }
    if (all) {
      clearTimeout(this.refusalTimer);
      this.refusalTimer = undefined;
    } else if (this.core.refusalsOpen && !this.refusalTimer) {
      this.refusalTimer = setTimeout(() => {
        this.refusalTimer = undefined;
        this.logRefusals(true);
      }, REFUSAL_RUN_MS);
    }
  }

  /**
   * Dials every peer; ticking starts once the mesh is complete both ways (connected to every peer, and every peer has
   * said hello on its connection to us), or after the connect timeout with a warning. Waiting for the peers' own links
   * too means that no machine starts ticking while the last ones are still starting up: in a 50-machine mesh started
   * at once, the first ticks otherwise shared two cores with other machines' start. After shutdown() (a stop signal
   * during start-up) or stopTicking() it does nothing: a link made then would redial for ever, its connect timer keep
   * the process alive, and a peer answering it log after the logs are closed.
   */
  connect(peers: ReadonlyMap<number, PeerAddress>): void {
    if (this.stopping || this.tickingEnded) return;
    for (const id of this.options.peerIds) {
      const address = peers.get(id);
      if (!address) throw new Error(`no address for peer ${id}`);
      const link = new PeerLink(this.core.id, id, address, { runToken: this.options.runToken });
      link.on('up', () => {
        const record = this.core.handlePeerUp(id, wallMs());
        if (record) this.log(record);
        this.startTickingIfMeshed();
      });
      // A mistyped host in a config run by hand would otherwise show only as a peer that never connects.
      link.on('unresolved', (why) => this.warnings.warn(`peer ${id}: ${why}; still trying`));
      link.on('stalled', (why) => {
        this.core.peerStalled(id);
        this.warnings.warn(`peer ${id} ${why}`);
      });
      link.on('otherRun', (run) => this.warnings.warn(otherRunPeerWarning(id, `${address.host}:${address.port}`, run, this.options.runToken)));
      link.on('reading', () => {
        this.core.peerReading(id);
        this.warnings.warn(`peer ${id} reads again: sends to it go out again`);
      });
      link.on('down', () => {
        // Frames still held back by --delay went with the connection (lost to it, as the analysis counts them).
        this.delayLines.get(id)?.drop();
        const record = this.core.handlePeerDown(id, wallMs());
        if (record) this.log(record);
      });
      this.links.set(id, link);
      if ((this.options.delayMs?.[1] ?? 0) > 0) this.delayLines.set(id, new DelayLine((frame) => link.write(frame), monotonicMs));
    }
    for (const link of this.links.values()) link.start();
    this.startTickingIfMeshed(); // no peers at all
    const timeout = this.options.connectTimeoutMs ?? 15000;
    this.connectTimer = setTimeout(() => {
      if (this.ticking || this.stopping) return;
      const missing = [...this.links.values()].filter((l) => !l.connected).map((l) => l.peerId);
      const silent = this.options.peerIds.filter((id) => !this.heardFrom.has(id) && !missing.includes(id));
      if (missing.length > 0) this.warnings.warn(`not connected to ${idList(missing)} after ${timeout} ms: ticking anyway, sends to them are dropped`);
      if (silent.length > 0) this.warnings.warn(`no connection from ${idList(silent)} after ${timeout} ms: ticking anyway`);
      this.startTicking();
    }, timeout);
  }

  /** Starts ticking once connected to every peer and every peer has said hello to us (see connect). */
  private startTickingIfMeshed(): void {
    if (!this.ticking && this.waitingFor().length === 0) this.startTicking();
  }

  private startTicking(): void {
    clearTimeout(this.connectTimer);
    if (this.stopping || this.tickingEnded) return;
    this.ticking = true;
    this.t0 = monotonicMs();
    const durationMs = (this.options.durationSeconds ?? 0) * 1000;
    this.endAt = durationMs > 0 ? this.t0 + durationMs : Infinity;
    this.scheduleNextTick();
    this.resolveTicking();
  }

  /** What the tick loop sleeps until: the next tick, or the end of the duration if that comes first. */
  private nextWake(): number {
    return Math.min(tickDueAt(this.t0, this.options.rate, this.core.ticks + 1), this.endAt);
  }

  /**
   * Arms the timer for the next tick; returns how long the loop sleeps until then, in ms. Node's timers count in whole
   * milliseconds (a fractional delay wakes the loop twice), so a short sleep is rounded up. After a long sleep an idle
   * virtual CPU here is slow to wake (1-2 ms, sometimes 4), so a long sleep ends PRECISE_WAKE_MS early and onTimer
   * waits out the rest with blockUntil (a futex wait, then short futex waits for the last quarter of a millisecond).
   * Frames that arrive in those few milliseconds are read right after the tick. (Spinning all of it in setImmediate
   * turns was worse: several machines spinning at once on 2 cores preempt each other.) A period of 1 to 10 ms (100 to
   * 1,000 ticks/s) sleeps on no timer at all: each turn of the event loop handles what arrived (frames, signals,
   * timers), then onTimer sleeps on the thread until the next tick is due. Frames then no longer wake a machine between
   * its ticks, and Node's loop polls twice per wake-up: in a 10-machine mesh at 100/s, 8-45% less CPU per machine. At
   * 1,000/s a 1 ms timer made ticks 0.65 ms late at the median, the thread wait 0.15-0.2 ms (BENCHMARKS.md).
   * With a duration the loop wakes at its end if that comes first: a machine at 0.1/s run for 5 s stops at 5 s, not
   * at its next tick (10 s).
   */
  private scheduleNextTick(): number {
    const due = this.nextWake();
    const wait = due - monotonicMs();
    if (waitsBetweenTurns(this.options.rate)) {
      this.tickImmediate = setImmediate(this.onTimer);
      return Math.max(0, wait);
    }
    // At most Node's longest timer (a longer one fires after 1 ms): a tick further off (below 0.0000005/s) is waited
    // for in several sleeps, each wake finding nothing due.
    const sleepMs = Math.min(MAX_TIMER_MS, wait > LONG_SLEEP_MS ? Math.floor(wait) - PRECISE_WAKE_MS : Math.max(0, Math.ceil(wait)));
    this.tickTimer = setTimeout(this.onTimer, sleepMs);
    return sleepMs;
  }

  /**
   * Runs every tick that is due (at high rates several per callback; at most CATCH_UP_BUDGET_MS of them, the rest in
   * the next callback), then rearms the timer (or, at 100 to 1,000 ticks/s, queues the next turn): the timer's
   * callback, or the turn's, where the machine first sleeps until its tick.
   */
  private readonly onTimer = (): void => {
    this.tickTimer = undefined;
    this.tickImmediate = undefined;
    const rate = this.options.rate;
    const end = this.endAt;
    const wake = this.nextWake();
    if (waitsBetweenTurns(rate)) sleepUntil(wake);
    // The early wake of a long sleep: wait out the last milliseconds here rather than trust another timer.
    else if (1000 / rate > LONG_SLEEP_MS && wake - monotonicMs() <= PRECISE_WINDOW_MS) blockUntil(wake);
    const start = monotonicMs();
    const due = ticksDueBy(this.t0, rate, Math.min(start, end));
    let now = start;
    for (let run = 1; this.core.ticks < due; run++) {
      this.lag.add(now - tickDueAt(this.t0, rate, this.core.ticks + 1));
      this.tick();
      if (run % CATCH_UP_CHECK_TICKS === 0 && (now = monotonicMs()) - start >= CATCH_UP_BUDGET_MS) break;
    }
    if (now >= end) {
      void this.shutdown();
      return;
    }
    const sleepMs = this.scheduleNextTick();
    this.sink.flushBefore?.(sleepMs);
  };

  private tick(): void {
    const record = this.core.handleTick(wallMs(), this.draws.next());
    this.logTick(record);
    if (record.event !== 'send') return;
    const frame = clockFrame(record.clock);
    const [lo, hi] = this.options.delayMs ?? [0, 0];
    for (const peer of record.to) {
      const line = this.delayLines.get(peer);
      if (line) line.push(frame, lo + (hi - lo) * this.delays.next());
      else this.links.get(peer)?.write(frame);
    }
  }

  /**
   * Stops ticking now (no tick runs after this returns) and leaves the rest running: connections stay open and frames
   * that arrive are queued, until shutdown(). start-all ends a run this way on every machine before it shuts any down,
   * so that no machine's last ticks wait behind the others closing their connections. Safe to call more than once.
   */
  stopTicking(): void {
    if (this.tickingEnded) return;
    this.tickingEnded = true;
    clearTimeout(this.tickTimer);
    clearImmediate(this.tickImmediate);
    clearTimeout(this.connectTimer);
    if (this.ticking) this.tickingMs = monotonicMs() - this.t0;
    this.ticking = false;
  }

  /**
   * Stops ticking, sends frames still waiting out, ends outbound links, waits for inbound peers to end (grace),
   * writes the stop record, closes the server and flushes the logs. Safe to call more than once.
   */
  shutdown(): Promise<StopRecord> {
    this.stopping ??= this.runShutdown();
    return this.stopping;
  }

  private endGraceNow!: () => void;
  /** Resolves once endGrace() is called: a shutdown's wait for its peers then ends. */
  private readonly graceCut = new Promise<void>((resolve) => (this.endGraceNow = resolve));

  /**
   * Ends a shutdown's wait for peers to close their connections (a second Ctrl+C by hand): they are closed now, and
   * frames still on the way are not received. Before a shutdown, the next one does not wait.
   */
  endGrace(): void {
    this.endGraceNow();
  }

  private async runShutdown(): Promise<StopRecord> {
    this.options.onShutdown?.();
    this.stopTicking();
    const grace = this.options.shutdownGraceMs ?? 3000;
    for (const line of this.delayLines.values()) line.flush();
    const connected = this.server.connectedPeers;
    // The last ticks' lines first (on the console by hand), then the line that says it waits for its peers: a wait of
    // Infinity hands every buffered line on now.
    this.sink.flushBefore?.(Infinity);
    if (connected.length > 0) this.options.onPeersWait?.(connected, grace);
    await Promise.all([...this.links.values()].map((link) => link.close(grace, this.graceCut)));
    await this.server.drain(grace, this.graceCut);
    this.warnings.close();
    this.logRefusals(true);
    const stop = this.core.stop(wallMs(), {
      maxLagMs: this.lag.max,
      lagP50Ms: this.lag.quantile(0.5),
      lagP99Ms: this.lag.quantile(0.99),
      ...(this.tickingMs === undefined ? {} : { tickingMs: this.tickingMs }),
    });
    this.log(stop);
    await this.sink.close();
    const result = toLogRecord(stop) as StopRecord;
    this.resolveDone(result);
    return result;
  }
}
