// Drift: how far a machine's Lamport clock is behind the leading machine's clock, measured exactly over system time.
//
// Definition. Each machine's clock C_m(t) is a step function of system time: the clock of its latest record at or
// before t. The leader L(t) is the largest clock among the machines running at t (start record seen, stop record
// not yet). The drift of m at t is L(t) - C_m(t), over m's lifetime: from the start of its tick schedule (t0, tick k
// due at t0 + k/rate, read from its first tick) to its last record (its stop record, or the last record before it
// died; per incarnation when it was restarted). The wait between a start record and t0 (connecting to every peer, all
// clocks at 0 on a first start) is not part of it: it lasts as long as the start order makes it (seconds under a
// long stagger) and would pull a machine's mean towards 0 by that much; the simulator's schedules start at their start
// records, and with the same events a real run's figures equal a simulated one's.
// "Sampled" continuously: `max` is the largest drift at any instant of the lifetime, `mean` the time-weighted mean
// (integral of the drift over the lifetime divided by its length). No sampling period to choose, and it costs O(1)
// per record: the integral of L is kept globally and each machine settles its share when its own clock changes,
// since its drift can only grow between its own events (L does not fall while nobody stops).
// Only a machine's next record shows that it was still running since its previous one, so what is settled between
// its records (when another machine stops) is kept pending and joins its figures at its next record: a machine that
// died (no stop record) gets no drift after its last record, and a restarted one none for the time it was dead; it
// counts again from its new start record. (Its last clock still counts for the leader while it is dead, as nothing
// in the logs says when it died: the leader can only be too high while that clock is above every running machine's.)
// Records that share a millisecond count as simultaneous: the drift just before them uses L as it was before that
// millisecond, so the order in which equal-time records are read does not change the figures.
// The leader's integral is an ExactSum: with clocks near 2^52 (the largest a frame may carry) it passes 2^53 within
// a few ms, and a plain double would lose the units that the drift is the difference of.
import { ExactSum } from './exact-sum.js';

export class DriftClock {
  clock = 0;
  live = false;
  started = false;
  /** Time of the last settle, and the leader integral then. */
  since = 0;
  readonly integralAtSince = new ExactSum();
  /** Integral of the drift over the lifetime so far (clock units x ms), and the lifetime so far (ms). */
  integral = 0;
  lifetimeMs = 0;
  max = 0;
  /** Settled since the machine's latest record: joins the figures above at its next record, dropped if none comes. */
  pendingIntegral = 0;
  pendingMs = 0;
  pendingMax = 0;
  /** How far behind the leading running clock it was right after its latest record. */
  behindAtLast = 0;
  /** Started (a start record) but its tick schedule not yet: its lifetime has not begun. */
  waiting = false;
  /** When it started waiting (its start record). */
  waitFrom = 0;

  /** Time-weighted mean drift over the lifetime so far (0 for an empty lifetime). */
  get mean(): number {
    return this.lifetimeMs > 0 ? this.integral / this.lifetimeMs : 0;
  }
}

export class DriftTracker {
  private now = -Infinity;
  private leader = 0;
  /** The leader as it was just before the current millisecond. */
  private leaderBefore = 0;
  /** Integral of L(t) from the first record to `now`. */
  private readonly leaderIntegral = new ExactSum();
  private readonly running: DriftClock[] = [];
  /** Machines waiting for their tick schedule to start, and the leader's history since the earliest began waiting. */
  private waiting = 0;
  private readonly history: { from: number; integral: ExactSum; leader: number }[] = [];

  /** Moves system time to `time` (a time earlier than now counts as now) and returns the time in effect. */
  at(time: number): number {
    if (!(time > this.now)) return this.now;
    if (this.waiting > 0 && this.now !== -Infinity) this.history.push({ from: this.now, integral: new ExactSum().copy(this.leaderIntegral), leader: this.leader });
    if (this.now !== -Infinity) this.leaderIntegral.addProduct(this.leader, time - this.now);
    this.leaderBefore = this.leader;
    this.now = time;
    return time;
  }

