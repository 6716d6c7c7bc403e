// A figure's sum, extremes and spread over a sweep's runs, taken one value at a time.

/** Sum, extremes and spread of a metric's values, taken one at a time (Welford's method: no list of values kept). */
export class RunningStats {
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Sum of squared differences from the running mean. */
  m2 = 0;
  private n = 0;
  private mean = 0;

  /** Values added so far. */
  get count(): number {
    return this.n;
  }

  add(x: number): void {
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
}
