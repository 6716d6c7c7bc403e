// Pairs sends with receives per link and receiver incarnation in FIFO order, and finds the sends a broken connection lost.
//
// The k-th send from a to incarnation j of b pairs with the k-th receive at incarnation j of b from a (see
// link-epochs.ts for which incarnation a send goes to). Either side may come first: a receive logged in the same
// millisecond as its send can be read before it.
// Loss: with `tolerateLoss`, a receive whose clock is not that of the oldest waiting send, when that send's connection
// broke after it was made (its epoch is older than the link's), takes that send as lost and looks at the next one:
// TCP delivers a prefix of what each connection carried, so sends are only lost just before a break.
// Unlogged sends: a killed machine loses the records it had not written yet (the log batches lines for a few ms), so
// a peer may receive a message whose send is in no log. With `tolerateLoss`, a receive is taken as one of those when
// the sender's previous incarnation crashed, the receive's clock is above that incarnation's last logged clock, and no
// send of the sender's next incarnation was received on the link yet (FIFO: the old connection's frames came first).
// Receives still waiting for their send when their sender restarts can no longer be paired: they are set aside.
// Two connections at once: after a break (a restart, a link cut), the old connection may still deliver what it
// carried (held by a latency or bandwidth toxic) while the new one delivers newer sends, so their frames interleave at
// the receiver. Each connection is FIFO: with `tolerateLoss`, a receive that is not the oldest waiting send, when that
// send's connection broke, pairs with the oldest waiting send of a later connection if it carries that clock; the old
// connection's sends wait on. Among the unlogged sends above, a receive that no waiting send explains after the next
// incarnation's sends were received is one of them when it can be the end of the old connection's backlog (see
// takeUnloggedTail); else it stays a receive without its send.
// Refused frames: a warn record with `refused` (the receiver's full queue refused n frames of the sender in a row, the
// first with clock c; refusals.ts) takes the send with clock c and the n - 1 sends after it on the link out of the
// FIFO pairing, wherever they wait (the refusal is logged when the frames arrive, before the receives of frames that
// were queued ahead of them); sends not read yet are taken as they come.
// Call `observe` with every record, in time order, before handing its send or receive over.
import type { CoreRecord } from '../core/records.js';
import { Deque } from './deque.js';
import { LinkEpochs } from './link-epochs.js';

export interface SentEnd<S> {
  payload: S;
  clock: number;
  /** Connection epoch of the link when it was sent. */
  epoch: number;
  /** 1-based index among the sends on its link to its receiver incarnation. */
  k: number;
  /** The sender's incarnation. */
  generation: number;
}

export interface ReceivedEnd<R> {
  payload: R;
  msgClock: number;
  /** 1-based index among the receives on its link at its receiver incarnation. */
  k: number;
}

/** A run of frames the receiver's full queue refused, still waiting for some of its sends. */
export interface RefusedEnd<R> {
  payload: R;
  /** The clock of the run's first frame. */
  msgClock: number;
  /** Frames of the run whose send was not found yet. */
  left: number;
  /** Whether its first send was found: the next `left` sends on the link are the rest of the run. */
  started: boolean;
}

/** One direction between two machines, towards one incarnation of the receiver. */
export interface IncarnationLink<S, R> {
  from: number;
  to: number;
  incarnation: number;
  /** Sends not paired yet, oldest first. */
  sends: Deque<SentEnd<S>>;
  /** Receives not paired yet (their send was not read yet, or never came). */
  receives: Deque<ReceivedEnd<R>>;
  /** Receives that waited for a send when their sender restarted: they will never be paired. */
  stranded: ReceivedEnd<R>[];
  /** Receives of sends a killed sender never logged (see above), and the first few of them. */
  unlogged: number;
  unloggedReceives: R[];
  /** Sends taken out of the pairing by refusals (the receiver's queue was full). */
  refused: number;
  /** Refusals still waiting for sends, in log order. */
  refusals: RefusedEnd<R>[];
  /** Refused frames that waited for their send when their sender restarted: they will never be paired. */
  strandedRefusals: RefusedEnd<R>[];
  /** Of those, frames of sends the crashed incarnation never logged (see above). */
  unloggedRefused: number;
  /** The latest sender incarnation whose send was paired on this link (0: none yet). */
  matchedGeneration: number;
  /** The clock of the send last paired on this link (-1: none yet). */
  pairedClock: number;
  /** The clock of the last receive taken as the old connection's unlogged tail (takeUnloggedTail; -1: none yet). */
  tailClock: number;
  sent: number;
  received: number;
  /** Sends taken as lost on a broken connection, and the first few of them (for evidence). */
  skipped: number;
  skippedSends: S[];
}

