// The hypothesis study: simulated runs over rate ratios, internal probabilities and 2 or 3 machines, 20 seeds a point;
// measures how fast the slow machine's queue grows and where it stops draining, next to the prediction of theory.ts.
import { simulate } from '../sim/simulation.js';
import { predictedGrowth, predictedThreshold } from './theory.js';
import { signalsHeard } from '../cli/stop-signals.js';
import { RunningStats } from '../sweep/running-stats.js';

export interface StudyOptions {
  machineCounts: (2 | 3)[];
  internalProbabilities: number[];
  /** Fast/slow rate ratios; the slow machine ticks once per second. */
  ratios: number[];
  seeds: number;
  durationSeconds: number;
}

export interface StudyPoint {
  machines: 2 | 3;
  internalProbability: number;
  ratio: number;
  runs: number;
  /** Mean over seeds of the slow machine's end queue divided by the duration (messages per second). */
  growth: number;
  predictedGrowth: number;
  /** Mean end queue and max queue of the slow machine. */
  endQueue: number;
  maxQueue: number;
  /** Share of seeds whose slow machine ended with a queue above 5% of its ticks ("not draining"). */
  notDraining: number;
  /** The spread of `growth` over the seeds: sample standard deviation (0 for one seed), least and largest. */
  growthSd: number;
  growthMin: number;
  growthMax: number;
  /** The largest of the seeds' max queues (`maxQueue` is their mean). */
  maxQueueMax: number;
}

export interface Threshold {
  machines: 2 | 3;
  internalProbability: number;
  predicted: number;
  /** Where a straight line through the clearly overloaded points (growth above 0.1/s) crosses zero growth; null if too few. */
  measured: number | null;
  /** The smallest ratio on the grid at which at least half the seeds did not drain. */
  firstNotDraining: number | null;
}

export const DEFAULT_STUDY: StudyOptions = {
  machineCounts: [2, 3],
  internalProbabilities: [0.5, 0.7, 0.8],
  ratios: Array.from({ length: 37 }, (_, i) => 1 + i * 0.25),
  seeds: 20,
  durationSeconds: 600,
};

export const QUICK_STUDY: StudyOptions = { ...DEFAULT_STUDY, ratios: [1, 2, 3, 4, 5, 6, 8, 10], seeds: 3, durationSeconds: 120 };

const SLOW = 1;

/** The study's points, in the order they are run and listed: machine counts, then internal probabilities, then ratios. */
function studyGrid(options: StudyOptions): { machines: 2 | 3; p: number; ratio: number }[] {
  return options.machineCounts.flatMap((machines) => options.internalProbabilities.flatMap((p) => options.ratios.map((ratio) => ({ machines, p, ratio }))));
}

/** One point of the study: `options.seeds` simulated runs of a slow machine beside faster ones, averaged. */
function studyPoint(options: StudyOptions, machines: 2 | 3, p: number, ratio: number): StudyPoint {
  const fast = SLOW * ratio;
  const rates = machines === 2 ? [SLOW, fast] : [SLOW, fast, fast];
  // Sum, extremes and spread over the seeds, as a sweep takes them over its runs.
  const growth = new RunningStats();
  const endQueue = new RunningStats();
  const maxQueue = new RunningStats();
  let notDraining = 0;
  for (let seed = 1; seed <= options.seeds; seed++) {
    const result = simulate(
      {
        machines: rates.map((rate, i) => ({ id: i + 1, rate })),
        internalProbability: p,
        seed,
        durationSeconds: options.durationSeconds,
        delayMs: [1, 1],
        startTime: 0,
        connectRecords: false,
      },
      () => {},
    );
    const slow = result.machines[0]!;
    growth.add(slow.endQueue / options.durationSeconds);
    endQueue.add(slow.endQueue);
    maxQueue.add(slow.maxQueue);
    if (slow.endQueue > 0.05 * slow.ticks) notDraining++;
  }
  const n = options.seeds;
  return {
    machines,
    internalProbability: p,
    ratio,
    runs: n,
    growth: round(growth.sum / n),
    predictedGrowth: round(predictedGrowth(machines, SLOW, fast, p)),
    endQueue: round(endQueue.sum / n),
    maxQueue: round(maxQueue.sum / n),
    notDraining: round(notDraining / n),
    // The sample standard deviation (n - 1); 0 for a single seed.
    growthSd: round(n > 1 ? Math.sqrt(growth.m2 / (n - 1)) : 0),
    growthMin: round(growth.min),
    growthMax: round(growth.max),
    maxQueueMax: maxQueue.max,
  };
}

/** Runs every point of the study (about 4,400 simulated runs for the default; seconds of CPU). */
export function runStudy(options: StudyOptions): StudyPoint[] {
  return studyGrid(options).map(({ machines, p, ratio }) => studyPoint(options, machines, p, ratio));
}

/**
 * runStudy, yielding to the event loop after each point so that a stop signal (Ctrl+C) is heard: null once `signal`
 * is aborted, the points run so far dropped (a study is published whole or not at all).
 */
export async function runStudyUntil(options: StudyOptions, signal: AbortSignal): Promise<StudyPoint[] | null> {
  const points: StudyPoint[] = [];
  for (const { machines, p, ratio } of studyGrid(options)) {
    await signalsHeard();
    if (signal.aborted) return null;
    points.push(studyPoint(options, machines, p, ratio));
  }
  return points;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Least-squares line through (x, y); null with fewer than 2 distinct x. */
function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The measured and predicted threshold of every (machines, internal probability) series. */
export function thresholds(points: StudyPoint[]): Threshold[] {
  const keys = [...new Set(points.map((p) => `${p.machines}|${p.internalProbability}`))];
  return keys.map((key) => {
    const series = points.filter((p) => `${p.machines}|${p.internalProbability}` === key).sort((a, b) => a.ratio - b.ratio);
    const { machines, internalProbability } = series[0]!;
    const overloaded = series.filter((p) => p.growth > 0.1);
    const line = fitLine(overloaded.map((p) => p.ratio), overloaded.map((p) => p.growth));
    const measured = line && line.slope > 0 ? round(-line.intercept / line.slope) : null;
    const first = series.find((p) => p.notDraining >= 0.5);
    return { machines, internalProbability, predicted: round(predictedThreshold(machines, internalProbability)), measured, firstNotDraining: first?.ratio ?? null };
  });
}
