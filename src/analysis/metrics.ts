// Per-run numbers (events, clocks, jumps, queues, drift, messages, latency) from a stream of records, with no files.
//
// Exported API, for the file reader and for a simulator that feeds records directly:
//   const collector = new RunMetricsCollector(info); // info: the run's run.json (RunInfo), or nothing
//   collector.add(record);            // CoreRecord, `time` in epoch ms; call once per record
//   const metrics = collector.result(); // RunMetrics; may be called at any point, does not consume the collector
//   collector.result({ endUnknown: true }); // of a run whose end is unknown (unknown-end.ts: the reader decides it)
// Feed records in non-decreasing time across machines (a simulator's event order, or readRun's merge) and each
// machine's records in its log order; a time earlier than the last one counts as the last one. `add` is O(1) per
// record (O(machines) on start and stop records): a few map look-ups and counters, no allocation on ticks except
// what FIFO latency matching keeps for messages in flight.
//
// Definitions (per machine):
// - ticks / events: internal, send and receive records; shares are of all tick events.
// - final clock: the clock of the machine's last record; behind = highest final clock in the run - final clock, for
//   a machine whose log ends with a stop record. One that ends without (it died, or its log was cut short) stopped
//   counting there: behind is how far it was behind the largest clock of the running machines at its last record.
// - jump (receive records only): new clock - previous clock - 1, so 0 when the message did not move the clock.
//   Percentiles are nearest-rank. After a restart, the first receive of the new incarnation (its clock started again
//   from 0) is its catch-up to the others: it is left out of the jumps and kept apart in catchUpJumps, one per restart.
// - max queue: the largest of the stop record's maxQueue and the queue seen in records (a receive record's queue is
//   after the dequeue, so the queue held queue + 1 just before it).
// - end queue: the stop record's queue; for a crashed machine (no stop record) its last tick record's queue.
// - queue growth: the least-squares slope of the queue after each tick against time, in messages per second, over
//   the last incarnation's ticks (queue-trend.ts): near 0 for a queue that drains or holds steady, the rate it
//   gains for one that grows; null under two ticks.
// - drift: see drift.ts (exact time-weighted figures over system time, only while the machine ran); null for a machine
//   that never ticked.
// - overflow: frames its full queue refused: the stop record's count, and for an incarnation without one the warn
//   records of refused frames it logged (refusals.ts).
// - tickingStart: when the first incarnation's tick schedule started (its t0: tick k is due at t0 + k/rate), read as
//   the least of its ticks' times minus k periods. A tick runs at or after its due time and a real log's times are
//   whole milliseconds (cut, not rounded), so this is t0 minus up to 1 ms: the same for every machine of a long run.
// - incarnations (faults issue): how many times the machine started (1, or more after a crash and restart). Ticks,
//   events, jumps and refused frames add up over incarnations, max queue and drift are over all of them, final clock
//   and end queue are the last incarnation's (its clock started again from 0).
// - lost: messages sent to this machine that it never received because the incarnation they were sent to ended
//   without a stop record, or because the sender's connection broke (lost-messages.ts). Final once the logs are.
//   None for a machine whose log was cut short (logCutShort: run.json says it stopped): those were not lost to a crash.
//   Nor in a run whose end is unknown (no run.json and no stop record in any log: unknown-end.ts): no machine is
//   called crashed there (crashed is false), and only messages lost on a broken connection are lost.
// Per run:
// - sent: recipients in send records' `to`; received: receive records; left in queues: the queues of the stop records
//   (a machine that ended without one left nothing in a queue: what it held is lost, or, for a log cut short or a run
//   whose end is unknown, not accounted for); refused: the machines' overflow.
// - tickPhaseSpreadMs: how far apart the machines' tickingStart are (last minus first, 0.1 ms steps): machines at one
//   rate whose schedules started together tick at the same instants, as the simulator's do. Null with fewer than two.
// - latency: receive record time minus send record time, the k-th send from a to b matched with the k-th receive at b
//   from a (FIFO per link and incarnation of b, skipping sends lost on a broken connection and sends refused by a full
//   queue: link-matcher.ts). Receives with from: null cannot be matched and are counted apart.
// - lost: the sum of the machines' lost messages; lostMessages lists them per link and receiver incarnation.
// - Each message sent is counted once: sent = received + left in queues + refused + lost, but for unloggedSends (more
//   received, queued or refused than the logs show sent: a killed sender's last lines never reached its log) and
//   unaccounted (sent, but neither received, queued, refused nor lost: a log cut short, or frames in flight when a
//   machine's log ends). Only the difference shows, so one of the two is 0.
import { isRefusal, type CoreRecord, type TickRecord } from '../core/records.js';
import type { RunInfo } from '../log/run-info.js';
import { DriftClock, DriftTracker } from './drift.js';
import { LinkMatcher } from './link-matcher.js';
import { logCutShort } from './log-cut-short.js';
import { QueueTrend } from './queue-trend.js';
import { tickPhases } from './tick-phases.js';
import { settleLostMessages, type LostOnLink } from './lost-messages.js';
import { IntHistogram, NumberList, type Summary } from './stats.js';
import { knownLosses } from './unknown-end.js';
import { secondClaimOf } from '../net/second-claim.js';

