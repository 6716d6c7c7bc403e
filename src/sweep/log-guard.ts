// Refuses a sweep that keeps logs (`"logs": true`) when they would not fit on the disk: estimated per grid point from short samples.
import { grouped } from '../text/grouped.js';
import { UsageError } from '../config/errors.js';
import { plural } from '../text/plural.js';
import { seededRate } from '../core/random.js';
import { estimateLogBytes, humanBytes, roomShort, type LogEstimate } from '../sim/log-size-guard.js';
import { simulatedRunInfo } from '../sim/simulate-to-folder.js';
import type { ExpandedGrid, SweepPoint } from './grid.js';
import { runSetup } from './run-point.js';

/** Sample ticks of all sampled points together: about a second of simulation, however large the grid. */
const SAMPLE_BUDGET_TICKS = 100_000;
/** Ticks of one point's sample: as many as simulate's guard takes, and never fewer than this (a stable enough mix). */
const MAX_SAMPLE_TICKS = 5_000;
const MIN_SAMPLE_TICKS = 300;
/** Points spread evenly over the grid that are always sampled (all of them in a smaller grid). */
const SPREAD_POINTS = 64;
/** The most points sampled, spread ones included. */
const MAX_SAMPLED_POINTS = 256;
/**
 * A sample's set-up costs about machines² (1.3 s for 1000 machines: their start records and links): points sampled
 * beyond the spread ones stop once the sum of their squares passes this (about 3 s).
 */
const MACHINE_COST_BUDGET = 2_000_000;

export interface SweepLogEstimate {
  /** Bytes of every run's machine logs and run.json. */
  bytes: number;
  /** Files and folders written (each takes at least one block more than its bytes need). */
  files: number;
  /** Grid points whose runs were sampled; the others take the figures of the nearest sampled point. */
  sampledPoints: number;
}

interface PointSample {
  point: SweepPoint;
  machines: number;
  estimate: LogEstimate;
  runInfoBytes: number;
}

const machinesOf = (p: SweepPoint): number => p.params.machines;

/** Seeded rates drawn exactly, for all points together; past this the mean of a range stands for them (close by then). */
const EXACT_DRAWS = 500_000;

/**
 * Ticks of a point's runs, all seeds together: rate x duration (and its tick phase spread) per machine, its own rate or, when rates are seeded, the
 * rates its seeds draw (as the runs do; the mean whole rate of the range once EXACT_DRAWS are used up).
 */
export function ticksPerPoint(point: SweepPoint, seeds: readonly number[], seeded: (range: readonly [number, number], machines: number) => number): number {
  const rates = Object.values(point.config.machines).map((m) => m.rate);
  const given = rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
  const drawn = rates.some((r) => r === undefined) ? seeded(point.config.rateRange, rates.length) : 0;
  // A run with tick phases lasts its duration from its latest schedule's start: up to tickPhaseMs longer.
  return (given * seeds.length + drawn) * (point.config.durationSeconds + point.tickPhaseMs / 1000);
}

/** Sums of seeded rates over the sweep's seeds and machines 1..n, per range and n, within the EXACT_DRAWS budget. */
export function seededRateSums(seeds: readonly number[]): (range: readonly [number, number], machines: number) => number {
  const sums = new Map<string, number>();
  let draws = 0;
  return (range, machines) => {
    const key = `${range[0]}-${range[1]}-${machines}`;
    let sum = sums.get(key);
    if (sum === undefined) {
      if (draws + seeds.length * machines <= EXACT_DRAWS) {
        draws += seeds.length * machines;
        sum = 0;
        for (const seed of seeds) for (let id = 1; id <= machines; id++) sum += seededRate(seed, id, range);
      } else {
        sum = seeds.length * machines * ((Math.ceil(range[0]) + Math.floor(range[1])) / 2);
      }
      sums.set(key, sum);
    }
    return sum;
  };
}

/** What a sample stands for best: the same machine count (start, stop and link records) and duration (number sizes). */
const shapeOf = (p: SweepPoint): string => `${machinesOf(p)}/${p.config.durationSeconds}`;

/**
 * Points to sample: SPREAD_POINTS spread evenly, then a point of each machine count they missed, then of each machine
 * count and duration, as long as MAX_SAMPLED_POINTS and MACHINE_COST_BUDGET allow.
 */
