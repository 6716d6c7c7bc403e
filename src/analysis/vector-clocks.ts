// Vector clocks computed offline from the logs, and what they show that Lamport clocks cannot: concurrent events.
//
// Events are the tick records (internal, send, receive); start, stop, connect and warn records are not events
// (they do not move the Lamport clock). Each event adds 1 to its process's own entry. A send hands a copy of the
// sender's vector to each recipient's link; the k-th receive at b from a takes the k-th vector sent from a to b
// (FIFO per link, as the checker pairs them) and merges it entry-wise before adding 1. A receive with from: null,
// from a machine with no log, or whose send never appears is a local event and is counted as unmatched.
// Records come in time order, so a receive can be read before its send only when both share a millisecond: the
// receiving machine then waits (its later records are held back) until the send is seen, which keeps the events
// in causal order for the ShiViz export. A machine held back longer than MAX_HELD records gives up on the send.
//
// Crash and restart (faults issue): each incarnation of a machine is its own process with its own vector entry (and
// its own ShiViz host, shiviz.ts). A restarted machine lost its state and its clock started again from 0, so nothing
// of its previous incarnation happened before its new events unless a message carried it; treating the restart as
// the same process would order the old events before the new ones while their Lamport clocks go down, breaking the
// clock condition the counting below relies on. A send goes to the incarnation of its target running at the time
// (link-epochs.ts); sends lost on a broken connection are skipped as the checker skips them (link-matcher.ts), and
// sends to an incarnation that crashed are simply never received. A receive of a send its killed sender never logged
// (link-matcher.ts) is a local event, and so is a receive still waiting for its send when that sender restarts.
//
// Counting, exact and O(processes) per event: with V_f the vector of event f, the events that happened before f
// number sum(V_f) - 1, so happened-before pairs = sum over f of (sum(V_f) - 1); all other pairs are concurrent.
// Pairs with different Lamport clocks = (N^2 - sum over clock values v of count(v)^2) / 2, and every happened-before
// pair is among them (clock condition), so concurrent pairs that Lamport clocks still order = the difference.
import type { CoreRecord, TickRecord } from '../core/records.js';
import { Deque } from './deque.js';
import { LinkEpochs } from './link-epochs.js';
import { IntHistogram } from './stats.js';

export const MAX_HELD = 10_000;

/** One incarnation of one machine. */
export interface Process {
  machine: number;
  incarnation: number;
}

/** One event with its vector clock: `vector[i]` is the entry of process `processes[i]` (missing entries are 0). */
export interface CausalEvent {
  record: TickRecord<number>;
  /** The process (machine incarnation) the event belongs to. */
  process: Process;
  vector: readonly number[];
  processes: readonly Process[];
  /** For a send: the incarnations its messages went to, in the order of the record's `to`. */
  to?: readonly Process[];
  /** For a receive paired with its send: the sender's process. */
  from?: Process;
}

export interface CausalitySummary {
  /** Tick events. */
  events: number;
  /** Pairs (e, f) with e happened-before f. */
  happenedBeforePairs: number;
  /** Pairs of distinct events where neither happened before the other. */
  concurrentPairs: number;
  /** Pairs whose Lamport clocks differ (so Lamport clocks put them in an order). */
  lamportOrderedPairs: number;
  /** Concurrent pairs whose Lamport clocks differ: an order that Lamport clocks show but causality does not have. */
  concurrentLamportOrderedPairs: number;
  /** Receives treated as local events: unknown sender, or no send to pair with. */
  unmatchedReceives: number;
}

interface InFlight {
  sender: Process;
  generation: number;
  vector: readonly number[];
  clock: number;
  epoch: number;
}

interface Route {
  target: ProcessVector;
  epoch: number;
  generation: number;
}

/** A record waiting its turn; a send keeps where its messages went when it was read. */
interface Held {
  record: TickRecord<number>;
  routes?: Route[];
}

class ProcessVector {
  readonly vector: number[] = [];
  /** The sum of `vector`, kept as it changes (the count of events that happened before the next one, plus one). */
  sum = 0;
  readonly held = new Deque<Held>();
  /** Vectors sent to this process and not yet received, per sender machine. */
  readonly inbound = new Map<number, Deque<InFlight>>();
  /** Per sender machine: the latest of its incarnations whose send this process received. */
  readonly matchedGeneration = new Map<number, number>();
  releasing = false;
  constructor(
    readonly process: Process,
    readonly index: number,
  ) {}
}

export class VectorClockTracker {
  /** machine -> its latest process */
  private readonly current = new Map<number, ProcessVector>();
  private readonly all: ProcessVector[] = [];
  private readonly processes: Process[] = [];
  private readonly epochs = new LinkEpochs();
  private readonly lamport = new IntHistogram();
  private events = 0;
  private happenedBefore = 0;
  private unmatched = 0;

  /**
   * `senders`: machines whose logs are being read (a receive from any other machine is local at once); omit to
   * treat every sender as one whose send may still come. `onEvent` gets every event in a causal order.
   */
  constructor(
    private readonly senders?: ReadonlySet<number>,
    private readonly onEvent?: (event: CausalEvent) => void,
  ) {}

  /** The process of the machine's current incarnation (created when first needed). */
  private processOf(machine: number): ProcessVector {
    const incarnation = this.epochs.incarnation(machine);
    let m = this.current.get(machine);
    if (!m || m.process.incarnation !== incarnation) {
      m = new ProcessVector({ machine, incarnation }, this.processes.length);
      this.processes.push(m.process);
      this.all.push(m);
      this.current.set(machine, m);
    }
    return m;
  }

