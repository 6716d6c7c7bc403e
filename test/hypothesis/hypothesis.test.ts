// The hypothesis arithmetic, and a small study whose measured thresholds land next to the predicted ones.
import { arrivalRate, predictedGrowth, predictedThreshold } from '../../src/hypothesis/theory.js';
import { runStudy, thresholds } from '../../src/hypothesis/study.js';

describe('theory', () => {
  test('2 machines: the slow queue stops draining at 1 / (1 - p); 10/3 for the exercise', () => {
    expect(predictedThreshold(2, 0.7)).toBeCloseTo(10 / 3, 9);
    expect(predictedThreshold(2, 0.5)).toBeCloseTo(2, 9);
    expect(arrivalRate(2, 4, 0.7)).toBeCloseTo(1.2, 9);
    expect(predictedGrowth(2, 1, 4, 0.7)).toBeCloseTo(0.2, 9);
    expect(predictedGrowth(2, 1, 3, 0.7)).toBe(0);
    expect(predictedThreshold(2, 1)).toBe(Infinity);
  });

  test('3 machines (s, f, f): (3 + 2(1 - p)) / (4(1 - p)); 3.0 for the exercise', () => {
    expect(predictedThreshold(3, 0.7)).toBeCloseTo(3, 9);
    expect(predictedThreshold(3, 0.5)).toBeCloseTo(2, 9);
    // At the threshold the arrivals equal the slow machine's ticks.
    for (const p of [0.3, 0.5, 0.7, 0.8]) expect(arrivalRate(3, predictedThreshold(3, p), p)).toBeCloseTo(1, 9);
  });
});

describe('study', () => {
  test('measured thresholds of a small study fall within 0.3 of the prediction', () => {
    const points = runStudy({ machineCounts: [2, 3], internalProbabilities: [0.5, 0.7], ratios: [1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8], seeds: 4, durationSeconds: 300 });
    expect(points).toHaveLength(40);
    const limits = thresholds(points);
    expect(limits.map((t) => [t.machines, t.internalProbability])).toEqual([[2, 0.5], [2, 0.7], [3, 0.5], [3, 0.7]]);
    for (const t of limits) expect(Math.abs(t.measured! - t.predicted)).toBeLessThan(0.3);
    // Well below the threshold every queue drains; well above, none does.
    expect(points.filter((p) => p.ratio <= 1.5).every((p) => p.notDraining === 0)).toBe(true);
    expect(points.filter((p) => p.ratio >= 6).every((p) => p.notDraining === 1)).toBe(true);
  });
});
