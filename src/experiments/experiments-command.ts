// `npm run experiments`: runs the plan (real or simulated), analyses every run, writes summaries and one combined report.
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config/load.js';
import { analyzeRun } from '../analysis/analyze.js';
import { analysisJson } from '../analysis/json-output.js';
import { toolNameVersion } from '../log/tool-version.js';
import { writeReport } from '../analysis/report.js';
import { loadPlan, STUDY_NAME, type Experiment } from './plan.js';
import { writeStudy } from '../hypothesis/write-study.js';
import { writeCrossRunChart, writeRunCharts } from './experiment-charts.js';
import { writeComparison } from './compare.js';
import { DEFAULT_STUDY, QUICK_STUDY } from '../hypothesis/study.js';
import { UsageError } from '../config/errors.js';
import { existingRun, keptRuns, partwayText, readEarlierRows, stoppedPartway, type Finished } from './earlier-runs.js';
import { checkSimulatedPlanFits } from './plan-log-guard.js';
import { experimentConfig, runRealExperiment, runSimulatedExperiment, type ExperimentRun } from './run-experiment.js';
import { experimentSummaryTable, summarizeExperiment, writeSummaries } from './summarize.js';
import { MAX_QUEUE_NOTE } from '../analysis/summary-rows.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { shellWord } from '../text/shell-word.js';
import { collectNames, parsePath } from '../cli/options.js';
import { npmRun, projectPath } from '../cli/user-path.js';
import { makeFolder } from '../log/make-folder.js';
import { listenForStopSignals, signalsHeard } from '../cli/stop-signals.js';
import { plural } from '../text/plural.js';
import { canRedraw, unicodeOk } from '../cli/terminal-caps.js';
import { firstAndMore } from '../text/first-and-more.js';

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

const DEFAULT_PLAN = 'experiments/plan.json';

/**
 * The options summary.md names as what made it: --sim and --quick, and --plan when it is not the published plan (it
 * decides what ran), as a path from the project root, where `npm run` runs the command.
 */
function summaryFlags(opts: ExperimentsCliOptions): string[] {
  const plan = resolve(opts.plan);
  const fromRoot = relative(process.cwd(), plan);
  const planPath = fromRoot.startsWith('..') || isAbsolute(fromRoot) ? plan : fromRoot;
  return [
    ...(opts.sim ? ['--sim'] : []),
    ...(opts.quick ? ['--quick'] : []),
    ...(plan === resolve(DEFAULT_PLAN) ? [] : ['--plan', shellWord(planPath)]),
  ];
}

export function experimentsCommand(): Command {
  return new Command('experiments')
    .description(
      'Run the experiment plan, analyse every run, and write summary.json, summary.md and report.html. Without --sim or --quick it runs the real plan ' +
        '(about 16 minutes) and replaces the published results in experiments/real; --sim takes seconds.',
    )
    .option('--plan <file>', 'experiment plan', parsePath, projectPath(DEFAULT_PLAN))
    .option('-c, --config <file>', 'base config: the machines (hosts and ports) real runs use', parsePath, projectPath('config.json'))
    .option('--sim', 'run the plan in the simulator (seconds instead of minutes)')
    .option('--quick', "shorten every experiment to the plan's quickDurationSeconds (a smoke test)")
    .option('-o, --out <dir>', 'output root; runs go to <out>/<real|sim>[-quick]/<name>/', parsePath, projectPath('experiments'))
    .option('--only <names...>', `run only these experiments, named apart or with commas (random-1 pair-1-2, or random-1,pair-1-2); ${STUDY_NAME} names the hypothesis study, which --only leaves out unless named`, collectNames)
    .option('--no-hypothesis', "skip the simulated study of the first notebook's hypothesis (where a slow machine's queue stops draining)")
    .option('--analyze-only', 'do not run anything (nor the hypothesis study): analyse the run folders already there again and rewrite the summaries');
}

/** Where one mode's results go: experiments/real, experiments/sim, or experiments/sim-quick. */
export function resultRoot(out: string, sim: boolean, quick: boolean): string {
  return join(out, `${sim ? 'sim' : 'real'}${quick ? '-quick' : ''}`);
}

