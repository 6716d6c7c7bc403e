// `npm run experiments`: runs the plan (real or simulated), analyses every run, writes summaries and one combined report.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readRunInfo } from '../log/run-info.js';
import { join } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config/load.js';
import { analyzeRun } from '../analysis/analyze.js';
import { analysisJson } from '../analysis/json-output.js';
import { writeReport } from '../analysis/report.js';
import type { RunAnalysis } from '../analysis/analyze.js';
import { loadPlan, type Experiment } from './plan.js';
import { writeStudy } from '../hypothesis/write-study.js';
import { writeCrossRunChart, writeRunCharts } from './experiment-charts.js';
import { writeComparison } from './compare.js';
import { DEFAULT_STUDY, QUICK_STUDY } from '../hypothesis/study.js';
import { UsageError } from '../config/errors.js';
import { runRealExperiment, runSimulatedExperiment, type ExperimentRun } from './run-experiment.js';
import { experimentTable, summarizeExperiment, writeSummaries, type ExperimentSummary } from './summarize.js';

interface ExperimentsCliOptions {
  plan: string;
  config: string;
  sim?: boolean;
  quick?: boolean;
  out: string;
  only?: string[];
  analyzeOnly?: boolean;
  hypothesis: boolean;
}

export function experimentsCommand(): Command {
  return new Command('experiments')
    .description('Run the experiment plan, analyse every run, and write summary.json, summary.md and report.html.')
    .option('--plan <file>', 'experiment plan', 'experiments/plan.json')
    .option('-c, --config <file>', 'base config: the machines (hosts and ports) real runs use', 'config.json')
    .option('--sim', 'run the plan in the simulator (seconds instead of minutes)')
    .option('--quick', "shorten every experiment to the plan's quickDurationSeconds (a smoke test)")
    .option('-o, --out <dir>', 'output root; runs go to <out>/<real|sim>[-quick]/<name>/', 'experiments')
    .option('--only <names...>', 'run only these experiments')
    .option('--no-hypothesis', "skip the simulated study of the first notebook's hypothesis (where a slow machine's queue stops draining)")
    .option('--analyze-only', 'do not run anything: analyse the run folders already there again and rewrite the summaries');
}

/** A run folder written earlier, for --analyze-only: its machines' failures are read back from run.json. */
function existingRun(e: Experiment, dir: string): ExperimentRun {
  if (!existsSync(join(dir, 'run.json'))) throw new UsageError(`${dir} holds no run (no run.json): run the experiments first`);
  const info = readRunInfo(dir);
  const failures = Object.entries(info.machines ?? {})
    .filter(([, o]) => o.exitCode !== 0)
    .map(([id, o]) => `machine ${id} exited with ${o.signal ?? o.exitCode}`);
  return { experiment: e, dir, failures };
}

/** Where one mode's results go: experiments/real, experiments/sim, or experiments/sim-quick. */
export function resultRoot(out: string, sim: boolean, quick: boolean): string {
  return join(out, `${sim ? 'sim' : 'real'}${quick ? '-quick' : ''}`);
}

export async function runExperimentsCli(argv: string[]): Promise<number> {
  const program = experimentsCommand().exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<ExperimentsCliOptions>();
  const plan = loadPlan(opts.plan);
  const base = loadConfig(opts.config);
  const experiments = opts.only ? plan.experiments.filter((e) => opts.only!.includes(e.name)) : plan.experiments;
  const unknown = (opts.only ?? []).filter((n) => !plan.experiments.some((e) => e.name === n));
  if (unknown.length) throw new UsageError(`no experiment named ${unknown.join(', ')} in ${opts.plan}`);
  const root = resultRoot(opts.out, !!opts.sim, !!opts.quick);
  mkdirSync(root, { recursive: true });
  const duration = (e: (typeof experiments)[number]) => (opts.quick ? plan.quickDurationSeconds : (e.durationSeconds ?? plan.durationSeconds));

  let stop: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => (stop = resolve));
  let wasInterrupted = false;
  const onSignal = () => {
    wasInterrupted = true;
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const tty = process.stderr.isTTY;
  const bar = tty ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} experiments | {name}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(experiments.length, 0, { name: '' });
  const summaries: ExperimentSummary[] = [];
  const analyses: RunAnalysis[] = [];
  try {
    for (const [i, e] of experiments.entries()) {
      if (wasInterrupted) break;
      const seconds = duration(e);
      bar?.update(i, { name: `${e.name} (${opts.sim ? 'simulated' : `${seconds} s`})` });
      if (!tty) process.stdout.write(`[${i + 1}/${experiments.length}] ${e.name}: ${opts.sim ? 'simulating' : `running for ${seconds} s`}\n`);
      const dir = join(root, e.name);
      const run: ExperimentRun = opts.analyzeOnly
        ? existingRun(e, dir)
        : opts.sim
          ? runSimulatedExperiment(base, e, seconds, dir)
          : await runRealExperiment(base, e, seconds, dir, interrupted);
      if (wasInterrupted) break;
      const analysis = await analyzeRun(dir);
      writeFileSync(join(dir, 'analysis.json'), JSON.stringify(analysisJson({ runs: [analysis] }), null, 2) + '\n');
      analyses.push(analysis);
      await writeRunCharts(analysis, dir);
      const summary = summarizeExperiment(e, analysis, seconds, run.failures);
      summaries.push(summary);
      if (!tty) process.stdout.write(`${experimentTable(summary)}\n`);
    }
    bar?.update(summaries.length, { name: wasInterrupted ? 'interrupted' : 'done' });
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (summaries.length) {
    writeSummaries(root, summaries);
    await writeReport({ runs: analyses }, join(root, 'report.html'));
    await writeCrossRunChart({ runs: analyses }, root);
  }
  process.stdout.write(`${summaries.length} of ${experiments.length} experiments${wasInterrupted ? ' (interrupted)' : ''}; results in ${root} (summary.md, summary.json, report.html)\n`);
  if (!opts.quick) {
    const comparison = writeComparison(opts.out);
    if (comparison) process.stdout.write(`simulated against real: ${comparison}\n`);
  }
  if (opts.hypothesis && !wasInterrupted) {
    const study = await writeStudy(join(opts.out, `hypothesis${opts.quick ? '-quick' : ''}`), opts.quick ? QUICK_STUDY : DEFAULT_STUDY);
    const lines = study.thresholds.map((t) => `  ${t.machines} machines, internal probability ${t.internalProbability}: predicted ${t.predicted}, measured ${t.measured ?? '-'}`);
    process.stdout.write(`hypothesis: ${study.runs} simulated runs; the slow machine's queue stops draining at a fast/slow rate ratio of\n${lines.join('\n')}\nresults in ${study.dir}\n`);
  }
  const failed = summaries.filter((s) => s.failures.length);
  if (failed.length) process.stderr.write(`experiments with failed machines: ${failed.map((s) => s.name).join(', ')}\n`);
  return wasInterrupted ? 130 : failed.length ? 1 : 0;
}