export interface LinkMatcherEvents<S, R> {
  match(link: IncarnationLink<S, R>, send: SentEnd<S>, receive: ReceivedEnd<R>): void;
  /** A send the receiver's full queue refused (optional). */
  refuse?(link: IncarnationLink<S, R>, send: SentEnd<S>, refusal: RefusedEnd<R>): void;
}

/** How many lost sends a link keeps as evidence. */
export const KEPT_LOST = 3;

export class LinkMatcher<S, R> {
  readonly epochs = new LinkEpochs();
  /** Whether sends may be taken as lost on broken connections (the checker allows it in runs with faults only). */
  tolerateLoss = true;
  /** `${to}#${incarnation}` -> from -> link */
  private readonly links = new Map<string, Map<number, IncarnationLink<S, R>>>();

  constructor(private readonly events: LinkMatcherEvents<S, R>) {}

  /** Feeds a record (every kind) before its send or receive; true when it begins a new incarnation of its machine. */
  observe(record: CoreRecord): boolean {
    const previous = this.epochs.incarnation(record.machine);
    const restart = this.epochs.observe(record);
    if (restart) this.strand(record.machine, previous);
    return restart;
  }

  /** The sender restarted: receives still waiting on its links were sent by the old incarnation and never logged. */
  private strand(from: number, old: number): void {
    for (const link of this.all()) {
      if (link.from !== from) continue;
      for (let r = link.receives.shift(); r; r = link.receives.shift()) {
        if (this.tolerateLoss && this.unloggedBy(from, old, r.msgClock)) this.addUnlogged(link, r);
        else link.stranded.push(r);
      }
      // A run whose first send was found goes on with sends the crashed incarnation never logged.
      for (const r of link.refusals) {
        if (this.tolerateLoss && (r.started ? !this.epochs.end(from, old).stopped : this.unloggedBy(from, old, r.msgClock))) link.unloggedRefused += r.left;
        else link.strandedRefusals.push(r);
      }
      link.refusals = [];
    }
  }

  /** Whether `incarnation` of `from` crashed and a message clock is above the last clock it logged. */
  unloggedBy(from: number, incarnation: number, msgClock: number): boolean {
    return !this.epochs.end(from, incarnation).stopped && msgClock > this.epochs.lastClock(from, incarnation);
  }

  /**
   * Whether a receive that no waiting send explains, after the sender's next incarnation's sends were received, is one
   * its crashed previous incarnation never logged, delivered late by the old connection (see the top of the file); if
   * so, it is taken as one (at the end of the logs: a receive still waiting when a send comes pairs with it). Such a
   * tail comes after every logged send of that incarnation on the link (none waits), its clocks rise above that
   * incarnation's last logged clock and above each other, and none repeats the clock last paired on the link (the
   * last frame received twice). An earlier frame of the new incarnation received again above that clock cannot be
   * told from such a tail: it is one too.
   */
  takeUnloggedTail(link: IncarnationLink<S, R>, msgClock: number): boolean {
    if (!this.tolerateLoss || link.matchedGeneration === 0) return false;
    const previous = this.epochs.previousIncarnation(link.from, link.matchedGeneration);
    if (previous === undefined || !this.unloggedBy(link.from, previous, msgClock)) return false;
    if (msgClock <= link.tailClock || msgClock === link.pairedClock) return false;
    for (const s of link.sends) if (s.generation <= previous) return false;
    link.tailClock = msgClock;
    return true;
  }

  private addUnlogged(link: IncarnationLink<S, R>, receive: ReceivedEnd<R>): void {
    link.unlogged++;
    if (link.unloggedReceives.length < KEPT_LOST) link.unloggedReceives.push(receive.payload);
  }

  /** A receive of a send the crashed previous incarnation of its sender never logged (see the top of the file). */
  private isUnlogged(link: IncarnationLink<S, R>, msgClock: number, head: SentEnd<S> | undefined): boolean {
    const generation = head ? head.generation : this.epochs.incarnation(link.from);
    if (link.matchedGeneration >= generation) return false;
    const previous = this.epochs.previousIncarnation(link.from, generation);
    return previous !== undefined && this.unloggedBy(link.from, previous, msgClock);
  }

  private pair(link: IncarnationLink<S, R>, send: SentEnd<S>, receive: ReceivedEnd<R>): void {
    if (send.generation > link.matchedGeneration) link.matchedGeneration = send.generation;
    link.pairedClock = send.clock;
    this.events.match(link, send, receive);
  }

