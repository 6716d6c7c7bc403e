// Runs the hypothesis study and writes points.csv, points.json, thresholds.json, thresholds.md and two SVG charts (nothing if stopped).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../analysis/render-chart.js';
import { drainingChart, growthChart } from './charts.js';
import { runStudyUntil, thresholds, type StudyOptions, type Threshold } from './study.js';
import { thresholdsMarkdown } from './thresholds-markdown.js';

export interface StudyFiles {
  dir: string;
  thresholds: Threshold[];
  runs: number;
}

export async function writeStudy(dir: string, options: StudyOptions, signal: AbortSignal = new AbortController().signal): Promise<StudyFiles | null> {
  const points = await runStudyUntil(options, signal);
  // Stopped (Ctrl+C) before its last point: the folder is left as it was.
  if (!points) return null;
  mkdirSync(dir, { recursive: true });
  const limits = thresholds(points);
  const columns = ['machines', 'internalProbability', 'ratio', 'runs', 'growth', 'predictedGrowth', 'endQueue', 'maxQueue', 'notDraining', 'growthSd', 'growthMin', 'growthMax', 'maxQueueMax'] as const;
  writeFileSync(join(dir, 'points.csv'), [columns.join(','), ...points.map((p) => columns.map((c) => p[c]).join(','))].join('\n') + '\n');
  writeFileSync(join(dir, 'points.json'), JSON.stringify({ options, points }, null, 1) + '\n');
  writeFileSync(join(dir, 'thresholds.json'), JSON.stringify(limits, null, 2) + '\n');
  writeFileSync(join(dir, 'thresholds.md'), thresholdsMarkdown(options, limits));
  writeFileSync(join(dir, 'growth.svg'), await renderSvg(growthChart(points)));
  writeFileSync(join(dir, 'draining.svg'), await renderSvg(drainingChart(points, limits)));
  return { dir, thresholds: limits, runs: points.length * options.seeds };
}
