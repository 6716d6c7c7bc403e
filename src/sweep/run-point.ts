// One sweep run: resolve the point's config with a seed, simulate it, and keep only its metrics (and, if asked, its logs).
import { join } from 'node:path';
import { RunMetricsCollector } from '../analysis/metrics.js';
import { resolveRun } from '../config/resolve.js';
import { simulateToFolder } from '../sim/simulate-to-folder.js';
import { DEFAULT_START_TIME } from '../sim/setup.js';
import { simulate, type SimSetup } from '../sim/simulation.js';
import type { ResolvedSimulation } from '../sim/setup.js';
import type { SweepPoint } from './grid.js';
import { summariseMetrics, type SweepMetrics } from './sweep-metrics.js';
import { createDrawSource } from '../core/random.js';
import { machineFigures, type MachineFigures } from './machine-figures.js';

export interface RunRow {
  /** Position in the sweep: point-major, seed-minor. */
  run: number;
  point: number;
  seed: number;
  /** The rates the run used, in id order, as `2/5/3` (seeded rates included). */
  rates: string;
  /** Fastest rate over slowest rate. */
  rateRatio: number;
  metrics: SweepMetrics;
  /** Each machine's figures, in id order; absent from a row an older version journalled or wrote (--resume keeps those as they are). */
  perMachine?: MachineFigures[];
}

const START_TIME = Date.parse(DEFAULT_START_TIME);

/** The folder of run `run` when logs are kept: <runsDir>/run-000042. */
export function runFolderName(runsDir: string, run: number): string {
  return join(runsDir, `run-${String(run).padStart(6, '0')}`);
}

/**
 * Each machine's tick schedule offset for a run with seed `seed`: uniform in [0, spread) ms from the machine's own
 * stream, to 0.1 ms (the precision analyze gives a real run's phases in).
 */
export function tickPhases(ids: readonly number[], seed: number, spreadMs: number): number[] {
  return ids.map((id) => Math.floor(createDrawSource(seed, id, 'phase').next() * spreadMs * 10) / 10);
}

/** The run of a point with a seed, resolved as simulate resolves one. Rates follow the real rules (grid rates, else seeded in the point's rateRange). */
export function runSetup(point: SweepPoint, seed: number): ResolvedSimulation {
  const resolved = resolveRun(point.config, { seed }, () => seed);
  const setup: SimSetup = {
    machines: resolved.ids.map((id) => ({ id, rate: resolved.rates.get(id)! })),
    internalProbability: resolved.config.internalProbability,
    seed,
    durationSeconds: resolved.config.durationSeconds,
    delayMs: point.delayMs,
    startTime: START_TIME,
    maxQueue: resolved.config.maxQueue,
    ...(point.tickPhaseMs > 0 ? { tickOffsetsMs: tickPhases(resolved.ids, seed, point.tickPhaseMs) } : {}),
    // The toxics' draws follow the schedule's seed, else the run's, as simulate --faults does (setup.ts).
    ...(point.faults ? { faults: { steps: point.faults.steps, seed: point.faults.schedule.seed ?? seed } } : {}),
  };
  return { run: resolved, setup, configSource: `sweep point ${point.index + 1}`, ...(point.faults ? { faults: point.faults } : {}) };
}

/** Simulates one run of a point. */
export function runPoint(point: SweepPoint, seed: number, run: number, runsDir?: string): RunRow {
  const resolved = runSetup(point, seed);
  const { setup } = resolved;
  const collector = new RunMetricsCollector();
  const add = (record: Parameters<RunMetricsCollector['add']>[0]) => collector.add(record);
  if (runsDir) simulateToFolder(resolved, runFolderName(runsDir, run), add);
  else simulate(setup, add);
  const rates = setup.machines.map((m) => m.rate);
  const metrics = collector.result();
  const perMachine = machineFigures(metrics);
  return {
    run,
    point: point.index,
    seed,
    rates: rates.join('/'),
    rateRatio: Math.max(...rates) / Math.min(...rates),
    metrics: summariseMetrics(metrics, perMachine),
    perMachine,
  };
}