export interface EventCounts {
  internal: number;
  send: number;
  receive: number;
}

export interface MachineMetrics {
  machine: number;
  /** Ticks per second from the start record; null when the log has no start record. */
  rate: number | null;
  /** The seed and internal probability of its start record (null without one). */
  seed: number | null;
  internalProbability: number | null;
  /** The Node version its start record names, and whether it ran jitless (null without them: a simulated or older log). */
  node: string | null;
  jitless: boolean | null;
  /** The delay its start record says it added to its frames ([min, max] ms; null without: none, simulated, older logs). analyze's heading. */
  delayMs: [number, number] | null;
  /** Records in the log (every kind): the "log entries" of the first notebook. */
  records: number;
  ticks: number;
  events: EventCounts;
  finalClock: number;
  /**
   * Highest final clock in the run minus this machine's; for a machine without a stop record (crashed), how far
   * behind the largest running clock it was at its last record.
   */
  behind: number;
  /** Clock jumps on receive: count (every receive, jump 0 included; not the catch-ups), mean, max, p50, p95, p99. */
  jumps: Summary;
  /** Jump size -> how many receives jumped by it, ascending. */
  jumpHistogram: Array<[number, number]>;
  /**
   * One per restart: the first receive of the new incarnation, whose clock started again from 0 (the catch-up), left
   * out of jumps and jumpHistogram. Empty for a machine that never restarted.
   */
  catchUpJumps: CatchUpJump[];
  maxQueue: number;
  endQueue: number;
  /** Messages per second its queue grew over its last incarnation (the slope of a straight line through its ticks' queues); null under two ticks. */
  queueGrowth: number | null;
  /**
   * Warnings its log holds other than a full queue's refusals (frames it could not read, peers it did not expect, a
   * peer missing): one per warn record, a `12 similar warnings suppressed` record counting its 12. analyze's run table.
   */
  warnings: number;
  /** Behind the largest running clock while it ran (drift.ts); null for a machine that never ticked. */
  drift: { max: number | null; mean: number | null };
  /** No stop record after the last start record; false for every machine of a run whose end is unknown (endUnknown). */
  crashed: boolean;
  /** Crashed, but run.json says the machine stopped: its log was cut short, as `check` says (log-cut-short.ts). */
  logCutShort: boolean;
  startTime: number | null;
  endTime: number | null;
  /** When its first incarnation's tick schedule started (epoch ms, to within 1 ms): see tickingStart above; null if it never ticked. */
  tickingStart: number | null;
  /**
   * The most any of its ticks ran late, in ms: the largest of its stop records' maxLagMs (null without one). A tick a
   * period or more late ran at once with the next (the machine was paused or short of CPU); 0 in a simulated run.
   */
  maxLagMs: number | null;
  /**
   * How long it ticked, in ms: the sum of its stop records' tickingMs over its incarnations. Null when an incarnation
   * that ticked has none (killed, crashed or still running, or a stop record without the field: a log from before it):
   * its ticks count, its time is unknown. So ticks / tickingMs x 1000 is its rate as kept, whenever it is a number.
   */
  tickingMs: number | null;
  /** Recipients in this machine's send records, and peers its sends were meant for but were not connected. */
  messagesSent: number;
  messagesDropped: number;
  /** Frames refused because the queue was full: the stop records' overflow, or for an incarnation without one its refusal records. */
  overflow: number;
  /** Start records that began an incarnation: 1, or more after a crash and restart (0 without a start record). */
  incarnations: number;
  /** Messages sent to this machine that never arrived: lost to a crash of the incarnation or a broken connection. */
  lost: number;
  /**
   * Receives whose clock is not max(clock, message clock) + 1 (a hand-made machine's: one that forgot the max, say):
   * 0 for every machine of this project. The jumps and drift of such a machine mean little; check names the records.
   */
  receivesOffRule: number;
}

