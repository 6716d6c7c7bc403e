// A sweep's results as data: rows in run order joined with their point's settings, per-point means, and the file texts.
import { compactJson } from './compact-json.js';
import type { ExpandedGrid, PointParams } from './grid.js';
import type { RunRow } from './run-point.js';
import { FAULT_METRICS, LATER_METRICS, METRIC_NAMES, type SweepMetrics } from './sweep-metrics.js';
import { round4 } from './round4.js';
import type { SweepSpec } from './spec.js';
import { toolNameVersion, type ToolVersion } from '../log/tool-version.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { storedSchedules } from './sweep-faults.js';
import { RunningStats } from './running-stats.js';
import type { MachineFigures } from './machine-figures.js';
import { pointMachineFigures, type PointMachineFigures } from './machine-points.js';

/** One run as a flat record: the point's settings, the run's own rates and ratio, and its metrics. */
export type ResultRow = { run: number; point: number; seed: number } & Omit<PointParams, 'rates'> & {
    /** The rate setting of the point: a vector such as `1/3/6`, or `seeded`. */
    pointRates: string;
    /** The rates this run used. */
    rates: string;
    rateRatio: number;
  } & SweepMetrics & {
    /** A queue reached the spec's maxQueue (its capacity): the maxQueue metric is that cap, not a measured figure. */
    maxQueueCapped: boolean;
    /** Each machine's figures, in id order (machines.csv's lines); absent from a run resumed from an older version's results. */
    perMachine?: MachineFigures[];
  };

export interface PointSummary {
  point: number;
  params: PointParams;
  runs: number;
  /** Mean of each metric over the point's finished runs (null when none finished). */
  mean: Record<keyof SweepMetrics, number | null>;
  /** Sample standard deviation (n - 1) of each metric over the point's runs (null below two runs). */
  sd: Record<keyof SweepMetrics, number | null>;
  /** Smallest and largest value of each metric over the point's runs (null when none finished). */
  min: Record<keyof SweepMetrics, number | null>;
  max: Record<keyof SweepMetrics, number | null>;
  /** Each machine's figures over the point's runs that have them, in machine id order (machine-points.ts). */
  perMachine: PointMachineFigures[];
}

export interface SweepResults {
  name: string;
  /** The lamport-lab that ran the sweep: name and version, no commit (the same spec gives the same bytes). */
  tool: ToolVersion;
  spec: SweepSpec;
  /** Each fault schedule the grid names, by its path as the spec gives it, as it was read (only with grid.faults). */
  faultSchedules?: Record<string, FaultSchedule>;
  swept: string[];
  runs: { planned: number; finished: number };
  /** True when the sweep was stopped (Ctrl+C) or failed before every run finished. */
  interrupted: boolean;
  /**
   * The git commits whose code ran the runs (code-commits.ts): in a stopped sweep's results, for --resume to compare,
   * and in a finished one only when a --resume mixed more than one (an unbroken sweep's bytes depend on its spec alone).
   */
  commits?: string[];
  points: PointSummary[];
  results: ResultRow[];
}

/** Joins finished rows (any order) with their points, sorted by run number. Holds no wall-clock value. */
export function collectResults(
  name: string,
  spec: SweepSpec,
  grid: ExpandedGrid,
  rows: Iterable<RunRow>,
  interrupted: boolean,
  commits: readonly string[] = [],
): SweepResults {
  const sorted = [...rows].sort((a, b) => a.run - b.run);
  const results = sorted.map((row): ResultRow => {
    const { rates: pointRates, tickPhaseMs, ...params } = grid.points[row.point]!.params;
    const maxQueueCapped = row.metrics.maxQueue >= spec.maxQueue;
    // Added after the others (the fields before keep their places: results.json is a contract), perMachine last; the
    // tick phase spread only in a sweep whose spec gives one.
    const phase = tickPhaseMs === undefined ? {} : { tickPhaseMs };
    const perMachine = row.perMachine ? { perMachine: row.perMachine } : {};
    return { run: row.run, point: row.point, seed: row.seed, ...params, pointRates, rates: row.rates, rateRatio: round4(row.rateRatio), ...row.metrics, maxQueueCapped, ...phase, ...perMachine };
  });
  const counts = new Array<number>(grid.points.length).fill(0);
  const machinesOf = grid.points.map((): (MachineFigures[] | undefined)[] => []);
  const stats = grid.points.map(() => METRIC_NAMES.map(() => new RunningStats()));
  for (const r of results) {
    counts[r.point]!++;
    machinesOf[r.point]!.push(r.perMachine);
    const point = stats[r.point]!;
    METRIC_NAMES.forEach((m, i) => point[i]!.add(r[m]));
  }
  const points = grid.points.map((p): PointSummary => {
    const n = counts[p.index]!;
    const per = (f: (s: RunningStats) => number | null) =>
      Object.fromEntries(METRIC_NAMES.map((m, i) => [m, f(stats[p.index]![i]!)])) as Record<keyof SweepMetrics, number | null>;
    return {
      point: p.index,
      params: p.params,
      runs: n,
      mean: per((s) => (n ? round4(s.sum / n) : null)),
      sd: per((s) => (n > 1 ? round4(Math.sqrt(s.m2 / (n - 1))) : null)),
      min: per((s) => (n ? s.min : null)),
      max: per((s) => (n ? s.max : null)),
      perMachine: pointMachineFigures(machinesOf[p.index]!),
    };
  });
  const ranBy = (interrupted && commits.length > 0) || commits.length > 1 ? { commits: [...commits] } : {};
  return { name, tool: toolNameVersion(), spec, ...storedSchedules(grid.schedules), swept: [...grid.swept], runs: { planned: grid.runCount, finished: results.length }, interrupted, ...ranBy, points, results };
}

export const CSV_COLUMNS: readonly (keyof ResultRow)[] = [
  'run',
  'point',
  'seed',
  'machines',
  'pointRates',
  'rateRange',
  'internalProbability',
  'delayMs',
  'durationSeconds',
  'rates',
  'rateRatio',
  ...METRIC_NAMES.filter((m) => !FAULT_METRICS.includes(m) && !LATER_METRICS.includes(m)),
  'maxQueueCapped',
  // Added after the others (the columns are a contract: never moved): the point's fault schedule and what it cost,
  // then the metrics added since.
  'faults',
  ...FAULT_METRICS,
  ...LATER_METRICS,
];

export function csvCell(value: unknown): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** results.csv in pieces (writeChunks): a header and one line per finished run; `tickPhaseMs` last, when the spec gives it. */
export function* resultsCsvChunks(results: SweepResults): Generator<string> {
  const columns: readonly (keyof ResultRow)[] = results.spec.grid.tickPhaseMs ? [...CSV_COLUMNS, 'tickPhaseMs'] : CSV_COLUMNS;
  yield `${columns.join(',')}\n`;
  for (const row of results.results) yield `${columns.map((c) => csvCell(row[c])).join(',')}\n`;
}

/** results.json in pieces (writeChunks), pretty enough to read and diff: each run's row on a line of its own. */
export function* resultsJsonChunks(results: SweepResults): Generator<string> {
  const { results: rows, ...head } = results;
  yield `${compactJson(head).slice(0, -2)},\n  "results": [\n`;
  for (const [i, r] of rows.entries()) yield `${i ? ',\n' : ''}    ${JSON.stringify(r)}`;
  yield `${rows.length ? '\n' : ''}  ]\n}\n`;
}
