// Runs every measurement of the plan in turn, judges the goals, writes bench/results.json and the BENCHMARKS.md tables.
import { notMeasured, type NotMeasured } from './figure.js';
import { PLANS, type BenchMode } from './plan.js';
import { loadAverage, systemInfo } from './system-info.js';
import { speedCheckMs } from './speed-check.js';
import { wakeUpCostUs } from './wake-check.js';
import { watchMemoryThreads } from './kernel-threads.js';
import { measureFidelity } from './tick-fidelity.js';
import { measureHighRates } from './high-rates.js';
import { measureScale } from './mesh-scale.js';
import { measureLatency } from './loopback-latency.js';
import { measureFraming } from './framing-throughput.js';
import { externalFigure } from './external-figures.js';
import { judgeGoals } from './goals.js';
import { judgeOtherGoals } from './other-goals.js';
import { renderResults, withGeneratedBlock } from './markdown.js';
import { writeOutput } from './output-paths.js';
import type { BenchResults, Section } from './results.js';
import { toolVersion } from '../log/tool-version.js';

export interface BenchOptions {
  mode: BenchMode;
  resultsPath: string;
  markdownPath: string;
  /** Only these measurements (the rest are recorded as skipped); all when undefined. */
  only?: readonly Section[];
  /** Once aborted, no measurement starts and nothing is written (runBench resolves to undefined). */
  stop?: AbortSignal;
  progress(line: string): void;
}

/**
 * Measures, writes the two files and returns the results; undefined, with nothing written, when `stop` aborted. Check
 * the two paths first (prepareOutputPath): they are written only at the end.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults | undefined> {
  const plan = PLANS[options.mode];
  const started = performance.now();
  // The commit checked out as the measuring starts: one made during a long run is not the code that was measured.
  const commit = toolVersion().commit;
  const system = systemInfo();
  const { progress } = options;
  const quick = options.mode !== 'full';
  const skipped = notMeasured('skipped (--only)');
  const stopped = () => options.stop?.aborted === true;
  async function section<T>(name: Section, measure: () => Promise<T>): Promise<T | NotMeasured> {
    if (options.only && !options.only.includes(name)) return skipped;
    if (stopped()) return notMeasured('stopped');
    (system.loadAverageBySection ??= {})[name] = loadAverage();
    (system.speedCheckMsBySection ??= {})[name] = speedCheckMs();
    const wakeUpUs = await wakeUpCostUs(plan.wakeCheck);
    if (wakeUpUs !== undefined) (system.wakeUpUsBySection ??= {})[name] = wakeUpUs;
    if (stopped()) return notMeasured('stopped');
    const t = performance.now();
    const memoryThreads = watchMemoryThreads();
    try {
      return await measure();
    } catch (err) {
      return notMeasured(`failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      const use = memoryThreads();
      if (use) (system.memoryThreadsBySection ??= {})[name] = use;
      progress(`${name}: done in ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${loadAverage()})`);
    }
  }
  const measured = {
    fidelity: await section('fidelity', () => measureFidelity(plan.fidelity, progress)),
    highRates: await section('highRates', () => measureHighRates(plan.highRates, progress)),
    // Latency and framing before the 50-machine mesh, whose processes leave the load average high for a minute.
    latency: await section('latency', () => measureLatency(plan.latency, progress)),
    framing: await section('framing', () => measureFraming(plan.framing, progress)),
    scale: await section('scale', () => measureScale(plan.scale, progress)),
    simulator: await section('simulator', () => externalFigure('bench/sim.ts benchSim', async () => (await import('../../bench/sim.js')).benchSim, quick)),
    analysis: await section('analysis', () => externalFigure('bench/analysis.ts benchAnalysis', async () => (await import('../../bench/analysis.js')).benchAnalysis, quick)),
  };
  if (stopped()) return undefined;
  system.loadAverageEnd = loadAverage();
  const partial = {
    version: 1 as const,
    mode: options.mode,
    ...(options.only ? { only: [...options.only] } : {}),
    generatedAt: new Date().toISOString(),
    ...(commit ? { commit } : {}),
    elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
    system,
    plan,
    ...measured,
  };
  const results: BenchResults = { ...partial, goals: judgeGoals(partial), otherGoals: judgeOtherGoals(partial) };
  writeOutput(options.resultsPath, JSON.stringify(results, null, 2) + '\n');
  writeOutput(options.markdownPath, withGeneratedBlock(options.markdownPath, renderResults(results)));
  return results;
}

