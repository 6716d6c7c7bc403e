// `npm run start-all`: runs every configured machine as its own process and prints the summary at the end.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadConfig, parseConfig } from '../config/load.js';
import { machineEntryOf, machineIds, type Config } from '../config/schema.js';
import { analyseLaterLine, analyzeCommand } from './analyse-hint.js';
import { shellWord } from '../text/shell-word.js';
import { generatedMachines, unusedRatesNote } from '../config/generated-machines.js';
import { fileErrorReason, isFileError, NO_ROOM } from '../log/file-error.js';
import { FOLDER_TAKEN } from '../log/run-info.js';
import { UsageError } from '../config/errors.js';
import { resolveRun } from '../config/resolve.js';
import { createRunFolder } from '../runner/new-run-folder.js';
import { checkPortsFree } from '../runner/preflight.js';
import { faultPortsShortfall } from '../faults/proxy-ports.js';
import { describeResult, startAll } from '../runner/start-all.js';
import { failed, logDisplacedOnly } from '../runner/machine-exits.js';
import { loadFaultPlan } from '../faults/index.js';
import { untimeableFault } from '../runner/fault-timers.js';
import { MAX_REAL_MACHINES } from '../config/generated-machines.js';
import { parseDelayRange, parseMachineCount, parsePath, parseProbability, parseRates, parseRunSeconds, parseSeed, parseWaitMs } from './options.js';
import { projectPath } from './user-path.js';
import { pickSeed } from './pick-seed.js';
import { openFilesShortfall } from '../runner/open-files.js';
import { memoryShortfall } from '../runner/memory-check.js';
import { checkRunLogsFit } from '../runner/run-logs-fit.js';
import { checkCanCreate } from '../sim/log-size-guard.js';
import { earlyTickMs, startSpanMs } from '../runner/start-span.js';
import { filesSize, startReadProgress } from './read-progress.js';
import type { ProgressBar } from './progress-bar.js';
import { machineLogPaths } from '../analysis/run-folder.js';
import type { Analysis } from '../analysis/analyze.js';
import { ratesText } from './rates-text.js';
import { parseArgs } from './parse-args.js';
import { withVersion } from './version-option.js';
import { machinesText } from '../text/id-list.js';
import { outputWidth } from './output-width.js';
import { onStopSignals } from './stop-signals.js';

interface StartAllCliOptions {
  config: string;
  duration?: number;
  rates?: number[];
  seed?: number;
  internalProb?: number;
  stagger?: number;
  delay?: [number, number];
  logDir?: string;
  quiet?: boolean;
  faults?: string;
  /** false with --no-analysis. */
  analysis?: boolean;
  machines?: number;
}

export function startAllCommand(): Command {
  return new Command('start-all')
    .description('Start every machine of the config as its own process, run for the duration (or until Ctrl+C), stop them together, print a summary.')
    .option('-c, --config <file>', 'config file', parsePath, projectPath('config.json'))
    .option('-m, --machines <n>', `run n machines (ids 1..n, 2 to ${MAX_REAL_MACHINES}) on consecutive ports from the config's first machine's, instead of the config's machines`, parseMachineCount)
    .option('-d, --duration <seconds>', 'seconds to run; 0 runs until Ctrl+C (default: config durationSeconds)', parseRunSeconds)
    .option('-r, --rates <list>', 'ticks per second per machine in id order, e.g. 1,3,6; with -m, one rate is every machine\'s (default: config, else seeded)', parseRates)
    .option('-s, --seed <n>', 'seed for rates and draws (default: config seed, else a fresh one, recorded)', parseSeed)
    .option('-p, --internal-prob <p>', 'probability of an internal event on an empty queue (default: config internalProbability)', parseProbability)
    .option('--stagger <ms>', 'delay between machine starts (default: config staggerMs)', parseWaitMs)
    .option('--delay <min-max>', 'network delay per frame in ms, uniform (default: config delayMs)', parseDelayRange)
    .option('-l, --log-dir <dir>', `run folder, new or empty (default: a new ${projectPath('logs')}/<YYYYMMDD-HHMMSS>-<seed>/)`, parsePath)
    .option('-q, --quiet', 'no live display or progress lines: faults, warnings, the summary and the analysis only')
    .option('-f, --faults <file>', 'fault schedule (faults.json): toxics, cut links, kills and restarts at given times', parsePath)
    .option('--no-analysis', 'skip the analysis tables and report.html after the run (npm run analyze -- <run-dir> --report <file> makes them later)');
}