function samplePoints(points: readonly SweepPoint[]): SweepPoint[] {
  const spread = Math.min(points.length, SPREAD_POINTS);
  const chosen = new Map<number, SweepPoint>();
  for (let i = 0; i < spread; i++) {
    const p = points[Math.round((i * (points.length - 1)) / Math.max(1, spread - 1))]!;
    chosen.set(p.index, p);
  }
  let cost = 0;
  for (const key of [machinesOf, shapeOf] as ((p: SweepPoint) => unknown)[]) {
    const covered = new Set([...chosen.values()].map(key));
    for (const p of points) {
      if (covered.has(key(p))) continue;
      const n = machinesOf(p);
      if (chosen.size >= MAX_SAMPLED_POINTS || cost + n * n > MACHINE_COST_BUDGET) break;
      cost += n * n;
      covered.add(key(p));
      chosen.set(p.index, p);
    }
  }
  return [...chosen.values()].sort((a, b) => a.index - b.index);
}

/** The sample nearest to point `index` of samples in point order (a binary search: the grid may have millions of points). */
function nearestInOrder(samples: readonly PointSample[], index: number): PointSample {
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.point.index < index) lo = mid + 1;
    else hi = mid;
  }
  const before = samples[lo - 1];
  const after = samples[lo]!;
  return before && index - before.point.index < Math.abs(after.point.index - index) ? before : after;
}

/**
 * The size of the logs a sweep writes with `"logs": true`. Sampled points (see samplePoints) are simulated briefly at
 * the first seed, as simulate's guard does for one run. Every point's runs then count their own ticks (see
 * ticksPerPoint) at the bytes per tick, and with the start, stop and link records and run.json, of the nearest sampled
 * point of the same machine count and duration, else of the same machine count, else of the nearest machine count
 * (scaled: start and link records grow with the count's square). It loops over points, never over runs (a sweep may
 * have ten million).
 */
export function estimateSweepLogBytes(grid: ExpandedGrid): SweepLogEstimate {
  const chosen = samplePoints(grid.points);
  const sampleTicks = Math.max(MIN_SAMPLE_TICKS, Math.min(MAX_SAMPLE_TICKS, Math.floor(SAMPLE_BUDGET_TICKS / chosen.length)));
  const samples: PointSample[] = chosen.map((point) => {
    const resolved = runSetup(point, grid.seeds[0]!);
    const { startTime, durationSeconds } = resolved.setup;
    const result = { machines: [], ticks: 0, deliveries: 0, startTime, endTime: startTime + durationSeconds * 1000 };
    const runInfoBytes = JSON.stringify(simulatedRunInfo(resolved, result), null, 2).length + 1;
    return { point, machines: machinesOf(point), estimate: estimateLogBytes(resolved.setup, sampleTicks), runInfoBytes };
  });
  // Samples by shape and by machine count, in point order; for a count without one, the sample of the nearest count.
  const group = (key: (p: SweepPoint) => string | number) => {
    const groups = new Map<string | number, PointSample[]>();
    for (const s of samples) groups.set(key(s.point), [...(groups.get(key(s.point)) ?? []), s]);
    return groups;
  };
  const byShape = group(shapeOf);
  const byCount = group(machinesOf);
  const nearestCount = new Map<number, PointSample>();
  const nearest = (p: SweepPoint, n: number): PointSample => {
    const same = byShape.get(shapeOf(p)) ?? byCount.get(n);
    if (same) return nearestInOrder(same, p.index);
    let best = nearestCount.get(n);
    if (!best) {
      best = samples.reduce((a, b) => (Math.abs(b.machines - n) < Math.abs(a.machines - n) ? b : a));
      nearestCount.set(n, best);
    }
    return best;
  };
  let bytes = 0;
  let files = 0;
  const seeds = grid.seeds.length;
  const seeded = seededRateSums(grid.seeds);
  for (const p of grid.points) {
    const n = machinesOf(p);
    const s = nearest(p, n);
    const scale = s.machines === n ? 1 : (n * n) / (s.machines * s.machines);
    bytes += ticksPerPoint(p, grid.seeds, seeded) * s.estimate.bytesPerTick + seeds * (s.estimate.fixedBytes * scale + s.runInfoBytes * (n / s.machines));
    // Per run: two files a machine, run.json, and the run's folder.
    files += seeds * (2 * n + 2);
  }
  return { bytes: Math.round(bytes), files, sampledPoints: samples.length };
}

/** Throws one line, before any run, when the logs of a sweep would not fit in the free space where `out` is or will be. */
export function checkSweepLogsFit(grid: ExpandedGrid, out: string): void {
  const short = roomShort(out, () => estimateSweepLogBytes(grid));
  if (!short) return;
  const { bytes, files, sampledPoints } = short.estimate;
  const how = sampledPoints < grid.points.length ? `, estimated from ${sampledPoints} of its ${grid.points.length} grid points` : '';
  throw new UsageError(
    `this sweep would write about ${humanBytes(bytes)} of logs in ${grouped(files)} files and folders (${plural(grid.runCount, 'run')}${how}); ` +
      `${short.room}: leave out "logs": true, or make the sweep smaller`,
  );
}
