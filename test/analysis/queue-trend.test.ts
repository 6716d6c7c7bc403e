// The queue growth figure: a least-squares slope, in messages per second, that tells a growing queue from a steady one.
import { QueueTrend } from '../../src/analysis/queue-trend.js';

const EPOCH = Date.parse('2026-01-01T00:00:00.000Z');

function slopeOf(points: [seconds: number, queue: number][]): number | null {
  const trend = new QueueTrend();
  for (const [s, q] of points) trend.add(EPOCH + s * 1000, q);
  return trend.slope();
}

describe('QueueTrend', () => {
  it('reads the rate of a queue that grows steadily, and about 0 for one that holds steady at any length', () => {
    expect(slopeOf(Array.from({ length: 61 }, (_, s) => [s, 2 * s]))).toBeCloseTo(2, 10);
    // 40 messages held throughout and 40 reached at a steady 2/3 a second end the same: their trends do not.
    expect(slopeOf(Array.from({ length: 61 }, (_, s) => [s, 40]))).toBe(0);
    expect(slopeOf(Array.from({ length: 61 }, (_, s) => [s, s % 2]))).toBeCloseTo(0, 2);
    expect(slopeOf([[0, 10], [1, 8], [2, 6], [3, 4]])).toBeCloseTo(-2, 10);
  });

  it('matches the textbook formula on uneven points', () => {
    const points: [number, number][] = [[0.1, 3], [0.35, 1], [1.2, 4], [2.05, 4], [2.5, 7]];
    const n = points.length;
    const mt = points.reduce((a, [t]) => a + t, 0) / n;
    const mq = points.reduce((a, [, q]) => a + q, 0) / n;
    const expected = points.reduce((a, [t, q]) => a + (t - mt) * (q - mq), 0) / points.reduce((a, [t]) => a + (t - mt) ** 2, 0);
    expect(slopeOf(points)).toBeCloseTo(expected, 10);
  });

  it('does not depend on the order of the points', () => {
    const points: [number, number][] = [[0, 1], [1, 4], [2, 4], [3, 9]];
    expect(slopeOf([...points].reverse())).toBeCloseTo(slopeOf(points)!, 10);
  });

  it('gives null under two points or with no time between them, and forgets its points on reset', () => {
    expect(slopeOf([])).toBeNull();
    expect(slopeOf([[5, 3]])).toBeNull();
    expect(slopeOf([[5, 3], [5, 9]])).toBeNull();
    const trend = new QueueTrend();
    for (let s = 0; s < 10; s++) trend.add(EPOCH + s * 1000, 5 * s);
    trend.reset();
    trend.add(EPOCH + 20_000, 0);
    expect(trend.slope()).toBeNull();
    trend.add(EPOCH + 22_000, 1);
    expect(trend.slope()).toBeCloseTo(0.5, 10);
  });

  it('stays exact over a day of ticks at 100 a second (no sums of squares that cancel)', () => {
    const trend = new QueueTrend();
    for (let k = 0; k < 86_400_000; k += 10) trend.add(EPOCH + k, 7 + 0.25 * (k / 1000));
    expect(trend.slope()).toBeCloseTo(0.25, 9);
  });
});
