// Charts of the hypothesis study (vega-lite specs): queue growth against rate ratio, measured and predicted, and thresholds.
import type { TopLevelSpec } from 'vega-lite';
import type { StudyPoint, Threshold } from './study.js';

/** What the measured points and their bars are, in the legend. */
const MEASURED = 'measured (mean of seeds; bar: least to largest)';

/**
 * Mean growth of the slow machine's queue against the fast/slow ratio: measured points with a bar from the least seed's
 * growth to the largest's, predicted dashed lines (both in the legend); one panel per machine count.
 */
export function growthChart(points: StudyPoint[]): TopLevelSpec {
  const rows = points.flatMap((p) => [
    { machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, growth: p.growth, least: p.growthMin, largest: p.growthMax, kind: MEASURED, points: MEASURED },
    { machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, growth: p.predictedGrowth, kind: 'predicted', line: 'predicted' },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    facet: { column: { field: 'machines', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 220,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'predicted'" }],
          mark: { type: 'line' },
          encoding: {
            x: { field: 'ratio', type: 'quantitative', title: 'fast / slow rate' },
            y: { field: 'growth', type: 'quantitative', title: 'slow queue growth (messages/s)' },
            color: { field: 'p', type: 'nominal', title: 'internal probability' },
            // Dashed, with a legend entry that says so (the lines are the theory's prediction, the points measured).
            strokeDash: { field: 'line', type: 'nominal', title: null, scale: { domain: ['predicted'], range: [[4, 3]] }, legend: { symbolType: 'stroke', symbolStrokeColor: '#555' } },
          },
        },
        {
          // The seeds' spread: thin and faint, so that the means and the prediction stay readable through it.
          transform: [{ filter: "datum.kind !== 'predicted'" }],
          mark: { type: 'rule', strokeWidth: 1, opacity: 0.45 },
          encoding: {
            x: { field: 'ratio', type: 'quantitative' },
            y: { field: 'least', type: 'quantitative' },
            y2: { field: 'largest' },
            color: { field: 'p', type: 'nominal' },
          },
        },
        {
          transform: [{ filter: "datum.kind !== 'predicted'" }],
          mark: { type: 'point', filled: true, size: 22 },
          encoding: {
            x: { field: 'ratio', type: 'quantitative' },
            y: { field: 'growth', type: 'quantitative' },
            color: { field: 'p', type: 'nominal' },
            shape: { field: 'points', type: 'nominal', title: null, scale: { domain: [MEASURED], range: ['circle'] }, legend: { labelLimit: 400, symbolFillColor: '#555' } },
          },
        },
      ],
    },
  } as TopLevelSpec;
}

/** Share of seeds whose slow queue did not drain, against the ratio, with the predicted threshold as a dashed rule (in the legend). */
export function drainingChart(points: StudyPoint[], limits: Threshold[]): TopLevelSpec {
  const rows = [
    ...points.map((p) => ({ kind: 'measured', machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, share: p.notDraining })),
    ...limits.map((t) => ({ kind: 'predicted', machines: `${t.machines} machines`, p: String(t.internalProbability), ratio: t.predicted, share: null, line: 'predicted threshold' })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    facet: { column: { field: 'machines', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'ratio', type: 'quantitative', title: 'fast / slow rate' },
            y: { field: 'share', type: 'quantitative', title: 'share of seeds not draining', scale: { domain: [0, 1] } },
            color: { field: 'p', type: 'nominal', title: 'internal probability' },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'predicted'" }],
          mark: { type: 'rule' },
          encoding: {
            x: { field: 'ratio', type: 'quantitative' },
            color: { field: 'p', type: 'nominal' },
            strokeDash: { field: 'line', type: 'nominal', title: null, scale: { domain: ['predicted threshold'], range: [[4, 3]] }, legend: { symbolType: 'stroke', symbolStrokeColor: '#555', labelLimit: 300 } },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
