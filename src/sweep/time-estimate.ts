// How long a sweep will run, estimated before it starts from its ticks and a short timed sample: said when it is long.
import { grouped } from '../text/grouped.js';
import { performance } from 'node:perf_hooks';
import { RunMetricsCollector } from '../analysis/metrics.js';
import { simulate } from '../sim/simulation.js';
import type { ExpandedGrid } from './grid.js';
import { poolThreads } from './pool.js';
import { seededRateSums, ticksPerPoint } from './log-guard.js';
import { runSetup } from './run-point.js';

/** Below this many ticks in all a sweep takes minutes at most on any host we ran: no sample is timed. */
const WORTH_TIMING_TICKS = 500_000_000;
/** Ticks of the timed sample: a tenth of a second or so. */
const SAMPLE_TICKS = 300_000;
/** Sweeps estimated to take longer than this are said before they start. */
export const LONG_SWEEP_SECONDS = 600;

export interface SweepTimeEstimate {
  /** Ticks of every run left to run (rate x duration per machine; a resumed sweep's share of the whole). */
  ticks: number;
  /** Ticks a second one worker thread simulated in the sample, metrics included as a run gathers them. */
  ticksPerSecond: number;
  /** Worker threads that share the runs: the fewest of --workers, the CPUs and the runs. */
  threads: number;
  /** The estimate: the ticks shared by the threads, or the longest run alone when it is longer (a run is one thread's). */
  seconds: number;
}

/**
 * The sweep's ticks, and when there are enough of them to take a while, how long they take here: runs of the longest
 * run's point (its seeds in turn, each cut to SAMPLE_TICKS at most) are simulated and timed, metrics and all, until
 * SAMPLE_TICKS ticks: short runs are timed with what each run costs besides its ticks. Undefined for a sweep too small
 * to time.
 */
export function estimateSweepTime(grid: ExpandedGrid, workers: number, cpus: number, runsLeft = grid.runCount, now: () => number = () => performance.now()): SweepTimeEstimate | undefined {
  const seeded = seededRateSums(grid.seeds);
  let allTicks = 0;
  let longest = grid.points[0]!;
  let longestTicks = 0;
  for (const point of grid.points) {
    const pointTicks = ticksPerPoint(point, grid.seeds, seeded);
    allTicks += pointTicks;
    // One run of the point: its seeds' mean, when rates are seeded.
    const perRun = pointTicks / grid.seeds.length;
    if (perRun > longestTicks) [longest, longestTicks] = [point, perRun];
  }
  const ticks = (allTicks * runsLeft) / grid.runCount;
  if (ticks < WORTH_TIMING_TICKS) return undefined;
  // A tenth of the sample first, untimed: the first ticks run through cold code and would make the estimate too long.
  sampleRuns(longest, grid.seeds, SAMPLE_TICKS / 10);
  const began = now();
  const sampled = sampleRuns(longest, grid.seeds, SAMPLE_TICKS);
  const ticksPerSecond = sampled / Math.max((now() - began) / 1000, 1e-3);
  const threads = Math.min(poolThreads(workers, runsLeft), cpus);
  const seconds = Math.max(ticks / (ticksPerSecond * threads), longestTicks / ticksPerSecond);
  return { ticks, ticksPerSecond, threads, seconds };
}

/**
 * Runs of `point` (its seeds in turn), each cut to `ticks`, until `ticks` ticks; returns the ticks run. A sweep worth
 * timing has at least 50 ticks in its longest run (5e8 ticks over at most 10 million runs), so this ends.
 */
function sampleRuns(point: ExpandedGrid['points'][number], seeds: readonly number[], ticks: number): number {
  let done = 0;
  for (let i = 0; done < ticks; i++) {
    const { setup } = runSetup(point, seeds[i % seeds.length]!);
    const totalRate = setup.machines.reduce((sum, m) => sum + m.rate, 0);
    const collector = new RunMetricsCollector();
    const ran = simulate({ ...setup, durationSeconds: Math.min(setup.durationSeconds, ticks / totalRate) }, (record) => collector.add(record)).ticks;
    if (ran === 0) break;
    done += ran;
  }
  return done;
}

/** `45 min`, `3.2 hours`, `12 days`, `4,100 years`. */
export function durationText(seconds: number): string {
  const [value, unit] =
    seconds < 3600 ? [seconds / 60, 'min'] : seconds < 2 * 86_400 ? [seconds / 3600, 'hours'] : seconds < 2 * 365 * 86_400 ? [seconds / 86_400, 'days'] : [seconds / (365 * 86_400), 'years'];
  return `${value < 10 ? Number(value.toFixed(1)) : grouped(Math.round(value))} ${unit}`;
}

/** `300 billion`, `1.2 trillion`: a count of at least a million in words. */
export function bigCount(n: number): string {
  const [value, unit] = n >= 1e12 ? [n / 1e12, 'trillion'] : n >= 1e9 ? [n / 1e9, 'billion'] : [n / 1e6, 'million'];
  return `${value < 10 ? Number(value.toFixed(1)) : grouped(Math.round(value))} ${unit}`;
}

/** The note for a long sweep, or undefined: how many ticks, how fast this host simulated them, how long that makes. */
export function longSweepNote(estimate: SweepTimeEstimate | undefined): string | undefined {
  if (!estimate || estimate.seconds < LONG_SWEEP_SECONDS) return undefined;
  const { ticks, ticksPerSecond, threads } = estimate;
  return (
    `this sweep simulates about ${bigCount(ticks)} ticks (rate x duration, every machine of every run); ` +
    `at the ${ticksPerSecond >= 1e6 ? `${(ticksPerSecond / 1e6).toFixed(1)} million` : `${grouped(Math.round(ticksPerSecond / 1e3))} thousand`} a second one worker thread simulated just now, that is about ` +
    `${durationText(estimate.seconds)} on ${threads} thread${threads === 1 ? '' : 's'}. Ctrl+C stops it and keeps the runs that finished (--resume goes on); ` +
    `a shorter durationSeconds or fewer seeds makes it shorter`
  );
}