  private link(from: number, to: number): IncarnationLink<S, R> {
    const incarnation = this.epochs.incarnation(to);
    const key = `${to}#${incarnation}`;
    let inbound = this.links.get(key);
    if (!inbound) this.links.set(key, (inbound = new Map()));
    let link = inbound.get(from);
    if (!link) {
      link = {
        from,
        to,
        incarnation,
        sends: new Deque(),
        receives: new Deque(),
        stranded: [],
        unlogged: 0,
        unloggedReceives: [],
        refused: 0,
        refusals: [],
        strandedRefusals: [],
        unloggedRefused: 0,
        matchedGeneration: 0,
        pairedClock: -1,
        tailClock: -1,
        sent: 0,
        received: 0,
        skipped: 0,
        skippedSends: [],
      };
      inbound.set(from, link);
    }
    return link;
  }

  send(from: number, to: number, clock: number, payload: S): void {
    const link = this.link(from, to);
    const send: SentEnd<S> = { payload, clock, epoch: this.epochs.epoch(from, to), k: ++link.sent, generation: this.epochs.incarnation(from) };
    if (link.refusals.length > 0 && this.refusedLater(link, send)) return;
    // A receive that waited for this send pairs with it, whatever its clock: one read before its send (logged in the
    // same ms) with a wrong clock is a violation, and cannot be told from the old connection's unlogged tail here.
    const receive = link.receives.shift();
    if (receive === undefined) link.sends.push(send);
    else this.pair(link, send, receive);
  }

  receive(from: number, to: number, msgClock: number, payload: R): void {
    const link = this.link(from, to);
    const receive: ReceivedEnd<R> = { payload, msgClock, k: ++link.received };
    if (this.tolerateLoss) {
      const epoch = this.epochs.epoch(from, to);
      const oldest = link.sends.peek();
      const later = oldest && oldest.clock !== msgClock && oldest.epoch < epoch ? this.laterConnectionSend(link, msgClock) : undefined;
      if (later) return this.pair(link, later, receive);
      for (let head = link.sends.peek(); !head || head.clock !== msgClock; head = link.sends.peek()) {
        if (this.isUnlogged(link, msgClock, head)) return this.addUnlogged(link, receive);
        if (!head || head.epoch >= epoch) break;
        link.sends.shift();
        link.skipped++;
        if (link.skippedSends.length < KEPT_LOST) link.skippedSends.push(head.payload);
      }
    }
    const send = link.sends.shift();
    if (send === undefined) link.receives.push(receive);
    else this.pair(link, send, receive);
  }

  /**
   * The oldest waiting send of a connection later than the oldest waiting send's, when it carries `msgClock` (see the
   * top of the file), taken out of the waiting sends. They are in epoch order, so each connection's oldest is found
   * by a binary search.
   */
  private laterConnectionSend(link: IncarnationLink<S, R>, msgClock: number): SentEnd<S> | undefined {
    const sends = link.sends;
    for (let from = 0; ; ) {
      const epoch = sends.at(from)!.epoch;
      let lo = from + 1;
      let hi = sends.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sends.at(mid)!.epoch > epoch) hi = mid;
        else lo = mid + 1;
      }
      if (lo >= sends.length) return undefined;
      if (sends.at(lo)!.clock === msgClock) return sends.removeAt(lo, 1)[0];
      from = lo;
    }
  }

  /**
   * `count` frames from `from` refused by the full queue of `to`, in a row, the first with clock `msgClock`
   * (a warn record with `refused`): their sends are taken out of the pairing.
   */
  refuse(from: number, to: number, msgClock: number, count: number, payload: R): void {
    const link = this.link(from, to);
    const refusal: RefusedEnd<R> = { payload, msgClock, left: count, started: false };
    const at = link.sends.lastIndexWhere((s) => s.clock === msgClock);
    if (at >= 0) {
      refusal.started = true;
      for (const send of link.sends.removeAt(at, count)) this.refused(link, send, refusal);
    }
    if (refusal.left > 0) link.refusals.push(refusal);
  }

  /** A send read after its refusal: the next of a run whose first send was found, or a run's first. */
  private refusedLater(link: IncarnationLink<S, R>, send: SentEnd<S>): boolean {
    const refusals = link.refusals;
    let i = refusals.findIndex((r) => r.started);
    if (i < 0) i = refusals.findIndex((r) => r.msgClock === send.clock);
    if (i < 0) return false;
    const refusal = refusals[i]!;
    refusal.started = true;
    this.refused(link, send, refusal);
    if (refusal.left === 0) refusals.splice(i, 1);
    return true;
  }

  private refused(link: IncarnationLink<S, R>, send: SentEnd<S>, refusal: RefusedEnd<R>): void {
    refusal.left--;
    link.refused++;
    this.events.refuse?.(link, send, refusal);
  }

  /** Every link, with what is still unpaired on it. */
  *all(): IterableIterator<IncarnationLink<S, R>> {
    for (const inbound of this.links.values()) yield* inbound.values();
  }
}
