// Tick lateness statistics for the stop record: a fixed-bucket histogram (0.05 ms buckets up to 1 s), so memory stays flat.

const BUCKET_MS = 0.05;
const BUCKETS = 20_000;

export class LagHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private total = 0;
  max = 0;

  add(lagMs: number): void {
    const lag = lagMs > 0 ? lagMs : 0;
    this.counts[Math.min(BUCKETS, Math.floor(lag / BUCKET_MS))]!++;
    this.total++;
    if (lag > this.max) this.max = lag;
  }

  get count(): number {
    return this.total;
  }

  /** The q-quantile (0..1) in ms, to bucket precision (upper edge of the bucket); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i === BUCKETS ? this.max : Math.min(this.max, (i + 1) * BUCKET_MS);
    }
    return this.max;
  }
}
