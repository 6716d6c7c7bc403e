// Tick lateness quantiles from the fixed-bucket histogram.
import { LagHistogram } from '../../src/runtime/lag-histogram.js';

test('quantiles to bucket precision, max exact, negative lateness counts as on time', () => {
  const h = new LagHistogram();
  expect(h.quantile(0.99)).toBe(0);
  for (let i = 0; i < 98; i++) h.add(0.01);
  h.add(-3);
  h.add(12.345);
  expect(h.count).toBe(100);
  expect(h.quantile(0.5)).toBeCloseTo(0.05, 9);
  expect(h.quantile(0.99)).toBeCloseTo(0.05, 9);
  expect(h.quantile(1)).toBeCloseTo(12.345, 9);
  expect(h.max).toBe(12.345);
  h.add(5000);
  expect(h.quantile(1)).toBe(5000);
});

test('above 1 s, quantiles stay within 1% of the lateness instead of reading the max', () => {
  const h = new LagHistogram();
  // A machine far behind: lateness grows from 1.5 s to about 3 s, as at a rate it cannot keep.
  for (let i = 0; i < 1000; i++) h.add(1500 + i * 1.5);
  h.add(3_000_000);
  expect(h.max).toBe(3_000_000);
  const p50 = h.quantile(0.5);
  expect(p50).toBeGreaterThanOrEqual(2248.5);
  expect(p50).toBeLessThanOrEqual(2248.5 * 1.01);
  const p99 = h.quantile(0.99);
  expect(p99).toBeGreaterThanOrEqual(2983.5);
  expect(p99).toBeLessThanOrEqual(2983.5 * 1.01);
  // Lateness beyond the last bucket still counts, and the max stays exact.
  h.add(1e15);
  expect(h.count).toBe(1002);
  expect(h.quantile(1)).toBe(1e15);
});