/** Parses argv (without node and script), runs the machines, prints the summary; returns the exit code. */
export async function runStartAllCli(argv: string[]): Promise<number> {
  const program = parseArgs(withVersion(startAllCommand()), argv);
  const opts = program.opts<StartAllCliOptions>();
  // Read before the run: a bad LAMPORT_COLUMNS is an error at once, not after the run.
  const width = outputWidth();
  const loaded = loadConfig(opts.config);
  const config = withMachineCount(loaded, opts.config, opts.machines);
  const run = resolveRun(
    config,
    { seed: opts.seed, rates: opts.rates, internalProbability: opts.internalProb, durationSeconds: opts.duration, staggerMs: opts.stagger, delayMs: opts.delay, machineCountGiven: opts.machines !== undefined },
    pickSeed,
  );
  const faults = opts.faults ? loadFaultPlan(opts.faults, run.ids, untimeableFault(run.config.durationSeconds)) : undefined;
  // The proxies live in this process: a mesh too large for the open-file limit is one line before anything starts.
  const shortfall = faults ? openFilesShortfall(run.ids.length) : null;
  if (shortfall) throw new UsageError(shortfall);
  const tooMany = memoryShortfall(run.ids.length);
  if (tooMany) throw new UsageError(tooMany);
  // config.json's faultPorts too small for the proxies: said before the run folder is made.
  const range = run.config.faultPorts ?? null;
  const tooFew = faults && range ? faultPortsShortfall(range, new Set(run.ids.map((id) => machineEntryOf(run.config, id).port)), run.ids.length) : null;
  if (tooFew) throw new UsageError(`${opts.config}: ${tooFew}`);
  // A config the user named (-c): the busy port's remedy is to change its ports, not to give one with -c.
  await checkPortsFree(run.config, program.getOptionValueSource('config') === 'cli' ? shellWord(opts.config) : undefined);
  // A folder that cannot be made there (under /proc, read-only, no permission), then logs that would fill the disk:
  // refused before anything starts, in that order (statfs of /proc says 0 bytes free, which is not why).
  checkCanCreate('run folder', opts.logDir ?? 'logs');
  const largeLogs = checkRunLogsFit(run, opts.logDir ?? 'logs', Date.now());
  const dir = projectPath(createRunFolder({ logDir: opts.logDir, seed: run.seed, now: new Date() }));
  // The machines read their addresses from a config file: with --machines, the one made here, kept in the run folder.
  const configPath = opts.machines === undefined ? opts.config : writeRunConfig(dir, run.config);
  const out = process.stdout;
  const rates = ratesText(run.ids, run.rates);
  const length = run.config.durationSeconds > 0 ? `for ${run.config.durationSeconds} s` : 'until Ctrl+C';
  // Quiet: no progress lines, this one included (the seed and folder are in run.json and the summary's `logs:` line).
  if (!opts.quiet) out.write(`starting ${run.ids.length} machines (${rates}), seed ${run.seed}, ${length}; logs in ${shellWord(dir)}\n`);
  const unusedRates = unusedRatesNote(loaded, opts.machines, opts.rates !== undefined);
  if (unusedRates) out.write(`note: ${unusedRates}\n`);
  if (largeLogs) out.write(`note: ${largeLogs}\n`);
  // The first machines stop waiting for their peers after connectTimeoutMs: with a long stagger, before the last start.
  if (earlyTickMs(run) > 0) {
    out.write(
      `note: starting every machine takes ${startSpanMs(run) / 1000} s (stagger ${run.config.staggerMs} ms), more than connectTimeoutMs (${run.config.connectTimeoutMs / 1000} s): ` +
        `the first machines will tick before the last ones start (saying whom they miss), so they tick for longer than the run's duration in all\n`,
    );
  }

  let runCode: number | undefined;
  /** Prints a line during the run: above the live display, which would otherwise draw over it. */
  let say: (line: string) => void = (line) => void out.write(`${line}\n`);
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const interrupted = new Promise<NodeJS.Signals>((resolve) => {
    let first: number | undefined;
    onSignal = (signal) => {
      // One Ctrl+C under `npm run` arrives twice (from the terminal, and forwarded by npm): count it once.
      const now = performance.now();
      if (first !== undefined && now - first < SAME_CTRL_C_MS) return;
      // After the run, a signal stops only the analysis: the logs are complete and the run's exit code stands.
      if (runCode !== undefined) stopAnalysis(dir, runCode);
      else if (first === undefined) (first = now), resolve(signal);
      else say(`still waiting for machines to flush their logs (force-kill after ${2 * run.config.shutdownGraceMs / 1000 + 5} s)`);
    };
  });
  const removeSignalHandlers = onStopSignals(onSignal);
  try {
    const result = await startAll({ run, configPath, dir, quiet: !!opts.quiet, announceStop: !opts.quiet, out, interrupted, faults, onSay: (runSay) => (say = runSay) });
    const failures = result.exits.filter((e) => failed(e, result.interrupted));
    // A machine that fails ends the run for all: say so first, the summary's last lines say how it failed. Quiet, only
    // a run that did not end as planned says so (the summary does not): `run ended` is a progress line. A machine
    // someone else stopped (it exited 0 before the end) is not a failure of the run: exit 0, but say so.
    const ended = result.interrupted
      ? 'interrupted; run ended'
      : result.stoppedEarly
        ? `run stopped early: ${result.stoppedEarly}`
        : opts.quiet
          ? ''
          : 'run ended';
    out.write(`${ended && `${ended}\n`}${describeResult(result, dir, width)}\n`);
    runCode = failures.length === 0 && !result.faultError && !result.runInfoError ? 0 : failures.some((e) => e.early && e.exitCode === 2) ? 2 : 1;
    // A run stopped before any machine started has nothing to analyse; nor has one whose run.json was not finished.
    const anyStarted = result.summaries.some((s) => s.incarnations > 0);
    if (opts.analysis === false) {
      if (anyStarted && !result.runInfoError && !opts.quiet) out.write(`${analyseLaterLine(dir)}\n`);
    } else if (result.runInfoError) out.write('no analysis: run.json could not be written (see below)\n');
    else if (!anyStarted) out.write('no analysis: no machine had started\n');
    else await analyzeAfterRun(dir, out, width);
    // Last, on stderr too, for a script that keeps only that: why the exit code is not 0.
    if (runCode !== 0) {
      // A machine whose log was displaced stopped as asked: its log is what went wrong, not the machine.
      const failedIds = [...new Set(failures.filter((e) => !logDisplacedOnly(e)).map((e) => e.id))];
      const displacedIds = [...new Set(failures.filter(logDisplacedOnly).map((e) => e.id))];
      const machinesWhy = [
        failedIds.length ? `${machinesText(failedIds)} failed (the summary above says how)` : '',
        displacedIds.length === 1 ? `the log of machine ${displacedIds[0]} was removed or replaced during the run` : displacedIds.length ? `the logs of ${machinesText(displacedIds)} were removed or replaced during the run` : '',
      ].filter(Boolean).join('; ');
      const why = result.runInfoError ?? result.faultError ?? machinesWhy;
      process.stderr.write(`start-all: error: ${why}${result.runInfoError ? '' : `; logs in ${shellWord(dir)}`}\n`);
    }
    return runCode;
  } finally {
    removeSignalHandlers();
  }
}

