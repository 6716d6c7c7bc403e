// Vector clocks computed offline from the logs, and what they show that Lamport clocks cannot: concurrent events.
//
// Events are the tick records (internal, send, receive); start, stop, connect and warn records are not events
// (they do not move the Lamport clock). Each event adds 1 to its machine's own entry. A send hands a copy of the
// sender's vector to each recipient's link; the k-th receive at b from a takes the k-th vector sent from a to b
// (FIFO per link, as the checker pairs them) and merges it entry-wise before adding 1. A receive with from: null,
// from a machine with no log, or whose send never appears is a local event and is counted as unmatched.
// Records come in time order, so a receive can be read before its send only when both share a millisecond: the
// receiving machine then waits (its later records are held back) until the send is seen, which keeps the events
// in causal order for the ShiViz export. A machine held back longer than MAX_HELD records gives up on the send.
//
// Counting, exact and O(machines) per event: with V_f the vector of event f, the events that happened before f
// number sum(V_f) - 1, so happened-before pairs = sum over f of (sum(V_f) - 1); all other pairs are concurrent.
// Pairs with different Lamport clocks = (N^2 - sum over clock values v of count(v)^2) / 2, and every happened-before
// pair is among them (clock condition), so concurrent pairs that Lamport clocks still order = the difference.
import type { CoreRecord, TickRecord } from '../core/records.js';
import { Deque } from './deque.js';
import { IntHistogram } from './stats.js';

export const MAX_HELD = 10_000;

/** One event with its vector clock: `vector[i]` is the entry of machine `ids[i]` (missing entries are 0). */
export interface CausalEvent {
  record: TickRecord<number>;
  vector: readonly number[];
  ids: readonly number[];
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

class MachineVector {
  readonly vector: number[] = [];
  readonly held = new Deque<TickRecord<number>>();
  /** Vectors sent to this machine and not yet received, per sender. */
  readonly inbound = new Map<number, Deque<readonly number[]>>();
  releasing = false;
  constructor(
    readonly id: number,
    readonly index: number,
  ) {}
}

export class VectorClockTracker {
  private readonly machines = new Map<number, MachineVector>();
  private readonly ids: number[] = [];
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

  private machine(id: number): MachineVector {
    let m = this.machines.get(id);
    if (!m) {
      m = new MachineVector(id, this.ids.length);
      this.ids.push(id);
      this.machines.set(id, m);
    }
    return m;
  }

  add(record: CoreRecord): void {
    if (record.event !== 'internal' && record.event !== 'send' && record.event !== 'receive') return;
    const m = this.machine(record.machine);
    if (m.held.length > 0 || !this.process(m, record)) {
      m.held.push(record);
      if (m.held.length > MAX_HELD) this.giveUp(m);
    }
  }

  /** Flushes machines still waiting for sends that never came, and returns the counts. */
  finish(): CausalitySummary {
    for (;;) {
      let oldest: MachineVector | undefined;
      for (const m of this.machines.values()) {
        const head = m.held.peek();
        if (head && (!oldest || head.time < oldest.held.peek()!.time)) oldest = m;
      }
      if (!oldest) break;
      this.giveUp(oldest);
    }
    let sameClockPairs = 0;
    for (const [, n] of this.lamport.entries()) sameClockPairs += (n * (n - 1)) / 2;
    const n = this.events;
    const allPairs = (n * (n - 1)) / 2;
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
  private process(m: MachineVector, record: TickRecord<number>, local = false): boolean {
    if (record.event === 'receive' && !local) {
      const from = record.from;
      if (from === null || from === m.id || (this.senders && !this.senders.has(from))) {
        this.unmatched++;
      } else {
        const sent = m.inbound.get(from)?.shift();
        if (sent === undefined) return false;
        const v = m.vector;
        while (v.length < sent.length) v.push(0);
        for (let i = 0; i < sent.length; i++) if (v[i]! < sent[i]!) v[i] = sent[i]!;
      }
    } else if (local) {
      this.unmatched++;
    }
    this.emit(m, record);
    if (record.event === 'send' && record.to.length > 0) {
      const copy = m.vector.slice();
      for (const to of record.to) {
        const target = this.machine(to);
        let link = target.inbound.get(m.id);
        if (!link) target.inbound.set(m.id, (link = new Deque()));
        link.push(copy);
        if (target.held.length > 0) this.release(target);
      }
    }
    return true;
  }

  private emit(m: MachineVector, record: TickRecord<number>): void {
    const v = m.vector;
    while (v.length <= m.index) v.push(0);
    v[m.index]! += 1;
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i]!;
    this.events++;
    this.happenedBefore += sum - 1;
    this.lamport.add(record.clock);
    this.onEvent?.({ record, vector: v, ids: this.ids });
  }

  /** Processes held records of `m` (and of machines they unblock) while their sends are available. */
  private release(m: MachineVector): void {
    if (m.releasing) return; // an outer release of m is on its way through the same records
    m.releasing = true;
    try {
      for (let head = m.held.peek(); head && this.process(m, head); head = m.held.peek()) m.held.shift();
    } finally {
      m.releasing = false;
    }
  }

  /** Treats m's first held receive as unmatched, then goes on with the rest. */
  private giveUp(m: MachineVector): void {
    const head = m.held.shift();
    if (head) this.process(m, head, true);
    this.release(m);
  }
}
