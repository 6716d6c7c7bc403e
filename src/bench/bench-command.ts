// `npm run bench [-- --quick]`: the benchmark command line (commander), calling runBench.
import { Command, InvalidArgumentError, Option } from 'commander';
import { runBench } from './run-bench.js';
import { cell } from './markdown.js';
import { removeOpenWorkDirs } from './work-dir.js';
import { SECTIONS, type BenchResults, type GoalResult, type Section } from './results.js';
import { stopChildren } from './children.js';
import { listenForStopSignals } from '../cli/stop-signals.js';
import type { BenchMode } from './plan.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { parsePath } from '../cli/options.js';
import { projectPath } from '../cli/user-path.js';
import { checkMarkdownBlock, prepareOutputPath } from './output-paths.js';

interface BenchCliOptions {
  quick?: boolean;
  smoke?: boolean;
  results?: string;
  markdown?: string;
  only?: Section[];
}

/** One --only's list, added to those of earlier --only options (`--only scale --only latency` runs both). */
function parseSections(value: string, earlier: Section[] = []): Section[] {
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) throw new InvalidArgumentError(`Must be a comma-separated list of: ${SECTIONS.join(', ')}.`);
  return [...new Set([...earlier, ...(names as Section[])])];
}

// A partial run (--smoke, --only) writes beside the published figures, never over them.
// Absolute when npm was started in another folder (projectPath), in --help and at run time alike.
const PUBLISHED = { results: projectPath('bench/results.json'), markdown: projectPath('BENCHMARKS.md') };
const PARTIAL = { results: projectPath('bench/partial/results.json'), markdown: projectPath('bench/partial/BENCHMARKS.md') };

/**
 * What bench would do with the options that reached it when npm took others (`npm run bench --quick` runs the full
 * benchmark): why it refuses to run so, after `this `.
 */
function npmTakenRefusal(opts: BenchCliOptions): string {
  const defaults = opts.smoke || opts.only ? PARTIAL : PUBLISHED;
  const files = [opts.results ?? defaults.results, opts.markdown ?? defaults.markdown];
  const kind = opts.smoke ? 'the smoke benchmark' : `the ${opts.quick ? 'quick' : 'full'} benchmark${opts.only ? ` (only ${opts.only.join(', ')})` : opts.quick ? '' : ' (about 15 minutes)'}`;
  const published = files.every((f, i) => f === [PUBLISHED.results, PUBLISHED.markdown][i]) ? 'the published figures in ' : '';
  return `would run ${kind} and replace ${published}${files.join(' and ')}`;
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('Measure tick fidelity, high rates, scale, loopback latency, framing, the simulator and the analysis; write bench/results.json and the tables of BENCHMARKS.md.')
    .option('--quick', `shorter runs, one run per figure (framing: three): under a minute on a quiet host (it too writes ${PUBLISHED.results} and ${PUBLISHED.markdown}, unless given --results and --markdown)`)
    .addOption(new Option('--smoke', 'the smallest run through every measurement, for the test (figures not worth publishing)').conflicts('quick'))
    .option('--results <file>', `where to write the results JSON (default: ${PUBLISHED.results}, or ${PARTIAL.results} with --smoke or --only)`, parsePath)
    .option('--markdown <file>', `the Markdown file whose generated block to rewrite (default: ${PUBLISHED.markdown}, or ${PARTIAL.markdown} with --smoke or --only)`, parsePath)
    .option('--only <list>', `only these measurements (${SECTIONS.join(', ')}), comma-separated or in several --only; the rest are recorded as skipped`, parseSections);
}

/** Parses argv (without node and script), runs the benchmark, prints the goals; returns the exit code. */
export async function runBenchCli(argv: string[]): Promise<number> {
  // Run without the options npm took, it would run another benchmark and replace its figures: refused.
  const program = parseArgs(withVersion(benchCommand()), argv, (parsed) => npmTakenRefusal(parsed.opts<BenchCliOptions>()));
  const opts = program.opts<BenchCliOptions>();
  const mode: BenchMode = opts.smoke ? 'smoke' : opts.quick ? 'quick' : 'full';
  const defaults = mode === 'smoke' || opts.only ? PARTIAL : PUBLISHED;
  const resultsPath = opts.results ?? defaults.results;
  const markdownPath = opts.markdown ?? defaults.markdown;
  const out = process.stdout;
  // Checked before anything is measured: a bad path fails in a second, not after 14 minutes.
  prepareOutputPath('--results', resultsPath);
  prepareOutputPath('--markdown', markdownPath);
  checkMarkdownBlock(markdownPath);
  // Said first, since a run writes them only at its end: a --quick run replaces the published figures too.
  const published = resultsPath === PUBLISHED.results && markdownPath === PUBLISHED.markdown;
  out.write(
    `bench: at the end, rewrites ${resultsPath} and the generated block of ${markdownPath}` +
      (published && mode !== 'full' ? ` (the published figures; give --results and --markdown to keep them)` : '') +
      // The full run is a quarter of an hour (also what `npm run bench --only x` starts: npm takes --only silently).
      (mode === 'full' && !opts.only ? ' after about 15 minutes of measuring (Ctrl+C before then writes nothing)\n' : '\n'),
  );
  // Ctrl+C or SIGTERM (timeout, a cancelled job): nothing is written (results and tables come at the end). The signal
  // is passed on to the running start-all or peer process and no new one starts; each measurement removes its scratch
  // folder once its child has exited (a stopping start-all's machines still write their logs); then the signal's own
  // exit (130, 143). Later signals change nothing (under `npm run` one Ctrl+C arrives twice).
  const signals = listenForStopSignals();
  const onStop = (): void => {
    process.stderr.write(`bench: interrupted; ${resultsPath} and ${markdownPath} are unchanged\n`);
    stopChildren(signals.received()!);
  };
  signals.signal.addEventListener('abort', onStop, { once: true });
  let results: BenchResults | undefined;
  try {
    results = await runBench({
      mode,
      resultsPath,
      markdownPath,
      only: opts.only,
      stop: signals.signal,
      progress: (line) => signals.signal.aborted || out.write(`${line}\n`),
    });
  } finally {
    signals.dispose();
  }
  if (!results) {
    removeOpenWorkDirs(); // every measurement has removed its own by now; this is only a last resort
    process.kill(process.pid, signals.received()!);
    return signals.exitCode();
  }
  // The simulator's and the analysis's figures have no goal line of their own here: their headline rates.
  for (const name of ['simulator', 'analysis'] as const) {
    const figures = results[name];
    if ('rates' in figures && figures.rates.length) out.write(`${name}: ${figures.rates.map((r) => `${r.field} ${cell(r.value)}`).join('; ')}\n`);
  }
  // A quick or smoke run judges the goals on shorter, single runs: said, so that its lines are not read as the published verdict.
  if (mode !== 'full') out.write(`goals, as judged on this ${mode} run's shorter runs (the published verdict comes from a full run):\n`);
  const goalLine = (g: GoalResult) => (g.met === null ? `not measured: ${g.goal}\n` : `${g.met ? 'met' : 'MISSED'}: ${g.goal}: ${g.measured}\n`);
  for (const g of results.goals) out.write(goalLine(g));
  out.write("the simulator's and the analysis's own goals:\n");
  for (const g of results.otherGoals ?? []) out.write(goalLine(g));
  out.write(`wrote ${resultsPath} and ${markdownPath} in ${Math.round(results.elapsedSeconds)} s\n`);
  return 0;
}