/** The config with `count` machines made from its first one's host and port (--machines), or as it is. */
function withMachineCount(config: Config, source: string, count: number | undefined): Config {
  if (count === undefined) return config;
  const first = machineEntryOf(config, machineIds(config)[0]!);
  return parseConfig({ ...config, machines: generatedMachines(count, first) }, `${source} with --machines ${count}`);
}

/**
 * Writes the run's config (its generated machines) into the run folder as config.json; returns its path. It is the
 * run's first file: one already there is another run's, given this folder at the same moment (see writeRunInfo).
 */
function writeRunConfig(dir: string, config: Config): string {
  const file = join(dir, 'config.json');
  try {
    writeFileSync(file, JSON.stringify(config, null, 2) + '\n', { flag: 'wx' });
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${fileErrorReason(error, { ...NO_ROOM, EEXIST: FOLDER_TAKEN })}`);
  }
  return file;
}

/** Signals closer together than this are one Ctrl+C. */
const SAME_CTRL_C_MS = 500;

/**
 * Ctrl+C during the analysis: one line and the run's own exit code. report.html is written in one synchronous call
 * (writeReport), so it is there whole or not at all: the line says which, and how to make it when it is not.
 */
function stopAnalysis(dir: string, code: number): never {
  readingBar?.stop();
  const report = join(dir, 'report.html');
  const made = existsSync(report)
    ? `; report.html was written`
    : ` (${analyzeCommand(dir).report} prints the tables and writes the report)`;
  process.stderr.write(`start-all: analysis stopped; the run's logs in ${shellWord(dir)} are complete${made}\n`);
  process.exit(code);
}

/** The bar shown while the analysis after the run reads its logs: removed by a Ctrl+C then, before its line. */
let readingBar: ProgressBar | undefined;

/** Prints the analysis tables of the finished run and writes report.html next to its logs. */
async function analyzeAfterRun(dir: string, out: NodeJS.WritableStream, width: number | null): Promise<void> {
  // Loaded on demand: vega takes a moment to import, and a run should start at once.
  const { analyzeRuns, renderTables, writeReport, printProblems } = await import('../analysis/index.js');
  try {
    // A large run's logs take minutes to read: on a terminal, a bar says how far it is.
    const bar = startReadProgress('start-all: reading the logs', filesSize(machineLogPaths(dir)));
    readingBar = bar;
    let analysis: Analysis;
    try {
      analysis = await analyzeRuns([dir], { onProblem: printProblems('start-all: ', bar.write) });
    } finally {
      bar.stop();
      readingBar = undefined;
    }
    out.write(`\n${renderTables(analysis, width)}\n`);
    const report = join(dir, 'report.html');
    try {
      await writeReport(analysis, report);
    } catch (err) {
      if (!isFileError(err)) throw err;
      const later = analyzeCommand(dir).report;
      process.stderr.write(`start-all: cannot write ${shellWord(report)}: ${fileErrorReason(err, NO_ROOM)} (the tables above are its analysis; ${later} writes it later)\n`);
      return;
    }
    out.write(`report: ${shellWord(report)}\n`);
  } catch (err) {
    process.stderr.write(`start-all: the analysis of ${dir} failed: ${(err as Error).message}\n`);
  }
}
