// Runs one experiment of the plan, for real (start-all's machinery) or in the simulator, into its own run folder.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { machineIds, machineEntryOf } from '../config/schema.js';
import { parseConfig } from '../config/load.js';
import { resolveRun } from '../config/resolve.js';
import { UsageError } from '../config/errors.js';
import { checkPortsFree } from '../runner/preflight.js';
import { startAll } from '../runner/start-all.js';
import { resolveSimulation } from '../sim/setup.js';
import { simulateToFolderUntilStopped } from '../sim/simulate-to-folder.js';
import { checkLogsFit } from '../sim/log-size-guard.js';
import { machineCount, type Experiment } from './plan.js';
import { runFailures } from './run-failures.js';

export interface ExperimentRun {
  experiment: Experiment;
  /** Where the run is: the experiment's folder, or for a real run stopped partway, its staging folder (stagingDir). */
  dir: string;
  /** Exit problems of a real run (machines that failed), empty when clean. */
  failures: string[];
  /** True when a stop signal ended a real run before its duration. */
  interrupted?: boolean;
  /** Of a run stopped partway: whether the experiment's folder still holds the results of an earlier run. */
  earlierKept?: boolean;
}

/**
 * Where a real run is written while it runs: beside the experiment's folder (`.random-1.running`), which keeps the
 * earlier results (the published ones) until the run has completed and takes its place. A run stopped partway stays
 * there, and the earlier results are untouched.
 */
export const stagingDir = (dir: string): string => join(dirname(dir), `.${basename(dir)}.running`);

/** The experiment's config: the base config's first N machines (real runs need their ports), with its settings. */
export function experimentConfig(base: Config, e: Experiment, durationSeconds: number): Config {
  const ids = machineIds(base);
  const count = machineCount(e);
  if (ids.length < count) throw new UsageError(`experiment ${e.name} needs ${count} machines but the base config has ${ids.length}`);
  const machines = Object.fromEntries(ids.slice(0, count).map((id) => [String(id), { ...machineEntryOf(base, id), rate: undefined }]));
  for (const m of Object.values(machines)) delete m.rate;
  return parseConfig(
    {
      ...base,
      machines,
      durationSeconds,
      seed: e.seed,
      internalProbability: e.internalProbability ?? base.internalProbability,
      delayMs: e.delayMs ?? [0, 0],
    },
    `experiment ${e.name}`,
  );
}

/** Empties and recreates the experiment's folder (machines append to their logs, so old files must go). */
function freshFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** The experiment's staging folder, made afresh with the experiment's config.json in it (the path is relative as `dir` is). */
function stagedConfig(base: Config, e: Experiment, durationSeconds: number, dir: string): { config: Config; staging: string; configPath: string } {
  const config = experimentConfig(base, e, durationSeconds);
  const staging = stagingDir(dir);
  freshFolder(staging);
  const configPath = join(staging, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n');
  return { config, staging, configPath };
}

/** A run stopped partway stays in its staging folder, the earlier results kept; a complete one takes their place. */
function settled(e: Experiment, dir: string, staging: string, interrupted: boolean, failures: string[]): ExperimentRun {
  if (interrupted) return { experiment: e, dir: staging, failures, interrupted: true, earlierKept: existsSync(join(dir, 'run.json')) };
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { experiment: e, dir, failures, interrupted: false };
}

export async function runRealExperiment(base: Config, e: Experiment, durationSeconds: number, dir: string, interrupted: Promise<NodeJS.Signals | void>): Promise<ExperimentRun> {
  const { config, staging, configPath } = stagedConfig(base, e, durationSeconds, dir);
  const run = resolveRun(config, { rates: e.rates }, () => e.seed);
  await checkPortsFree(config);
  // start-all passes the path on to each machine's command line: an absolute one, as it was.
  const result = await startAll({ run, configPath: resolve(configPath), dir: staging, quiet: true, out: process.stdout, interrupted });
  if (result.runInfoError) throw new Error(result.runInfoError);
  return settled(e, dir, staging, result.interrupted, runFailures(result.info));
}

/**
 * As runRealExperiment, in virtual time: logs that would not fit are refused before anything is written (as simulate
 * refuses them), and `stop` (Ctrl+C) ends the run early, complete, in its staging folder, the earlier results kept.
 */
export async function runSimulatedExperiment(base: Config, e: Experiment, durationSeconds: number, dir: string, stop: AbortSignal): Promise<ExperimentRun> {
  const { staging, configPath } = stagedConfig(base, e, durationSeconds, dir);
  const resolved = resolveSimulation({ config: configPath, rates: e.rates, seed: e.seed, delay: e.delayMs }, () => e.seed);
  try {
    checkLogsFit(resolved.setup, staging);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err instanceof UsageError ? new UsageError(`experiment ${e.name}: ${err.message}`) : err;
  }
  const { interrupted } = await simulateToFolderUntilStopped(resolved, staging, stop);
  return settled(e, dir, staging, interrupted, []);
}
