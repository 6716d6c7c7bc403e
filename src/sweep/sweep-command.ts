// `npm run sweep`: the command line (commander) and the sweep itself: validate, run on worker threads, write results.
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { printable } from '../text/printable.js';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../config/errors.js';
import { parseCount, parsePath } from '../cli/options.js';
import { npmRun, projectPath } from '../cli/user-path.js';
import { expandGrid } from './grid.js';
import { poolThreads, runPool, type PoolOutcome } from './pool.js';
import { estimateSweepTime, longSweepNote } from './time-estimate.js';
import { createProgress } from './progress.js';
import { sweepReportHtml } from './report.js';
import { collectResults, resultsCsvChunks, resultsJsonChunks } from './results.js';
import { machinesCsvChunks, runsWithoutMachines } from './machines-csv.js';
import { writeChunks } from './write-chunks.js';
import type { RunRow } from './run-point.js';
import { loadSweepSpec } from './spec.js';
import { loadSweepSchedules, skippedFaultNotes } from './sweep-faults.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { makeFolder } from '../log/make-folder.js';
import { projectMarker } from '../log/claim-run-folder.js';
import { listenForStopSignals } from '../cli/stop-signals.js';
import { checkCanCreate } from '../sim/log-size-guard.js';
import { checkSweepLogsFit } from './log-guard.js';
import { plural } from '../text/plural.js';
import { grouped } from '../text/grouped.js';
import { removedClause, removeUnfinishedRuns, runsOnDisk } from './unfinished-runs.js';
import { NothingToResume, stoppedSweep, type StoppedSweep } from './resume.js';
import { shellWord } from '../text/shell-word.js';
import { mixedCodeWarning, sweepCommits } from './code-commits.js';
import { cappedRunsWarning } from './capped-runs.js';
import { JOURNAL_FILE, startJournal } from './journal.js';
import { claimSweepFolder, runningSweep, stillRunning } from './folder-lock.js';
import { dispatchOrder } from './worker-protocol.js';
import { runStamp } from '../runner/new-run-folder.js';
import { firstAndMore } from '../text/first-and-more.js';

interface SweepCliOptions {
  out?: string;
  workers?: number;
  quiet?: boolean;
  resume?: boolean;
}

function parseWorkers(value: string): number {
  const n = parseCount(value);
  if (n > 256) throw new InvalidArgumentError('Must be at most 256.');
  return n;
}

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('Simulate a grid of settings (rates, internal probability, delay, machines, duration, fault schedules), several seeds per point, and chart each metric against each swept parameter.')
    .argument('<spec>', 'sweep spec (JSON), such as examples/sweep-rates.json', parsePath)
    .option('-o, --out <dir>', `folder for results.csv, results.json, machines.csv and report.html (default: ${projectPath('logs')}/sweep-<name>-<time>)`, parsePath)
    .option('-w, --workers <n>', `worker threads (default: ${availableParallelism()}, the CPU count)`, parseWorkers)
    .option('-q, --quiet', 'print only the results folder (one line, for scripts), notes, warnings and errors; the progress bar still shows on a terminal')
    .option('--resume', 'run the runs a stopped sweep in --out did not finish, with the same spec, and rewrite its results');
}

function defaultOutDir(name: string): string {
  const stamp = runStamp(new Date());
  return join('logs', `sweep-${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}`);
}


/**
 * A new sweep's --out is a new or empty folder: its files (and runs/) would otherwise lie among a project's sources,
 * a run's logs or the run folders of logs/, as simulate's and start-all's --log-dir refuse them. A folder with files
 * is first asked whether a sweep is still running there (`refuseRunning`).
 */
function refuseUsedFolder(out: string, suggested: string, refuseRunning: () => void): void {
  let names: string[];
  try {
    if (!statSync(out).isDirectory()) return; // checkCanCreate says why a file cannot be the folder
    names = readdirSync(out).sort();
  } catch {
    return; // a new folder
  }
  if (names.length === 0) return;
  refuseRunning();
  const instead = `choose a new or empty one, such as ${projectPath(suggested)}`;
  const project = projectMarker(out);
  if (project) throw new UsageError(`${out} is a project's folder (it holds ${project}); --out names a sweep's own folder: ${instead}`);
  throw new UsageError(`${out} already holds files (${firstAndMore(names, 3)}); --out names a sweep's own folder: ${instead}`);
}

