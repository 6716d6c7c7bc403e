// `npm run simulate`: the command line (commander) and what it does: resolve, simulate into a run folder, summarise.
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDecimal, parsePath, parsePositive, parseProbability, parseRange, parseRates, parseSeed, parseTickOffsets } from '../cli/options.js';
import { projectPath } from '../cli/user-path.js';
import { pickSeed } from '../cli/pick-seed.js';
import { simulateToFolderUntilStopped } from './simulate-to-folder.js';
import { startProgressBar } from '../cli/progress-bar.js';
import type { InterruptibleResult } from './interruptible.js';
import type { SimResult, SimSetup } from './simulation.js';
import { checkLogsFit, humanBytes, linkRecordBytes } from './log-size-guard.js';
import { listenForStopSignals } from '../cli/stop-signals.js';
import { claimNewRunFolder, claimRunFolder } from '../log/claim-run-folder.js';
import { DEFAULT_START_TIME, MAX_SIM_MACHINES, resolveSimulation, type SimulateOptions } from './setup.js';
import { simulatedMachineTable } from './summary.js';
import { cappedQueueWarning } from './capped-queues.js';
import { DEFAULT_MAX_QUEUE } from '../core/machine.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { analyseLaterLine } from '../cli/analyse-hint.js';
import { shellWord } from '../text/shell-word.js';
import { UsageError } from '../config/errors.js';
import { neverRanLine, skippedLine } from '../faults/unrun-line.js';
import type { FaultPlan } from '../faults/load-schedule.js';
import { appliedLine } from '../faults/applied-line.js';
import { runStamp } from '../runner/new-run-folder.js';
import { plural } from '../text/plural.js';
import { grouped } from '../text/grouped.js';

interface SimulateCliOptions extends SimulateOptions {
  logDir?: string;
  quiet?: boolean;
  /** False with --no-link-records. */
  linkRecords: boolean;
}

/** --machines: as many as the simulator takes, and at least two (a machine alone sends nothing). */
function parseMachineCount(value: string): number {
  const n = Number(value);
  if (!isDecimal(value) || !Number.isInteger(n) || n < 2 || n > MAX_SIM_MACHINES) throw new InvalidArgumentError(`Must be a whole number from 2 to ${MAX_SIM_MACHINES}.`);
  return n;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Run the machines in virtual time, with the same machine core and the same log files as a real run; simulated seconds pass as fast as their events can be computed, without waiting. Ctrl+C ends the run early at the current virtual instant, its logs and run.json complete (exit 130).')
    .option('-c, --config <file>', 'config file (default: the project\'s config.json if present, else 3 machines)', parsePath)
    .option('-m, --machines <n>', `simulate n generated machines (ids 1..n, 2 to ${MAX_SIM_MACHINES}) instead of the config's`, parseMachineCount)
    .option('-r, --rates <list>', 'ticks per second per machine in id order, such as 1,3,6 or 3.48,3.78,3.25; with -m, one rate is every machine\'s', parseRates)
    .option('-d, --duration <seconds>', 'virtual seconds to run, above 0 (default: config durationSeconds)', parsePositive)
    .option('-s, --seed <n>', 'seed for rates, draws and delays (default: config seed, else a fresh one, printed)', parseSeed)
    .option('-p, --internal-prob <p>', 'probability of an internal event on an empty queue (default: config internalProbability)', parseProbability)
    .option('--delay <min-max>', 'link latency in ms, uniform per message (default: config delayMs, or 1-1 when that is 0-0; give 0-0 here for none)', parseRange)
    .option('--start-time <iso>', `virtual time of the start records, ISO-8601, UTC unless it gives a zone (default: ${DEFAULT_START_TIME})`)
    .option('-l, --log-dir <dir>', `run folder, new or empty (default: a new ${projectPath('logs')}/sim-<time>-seed<seed>)`, parsePath)
    .option(
      '--tick-offsets <list>',
      "ms after the start at which each machine's tick schedule starts, in id order, such as 0,0,2.7 (a real run's: analyze --json's tickPhaseMs, or the tick phase line's suggestion); the run lasts its duration from the latest (default: all at the start)",
      parseTickOffsets,
    )
    .option('-f, --faults <file>', 'fault schedule (faults.json, as start-all takes): latency toxics, links down and up, kills and restarts, in virtual time', parsePath)
    .option('--no-link-records', 'leave out the connect and disconnect records (a full mesh of 1000 machines logs 2 million)')
    .option('-q, --quiet', 'print only the run folder (one line, for scripts); errors, warnings and notes still go to stderr');
}

