// The tick schedule against absolute time, and seeded rates and draws.
import { tickDueAt, ticksDueBy } from '../../src/core/schedule.js';
import { createDrawSource, seededRate } from '../../src/core/random.js';

describe('tick schedule', () => {
  test('tick k is due at t0 + k / rate, so no drift accumulates', () => {
    expect(tickDueAt(1000, 4, 1)).toBe(1250);
    expect(tickDueAt(1000, 4, 240)).toBe(61000);
    expect(tickDueAt(0, 3.48, 348)).toBeCloseTo(100000, 6);
  });

  test('ticksDueBy counts every tick whose time has come, exactly at the boundaries', () => {
    expect(ticksDueBy(1000, 4, 999)).toBe(0);
    expect(ticksDueBy(1000, 4, 1249.999)).toBe(0);
    expect(ticksDueBy(1000, 4, 1250)).toBe(1);
    expect(ticksDueBy(1000, 4, 61000)).toBe(240);
    for (const rate of [1, 3, 3.48, 6, 1000, 5000]) {
      for (let k = 1; k < 2000; k += 37) expect(ticksDueBy(12.5, rate, tickDueAt(12.5, rate, k))).toBe(k);
    }
  });
});

describe('seeded randomness', () => {
  test('the same seed and machine give the same draws; another machine or seed other draws', () => {
    const a = createDrawSource(42, 1);
    const b = createDrawSource(42, 1);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    const other = createDrawSource(42, 2);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(seqA);
    const reseeded = createDrawSource(43, 1);
    expect(Array.from({ length: 5 }, () => reseeded.next())).not.toEqual(seqA);
    for (const d of seqA) expect(d >= 0 && d < 1).toBe(true);
  });

  test('seeded rates are whole numbers in the range, stable per seed and machine', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const r = seededRate(seed, 1, [1, 6]);
      expect(Number.isInteger(r) && r >= 1 && r <= 6).toBe(true);
      expect(seededRate(seed, 1, [1, 6])).toBe(r);
      seen.add(r);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
