// Tick lateness statistics for the stop record: fixed buckets (0.05 ms up to 1 s, then 1% wide), so memory stays flat.

const FINE_MS = 0.05;
const FINE_BUCKETS = 20_000; // 0.05 ms each: 0 to 1 s
const FINE_END_MS = FINE_MS * FINE_BUCKETS;
const COARSE_GROWTH = 1.01; // above 1 s each bucket is 1% wider than the one before
const COARSE_BUCKETS = 2_400; // 1 s x 1.01^2400: beyond a year; later lateness lands in the last bucket
const LOG_GROWTH = Math.log(COARSE_GROWTH);

/** The bucket of a lateness (ms, not negative). */
function bucketOf(lag: number): number {
  if (lag < FINE_END_MS) return Math.floor(lag / FINE_MS);
  return FINE_BUCKETS + Math.min(COARSE_BUCKETS - 1, Math.floor(Math.log(lag / FINE_END_MS) / LOG_GROWTH));
}

/** The upper edge of a bucket, in ms. */
function upperEdge(bucket: number): number {
  if (bucket < FINE_BUCKETS) return (bucket + 1) * FINE_MS;
  if (bucket === FINE_BUCKETS + COARSE_BUCKETS - 1) return Infinity; // the last bucket is open: the max bounds it
  return FINE_END_MS * COARSE_GROWTH ** (bucket - FINE_BUCKETS + 1);
}

export class LagHistogram {
  private readonly counts = new Uint32Array(FINE_BUCKETS + COARSE_BUCKETS);
  private total = 0;
  max = 0;

  add(lagMs: number): void {
    const lag = lagMs > 0 ? lagMs : 0;
    this.counts[bucketOf(lag)]!++;
    this.total++;
    if (lag > this.max) this.max = lag;
  }

  get count(): number {
    return this.total;
  }

  /** The q-quantile (0..1) in ms, to bucket precision (the bucket's upper edge, never above the max); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, upperEdge(i));
    }
    return this.max;
  }
}