/** Connect and disconnect records above this size get a note naming --no-link-records (a mesh of about 290 machines). */
const LARGE_LINK_RECORDS_BYTES = 20e6;

/**
 * `about 23.0 MB of the logs are connect and disconnect records (300 machines, each connected to the 299 others);
 * --no-link-records leaves them out`, when they come to more than LARGE_LINK_RECORDS_BYTES: a mesh's link records grow
 * with the square of its machines, and a short run of a large mesh is mostly them.
 */
function largeLinkRecordsNote(setup: SimSetup): string | undefined {
  const bytes = linkRecordBytes(setup);
  if (bytes <= LARGE_LINK_RECORDS_BYTES) return undefined;
  const n = setup.machines.length;
  return `about ${humanBytes(bytes)} of the logs are connect and disconnect records (${n} machines, each connected to the ${n - 1} others); --no-link-records leaves them out`;
}

/** A fresh default run folder name; the wall time only names the folder, it never enters the files. */
function defaultLogDir(seed: number): string {
  const stamp = runStamp(new Date());
  return join('logs', `sim-${stamp}-seed${seed}`);
}

/** Parses argv (without node and script), simulates, and returns the exit code (128 + the signal's number after Ctrl+C). */
export async function runSimulateCli(argv: string[]): Promise<number> {
  const program = parseArgs(withVersion(simulateCommand()), argv);
  const opts = program.opts<SimulateCliOptions>();
  if (opts.faults !== undefined && !opts.linkRecords) {
    throw new UsageError('--no-link-records cannot go with --faults: analyze and check need the disconnect records to account for the messages a fault lost');
  }
  const resolved = resolveSimulation(opts, pickSeed);
  for (const note of resolved.notes ?? []) process.stderr.write(`simulate: note: ${note}\n`);
  resolved.setup.connectRecords = opts.linkRecords;
  const logDir = opts.logDir ?? projectPath(defaultLogDir(resolved.run.seed));
  const largeLogs = checkLogsFit(resolved.setup, logDir, 'give a shorter -d, fewer machines or lower rates, or a --log-dir on a disk with room');
  if (largeLogs && !opts.quiet) process.stderr.write(`simulate: note: ${largeLogs}\n`);
  const linkRecords = opts.linkRecords && opts.faults === undefined ? largeLinkRecordsNote(resolved.setup) : undefined;
  if (linkRecords) process.stderr.write(`simulate: note: ${linkRecords}\n`);
  const dir = opts.logDir !== undefined ? claimRunFolder(logDir) : claimNewRunFolder(logDir);
  const began = performance.now();
  const signals = listenForStopSignals();
  // A long run (minutes at high rates) shows how far it is on a terminal: virtual seconds of its duration.
  let simulated = 0;
  const progress = startProgressBar('simulate: virtual time', resolved.setup.durationSeconds, () => simulated, (s) => `${Math.floor(s)} s`);
  let outcome: InterruptibleResult;
  try {
    outcome = await simulateToFolderUntilStopped(resolved, dir, signals.signal, (seconds) => (simulated = seconds));
  } finally {
    progress.stop();
    signals.dispose();
  }
  const { result, interrupted, simulatedSeconds } = outcome;
  const elapsed = performance.now() - began;
  const { setup } = resolved;
  if (!opts.quiet) {
    const seedNote = resolved.run.seedPicked ? ' (picked now; pass --seed to replay)' : '';
    process.stdout.write(
      // Interrupted, said here too: stdout saved alone would otherwise read as a run that was planned that long.
      `Simulated ${interrupted ? `${grouped(simulatedSeconds)} s (interrupted: ${grouped(setup.durationSeconds)} s planned)` : `${grouped(setup.durationSeconds)} s`} of ${setup.machines.length} machines in ${elapsed.toFixed(1)} ms: ` +
        `${plural(result.ticks, 'event')}, ${deliveredLine(result)}.\n` +
        `Seed ${resolved.run.seed}${seedNote}; config: ${resolved.configSource}; latency ${setup.delayMs[0]}-${setup.delayMs[1]} ms.\n` +
        (resolved.faults ? faultLines(resolved.faults, interrupted ? simulatedSeconds : setup.durationSeconds, interrupted) : '') +
        '\n' +
        `${simulatedMachineTable(result.machines)}\n\nlogs: ${shellWord(dir)}\n` +
        // The same analysis as a real run's: said, since simulate (unlike start-all) does not run it.
        `${analyseLaterLine(dir)}\n`,
    );
  } else {
    process.stdout.write(`${dir}\n`);
    // Steps past the end, named before the run: on stderr, stdout keeping only the folder (after Ctrl+C, said below).
    const notRun = resolved.faults && !interrupted ? notRunLine(resolved.faults, setup.durationSeconds, false) : undefined;
    if (notRun) process.stderr.write(`simulate: note: ${notRun}\n`);
  }
  // A queue at its capacity refuses messages, so its max queue is the cap: said even with --quiet, on stderr.
  const capped = cappedQueueWarning(result.machines, setup.maxQueue ?? DEFAULT_MAX_QUEUE);
  if (capped) process.stderr.write(`simulate: warning: ${capped}\n`);
  if (!interrupted) return 0;
  process.stderr.write(
    `simulate: interrupted at ${grouped(simulatedSeconds)} virtual seconds of ${grouped(setup.durationSeconds)}; the run up to there is complete in ${dir}\n`,
  );
  return signals.exitCode();
}