/** A restarted incarnation's catch-up: its first receive after it started again from clock 0. */
export interface CatchUpJump {
  incarnation: number;
  /** When the incarnation started (epoch ms). */
  restartTime: number;
  /** When its first receive came (epoch ms), and the jump; null when it received nothing. */
  time: number | null;
  jump: number | null;
  /**
   * When it first ticked (epoch ms), null when it never did: a restarted machine ticks once it and its peers are
   * connected again, which a link held down or slowed by a fault can put off for seconds (the simulator's restart ticks at once).
   */
  firstTickTime: number | null;
}

/** Messages lost on one link, to one incarnation of its receiver (lost-messages.ts's finding, without its evidence). */
export type LostLink = Omit<LostOnLink<unknown>, 'evidence'>;

export interface RunMetrics {
  machines: MachineMetrics[];
  /** No run.json and no stop record in any log (unknown-end.ts): no machine is called crashed, none of its messages lost to a crash. */
  endUnknown: boolean;
  highestFinalClock: number;
  /** First and last record time (epoch ms), null when there were no records. */
  startTime: number | null;
  endTime: number | null;
  messages: {
    sent: number;
    dropped: number;
    received: number;
    leftInQueues: number;
    /** Receives paired with their send (FIFO per link). */
    matched: number;
    /** Receives with from: null (sender unknown): cannot be matched. */
    unknownSender: number;
    /** Receives from a known sender with no send left to pair with (also sends a killed sender never logged). */
    unmatchedReceives: number;
    /** Sends that never arrived (see MachineMetrics.lost). */
    lost: number;
    /** Frames refused by full queues (the machines' overflow). */
    refused: number;
    /** Messages received, left in queues or refused beyond those sent in the logs: sends a killed machine never logged. */
    unloggedSends: number;
    /** Messages sent but neither received, left in queues, refused nor lost (a log cut short, frames in flight). */
    unaccounted: number;
    /**
     * Messages sent to a machine after its stop record (by time): machines that stopped one by one (students' own; a
     * real machine lists a peer that has gone in `dropped`, not in `to`). Part of `unaccounted` when not received.
     */
    sentToStopped: number;
    /** The machines those were sent to, in id order. */
    sentToStoppedMachines: number[];
  };
  /** Lost messages per link and receiver incarnation. */
  lostMessages: LostLink[];
  /** The latest machine's tickingStart minus the earliest's, ms (0.1 ms steps); null when fewer than two machines ticked. */
  tickPhaseSpreadMs: number | null;
  /** Receive time minus send time over matched pairs, in ms. */
  latency: Summary;
  /** Matched pairs whose receive was logged before its send: the machines' clocks disagree (not in --json). */
  latencyBelowZero: number;
  /**
   * Second connections a machine logged claiming machine `id` while its first was open, on links from `id` to it with
   * receives logged before their sends: the frames counted as `id`'s may be another connection's, paired with its sends
   * (not in --json).
   */
  claimsBeforeSends: { machine: number; id: number }[];
}