/** Parses argv (without node and script), runs the sweep, writes its files, and returns the exit code. */
export async function runSweepCli(argv: string[]): Promise<number> {
  const program = parseArgs(withVersion(sweepCommand()), argv);
  const specPath = program.processedArgs[0] as string;
  const opts = program.opts<SweepCliOptions>();
  const spec = loadSweepSpec(specPath);
  const grid = expandGrid(spec, loadSweepSchedules(spec, specPath));
  const name = spec.name ?? basename(specPath, extname(specPath));
  if (opts.resume && opts.out === undefined) throw new UsageError('--resume needs --out <the stopped sweep\'s folder>');
  const out = opts.out ?? projectPath(defaultOutDir(name));
  // Two sweeps in one folder would remove each other's unfinished runs: one still running there is said at once, and
  // again where its files would otherwise be read as a killed sweep's or as a used folder's (one that started a moment
  // after this check); claimSweepFolder makes it certain once the folder exists.
  const refuseRunning = () => {
    const running = runningSweep(out);
    if (running !== undefined) throw stillRunning(out, running, opts.resume === true);
  };
  refuseRunning();
  // A resumed sweep starts from the rows of its finished runs (their folders, with logs, are already there).
  let stopped: StoppedSweep = { rows: [], commits: [] };
  try {
    if (opts.resume) stopped = stoppedSweep(out, spec, grid.schedules);
  } catch (error) {
    if (!(error instanceof NothingToResume)) throw error;
    process.stderr.write(`sweep: ${error.message}\n`);
    // --quiet's one line is the results folder, finished now or before: `out=$(npm run -s sweep -- ... -q --resume)`.
    if (opts.quiet) process.stdout.write(`${out}\n`);
    return 0;
  }
  const rows: RunRow[] = stopped.rows;
  const commits = sweepCommits(stopped.commits);
  if (!opts.resume && existsSync(join(out, 'results.json'))) throw new UsageError(`${out} already holds sweep results; choose another --out (or --resume a stopped one)`);
  if (!opts.resume && existsSync(join(out, JOURNAL_FILE))) {
    refuseRunning();
    throw new UsageError(`${out} holds a sweep that was killed before it wrote its results (${JOURNAL_FILE}); --resume it, or choose another --out`);
  }
  if (!opts.resume) refuseUsedFolder(out, defaultOutDir(name), refuseRunning);
  // Can the folder be made (and, with logs, is there room for every run's)? Asked before anything is made or timed.
  checkCanCreate('output folder', out);
  if (spec.logs) checkSweepLogsFit(grid, out);
  const workers = opts.workers ?? availableParallelism();
  // A schedule whose faults come after a point's runs end runs in part, or not at all: said, as simulate says it.
  for (const note of skippedFaultNotes(grid.points)) process.stderr.write(`sweep: note: ${note}\n`);
  // A sweep of hours (a durationSeconds of 1e8 meant as 100) is said before it starts, with the time it would take here.
  // Before the folder is made: a Ctrl+C during the timed sample leaves nothing behind.
  const runsLeft = grid.runCount - rows.length;
  const long = longSweepNote(estimateSweepTime(grid, workers, availableParallelism(), runsLeft));
  // Ctrl+C (or SIGTERM, SIGHUP) stops the sweep and keeps what finished; later signals change nothing (under `npm run` one
  // Ctrl+C arrives twice), so the results of the finished runs are always written. Listened for from the note on, which
  // invites a Ctrl+C: one that came before the pool started would otherwise end the process with no word and its folder made.
  const signals = listenForStopSignals();
  if (long) process.stderr.write(`sweep: note: ${long}\n`);
  makeFolder('output folder', out);
  const release = claimSweepFolder(out, opts.resume === true);
  // More threads than CPUs take turns on them, and each starts up on its own: a sweep on 64 threads of 2 CPUs ran 14x slower.
  // The pool starts no more threads than there are runs to run: the warning names those it starts.
  const threads = poolThreads(workers, runsLeft);
  if (threads > availableParallelism()) {
    const cpus = availableParallelism();
    process.stderr.write(`sweep: warning: ${plural(threads, 'worker thread')} on ${plural(cpus, 'CPU')}: threads beyond the CPU count only take turns and slow the sweep (its results are the same); -w ${cpus} is the quickest here\n`);
  }
  // A sweep killed outright (kill -9, a crash) left the folders of the runs it was running: they are run again.
  if (opts.resume && spec.logs) {
    const finished = new Set(rows.map((r) => r.run));
    const runsDir = join(out, 'runs');
    const left = removeUnfinishedRuns(runsDir, runsOnDisk(runsDir).filter((run) => !finished.has(run)));
    if (left.removed.length || left.failed.length) process.stderr.write(`sweep: resuming${removedClause(left)}\n`);
  }
  // Every finished run is journalled as it ends, for a --resume after a kill that leaves no time to write the results.
  const journal = startJournal(out, spec, commits, rows, (line) => process.stderr.write(line), grid.schedules);
  // Finished runs made by other code than this: said before the sweep goes on (even with --quiet), and kept in results.json.
  const mixed = mixedCodeWarning(stopped.commits, rows.length);
  if (mixed) process.stderr.write(`sweep: warning: ${mixed}\n`);

  const resumedWith = rows.length;
  const progress = createProgress(grid.runCount, process.stderr, Date.now, opts.quiet);
  if (resumedWith) progress.update(resumedWith);
  const began = performance.now();
  let outcome: PoolOutcome;
  try {
    outcome = await runPool({
      init: {
        points: grid.points,
        seeds: grid.seeds,
        order: dispatchOrder(grid.points.length, grid.seeds.length, new Set(rows.map((r) => r.run))),
        runsDir: spec.logs ? join(out, 'runs') : undefined,
      },
      workers,
      signal: signals.signal,
      onRows(finished) {
        for (const row of finished) rows.push(row);
        journal.add(finished);
        progress.update(rows.length);
      },
    });
  } finally {
    progress.stop();
  }
  const elapsed = (performance.now() - began) / 1000;
  // A stopped sweep's workers were terminated mid-run: their half-written run folders go (see removeUnfinishedRuns).
  const removed = spec.logs && outcome.status !== 'done' ? removedClause(removeUnfinishedRuns(join(out, 'runs'), outcome.unfinished)) : '';

  let capped: string | undefined;
  let withoutMachines = 0;
  try {
    const results = collectResults(name, spec, grid, rows, outcome.status !== 'done', commits);
    // In pieces: a sweep of millions of runs makes files larger than one string may be.
    writeChunks(join(out, 'results.csv'), resultsCsvChunks(results));
    writeChunks(join(out, 'results.json'), resultsJsonChunks(results));
    writeChunks(join(out, 'machines.csv'), machinesCsvChunks(results));
    writeFileSync(join(out, 'report.html'), await sweepReportHtml(results));
    journal.remove();
    capped = cappedRunsWarning(results);
    withoutMachines = runsWithoutMachines(results);
  } finally {
    signals.dispose();
    release();
  }
  // A queue at its capacity refuses messages, so its maxQueue is the cap: said even with --quiet, on stderr.
  if (capped) process.stderr.write(`sweep: warning: ${capped}\n`);
  // Runs an older version finished (its journal's or results.json's rows) have no per-machine figures, and are not run again for them.
  if (withoutMachines) {
    const one = withoutMachines === 1;
    process.stderr.write(
      `sweep: note: ${plural(withoutMachines, 'run')} an older lamport-lab finished before this --resume ${one ? 'has' : 'have'} no per-machine figures: ` +
        `machines.csv and results.json's perMachine leave ${one ? 'it' : 'them'} out (the same spec in a new --out has every run's)\n`,
    );
  }

  const files = `${join(out, 'results.csv')}, results.json, machines.csv, report.html`;
  if (outcome.status === 'failed') throw new Error(`a run failed (${outcome.error}); results of ${plural(rows.length, 'finished run')} are in ${files}${removed}`);
  if (outcome.status === 'interrupted') {
    const finished = rows.length ? `after ${grouped(rows.length)} of ${plural(grid.runCount, 'run')}; their results are in ${files}` : `before ${grid.runCount === 1 ? 'its run' : `any of the ${plural(grid.runCount, 'run')}`} finished; ${files} hold none`;
    process.stderr.write(`sweep: interrupted ${finished}${removed}\n`);
    // How to take it up again: the command, with the spec as it was given and the folder it wrote.
    const left = grid.runCount - rows.length;
    // With --workers as given: a sweep kept to one thread on a shared host stays so.
    const workersGiven = opts.workers === undefined ? '' : ` --workers ${opts.workers}`;
    process.stderr.write(`sweep: to run the ${plural(left, 'run')} left: ${npmRun('sweep')} -- ${shellWord(specPath)} --out ${shellWord(out)}${workersGiven} --resume\n`);
    // Quiet still names the folder, as simulate -q does after a stop: it holds the finished runs' results. Else the
    // summary, interrupted, as simulate's: stdout saved alone would otherwise hold nothing of the sweep.
    if (opts.quiet) process.stdout.write(`${out}\n`);
    else {
      process.stdout.write(
        `Sweep ${printable(name)}: interrupted after ${grouped(rows.length)} of ${plural(grid.runCount, 'run')}` +
          // Resumed, the runs done before are not this session's: said apart, as the finished summary does.
          `${resumedWith ? ` (${resumedText(rows.length - resumedWith, resumedWith)})` : ''} in ${elapsed.toFixed(2)} s on ${plural(threads, 'worker thread')}.\n` +
          (rows.length ? `Results: ${files}\n` : ''),
      );
    }
    return signals.exitCode();
  }
  if (!opts.quiet) {
    process.stdout.write(
      // The spec's name is the user's text: its control characters shown escaped, never obeyed by the terminal.
      `Sweep ${printable(name)}: ${plural(grid.runCount, 'run')} (${plural(grid.points.length, 'point')} x ${plural(grid.seeds.length, 'seed')}` +
        `${resumedWith ? `; ${resumedText(runsLeft, resumedWith)}` : ''}) in ${elapsed.toFixed(2)} s ` +
        `on ${plural(threads, 'worker thread')}.\n` +
        `Swept: ${grid.swept.length ? grid.swept.join(', ') : 'nothing but the seed'}.\nResults: ${files}\n`,
    );
  } else process.stdout.write(`${out}\n`);
  return 0;
}

/** `resumed: 9 runs now, 15 before`: a resumed sweep's runs, of this session and of the one it took up. */
function resumedText(now: number, before: number): string {
  return `resumed: ${grouped(now)} ${now === 1 ? 'run' : 'runs'} now, ${grouped(before)} before`;
}
