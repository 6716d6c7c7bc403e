// The simulator's and the analysis's own goals (their issues', BENCHMARKS.md "Simulator" and "Analysis"), judged on
// the figures bench/sim.ts and bench/analysis.ts returned.
import type { ExternalFigure } from './external-figures.js';
import type { NotMeasured } from './figure.js';
import type { BenchResults, GoalResult } from './results.js';
import { grouped } from '../text/grouped.js';

/** The number at `path` of a benchmark's result, or undefined when the section was not measured or lacks it. */
function numberAt(section: ExternalFigure | NotMeasured, ...path: string[]): number | undefined {
  if ('notMeasured' in section) return undefined;
  let value: unknown = section.result;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `goal` judged on `value` against `limit` (`ok`), with `measured` as its text; not measured when either is missing. */
function judged(goal: string, value: number | undefined, limit: number | undefined, ok: (v: number, limit: number) => boolean, measured: (v: number) => string): GoalResult {
  if (value === undefined || limit === undefined) return { goal, measured: 'not measured', met: null };
  return { goal, measured: measured(value), met: ok(value, limit) };
}

/** The analysis's goals: a million records analysed in under 5 s of work, in under 1 GB. */
const ANALYSIS_RECORDS_PER_SECOND = 200_000;
const ANALYSIS_PEAK_RSS_MB = 1024;

/**
 * One line per goal, as the issue's goals are judged (results.ts GoalResult). The simulator's limits are those its
 * benchmark returns with its figures (a quick run's sweep is a tenth as long, with a tenth of the time).
 */
export function judgeOtherGoals(r: Pick<BenchResults, 'simulator' | 'analysis'>): GoalResult[] {
  const sim = r.simulator;
  const sweepRuns = numberAt(sim, 'sweep', 'runs');
  const sweepLimit = numberAt(sim, 'sweep', 'goalSeconds');
  const analysisRecords = numberAt(r.analysis, 'records');
  return [
    judged('Simulator: at least 2,000,000 events per second (3 machines, no log files)', numberAt(sim, 'noLogFiles', 'eventsPerSecond'), numberAt(sim, 'noLogFiles', 'goal'), (v, l) => v >= l, (v) => `${grouped(v)} per second`),
    judged('Simulator: at least 300,000 events per second with both log files written', numberAt(sim, 'bothLogFiles', 'eventsPerSecond'), numberAt(sim, 'bothLogFiles', 'goal'), (v, l) => v >= l, (v) => `${grouped(v)} per second`),
    judged('Simulator: a 60 s run of 3 machines in under 10 ms (median, no log files)', numberAt(sim, 'sixtySecondRun', 'noLogs', 'medianMs'), numberAt(sim, 'sixtySecondRun', 'goalMs'), (v, l) => v < l, (v) => `${v} ms`),
    judged(
      `Sweep: ${sweepRuns === undefined ? 'its runs' : `${grouped(sweepRuns)} runs`} of 60 s on 2 workers in under ${sweepLimit ?? 60} s, end to end`,
      numberAt(sim, 'sweep', 'wallSeconds'),
      sweepLimit,
      (v, l) => v < l,
      (v) => `${v} s`,
    ),
    judged(
      `Analysis: analyze takes at least ${grouped(ANALYSIS_RECORDS_PER_SECOND)} records a second of work (a million in under 5 s${analysisRecords === undefined ? '' : `; measured on ${grouped(analysisRecords)}`})`,
      numberAt(r.analysis, 'tasks', 'analyze', 'recordsPerSecond'),
      ANALYSIS_RECORDS_PER_SECOND,
      (v, l) => v >= l,
      (v) => `${grouped(v)} per second`,
    ),
    judged('Analysis: analyze peaks under 1 GB of resident memory', numberAt(r.analysis, 'tasks', 'analyze', 'peakRssMb'), ANALYSIS_PEAK_RSS_MB, (v, l) => v < l, (v) => `${v} MB`),
  ];
}
