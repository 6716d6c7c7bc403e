// The sweep report's charts: axis labels read as numbers people write (a metric 0 in every run reads 0, not 0.000000).
import { expandGrid } from '../../../src/sweep/grid.js';
import { sweepReportHtml } from '../../../src/sweep/report.js';
import { collectResults } from '../../../src/sweep/results.js';
import { runPoint } from '../../../src/sweep/run-point.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';

describe('sweep report', () => {
  test('no axis label with padded zeros when no message was refused', async () => {
    const spec = parseSweepSpec({ seeds: 2, grid: { internalProbability: [0.3, 0.6], durationSeconds: 5 } });
    const grid = expandGrid(spec);
    const rows = [0, 1, 2, 3].map((run) => runPoint(grid.points[Math.floor(run / 2)]!, grid.seeds[run % 2]!, run));
    const results = collectResults('axes', spec, grid, rows, false);
    expect(results.results.every((r) => r.refused === 0)).toBe(true);
    const html = await sweepReportHtml(results);
    const labels = [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(labels).toContain('0');
    expect(labels.filter((l) => /^-?\d+\.\d*0$/.test(l))).toEqual([]);
  });
});
