// Run folders and summary rows left by an earlier `npm run experiments`: read back for --analyze-only, and kept in the
// summaries when --only or Ctrl+C runs part of the plan.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../config/errors.js';
import { readRunInfo } from '../log/run-info.js';
import { analyzeRun, type RunAnalysis } from '../analysis/analyze.js';
import { MACHINE_FILE } from '../log/machine-file.js';
import type { Experiment } from './plan.js';
import { stagingDir, type ExperimentRun } from './run-experiment.js';
import { summarizeExperiment, type ExperimentSummary } from './summarize.js';
import { runFailures } from './run-failures.js';
import { readSummaryFile } from './summary-file.js';

/** One experiment's summary row and, when its logs are here, the analysis behind it (for report.html). */
export interface Finished {
  summary: ExperimentSummary;
  analysis?: RunAnalysis;
}

/** Whether a run folder still has its machines' logs (the repository keeps only run.json and the summaries). */
const holdsLogs = (dir: string): boolean => existsSync(join(dir, 'run.json')) && readdirSync(dir).some((f) => MACHINE_FILE.test(f));

/** Whether the run in `dir` was interrupted (Ctrl+C) before its planned end: a partial run, not the experiment's result. */
const interruptedRun = (dir: string): boolean => existsSync(join(dir, 'run.json')) && readRunInfo(dir).interrupted === true;

/**
 * Whether the experiment of folder `dir` has only a partial run: its folder holds one (written before runs were staged),
 * or holds none and the run that was to fill it was stopped partway (its staging folder, stagingDir).
 */
export const stoppedPartway = (dir: string): boolean => interruptedRun(dir) || (!existsSync(join(dir, 'run.json')) && interruptedRun(stagingDir(dir)));

/** `slow-fast (its only run was interrupted partway: run it again: npm run experiments -- --quick --only slow-fast)`. */
export const partwayText = (e: Experiment, again: (name: string) => string): string => `${e.name} (its only run was interrupted partway: run it again: ${again(e.name)})`;

/**
 * A run folder written earlier, for --analyze-only: its machines' failures are read back from run.json. Callers leave
 * out a folder whose run was interrupted partway (stoppedPartway) before they come here.
 */
export function existingRun(e: Experiment, dir: string): ExperimentRun {
  if (!existsSync(dir)) throw new UsageError(`no run of ${e.name} here (${dir} does not exist): run it first, or leave it out (--only names the experiments to analyse)`);
  if (!existsSync(join(dir, 'run.json'))) throw new UsageError(`${dir} holds no run (no run.json): run the experiments first`);
  if (!holdsLogs(dir)) throw new UsageError(`${dir} holds no machine logs (a clone has only the published summaries): run the experiments first`);
  return { experiment: e, dir, failures: runFailures(readRunInfo(dir)) };
}

/**
 * The rows of the summary.json an earlier run wrote in `root` (none when there is none), read before anything runs:
 * one that cannot be read is a UsageError then, not rows silently dropped from the summaries rewritten at the end.
 */
export function readEarlierRows(root: string): ExperimentSummary[] {
  return (readSummaryFile(join(root, 'summary.json')) ?? []).map(withoutZeroJumps);
}

/** Summaries written before jumps could be null gave a machine that received nothing a jump of 0: read as none. */
function withoutZeroJumps(row: ExperimentSummary): ExperimentSummary {
  const machines = row.machines.map((m) => (m.receive === 0 ? { ...m, jumpMax: null, jumpMean: null } : m));
  return { ...row, machines };
}

/** The experiments kept in the summaries, and those left out because their folder holds a partial run (as text). */
export interface KeptRuns {
  kept: Finished[];
  partway: string[];
}

/**
 * The experiments not run this time: analysed again where their logs are here, else their row of the earlier
 * summary.json (`rows`, readEarlierRows: a clone has no logs), else left out. A folder whose run was interrupted partway (an earlier Ctrl+C)
 * is left out and named: its logs replaced the earlier result's, and a few seconds of a run are not the experiment.
 */
export async function keptRuns(
  others: Experiment[],
  root: string,
  rows: readonly ExperimentSummary[],
  duration: (e: Experiment) => number,
  again: (name: string) => string,
): Promise<KeptRuns> {
  const kept: Finished[] = [];
  const partway: string[] = [];
  for (const e of others) {
    const dir = join(root, e.name);
    if (stoppedPartway(dir)) {
      partway.push(partwayText(e, again));
      continue;
    }
    if (holdsLogs(dir)) {
      const analysis = await analyzeRun(dir);
      kept.push({ summary: summarizeExperiment(e, analysis, duration(e), existingRun(e, dir).failures), analysis });
    } else {
      const row = rows.find((r) => r.name === e.name);
      if (row) kept.push({ summary: row });
    }
  }
  return { kept, partway };
}
