// Expands a sweep spec into grid points (each a validated run config) and names the parameters that vary.
import { UsageError } from '../config/errors.js';
import { grouped } from '../text/grouped.js';
import { parseConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { DEFAULT_LATENCY_MS } from '../sim/setup.js';
import { generatedMachines } from '../config/generated-machines.js';
import { MAX_SWEEP_RUNS, type SweepSpec } from './spec.js';
import type { FaultPlan } from '../faults/load-schedule.js';
import { planPointFaults, type SweepSchedules } from './sweep-faults.js';

/** The grid parameters, in the order they vary (the last one fastest). */
export const GRID_PARAMETERS = ['machines', 'rates', 'rateRange', 'internalProbability', 'delayMs', 'durationSeconds', 'faults', 'tickPhaseMs'] as const;
export type GridParameter = (typeof GRID_PARAMETERS)[number];

/** A grid point's settings as they appear in results: numbers, or text for vectors and ranges. */
export interface PointParams {
  machines: number;
  /** Rate vector as `1/3/6`, or `seeded` when rates come from the seed and rateRange. */
  rates: string;
  /** `1-6` when rates are seeded, else empty. */
  rateRange: string;
  internalProbability: number;
  /** Latency range as `min-max` ms. */
  delayMs: string;
  durationSeconds: number;
  /** The fault schedule's path as the spec gives it, or empty for a point without faults. */
  faults: string;
  /** The tick phase spread in ms (grid.tickPhaseMs); absent when the spec gives none, so older results read the same. */
  tickPhaseMs?: number;
}

export interface SweepPoint {
  index: number;
  params: PointParams;
  /** The run config of this point (validated by the config schema); rates set per machine when the grid gives them. */
  config: Config;
  delayMs: [number, number];
  /** Each run draws its machines' tick schedule offsets from its seed, uniform in [0, this) ms (0: all at the start). */
  tickPhaseMs: number;
  /** The point's fault schedule, planned for its machines (grid.faults), if it has one. */
  faults?: FaultPlan;
}

export interface ExpandedGrid {
  points: SweepPoint[];
  /** Parameters with more than one value in the grid. */
  swept: GridParameter[];
  seeds: number[];
  runCount: number;
  /** The fault schedules grid.faults names, by path as given (empty without faults): results.json keeps them. */
  schedules: SweepSchedules;
}

type RateChoice = { machines: number; rates: number[] | null; rateRange: [number, number] | null };

function cartesian(lists: readonly (readonly number[])[]): number[][] {
  return lists.reduce<number[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

function rateChoices(grid: SweepSpec['grid']): RateChoice[] {
  const vectors = grid.rates ?? (grid.ratesPerMachine ? cartesian(grid.ratesPerMachine) : null);
  if (vectors) return vectors.map((rates) => ({ machines: rates.length, rates, rateRange: null }));
  const ranges = grid.rateRange ?? [[1, 6]];
  return (grid.machines ?? [3]).flatMap((machines) => ranges.map((rateRange) => ({ machines, rates: null, rateRange })));
}

/** `1 point`, `1,073,741,824 points`. */
/** `1,000,000`, or past what a double holds exactly, `1.07e301` (grouped digits would be made-up zeros). */
const count = (n: number): string => (n > Number.MAX_SAFE_INTEGER ? n.toExponential(2).replace('e+', 'e') : grouped(n));
const counted = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

const rangeText = ([lo, hi]: readonly [number, number]): string => `${lo}-${hi}`;

/**
 * Every combination of the grid's values, in a fixed order. Missing parameters take the run defaults: 3 machines,
 * rates seeded in [1, 6], internal probability 0.7, 1 ms latency, 60 s, no faults, tick schedules all at the start. `schedules` holds the fault
 * schedules grid.faults names (loadSweepSchedules). Throws a UsageError naming the first bad point, or when the sweep
 * is too large, before any run starts.
 */
export function expandGrid(spec: SweepSpec, schedules: SweepSchedules = new Map()): ExpandedGrid {
  const { grid } = spec;
  const probabilities = grid.internalProbability ?? [0.7];
  const delays = grid.delayMs ?? [DEFAULT_LATENCY_MS];
  const durations = grid.durationSeconds ?? [60];
  const faultFiles = grid.faults ?? [null];
  const phases: (number | undefined)[] = grid.tickPhaseMs ?? [undefined];
  const rateCount = grid.rates?.length ??
    grid.ratesPerMachine?.reduce((n, l) => n * l.length, 1) ??
    (grid.machines ?? [3]).length * (grid.rateRange ?? [[1, 6]]).length;
  const pointCount = rateCount * probabilities.length * delays.length * durations.length * faultFiles.length * phases.length;
  const runCount = pointCount * spec.seeds;
  if (runCount > MAX_SWEEP_RUNS) {
    throw new UsageError(`the grid has ${counted(pointCount, 'point')} x ${counted(spec.seeds, 'seed')} = ${count(runCount)} runs, more than ${grouped(MAX_SWEEP_RUNS)}`);
  }
  const rates = rateChoices(grid);
  const points: SweepPoint[] = [];
  // Every combination, the last list varying fastest.
  const combinations = rates.flatMap((r) =>
    probabilities.flatMap((internalProbability) =>
      delays.flatMap((delay) =>
        durations.flatMap((durationSeconds) => faultFiles.flatMap((faultFile) => phases.map((tickPhaseMs) => ({ r, internalProbability, delay, durationSeconds, faultFile, tickPhaseMs })))),
      ),
    ),
  );
  for (const { r, internalProbability, delay, durationSeconds, faultFile, tickPhaseMs } of combinations) {
    const machines = generatedMachines(r.machines);
    if (r.rates) r.rates.forEach((rate, i) => (machines[String(i + 1)]!.rate = rate));
    const index = points.length;
    // Duration and latency take the simulator's limits (spec.ts), not a real run's (the config schema's longest
    // timer): a simulated run waits on no timer, as `simulate --duration` and `--delay` do not.
    const config: Config = {
      ...parseConfig(
        { machines, internalProbability, staggerMs: 0, maxQueue: spec.maxQueue, ...(r.rateRange ? { rateRange: r.rateRange } : {}) },
        `grid point ${index}`,
      ),
      durationSeconds,
      delayMs: [delay[0], delay[1]],
    };
    const ids = Object.keys(machines).map(Number);
    const faults = faultFile === null ? undefined : planPointFaults(schedules, faultFile, ids, index);
    points.push({
      index,
      config,
      delayMs: [delay[0], delay[1]],
      tickPhaseMs: tickPhaseMs ?? 0,
      ...(faults ? { faults } : {}),
      params: {
        machines: r.machines,
        rates: r.rates ? r.rates.join('/') : 'seeded',
        rateRange: r.rateRange ? rangeText(r.rateRange) : '',
        internalProbability,
        delayMs: rangeText(delay),
        durationSeconds,
        faults: faultFile ?? '',
        ...(tickPhaseMs === undefined ? {} : { tickPhaseMs }),
      },
    });
  }
  const distinct = (param: GridParameter) => new Set(points.map((p) => p.params[param])).size;
  const swept = GRID_PARAMETERS.filter((param) => distinct(param) > 1);
  const seeds = Array.from({ length: spec.seeds }, (_, i) => spec.firstSeed + i);
  return { points, swept, seeds, runCount, schedules };
}
