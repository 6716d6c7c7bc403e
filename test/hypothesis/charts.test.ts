// The hypothesis study's charts: their legends say which marks are predicted and which measured.
import { renderSvg } from '../../src/analysis/render-chart.js';
import { drainingChart, growthChart } from '../../src/hypothesis/charts.js';
import type { StudyPoint } from '../../src/hypothesis/study.js';

const point = (ratio: number, growth: number, predictedGrowth: number): StudyPoint => ({
  machines: 2, internalProbability: 0.7, ratio, runs: 2, growth, predictedGrowth, endQueue: 0, maxQueue: 1, notDraining: growth > 0 ? 1 : 0,
  growthSd: growth / 4, growthMin: growth / 2, growthMax: growth * 1.5, maxQueueMax: 2,
});
const points = [point(1, 0, 0), point(2, 0, 0), point(4, 0.6, 0.5)];
const legend = (svg: string): string[] => [...svg.matchAll(/<g class="mark-text role-legend-label"[^>]*>(.*?)<\/g>/g)].flatMap((m) => [...m[1]!.matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]!));

describe('hypothesis charts', () => {
  test('growth: the dashed lines are in the legend as predicted, the points as measured', async () => {
    const svg = await renderSvg(growthChart(points));
    expect(legend(svg)).toEqual(expect.arrayContaining(['0.7', 'predicted', 'measured (mean of seeds; bar: least to largest)']));
    // Each measured point's bar spans its seeds' least to largest growth: at ratio 4, 0.3 to 0.9 messages/s.
    const bars = [...svg.matchAll(/<line aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="rule mark"/g)].map((m) => m[1]);
    expect(bars).toEqual(['ratio: 1; least: 0; largest: 0; p: 0.7', 'ratio: 2; least: 0; largest: 0; p: 0.7', 'ratio: 4; least: 0.3; largest: 0.9; p: 0.7']);
    // The predicted lines are the dashed ones.
    expect(svg).toMatch(/aria-roledescription="line mark"[^>]*stroke-dasharray="4,3"|stroke-dasharray="4,3"[^>]*aria-roledescription="line mark"/);
  });

  test('draining: the dashed rule is in the legend as the predicted threshold', async () => {
    const svg = await renderSvg(drainingChart(points, [{ machines: 2, internalProbability: 0.7, predicted: 3.3, measured: 3, firstNotDraining: 4 }]));
    expect(legend(svg)).toEqual(expect.arrayContaining(['0.7', 'predicted threshold']));
  });
});
