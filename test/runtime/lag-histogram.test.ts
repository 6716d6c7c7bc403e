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
