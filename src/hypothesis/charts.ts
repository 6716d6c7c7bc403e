// Charts of the hypothesis study (vega-lite specs): queue growth against rate ratio, measured and predicted, and thresholds.
import type { TopLevelSpec } from 'vega-lite';
import type { StudyPoint, Threshold } from './study.js';

/** Mean growth of the slow machine's queue against the fast/slow ratio: measured points, predicted lines; one panel per machine count. */
export function growthChart(points: StudyPoint[]): TopLevelSpec {
  const rows = points.flatMap((p) => [
    { machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, growth: p.growth, kind: 'measured (mean of seeds)' },
    { machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, growth: p.predictedGrowth, kind: 'predicted' },
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
          mark: { type: 'line', strokeDash: [4, 3] },
          encoding: {
            x: { field: 'ratio', type: 'quantitative', title: 'fast / slow rate' },
            y: { field: 'growth', type: 'quantitative', title: 'slow queue growth (messages/s)' },
            color: { field: 'p', type: 'nominal', title: 'internal probability' },
          },
        },
        {
          transform: [{ filter: "datum.kind !== 'predicted'" }],
          mark: { type: 'point', filled: true, size: 22 },
          encoding: {
            x: { field: 'ratio', type: 'quantitative' },
            y: { field: 'growth', type: 'quantitative' },
            color: { field: 'p', type: 'nominal' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}

/** Share of seeds whose slow queue did not drain, against the ratio, with the predicted threshold as a rule. */
export function drainingChart(points: StudyPoint[], limits: Threshold[]): TopLevelSpec {
  const rows = [
    ...points.map((p) => ({ kind: 'measured', machines: `${p.machines} machines`, p: String(p.internalProbability), ratio: p.ratio, share: p.notDraining })),
    ...limits.map((t) => ({ kind: 'predicted', machines: `${t.machines} machines`, p: String(t.internalProbability), ratio: t.predicted, share: null })),
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
          mark: { type: 'rule', strokeDash: [4, 3] },
          encoding: { x: { field: 'ratio', type: 'quantitative' }, color: { field: 'p', type: 'nominal' } },
        },
      ],
    },
  } as TopLevelSpec;
}
