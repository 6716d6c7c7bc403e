// Counting structures with exact percentiles: a histogram of whole numbers and a growable list of numbers.

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function nearestRank(p: number, count: number): number {
  return Math.max(1, Math.ceil((p / 100) * count));
}

/** Summary of a distribution; every figure is null when there were no values. */
export interface Summary {
  count: number;
  mean: number | null;
  max: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const DENSE_LIMIT = 1 << 24;

/**
 * Counts of whole numbers: dense for 0 <= v < 2^24 (a growable typed array), a Map for anything else.
 * O(1) per add; percentiles and sorted entries walk the values once.
 */
export class IntHistogram {
  private dense = new Float64Array(64);
  private denseTop = -1;
  private readonly sparse = new Map<number, number>();
  count = 0;
  sum = 0;

  add(value: number, times = 1): void {
    this.count += times;
    this.sum += value * times;
    if (value >= 0 && value < DENSE_LIMIT && Number.isInteger(value)) {
      if (value >= this.dense.length) {
        let size = this.dense.length * 2;
        while (size <= value) size *= 2;
        const grown = new Float64Array(size);
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[value]! += times;
      if (value > this.denseTop) this.denseTop = value;
    } else {
      this.sparse.set(value, (this.sparse.get(value) ?? 0) + times);
    }
  }

  /** [value, count] pairs in ascending value order, values with a zero count left out. */
  *entries(): IterableIterator<[number, number]> {
    const sparse = [...this.sparse.entries()].sort((a, b) => a[0] - b[0]);
    let s = 0;
    while (s < sparse.length && sparse[s]![0] < 0) yield sparse[s++]!;
    for (let v = 0; v <= this.denseTop; v++) {
      const n = this.dense[v]!;
      if (n > 0) yield [v, n];
    }
    while (s < sparse.length) yield sparse[s++]!;
  }

  summary(): Summary {
    if (this.count === 0) return { count: 0, mean: null, max: null, p50: null, p95: null, p99: null };
    const ranks = [nearestRank(50, this.count), nearestRank(95, this.count), nearestRank(99, this.count)];
    const found: number[] = [];
    let seen = 0;
    let max = 0;
    for (const [value, n] of this.entries()) {
      seen += n;
      while (found.length < ranks.length && seen >= ranks[found.length]!) found.push(value);
      max = value;
    }
    return { count: this.count, mean: this.sum / this.count, max, p50: found[0]!, p95: found[1]!, p99: found[2]! };
  }
}

/** A growable list of numbers (a Float64Array underneath), summarised by sorting once. */
export class NumberList {
  private values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  summary(): Summary {
    const n = this.length;
    if (n === 0) return { count: 0, mean: null, max: null, p50: null, p95: null, p99: null };
    const sorted = this.values.slice(0, n).sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    const at = (p: number): number => sorted[nearestRank(p, n) - 1]!;
    return { count: n, mean: sum / n, max: sorted[n - 1]!, p50: at(50), p95: at(95), p99: at(99) };
  }
}
