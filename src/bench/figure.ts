// A benchmark figure: the median of several runs with their min and max, or the reason it was not measured.

export interface Figure {
  /** The median rounded for reading (`digits` decimals). */
  median: number;
  /**
   * The median to 9 decimals: what a goal is judged on, so that 1.9996 is under 2 although it reads 2 (9 decimals drop
   * only float noise such as (0.1 + 0.2) x 100 / 3). Absent from results written before it was added: judge on `median` then.
   */
  medianExact?: number;
  min: number;
  max: number;
  /** Every run's value, in run order. */
  runs: number[];
}

export interface NotMeasured {
  notMeasured: string;
}

export const notMeasured = (reason: string): NotMeasured => ({ notMeasured: reason });

export function isFigure(value: unknown): value is Figure {
  return typeof value === 'object' && value !== null && typeof (value as Figure).median === 'number' && Array.isArray((value as Figure).runs);
}

/** The median (mean of the middle two for an even count) of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Summarises one value per run; values are rounded to `digits` decimals, and the median is also kept to 9. */
export function figure(runs: readonly number[], digits = 3): Figure {
  if (runs.length === 0) throw new Error('a figure needs at least one run');
  const rounded = runs.map((v) => round(v, digits));
  const mid = median(runs);
  return { median: round(mid, digits), medianExact: round(mid, 9), min: Math.min(...rounded), max: Math.max(...rounded), runs: rounded };
}

/** The value a goal is judged on: the median to 9 decimals, or the rounded one in results that lack it. */
export const judgedMedian = (f: Figure): number => f.medianExact ?? f.median;

/** The largest value of a non-empty list. */
export const maxOf = (values: readonly number[]): number => values.reduce((a, b) => (b > a ? b : a), -Infinity);