class MachineState {
  rate: number | null = null;
  seed: number | null = null;
  internalProbability: number | null = null;
  node: string | null = null;
  jitless: boolean | null = null;
  delayMs: [number, number] | null = null;
  records = 0;
  ticks = 0;
  internal = 0;
  send = 0;
  receive = 0;
  receivesOffRule = 0;
  clock = 0;
  maxQueue = 0;
  lastTickQueue = 0;
  readonly queueTrend = new QueueTrend();
  warnings = 0;
  stopQueue: number | null = null;
  /** The queues of its stop records (every incarnation that stopped). */
  leftInQueue = 0;
  stopped = false;
  overflow = 0;
  /** Frames refused in the current incarnation, from its warn records (counted when it ends without a stop record). */
  refusedLogged = 0;
  startTime: number | null = null;
  endTime: number | null = null;
  tickingStart: number | null = null;
  maxLagMs: number | null = null;
  tickingMs: number | null = null;
  /** Its ticks before the current incarnation's start (or last stop) record: ticks past it with no tickingMs after them ticked for a time no record says. */
  ticksBefore = 0;
  /** Some ticks are in no stop record's tickingMs (an incarnation without one, or whose stop record lacks the field): tickingMs null. */
  untimedTicks = false;
  messagesSent = 0;
  messagesDropped = 0;
  incarnations = 0;
  readonly jumps = new IntHistogram();
  readonly catchUps: CatchUpJump[] = [];
  /** The current incarnation is a restart that has not received yet: its next receive is the catch-up. */
  catchingUp = false;
  readonly drift = new DriftClock();
  constructor(readonly machine: number) {}
}

export class RunMetricsCollector {
  private readonly machines = new Map<number, MachineState>();
  private readonly drift = new DriftTracker();
  private readonly latencies = new NumberList();
  private latencyBelowZero = 0;
  /** `${from}>${to}` of the links with a receive logged before its send. */
  private readonly linksBelowZero = new Set<string>();
  /** The second claims logged, by the link they claim (`${id}>${machine}`). */
  private readonly secondClaims = new Map<string, { machine: number; id: number }>();
  private readonly links = new LinkMatcher<number, number>({
    match: (link, sent, received) => {
      const latency = received.payload - sent.payload;
      if (latency < 0) {
        this.latencyBelowZero++;
        this.linksBelowZero.add(`${link.from}>${link.to}`);
      }
      this.latencies.push(latency);
    },
  });
  private firstTime: number | null = null;
  private lastTime: number | null = null;
  private received = 0;
  private unknownSender = 0;
  private sentToStopped = 0;
  private readonly stoppedRecipients = new Set<number>();

  /** `info`: the run's run.json, which tells a log cut short from a crash; without it every such machine crashed. */
  constructor(private readonly info: RunInfo | null = null) {}

  private state(machine: number): MachineState {
    let state = this.machines.get(machine);
    if (!state) this.machines.set(machine, (state = new MachineState(machine)));
    return state;
  }

