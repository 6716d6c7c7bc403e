// The hypothesis arithmetic, a small study whose measured thresholds land next to the predicted ones, and thresholds.md.
import { arrivalRate, predictedGrowth, predictedThreshold } from '../../src/hypothesis/theory.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_STUDY, QUICK_STUDY, runStudy, thresholds, type StudyOptions, type StudyPoint } from '../../src/hypothesis/study.js';
import { ratiosText, thresholdsMarkdown } from '../../src/hypothesis/thresholds-markdown.js';
import { fromRoot } from '../helpers/repo.js';

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
    // Each point's spread over its seeds brackets its mean; a clearly overloaded point's seeds differ.
    for (const p of points) {
      expect(p.growthMin).toBeLessThanOrEqual(p.growth);
      expect(p.growthMax).toBeGreaterThanOrEqual(p.growth);
      expect(p.maxQueueMax).toBeGreaterThanOrEqual(p.maxQueue);
      expect(p.growthSd).toBeGreaterThanOrEqual(0);
    }
    expect(points.filter((p) => p.ratio === 8).every((p) => p.growthSd > 0 && p.growthMax > p.growthMin)).toBe(true);
  });
});

describe('thresholds.md', () => {
  const limits = [{ machines: 2 as const, internalProbability: 0.7, predicted: 3.333, measured: 3.325, firstNotDraining: 3.5 }, { machines: 3 as const, internalProbability: 0.5, predicted: 2, measured: null, firstNotDraining: null }];

  test('states the seeds, the fixed 1 ms delay and the grid the study ran, and defines each figure', () => {
    const md = thresholdsMarkdown(DEFAULT_STUDY, limits);
    expect(md).toContain('| 2 | 0.7 | 3.333 | 3.325 | 3.5 |\n| 3 | 0.5 | 2 | - | - |\n');
    expect(md).toContain('(machines 2 or 3; internal probability 0.5, 0.7, 0.8; ratio 1 to 10 in steps of 0.25) is simulated with seeds 1 to 20');
    expect(md).toContain('Every link delays a message by exactly 1 ms.');
    for (const term of ['**growth**', '**predicted ratio**', '**measured ratio (fit)**', '**not draining**']) expect(md).toContain(term);
    expect(thresholdsMarkdown(QUICK_STUDY, limits)).toContain('ratio 1, 2, 3, 4, 5, 6, 8, 10) is simulated with seeds 1 to 3');
  });

  test('the published thresholds.md is what the published points.json gives', () => {
    const { options, points } = JSON.parse(readFileSync(fromRoot('experiments', 'hypothesis', 'points.json'), 'utf8')) as { options: StudyOptions; points: StudyPoint[] };
    expect(readFileSync(fromRoot('experiments', 'hypothesis', 'thresholds.md'), 'utf8')).toBe(thresholdsMarkdown(options, thresholds(points)));
  });

  test.each([
    [[1, 1.25, 1.5], '1 to 1.5 in steps of 0.25'],
    [[1, 2, 4], '1, 2, 4'],
    [[2, 3], '2, 3'],
    [[5], '5'],
  ])('ratios %j read "%s"', (ratios, text) => expect(ratiosText(ratios)).toBe(text));
});