  /**
   * For a time since the earliest waiting machine's start: sets `integral` to the integral of L from the first record
   * to `time`, and returns the largest L between `time` and now (the records of now excluded, as for the drift just
   * before them).
   */
  private leaderSince(time: number, integral: ExactSum): number {
    let max = 0;
    let end = this.now;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const segment = this.history[i]!;
      if (end > time && segment.leader > max) max = segment.leader;
      if (segment.from <= time || i === 0) {
        integral.copy(segment.integral).addProduct(segment.leader, time - segment.from);
        return max;
      }
      end = segment.from;
    }
    integral.copy(this.leaderIntegral);
    return max;
  }

  /** Accounts for m's drift from its last settle up to now, as pending until m's next record. */
  private settle(m: DriftClock): void {
    if (m.waiting) return;
    const dt = this.now - m.since;
    if (dt > 0) {
      // Never negative (m runs, so the leader is at least its clock): the max guards the last bit of rounding.
      m.pendingIntegral += Math.max(0, this.leaderIntegral.minus(m.integralAtSince, m.clock, dt));
      m.pendingMs += dt;
      const before = this.leaderBefore - m.clock;
      if (before > m.pendingMax) m.pendingMax = before;
    }
    m.since = this.now;
    m.integralAtSince.copy(this.leaderIntegral);
  }

  /** A record of m now: it was running since its previous record, so the pending drift joins its figures. */
  private confirm(m: DriftClock): void {
    if (m.waiting) return;
    this.settle(m);
    m.integral += m.pendingIntegral;
    m.lifetimeMs += m.pendingMs;
    if (m.pendingMax > m.max) m.max = m.pendingMax;
    this.dropPending(m);
  }

  private dropPending(m: DriftClock): void {
    m.pendingIntegral = 0;
    m.pendingMs = 0;
    m.pendingMax = 0;
  }

  /** m is `behind` the leader now, right after one of its records. */
  private behind(m: DriftClock, behind: number): void {
    if (behind > m.max) m.max = behind;
    m.behindAtLast = behind;
  }

  private recomputeLeader(): void {
    let leader = 0;
    for (const m of this.running) if (m.clock > leader) leader = m.clock;
    this.leader = leader;
  }

  /**
   * A start record: m runs from now with clock 0. A restart (m already running: it crashed without a stop record)
   * resets its clock, and the time it was dead, from its last record to now, is left out of its lifetime.
   */
  start(m: DriftClock): void {
    if (m.live) {
      for (const other of this.running) if (other !== m) this.settle(other);
      this.dropPending(m);
      m.clock = 0;
      this.wait(m);
      this.recomputeLeader();
      this.behind(m, this.leader);
      return;
    }
    m.live = true;
    m.started = true;
    m.clock = 0;
    this.dropPending(m);
    this.wait(m);
    this.running.push(m);
    this.behind(m, this.leader - m.clock);
  }

  /** m waits from now for its tick schedule to start (see tick): its lifetime begins then. */
  private wait(m: DriftClock): void {
    if (!m.waiting) this.waiting++;
    m.waiting = true;
    m.waitFrom = this.now;
  }

  /** m's tick schedule started at `t0` (at or before now): its lifetime begins there, with clock 0 until now. */
  private beginLifetime(m: DriftClock, t0: number): void {
    // Log times are whole milliseconds: a schedule placed within 1 ms of the start record began with it.
    const from = t0 - m.waitFrom < 1 ? m.waitFrom : Math.min(t0, this.now);
    const max = this.leaderSince(from, m.integralAtSince);
    m.since = from;
    // Its clock was 0 from then to now: the settle at its record (now) adds the integral, this the largest drift.
    m.pendingMax = max;
    m.waiting = false;
    if (--this.waiting === 0) this.history.length = 0;
  }

  /**
   * A tick of m now, its clock `clock`; `t0` is when its tick schedule started (tick k due at t0 + k/rate, from this
   * tick's number and the rate), used on the first tick after a start record.
   */
  tick(m: DriftClock, clock: number, t0: number): void {
    if (!m.started) this.start(m);
    if (m.waiting) this.beginLifetime(m, t0);
    this.update(m, clock);
  }

  /** m's clock became `clock` now (a machine with no start record starts at its first record; after its stop it no longer counts). */
  update(m: DriftClock, clock: number): void {
    if (!m.started) this.start(m);
    if (!m.live) {
      m.clock = clock;
      return;
    }
    this.confirm(m);
    const previous = m.clock;
    m.clock = clock;
    if (clock > this.leader) this.leader = clock;
    else if (clock < previous && previous === this.leader) this.recomputeLeader();
    this.behind(m, this.leader - clock);
  }

  /**
   * A record of m that does not change its clock (a warning, a connection): it shows m was still running, so its
   * pending drift counts, and its lag is taken again (a crashed machine's `behind` is its lag at its last record).
   */
  seen(m: DriftClock): void {
    if (!m.live) return;
    this.confirm(m);
    m.behindAtLast = this.leader - m.clock;
  }

  /** m's stop record: its lifetime ends now and it no longer counts for the leader. */
  stop(m: DriftClock): void {
    if (!m.live) return;
    for (const other of this.running) this.settle(other);
    this.confirm(m);
    if (m.waiting && --this.waiting === 0) this.history.length = 0;
    m.waiting = false;
    m.live = false;
    this.running.splice(this.running.indexOf(m), 1);
    this.recomputeLeader();
  }
}