  add(record: CoreRecord): void {
    const previous = this.current.get(record.machine);
    if (this.epochs.observe(record)) {
      // The old incarnation is dead: what it still held back will never find its sends, and receives elsewhere that
      // wait for one of its sends will not either.
      if (previous) while (previous.held.length > 0) this.giveUp(previous);
      for (const m of this.all) {
        for (let head = m.held.peek(); head?.record.event === 'receive' && head.record.from === record.machine; head = m.held.peek()) this.giveUp(m);
      }
    }
    if (record.event !== 'internal' && record.event !== 'send' && record.event !== 'receive') return;
    const m = this.processOf(record.machine);
    const held: Held =
      record.event === 'send'
        ? {
            record,
            routes: record.to.map((to) => ({
              target: this.processOf(to),
              epoch: this.epochs.epoch(record.machine, to),
              generation: this.epochs.incarnation(record.machine),
            })),
          }
        : { record };
    if (m.held.length > 0 || !this.process(m, held)) {
      m.held.push(held);
      if (m.held.length > MAX_HELD) this.giveUp(m);
    }
  }

  /** Flushes processes still waiting for sends that never came, and returns the counts. */
  finish(): CausalitySummary {
    for (;;) {
      let oldest: ProcessVector | undefined;
      for (const m of this.all) {
        const head = m.held.peek();
        if (head && (!oldest || head.record.time < oldest.held.peek()!.record.time)) oldest = m;
      }
      if (!oldest) break;
      this.giveUp(oldest);
    }
    let sameClockPairs = 0;
    for (const [, n] of this.lamport.entries()) sameClockPairs += (n * (n - 1)) / 2;
    const n = this.events;
    const allPairs = n < 2 ? 0 : (n * (n - 1)) / 2;
    const lamportOrderedPairs = allPairs - sameClockPairs;
    return {
      events: n,
      happenedBeforePairs: this.happenedBefore,
      concurrentPairs: allPairs - this.happenedBefore,
      lamportOrderedPairs,
      concurrentLamportOrderedPairs: lamportOrderedPairs - this.happenedBefore,
      unmatchedReceives: this.unmatched,
    };
  }

  /** Applies one event; false when it is a receive whose send has not been seen yet. */
  private process(m: ProcessVector, held: Held, local = false): boolean {
    const record = held.record;
    let sender: Process | undefined;
    if (record.event === 'receive' && !local) {
      const from = record.from;
      if (from === null || from === m.process.machine || (this.senders && !this.senders.has(from))) {
        this.unmatched++;
      } else {
        const link = m.inbound.get(from);
        // Sends lost on a connection that broke after them are skipped, as the checker skips them.
        const epoch = this.epochs.epoch(from, m.process.machine);
        let unlogged = false;
        for (let head = link?.peek(); !head || head.clock !== record.msgClock; head = link!.peek()) {
          if ((unlogged = this.unlogged(m, from, record.msgClock, head))) break;
          if (!head || head.epoch >= epoch) break;
          link!.shift();
        }
        if (unlogged) return this.process(m, held, true);
        const sent = link?.shift();
        if (sent === undefined) return false;
        sender = sent.sender;
        if (sent.generation > (m.matchedGeneration.get(from) ?? 0)) m.matchedGeneration.set(from, sent.generation);
        const v = m.vector;
        while (v.length < sent.vector.length) v.push(0);
        const s = sent.vector;
        for (let i = 0; i < s.length; i++) {
          if (v[i]! < s[i]!) {
            m.sum += s[i]! - v[i]!;
            v[i] = s[i]!;
          }
        }
      }
    } else if (local) {
      this.unmatched++;
    }
    this.emit(m, held, sender);
    if (held.routes && held.routes.length > 0) {
      const copy = m.vector.slice();
      for (const { target, epoch, generation } of held.routes) {
        let link = target.inbound.get(m.process.machine);
        if (!link) target.inbound.set(m.process.machine, (link = new Deque()));
        link.push({ sender: m.process, generation, vector: copy, clock: record.clock, epoch });
        if (target.held.length > 0) this.release(target);
      }
    }
    return true;
  }

  private emit(m: ProcessVector, held: Held, sender: Process | undefined): void {
    const v = m.vector;
    while (v.length <= m.index) v.push(0);
    v[m.index]! += 1;
    m.sum += 1;
    this.events++;
    this.happenedBefore += m.sum - 1;
    this.lamport.add(held.record.clock);
    if (!this.onEvent) return;
    const event: CausalEvent = { record: held.record, process: m.process, vector: v, processes: this.processes };
    if (held.routes) event.to = held.routes.map((r) => r.target.process);
    if (sender) event.from = sender;
    this.onEvent(event);
  }

  /** A receive of a send the crashed previous incarnation of its sender never logged (as in link-matcher.ts). */
  private unlogged(m: ProcessVector, from: number, msgClock: number, head: InFlight | undefined): boolean {
    const generation = head ? head.generation : this.epochs.incarnation(from);
    if ((m.matchedGeneration.get(from) ?? 0) >= generation) return false;
    const previous = this.epochs.previousIncarnation(from, generation);
    return previous !== undefined && !this.epochs.end(from, previous).stopped && msgClock > this.epochs.lastClock(from, previous);
  }

  /** Processes held records of `m` (and of processes they unblock) while their sends are available. */
  private release(m: ProcessVector): void {
    if (m.releasing) return; // an outer release of m is on its way through the same records
    m.releasing = true;
    try {
      for (let head = m.held.peek(); head && this.process(m, head); head = m.held.peek()) m.held.shift();
    } finally {
      m.releasing = false;
    }
  }

  /** Treats m's first held receive as unmatched, then goes on with the rest. */
  private giveUp(m: ProcessVector): void {
    const head = m.held.shift();
    if (head) this.process(m, head, true);
    this.release(m);
  }
}