  add(record: CoreRecord): void {
    const restart = this.links.observe(record);
    const m = this.state(record.machine);
    const time = this.drift.at(record.time);
    this.firstTime ??= time;
    this.lastTime = time;
    m.records++;
    m.startTime ??= time;
    m.endTime = time;
    switch (record.event) {
      case 'internal':
        m.ticks++;
        m.internal++;
        this.tick(m, record);
        break;
      case 'send':
        m.ticks++;
        m.send++;
        this.tick(m, record);
        m.messagesSent += record.to.length;
        m.messagesDropped += record.dropped.length;
        for (const to of record.to) {
          this.links.send(m.machine, to, record.clock, record.time);
          const recipient = this.machines.get(to);
          if (recipient?.stopped && time > recipient.endTime!) {
            this.sentToStopped++;
            this.stoppedRecipients.add(to);
          }
        }
        break;
      case 'receive': {
        m.ticks++;
        m.receive++;
        if (m.catchingUp) {
          const catchUp = m.catchUps.at(-1)!;
          catchUp.time = time;
          catchUp.jump = record.clock - m.clock - 1;
          m.catchingUp = false;
        } else m.jumps.add(record.clock - m.clock - 1);
        if (record.clock !== Math.max(m.clock, record.msgClock) + 1) m.receivesOffRule++;
        if (record.queue + 1 > m.maxQueue) m.maxQueue = record.queue + 1;
        this.tick(m, record);
        this.received++;
        if (record.from === null) this.unknownSender++;
        else this.links.receive(record.from, m.machine, record.msgClock, record.time);
        break;
      }
      case 'start':
        if (m.incarnations === 0 || restart) m.incarnations++;
        if (restart) {
          m.catchUps.push({ incarnation: m.incarnations, restartTime: time, time: null, jump: null, firstTickTime: null });
          m.catchingUp = true;
        }
        if (!m.stopped) m.overflow += m.refusedLogged;
        if (!m.stopped && m.ticks > m.ticksBefore) m.untimedTicks = true;
        m.ticksBefore = m.ticks;
        m.refusedLogged = 0;
        m.rate = record.rate;
        // The parser requires neither (a student's start record may leave them out): null, never undefined.
        m.seed = typeof record.seed === 'number' ? record.seed : null;
        m.internalProbability = typeof record.internalProbability === 'number' ? record.internalProbability : null;
        m.node = typeof record.node === 'string' ? record.node : null;
        m.jitless = typeof record.jitless === 'boolean' ? record.jitless : null;
        m.delayMs = delayPair(record.delayMs);
        m.stopped = false;
        m.stopQueue = null;
        m.queueTrend.reset();
        m.clock = 0;
        this.drift.start(m.drift);
        break;
      case 'stop':
        m.stopped = true;
        m.stopQueue = record.queue;
        // An incarnation that never ticked was never late: its 0 is no lateness figure.
        if (record.ticks > 0 && Number.isFinite(record.maxLagMs) && record.maxLagMs > (m.maxLagMs ?? -Infinity)) m.maxLagMs = record.maxLagMs;
        if (typeof record.tickingMs === 'number' && Number.isFinite(record.tickingMs)) m.tickingMs = (m.tickingMs ?? 0) + record.tickingMs;
        // A stop record without it (a log from before the field, a student's) after ticks: that time is unknown too.
        else if (m.ticks > m.ticksBefore) m.untimedTicks = true;
        m.ticksBefore = m.ticks;
        m.leftInQueue += record.queue;
        m.overflow += record.overflow ?? m.refusedLogged;
        m.refusedLogged = 0;
        if (record.queue > m.maxQueue) m.maxQueue = record.queue;
        if (record.maxQueue !== undefined && record.maxQueue > m.maxQueue) m.maxQueue = record.maxQueue;
        if (record.clock !== m.clock) {
          m.clock = record.clock;
          this.drift.update(m.drift, record.clock);
        }
        this.drift.stop(m.drift);
        break;
      case 'warn': {
        this.drift.seen(m.drift);
        const claimed = secondClaimOf(record.reason);
        if (claimed !== null) this.secondClaims.set(`${claimed}>${m.machine}`, { machine: m.machine, id: claimed });
        if (!isRefusal(record)) {
          m.warnings += suppressedCount(record.reason) ?? 1;
          break;
        }
        m.refusedLogged += record.refused;
        if (record.from !== null) this.links.refuse(record.from, m.machine, record.msgClock, record.refused, record.time);
        break;
      }
      default:
        this.drift.seen(m.drift);
        break;
    }
  }

  private tick(m: MachineState, { clock, queue, tick, time }: TickRecord<number>): void {
    // Where this incarnation's tick schedule started (tick k due at t0 + k/rate); the first incarnation's is tickingStart.
    const t0 = m.rate ? time - (tick * 1000) / m.rate : time;
    if (m.incarnations <= 1 && m.rate && (m.tickingStart === null || t0 < m.tickingStart)) m.tickingStart = t0;
    const restart = m.catchUps.at(-1);
    if (restart?.incarnation === m.incarnations && restart.firstTickTime === null) restart.firstTickTime = time;
    m.clock = clock;
    m.lastTickQueue = queue;
    m.queueTrend.add(time, queue);
    if (queue > m.maxQueue) m.maxQueue = queue;
    this.drift.tick(m.drift, clock, t0);
  }

