// Standalone SVG charts of the experiments, for the lab notebook: per run clock, drift and queue against time, and across
// runs max queue against rate ratio (the second notebook's plot). Rendered by the analysis's vega-lite charts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis, RunAnalysis } from '../analysis/analyze.js';
import { crossRunChart, runCharts } from '../analysis/charts.js';
import { renderSvg } from '../analysis/render-chart.js';

const RUN_CHARTS = ['clock', 'drift', 'queue'] as const;

/** Writes clock.svg, drift.svg and queue.svg into the run folder. */
export async function writeRunCharts(run: RunAnalysis, dir: string): Promise<void> {
  const charts = runCharts(run);
  for (const [i, name] of RUN_CHARTS.entries()) {
    const chart = charts[i];
    if (chart) writeFileSync(join(dir, `${name}.svg`), await renderSvg(chart.spec));
  }
}

/** Writes max-queue-vs-rate-ratio.svg over every run into `root`. */
export async function writeCrossRunChart(analysis: Analysis, root: string): Promise<void> {
  writeFileSync(join(root, 'max-queue-vs-rate-ratio.svg'), await renderSvg(crossRunChart(analysis).spec));
}
