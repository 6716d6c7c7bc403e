// The disk guard of a sweep that keeps logs: its estimate against the bytes the runs really write, sampled or not.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGrid, type ExpandedGrid } from '../../../src/sweep/grid.js';
import { estimateSweepLogBytes } from '../../../src/sweep/log-guard.js';
import { runPoint, runFolderName } from '../../../src/sweep/run-point.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';
import { locateRun } from '../../../src/sweep/worker-protocol.js';

describe('sweep log guard', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweep-size-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs every run of the grid into `dir` as the workers do, and returns the bytes and entries written. */
  function runAll(grid: ExpandedGrid): { bytes: number; files: number } {
    let bytes = 0;
    let files = 0;
    for (let run = 0; run < grid.runCount; run++) {
      const { point, seedIndex } = locateRun(run, grid.seeds.length);
      runPoint(grid.points[point]!, grid.seeds[seedIndex]!, run, dir);
      const folder = runFolderName(dir, run);
      const names = readdirSync(folder);
      files += names.length + 1;
      for (const f of names) bytes += statSync(join(folder, f)).size;
    }
    return { bytes, files };
  }

  it.each<[string, object, number]>([
    ['rate vectors, both probabilities, every point sampled', { seeds: 3, grid: { rates: [[1, 3, 6], [2, 2], [5, 1, 1, 4]], internalProbability: [0.2, 0.9], durationSeconds: [30, 300] } }, 0.03],
    ['seeded rates (counted as the seeds draw them)', { seeds: 20, grid: { machines: [2, 4], rateRange: [[1, 6]], durationSeconds: 60 } }, 0.03],
    [
      'a grid of 180 points, 64 of them sampled, durations of 2 and 4 digits alternating',
      { seeds: 1, grid: { machines: [2, 3, 6], internalProbability: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], delayMs: [[1, 1], [0, 20], [5, 50]], durationSeconds: [10, 1000] } },
      0.05,
    ],
  ])('estimates the logs of %s', (_, raw, within) => {
    const grid = expandGrid(parseSweepSpec(raw));
    const estimate = estimateSweepLogBytes(grid);
    expect(estimate.sampledPoints).toBe(Math.min(grid.points.length, 64));
    const actual = runAll(grid);
    expect(estimate.files).toBe(actual.files);
    expect(Math.abs(estimate.bytes - actual.bytes) / actual.bytes).toBeLessThan(within);
  });

  it('samples at most 64 points spread over the grid, plus machine counts they missed, and loops over points, never runs', () => {
    // 2 x 1000 x 2 points and ten million runs: sampled, not run.
    const grid = expandGrid(parseSweepSpec({ seeds: 2500, logs: true, grid: { machines: [3, 40], internalProbability: Array.from({ length: 1000 }, (_, i) => i / 999), durationSeconds: [10, 20] } }));
    expect(grid.runCount).toBe(10_000_000);
    const estimate = estimateSweepLogBytes(grid);
    expect(estimate.sampledPoints).toBe(64);
    expect(estimate.files).toBe(2500 * 2000 * (2 * 3 + 2) + 2500 * 2000 * (2 * 40 + 2));
    // A machine count that none of the 64 spread points has gets a sample of its own: the 3 machines of point 50 of 101.
    const pairs = (from: number) => Array.from({ length: 50 }, (_, i) => [1, from + i / 10]);
    const odd = expandGrid(parseSweepSpec({ seeds: 1, grid: { rates: [...pairs(2), [1, 2, 3], ...pairs(8)] } }));
    expect(odd.points[50]!.params.machines).toBe(3);
    expect(estimateSweepLogBytes(odd).sampledPoints).toBe(65);
  });
});