export async function runExperimentsCli(argv: string[]): Promise<number> {
  // Run without the options npm took, it would run other experiments and replace their results: refused.
  const program = parseArgs(withVersion(experimentsCommand()), argv, (parsed) => npmTakenRefusal(parsed.opts<ExperimentsCliOptions>()));
  const opts = program.opts<ExperimentsCliOptions>();
  const plan = loadPlan(opts.plan);
  const base = loadConfig(opts.config);
  const experiments = opts.only ? plan.experiments.filter((e) => opts.only!.includes(e.name)) : plan.experiments;
  const unknown = (opts.only ?? []).filter((n) => n !== STUDY_NAME && !plan.experiments.some((e) => e.name === n));
  if (unknown.length) {
    throw new UsageError(`no experiment named ${unknown.join(', ')} in ${opts.plan} (it has ${plan.experiments.map((e) => e.name).join(', ')}; ${STUDY_NAME} names the hypothesis study)`);
  }
  // With --only, the study runs when it is named; without, unless --no-hypothesis. --analyze-only runs nothing.
  const studyNamed = opts.only?.includes(STUDY_NAME) ?? false;
  if (studyNamed && !opts.hypothesis) throw new UsageError(`--only ${STUDY_NAME} runs the hypothesis study and --no-hypothesis skips it: give one of them`);
  if (studyNamed && opts.analyzeOnly) throw new UsageError(`--analyze-only runs nothing, the hypothesis study included: leave ${STUDY_NAME} out of --only, or leave out --analyze-only`);
  const studyPlanned = !opts.analyzeOnly && studyAsked(opts);
  // `--only hypothesis`: the study alone, and nothing of the experiments (their folder, summaries and comparison) touched.
  const anyExperiment = experiments.length > 0;
  const root = resultRoot(opts.out, !!opts.sim, !!opts.quick);
  // --analyze-only needs every folder's logs: check them all before anything is rewritten. The runs found are the ones
  // analysed below; a folder holding a run interrupted partway is left out and named, as a run with --only leaves it out.
  const earlierRuns = new Map<Experiment, ExperimentRun | 'partway'>();
  if (opts.analyzeOnly) {
    const otherRoot = resultRoot(opts.out, !!opts.sim, !opts.quick);
    for (const e of experiments) {
      const dir = join(root, e.name);
      earlierRuns.set(e, stoppedPartway(dir) ? 'partway' : withOtherModeHint(() => existingRun(e, dir), join(otherRoot, e.name), opts.quick ? 'without --quick' : 'with --quick'));
    }
  }
  /** The command that runs experiment `name` again as this one ran, with the options that chose its plan, mode and folder. */
  const again = (name: string): string => rerunCommand(argv, name);
  const duration = (e: (typeof experiments)[number]) => (opts.quick ? plan.quickDurationSeconds : (e.durationSeconds ?? plan.durationSeconds));
  // Every experiment's config is made before the first one runs: one needing more machines than the base config has
  // is one line at once, not after the experiments before it.
  if (!opts.analyzeOnly) for (const e of experiments) experimentConfig(base, e, duration(e));
  // Logs that would not all fit are refused before the first run: one refused partway would leave the summaries stale.
  if (opts.sim && !opts.analyzeOnly) checkSimulatedPlanFits(base, experiments, duration, root);
  // Rows of experiments not run this time are kept from the earlier summary.json: one that cannot be read is said now.
  const earlierRows = anyExperiment ? readEarlierRows(root) : [];
  if (anyExperiment) makeFolder('output folder', root);
  // Into the published results: said first, with how long it takes (`npm run experiments --only x`, without --, runs
  // the whole plan here: npm takes --only silently, leaving no trace the command could see).
  const published = !opts.quick && resolve(opts.out) === resolve(projectPath('experiments'));
  if (published && anyExperiment && !opts.analyzeOnly) process.stdout.write(`${publishedRunLine(experiments.map(duration), !!opts.sim, root)}\n`);
  const hypothesisDir = studyDir(opts);
  if (published && studyPlanned) process.stdout.write(`${publishedStudyLine(hypothesisDir)}\n`);

  // Ctrl+C or SIGTERM: no new experiment starts (one running, real or simulated, stops early), the summaries of those
  // done are written, and the hypothesis study is skipped; the handlers stay until the end so that a signal never cuts
  // a write.
  const signals = listenForStopSignals();
  const stopped = signals.signal;
  // Resolved with the signal, so that a real run's run.json says which one stopped it (interruptedBy).
  const interrupted = new Promise<NodeJS.Signals | void>((resolve) => stopped.addEventListener('abort', () => resolve(signals.received()), { once: true }));
  let studyRan = false;
  const done: Finished[] = [];
  const attempted = new Set<Experiment>();
  /** With --analyze-only: experiments whose folder holds a run interrupted partway, left out (partwayText). */
  const partwayNow: string[] = [];
  /** A real experiment that the signal stopped early: its partial run, in its staging folder, left out of the summaries. */
  let cutShort: ExperimentRun | undefined;
  let failedNames: string[] = [];
  try {
    const tty = canRedraw(process.stderr);
    // Each experiment's line and table go to stdout unless both streams are the terminal, where the bar stands for
    // them: `| tee log` typed at a terminal keeps them.
    const lines = !tty || !canRedraw(process.stdout);
    const preset = unicodeOk() ? cliProgress.Presets.shades_classic : cliProgress.Presets.legacy;
    const bar = tty && anyExperiment ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} experiments | {name}', stream: process.stderr }, preset) : undefined;
    bar?.start(experiments.length, 0, { name: '' });
    try {
      for (const [i, e] of experiments.entries()) {
        // A signal that came while the last experiment was simulated or analysed (synchronous work) is heard first.
        await signalsHeard();
        if (stopped.aborted) break;
        attempted.add(e);
        const seconds = duration(e);
        bar?.update(i, { name: `${e.name} (${opts.analyzeOnly ? 'analysing' : opts.sim ? 'simulated' : `${seconds} s`})` });
        if (lines) process.stdout.write(`[${i + 1}/${experiments.length}] ${e.name}: ${opts.analyzeOnly ? 'analysing the run folder again' : opts.sim ? 'simulating' : `running for ${seconds} s`}\n`);
        const dir = join(root, e.name);
        const earlier = earlierRuns.get(e);
        if (earlier === 'partway') {
          partwayNow.push(partwayText(e, again));
          continue;
        }
        const run: ExperimentRun = earlier
          ? earlier
          : opts.sim
            ? await runSimulatedExperiment(base, e, seconds, dir, stopped)
            : await runRealExperiment(base, e, seconds, dir, interrupted);
        if (run.interrupted) {
          cutShort = run;
          break;
        }
        const analysis = await analyzeRun(dir);
        // Published beside the logs: name and version only, so that the same runs give the same bytes at any commit.
        const doc = { ...analysisJson({ runs: [analysis] }), tool: toolNameVersion() };
        writeFileSync(join(dir, 'analysis.json'), JSON.stringify(doc, null, 2) + '\n');
        await writeRunCharts(analysis, dir);
        const summary = summarizeExperiment(e, analysis, seconds, run.failures);
        done.push({ summary, analysis });
        if (lines) process.stdout.write(`${experimentSummaryTable(summary)}\n`);
      }
      bar?.update(done.length, { name: stopped.aborted ? 'interrupted' : 'done' });
    } finally {
      bar?.stop();
    }
    // What the tables' max queue counts, once under them all, as analyze prints it under its table.
    if (lines && done.length) process.stdout.write(`${MAX_QUEUE_NOTE}\n`);
    // The summaries cover every run folder of the plan: those of experiments not run this time (--only, Ctrl+C) are kept.
    const earlier = done.length ? await keptRuns(plan.experiments.filter((e) => !attempted.has(e)), root, earlierRows, duration, again) : { kept: [], partway: [] };
    const { kept } = earlier;
    const partway = [...partwayNow, ...earlier.partway];
    const planIndex = (f: Finished) => plan.experiments.findIndex((e) => e.name === f.summary.name);
    const all = [...done, ...kept].sort((a, b) => planIndex(a) - planIndex(b));
    // report.html and the cross-run chart need every run's logs; rows kept from summary.json alone leave them as they were.
    const withoutLogs = kept.filter((f) => !f.analysis).length;
    if (done.length) {
      writeSummaries(root, all.map((f) => f.summary), summaryFlags(opts));
      if (!withoutLogs) {
        const runs = all.flatMap((f) => (f.analysis ? [f.analysis] : []));
        await writeReport({ runs }, join(root, 'report.html'));
        await writeCrossRunChart({ runs }, root);
      }
    }
    const keptNote = kept.length ? `, ${kept.length} kept from earlier runs${withoutLogs ? ` (${withoutLogs} without their logs here: report.html and the cross-run chart not rewritten)` : ''}` : '';
    const partwayNote = partway.length ? `, ${partway.length} left out: ${partway.join('; ')}` : '';
    // A real run stopped partway is in its staging folder, and no summary is written: say where, and what was kept.
    const nothing = cutShort ? `no summaries written in ${root} (${cutShort.experiment.name}: ${partialText(cutShort)})` : `nothing written in ${root}`;
    const where = done.length ? `results in ${root} (summary.md, summary.json, report.html)` : nothing;
    if (anyExperiment) process.stdout.write(`${done.length} of ${experiments.length} experiments${stopped.aborted ? ' complete' : ''}${keptNote}${partwayNote}; ${where}\n`);
    if (anyExperiment && !opts.quick) {
      // The other mode's summary.json is only read here: one that cannot be read leaves the comparison out, said.
      try {
        const comparison = writeComparison(opts.out);
        if (comparison) process.stdout.write(`simulated against real: ${comparison}\n`);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`experiments: note: comparison.md not written: ${error.message}\n`);
      }
    }
    // The study hears a stop signal between its points: stopped, it writes nothing and is named as not run.
    const study = studyPlanned && !stopped.aborted ? await writeStudy(hypothesisDir, opts.quick ? QUICK_STUDY : DEFAULT_STUDY, stopped) : null;
    if (study) {
      studyRan = true;
      const lines = study.thresholds.map((t) => `  ${t.machines} machines, internal probability ${t.internalProbability}: predicted ${t.predicted}, measured ${t.measured ?? '-'}`);
      process.stdout.write(`hypothesis: ${study.runs} simulated runs; the slow machine's queue stops draining at a fast/slow rate ratio of\n${lines.join('\n')}\nresults in ${study.dir}\n`);
    }
    failedNames = done.map((f) => f.summary).filter((s) => s.failures.length).map((s) => s.name);
    if (failedNames.length) process.stderr.write(`experiments with failed machines: ${failedNames.join(', ')}\n`);
  } finally {
    // A signal that came during the last synchronous step is delivered on the loop's next turn: heard before the
    // handlers go, not lost.
    await signalsHeard();
    signals.dispose();
  }
  if (!stopped.aborted) return failedNames.length ? 1 : 0;
  const notRun = experiments.filter((e) => !attempted.has(e)).map((e) => e.name);
  const skipped = [
    ...(cutShort ? [`${cutShort.experiment.name} (stopped early: ${partialText(cutShort)})`] : []),
    ...(notRun.length ? [`${plural(notRun.length, 'experiment')} (${listed(notRun)})`] : []),
    ...(studyPlanned && !studyRan ? [`the hypothesis study (${existsSync(hypothesisDir) ? `${hypothesisDir} unchanged` : `nothing written in ${hypothesisDir}`})`] : []),
  ];
  if (!skipped.length) {
    // The signal came while the last step ran (the hypothesis study, which runs to its end): nothing was left out.
    process.stderr.write('experiments: stop signal received during the last step, which completed: every result is complete\n');
    return failedNames.length ? 1 : 0;
  }
  process.stderr.write(`experiments: interrupted; not run: ${skipped.join('; ')}\n`);
  return signals.exitCode();
}


