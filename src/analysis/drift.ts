// Drift: how far a machine's Lamport clock is behind the leading machine's clock, measured exactly over system time.
//
// Definition. Each machine's clock C_m(t) is a step function of system time: the clock of its latest record at or
// before t. The leader L(t) is the largest clock among the machines running at t (start record seen, stop record
// not yet). The drift of m at t is L(t) - C_m(t), over m's lifetime: from its start record to its last record.
// "Sampled" continuously: `max` is the largest drift at any instant of the lifetime, `mean` the time-weighted mean
// (integral of the drift over the lifetime divided by its length). No sampling period to choose, and it costs O(1)
// per record: the integral of L is kept globally and each machine settles its share when its own clock changes,
// since its drift can only grow between its own events (L does not fall while nobody stops).
// A machine that crashed and restarted counts from its new start record again; its dead time is not in its lifetime
// (but its last clock still counted for the leader while it was dead, as nothing in the logs says when it died).
// Records that share a millisecond count as simultaneous: the drift just before them uses L as it was before that
// millisecond, so the order in which equal-time records are read does not change the figures.

export class DriftClock {
  clock = 0;
  live = false;
  started = false;
  /** Time of the last settle, and the leader integral then. */
  since = 0;
  integralAtSince = 0;
  /** Integral of the drift over the lifetime so far (clock units x ms), and the lifetime so far (ms). */
  integral = 0;
  lifetimeMs = 0;
  max = 0;

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
  private leaderIntegral = 0;
  private readonly running: DriftClock[] = [];

  /** Moves system time to `time` (a time earlier than now counts as now) and returns the time in effect. */
  at(time: number): number {
    if (!(time > this.now)) return this.now;
    if (this.now !== -Infinity) this.leaderIntegral += this.leader * (time - this.now);
    this.leaderBefore = this.leader;
    this.now = time;
    return time;
  }

  /** Accounts for m's drift from its last settle up to now. */
  private settle(m: DriftClock): void {
    const dt = this.now - m.since;
    if (dt > 0) {
      m.integral += this.leaderIntegral - m.integralAtSince - m.clock * dt;
      m.lifetimeMs += dt;
      const before = this.leaderBefore - m.clock;
      if (before > m.max) m.max = before;
    }
    m.since = this.now;
    m.integralAtSince = this.leaderIntegral;
  }

  private recomputeLeader(): void {
    let leader = 0;
    for (const m of this.running) if (m.clock > leader) leader = m.clock;
    this.leader = leader;
  }

  /**
   * A start record: m runs from now with clock 0. A restart (m already running: it crashed without a stop record)
   * resets its clock, and the time it was dead, from its last clock change to now, is left out of its lifetime.
   */
  start(m: DriftClock): void {
    if (m.live) {
      for (const other of this.running) if (other !== m) this.settle(other);
      m.clock = 0;
      m.since = this.now;
      m.integralAtSince = this.leaderIntegral;
      this.recomputeLeader();
      const behind = this.leader;
      if (behind > m.max) m.max = behind;
      return;
    }
    m.live = true;
    m.started = true;
    m.clock = 0;
    m.since = this.now;
    m.integralAtSince = this.leaderIntegral;
    this.running.push(m);
    const behind = this.leader - m.clock;
    if (behind > m.max) m.max = behind;
  }

  /** m's clock became `clock` now (a machine with no start record starts at its first record; after its stop it no longer counts). */
  update(m: DriftClock, clock: number): void {
    if (!m.started) this.start(m);
    if (!m.live) {
      m.clock = clock;
      return;
    }
    this.settle(m);
    const previous = m.clock;
    m.clock = clock;
    if (clock > this.leader) this.leader = clock;
    else if (clock < previous && previous === this.leader) this.recomputeLeader();
    const behind = this.leader - clock;
    if (behind > m.max) m.max = behind;
  }

  /** m's stop record: its lifetime ends now and it no longer counts for the leader. */
  stop(m: DriftClock): void {
    if (!m.live) return;
    for (const other of this.running) this.settle(other);
    m.live = false;
    this.running.splice(this.running.indexOf(m), 1);
    this.recomputeLeader();
  }
}