  /** `endUnknown`: no run.json and no stop record in any log (runEndUnknown): no machine crashed, no message lost to a crash. */
  result({ endUnknown = false }: { endUnknown?: boolean } = {}): RunMetrics {
    const states = [...this.machines.values()].sort((a, b) => a.machine - b.machine);
    const highestFinalClock = states.reduce((max, m) => Math.max(max, m.clock), 0);
    let unmatchedReceives = 0;
    for (const link of this.links.all()) unmatchedReceives += link.receives.length + link.stranded.length + link.unlogged;
    const cutShort = new Set(states.filter((m) => logCutShort(this.info, m.machine, m.stopped)).map((m) => m.machine));
    // Messages to a machine whose log was cut short, or of a run whose end is unknown, were not lost to a crash (check
    // says the same).
    const settled = settleLostMessages(this.links, true);
    const lostLinks = knownLosses(settled.links, endUnknown).filter((l) => !cutShort.has(l.to));
    const lost = { links: lostLinks, total: lostLinks.reduce((n, l) => n + l.count, 0) };
    const lostTo = new Map<number, number>();
    for (const l of lost.links) lostTo.set(l.to, (lostTo.get(l.to) ?? 0) + l.count);
    const machines = states.map((m): MachineMetrics => {
      const jumps = m.jumps.summary();
      return {
        machine: m.machine,
        rate: m.rate,
        seed: m.seed,
        internalProbability: m.internalProbability,
        node: m.node,
        jitless: m.jitless,
        delayMs: m.delayMs,
        records: m.records,
        ticks: m.ticks,
        events: { internal: m.internal, send: m.send, receive: m.receive },
        finalClock: m.clock,
        behind: m.stopped ? highestFinalClock - m.clock : m.drift.behindAtLast,
        jumps,
        jumpHistogram: [...m.jumps.entries()],
        catchUpJumps: m.catchUps.map((c) => ({ ...c })),
        maxQueue: m.maxQueue,
        endQueue: m.stopQueue ?? m.lastTickQueue,
        queueGrowth: m.queueTrend.slope(),
        warnings: m.warnings,
        drift: m.ticks > 0 ? { max: m.drift.max, mean: m.drift.mean } : { max: null, mean: null },
        crashed: !m.stopped && !endUnknown,
        logCutShort: cutShort.has(m.machine),
        startTime: m.startTime,
        endTime: m.endTime,
        tickingStart: m.tickingStart,
        maxLagMs: m.maxLagMs,
        tickingMs: m.untimedTicks || (!m.stopped && m.ticks > m.ticksBefore) ? null : m.tickingMs,
        messagesSent: m.messagesSent,
        messagesDropped: m.messagesDropped,
        overflow: m.overflow + m.refusedLogged,
        incarnations: m.incarnations,
        lost: lostTo.get(m.machine) ?? 0,
        receivesOffRule: m.receivesOffRule,
      };
    });
    const sum = (pick: (m: MachineMetrics) => number): number => machines.reduce((s, m) => s + pick(m), 0);
    const sent = sum((m) => m.messagesSent);
    const leftInQueues = states.reduce((n, m) => n + m.leftInQueue, 0);
    const refused = sum((m) => m.overflow);
    const balance = sent - this.received - leftInQueues - refused - lost.total;
    return {
      machines,
      endUnknown,
      highestFinalClock,
      startTime: this.firstTime,
      endTime: this.lastTime,
      messages: {
        sent,
        dropped: sum((m) => m.messagesDropped),
        received: this.received,
        leftInQueues,
        matched: this.latencies.length,
        unknownSender: this.unknownSender,
        unmatchedReceives,
        lost: lost.total,
        refused,
        unloggedSends: Math.max(0, -balance),
        unaccounted: Math.max(0, balance),
        sentToStopped: this.sentToStopped,
        sentToStoppedMachines: [...this.stoppedRecipients].sort((a, b) => a - b),
      },
      lostMessages: lost.links.map(({ from, to, incarnation, count, reason, senderEnded }) => ({ from, to, incarnation, count, reason, ...(senderEnded ? { senderEnded } : {}) })),
      tickPhaseSpreadMs: phaseSpread(machines),
      latency: this.latencies.summary(),
      latencyBelowZero: this.latencyBelowZero,
      claimsBeforeSends: [...this.secondClaims].filter(([link]) => this.linksBelowZero.has(link)).map(([, claim]) => claim),
    };
  }
}

/** The latest machine's tick phase (tick-phases.ts: its tickingStart minus the earliest, to 0.1 ms); null with fewer than two that ticked. */
function phaseSpread(machines: ReadonlyArray<{ tickingStart: number | null }>): number | null {
  const phases = tickPhases(machines).filter((p): p is number => p !== null);
  return phases.length < 2 ? null : Math.max(...phases);
}

/** `12 similar warnings suppressed` (the warn limiter's record, warn-limiter.ts): 12; undefined for any other reason. */
function suppressedCount(reason: string): number | undefined {
  const m = /^([\d,]+) similar warnings? suppressed$/.exec(reason);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

/** A start record's delayMs as the analysis reads it: two numbers from 0 up, the first not above the second; else null. */
function delayPair(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [lo, hi] = value as unknown[];
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(hi) && lo >= 0 && lo <= hi ? [lo, hi] : null;
}