/** `its partial run is in experiments/real/.random-1.running; its earlier results are kept`. */
const partialText = (run: ExperimentRun): string =>
  `its partial run is in ${run.dir}; ${run.earlierKept ? 'its earlier results are kept' : 'it has no earlier results'}`;

/** Whether the options ask for the hypothesis study: unless --no-hypothesis, and with --only when it names the study. */
const studyAsked = (opts: ExperimentsCliOptions): boolean => opts.hypothesis && (!opts.only || opts.only.includes(STUDY_NAME));

/** Where the hypothesis study writes: experiments/hypothesis, or hypothesis-quick with --quick. */
const studyDir = (opts: ExperimentsCliOptions): string => join(opts.out, `hypothesis${opts.quick ? '-quick' : ''}`);

/**
 * What experiments would do with the options that reached it when npm took others (`npm run experiments --sim --quick`
 * runs the whole real plan): why it refuses to run so, after `this `.
 */
function npmTakenRefusal(opts: ExperimentsCliOptions): string {
  const root = resultRoot(opts.out, !!opts.sim, !!opts.quick);
  if (opts.analyzeOnly) return `would analyse the runs in ${root} again and rewrite their summaries`;
  const plan = `${opts.quick ? 'quick ' : ''}${opts.sim ? 'simulated' : 'real'} plan`;
  const names = opts.only?.filter((n) => n !== STUDY_NAME) ?? [];
  const study = studyAsked(opts) ? studyDir(opts) : undefined;
  const runs = [
    ...(opts.only && names.length === 0 ? [] : [opts.only ? `${names.join(', ')} of the ${plan}` : `the whole ${plan}${opts.sim || opts.quick ? '' : ' (about 16 minutes)'}`]),
    ...(study ? ['the hypothesis study'] : []),
  ];
  const into = [...(runs.length > (study ? 1 : 0) ? [root] : []), ...(study ? [study] : [])];
  return `would run ${runs.join(' and ')}, replacing the results in ${into.join(' and ')}`;
}

