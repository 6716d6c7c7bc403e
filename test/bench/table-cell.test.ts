// A figure in a BENCHMARKS.md table: the median of the runs with their range, which must read right for negative values too.
import { cell } from '../../src/bench/markdown.js';
import type { Figure } from '../../src/bench/figure.js';

const figure = (runs: number[], median: number): Figure => ({ median, medianExact: median, min: Math.min(...runs), max: Math.max(...runs), runs });

describe('a table cell of the benchmark', () => {
  test('several runs: the median, then the lowest and highest run in parentheses', () => {
    expect(cell(figure([0.3, 0.1, 0.2], 0.2))).toBe('0.2 (0.1–0.3)');
  });

  test('a negative lowest run: "to" between them, since a dash before a minus sign reads as one', () => {
    expect(cell(figure([-0.014, -0.013, -0.012], -0.013))).toBe('-0.013 (-0.014 to -0.012)');
    expect(cell(figure([-0.5, 0, 0.5], 0))).toBe('0 (-0.5 to 0.5)');
  });

  test('one run: its value alone; not measured and absent figures in words', () => {
    expect(cell(figure([7], 7))).toBe('7');
    expect(cell({ notMeasured: 'skipped (--only)' })).toBe('not measured');
    expect(cell(undefined)).toBe('-');
  });
});
