// How fast a machine's queue grows: the least-squares slope of its queue after each tick against time, kept as sums.

/**
 * A straight line fitted through (time, queue) points as they come, in O(1) memory: Welford's running means, with the
 * co-moment and the time's second moment (no sums of squares that cancel on long runs).
 */
export class QueueTrend {
  private origin = 0;
  private n = 0;
  private meanT = 0;
  private meanQ = 0;
  /** Sum of (t - mean t)^2 and of (t - mean t)(q - mean q). */
  private m2t = 0;
  private cotq = 0;

  /** Forgets every point: a new incarnation's queue starts empty. */
  reset(): void {
    this.n = this.meanT = this.meanQ = this.m2t = this.cotq = 0;
  }

  /** One tick's queue, at `timeMs` (epoch ms; in any order: the fit does not depend on it). */
  add(timeMs: number, queue: number): void {
    if (this.n === 0) this.origin = timeMs;
    const t = (timeMs - this.origin) / 1000;
    this.n++;
    const dt = t - this.meanT;
    this.meanT += dt / this.n;
    this.meanQ += (queue - this.meanQ) / this.n;
    this.m2t += dt * (t - this.meanT);
    this.cotq += dt * (queue - this.meanQ);
  }

  /** Messages per second the queue gained (below 0: lost) over the points; null under two points or with no time between them. */
  slope(): number | null {
    return this.n < 2 || this.m2t === 0 ? null : this.cotq / this.m2t;
  }
}