/** `91 messages delivered to queues`, and `, 20 of them refused by a full queue` when some were (they are not queued). */
function deliveredLine(result: SimResult): string {
  const refused = result.machines.reduce((n, m) => n + m.overflow, 0);
  const queued = result.deliveries - refused;
  return `${plural(queued, 'message')} delivered to queues${refused ? `, ${plural(refused, 'message')} refused by full queues` : ''}`;
}

/**
 * What the schedule did, as start-all says it: `Faults: 4 events of /x/faults.json applied (11 steps in faults.jsonl).`,
 * and a line for steps at or after the end, which never ran (after Ctrl+C, counted in the schedule's events:
 * `2 fault events from 20 s on never ran: interrupted at 12.5 s`).
 */
function faultLines(faults: FaultPlan, ranSeconds: number, interrupted: boolean): string {
  const notRun = notRunLine(faults, ranSeconds, interrupted);
  return `${appliedLine(faults, faults.steps.filter((step) => step.at < ranSeconds))}\n` + (notRun ? `${notRun}\n` : '');
}

/** The line for the steps at or after `ranSeconds`, which never ran; undefined when every step ran. */
function notRunLine(faults: FaultPlan, ranSeconds: number, interrupted: boolean): string | undefined {
  const ran = faults.steps.filter((step) => step.at < ranSeconds);
  const skipped = faults.steps.filter((step) => step.at >= ranSeconds);
  if (!skipped.length) return undefined;
  return interrupted ? neverRanLine(skipped, 'interrupted', ranSeconds, ran) : skippedLine(skipped, ranSeconds, ran);
}