/** `experiments: the hypothesis study (simulated, a few seconds) into experiments/hypothesis, replacing ...`. */
export function publishedStudyLine(dir: string): string {
  return `experiments: the hypothesis study (simulated, a few seconds) into ${dir}, replacing its published results once it has completed; Ctrl+C keeps them`;
}

/** Runs `check`; a UsageError it throws gets a hint when the other mode's folder (`other`, --quick or not) holds the run. */
function withOtherModeHint<T>(check: () => T, other: string, how: string): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof UsageError) || !existsSync(join(other, 'run.json'))) throw err;
    throw new UsageError(`${err.message}; ${other} holds one: run ${how}?`);
  }
}

/**
 * `experiments: 14 real experiments (about 16 minutes) into experiments/real, each replacing its published results once
 * it has completed; Ctrl+C keeps those of the one running and the rest`.
 */
export function publishedRunLine(seconds: readonly number[], sim: boolean, root: string): string {
  const kind = `${plural(seconds.length, `${sim ? 'simulated' : 'real'} experiment`)}`;
  // A real experiment takes its duration, plus a few seconds to start and analyse.
  const minutes = Math.ceil(seconds.reduce((a, b) => a + b + 5, 0) / 60);
  const time = sim ? '' : ` (about ${plural(minutes, 'minute')})`;
  return `experiments: ${kind}${time} into ${root}, each replacing its published results once it has completed; Ctrl+C keeps those of the one running and the rest`;
}

/**
 * `npm run experiments -- --quick --only slow-fast`: the command line given, without --only and --analyze-only (and
 * their values), and with `--only <name>` at its end.
 */
export function rerunCommand(argv: readonly string[], name: string): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--analyze-only' || word.startsWith('--only=')) continue;
    if (word === '--only') {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) i++;
      continue;
    }
    kept.push(shellWord(word));
  }
  return `${npmRun('experiments')} -- ${[...kept, '--only', name].join(' ')}`;
}

/** Names, the first three and how many more. */
const listed = (names: string[]): string => firstAndMore(names, 3);
