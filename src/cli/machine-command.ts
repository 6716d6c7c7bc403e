// `npm run machine -- <id>`: one model machine as its own process, until its duration ends or a signal arrives.
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../config/load.js';
import { machineIds, machineEntryOf } from '../config/schema.js';
import { resolveRun } from '../config/resolve.js';
import { UsageError } from '../config/errors.js';
import { createMachineLog, type MachineLog } from '../log/machine-log.js';
import { fileErrorReason, isNoRoom, NO_ROOM } from '../log/file-error.js';
import { shellWord } from '../text/shell-word.js';
import { logOpenError } from './log-open-error.js';
import { continuation, continuedDurationText, continuingLine, ignoredSettingLines, settingSource, type ContinuedSetting } from './continued-run.js';
import { MachineRuntime } from '../runtime/machine-runtime.js';
import type { PeerAddress } from '../net/peer-link.js';
import { collectDial, parseDelayRange, parseId, parseMachineId, parsePath, parseProbability, parseRate, parseRunSeconds, parseRunToken, parseSeed, parseWaitMs } from './options.js';
import { projectPath } from './user-path.js';
import { onOutputClosed } from './run-cli.js';
import { describeListenError } from '../net/listen-error.js';
import { pickSeed } from './pick-seed.js';
import { yieldCpu } from './yield-cpu.js';
import { parseArgs } from './parse-args.js';
import { withVersion } from './version-option.js';
import { controlLineText } from '../runner/control-lines.js';
import { onStopSignals } from './stop-signals.js';
import { idList, machinesText } from '../text/id-list.js';

interface MachineCliOptions {
  config: string;
  logDir: string;
  rate?: number;
  duration?: number;
  seed?: number;
  internalProb?: number;
  delay?: [number, number];
  runToken?: string;
  quiet?: boolean;
  statusInterval?: number;
  incarnation?: number;
  dial?: Map<number, PeerAddress>;
}

export function machineCommand(): Command {
  return new Command('machine')
    .description('Run one model machine: a TCP server plus links to its peers, ticking at its rate, logging every event.')
    .argument('<id>', 'machine id from the config', parseMachineId)
    .option('-c, --config <file>', 'config file', parsePath, projectPath('config.json'))
    // Not logs/ itself, which holds start-all's and simulate's run folders: analyze would read it as a run of its own.
    .option('-l, --log-dir <dir>', 'folder for machine-<id>.jsonl and machine-<id>.log (a crashed run in it is continued; a finished one, or one still being written, refused)', parsePath, projectPath('logs/by-hand'))
    .option('-r, --rate <ticks>', 'ticks per second (default: config rate, else seeded from rateRange)', parseRate)
    .option('-d, --duration <seconds>', 'seconds of ticking before it stops; 0 runs until Ctrl+C (default: config durationSeconds)', parseRunSeconds)
    .option('-s, --seed <n>', 'seed for rate and draws (default: config seed, else a fresh one, recorded)', parseSeed)
    .option('-p, --internal-prob <p>', 'probability of an internal event on an empty queue (default: config internalProbability)', parseProbability)
    .option('--delay <min-max>', 'network delay per frame in ms, uniform (default: config delayMs)', parseDelayRange)
    .option('--run-token <word>', "a word this run's machines share: a peer whose hello names another word is not read (start-all gives each run its own)", parseRunToken)
    .option('-q, --quiet', 'do not print events to the console (warnings still go to stderr)')
    .addOption(new Option('--status-interval <ms>', 'print @status lines (and @warn lines) for start-all').argParser(parseWaitMs).hideHelp())
    .addOption(new Option('--incarnation <n>', 'incarnation number after a restart').argParser(parseId).hideHelp())
    .addOption(new Option('--dial <id=host:port>', 'dial this peer at another address (a proxy)').argParser(collectDial).hideHelp());
}

/** Parses argv (without node and script), runs the machine to its end, and returns the exit code. */
export async function runMachineCli(argv: string[]): Promise<number> {
  // Ctrl+C, SIGTERM or SIGHUP while the machine is still starting: it starts, then stops at once with complete logs.
  let stopAsked = false;
  const removeSignalHandlers = onStopSignals(() => (stopAsked = true));
  try {
    return await runMachine(argv, () => stopAsked);
  } finally {
    removeSignalHandlers();
  }
}

/** continuation(), with a log it cannot read said in one line (logOpenError). */
function startAs(id: number, logDir: string, given: number | undefined): ReturnType<typeof continuation> {
  try {
    return continuation(id, logDir, given);
  } catch (err) {
    throw logOpenError(id, err);
  }
}

async function runMachine(argv: string[], stopAsked: () => boolean): Promise<number> {
  const program = parseArgs(withVersion(machineCommand()), argv);
  const id = program.processedArgs[0] as number;
  const opts = program.opts<MachineCliOptions>();
  const config = loadConfig(opts.config);
  const ids = machineIds(config);
  if (!ids.includes(id)) throw new UsageError(`machine ${id} is not in ${opts.config} (machines: ${idList(ids)})`);
  const { incarnation, kept, file } = startAs(id, opts.logDir, opts.incarnation);
  const run = resolveRun(
    config,
    {
      seed: opts.seed ?? kept?.seed,
      internalProbability: opts.internalProb ?? kept?.internalProbability,
      durationSeconds: opts.duration,
      delayMs: opts.delay,
    },
    pickSeed,
  );
  const rate = opts.rate ?? kept?.rate ?? run.rates.get(id)!;
  const continued: ContinuedSetting[] | undefined = kept && [
    { name: 'rate', text: `rate ${rate}/s`, from: settingSource('rate', opts.rate, kept) },
    { name: 'seed', text: `seed ${run.seed}`, from: settingSource('seed', opts.seed, kept) },
    { name: 'internalProbability', text: `internal probability ${run.config.internalProbability}`, from: settingSource('internalProbability', opts.internalProb, kept) },
  ];
  const note = kept && file && continued ? continuingLine(id, file, incarnation!, continued, continuedDurationText(run.config.durationSeconds, opts.duration !== undefined)) : undefined;
  // Settings of the start record continued that it cannot run with: one warning each, before the machine listens.
  if (kept && file && continued) for (const line of ignoredSettingLines(id, file, kept, continued, incarnation!)) process.stderr.write(line);
  const listen = machineEntryOf(config, id);
  const peerIds = ids.filter((p) => p !== id);
  let runtime: MachineRuntime | undefined;
  let log: MachineLog | undefined;
  let logFailed = false;
  // The reader of its output went away (start-all was killed, or `| head`): stop as on Ctrl+C, with complete logs.
  let outputClosed = false;
  onOutputClosed(() => {
    outputClosed = true;
    process.stderr.write(`machine ${id}: its output was closed; stopping\n`);
    void runtime?.shutdown();
  });
  /** The log cannot be written (a full disk): one line, then the machine stops as on Ctrl+C and exits 1. */
  const onLogError = (err: Error) => {
    if (logFailed) return;
    logFailed = true;
    const failure = { file: (err as NodeJS.ErrnoException).path ?? opts.logDir, reason: fileErrorReason(err, NO_ROOM), noRoom: isNoRoom(err) };
    process.stderr.write(`machine: error: machine ${id} cannot write its log ${shellWord(failure.file)}: ${failure.reason}\n`);
    // Under start-all: which file and why, for its summary (a full disk is said once for every machine, with the remedy).
    if (opts.statusInterval) process.stdout.write(controlLineText({ kind: 'logfail', failure }));
    // A start record that cannot be written fails while create() runs, before `runtime` is set: see stoppedWhileStarting.
    void runtime?.shutdown();
  };
  try {
    runtime = await MachineRuntime.create({
      id,
      rate,
      seed: run.seed,
      internalProbability: run.config.internalProbability,
      listen,
      peerIds,
      // The port is bound and the log open: the note (continuing a crashed run) comes before the start record's
      // console line, which says the incarnation it explains.
      openSink: () => {
        log = createMachineLog({ dir: opts.logDir, machine: id, console: !opts.quiet, onError: onLogError });
        if (note) process.stdout.write(`${note}\n`);
        return log;
      },
      durationSeconds: run.config.durationSeconds,
      delayMs: run.config.delayMs,
      runToken: opts.runToken,
      connectTimeoutMs: config.connectTimeoutMs,
      shutdownGraceMs: config.shutdownGraceMs,
      maxQueue: config.maxQueue,
      maxLineLength: config.maxLineLength,
      idleTimeoutMs: config.idleTimeoutMs,
      incarnation,
      // Under start-all (which runs machines --quiet), warnings also go to its console: one @warn line each. Run by
      // hand with --quiet, they go to stderr (a machine ticking without a peer is not a quiet matter).
      onWarn: opts.statusInterval
        ? (reason) => process.stdout.write(controlLineText({ kind: 'warn', reason }))
        : opts.quiet
          ? (reason) => process.stderr.write(`machine: warning: machine ${id}: ${reason}\n`)
          : undefined,
      // Stopping is the end of the run for every machine: let the ones still ticking (machines that started later, or
      // have not yet seen their signal) tick on time while this one closes its sockets and files. A process may always
      // lower its own priority.
      onShutdown: yieldCpu,
      // Run by hand, a machine stopped while its peers run waits the grace out in silence otherwise (start-all stops
      // every machine together, and passes --status-interval).
      onPeersWait: opts.statusInterval || opts.quiet ? undefined : (peers, graceMs) => process.stdout.write(peersWaitLine(id, peers, graceMs)),
    });
  } catch (err) {
    // A host that does not resolve fails in getaddrinfo before the listen: the same line and exit 2 as start-all's check.
    const syscall = (err as NodeJS.ErrnoException).syscall;
    if (syscall !== 'listen' && syscall !== 'getaddrinfo') throw logOpenError(id, err);
    throw new UsageError(`machine ${id}: ${describeListenError(err, listen.host, listen.port)}`);
  }
  const machine = runtime;
  // Stopped while it started (a stop signal, its output closed, or its log failing from its start record on, which
  // onLogError heard before `runtime` was set): it stops at once; connect() below then dials no one.
  const stoppedWhileStarting = outputClosed || stopAsked() || logFailed;
  if (stoppedWhileStarting) void machine.shutdown();
  let firstStopAt: number | undefined;
  let graceEnded = false;
  const stop = (signal: NodeJS.Signals) => {
    // Under start-all: say which signal stops it, so that start-all can name it when someone else stopped the machine.
    if (opts.statusInterval) process.stdout.write(controlLineText({ kind: 'stop', signal }));
    // Run by hand, a second Ctrl+C ends the wait for peers (start-all ends every machine's wait together instead).
    if (!graceEnded && firstStopAt !== undefined && !opts.statusInterval && performance.now() - firstStopAt >= REPEAT_STOP_MS) {
      graceEnded = true;
      if (!opts.quiet) process.stdout.write(`machine ${id} stopping now: not waiting for peers\n`);
      machine.endGrace();
    }
    firstStopAt ??= performance.now();
    void machine.shutdown();
  };
  const report = () => process.stdout.write(controlLineText({ kind: 'status', status: runtime.status() }));
  // start-all's first step in ending a run: stop ticking, keep the connections, say so (a status line).
  const stopTicking = () => {
    runtime.stopTicking();
    if (opts.statusInterval) report();
  };
  const removeStopHandlers = onStopSignals(stop);
  process.on('SIGUSR2', stopTicking);
  const status = opts.statusInterval ? setInterval(report, opts.statusInterval) : undefined;
  if (opts.statusInterval) {
    report(); // The first status line tells start-all that the server listens.
    void runtime.tickingStarted.then(report);
  }
  runtime.connect(new Map<number, PeerAddress>(peerIds.map((p) => [p, opts.dial?.get(p) ?? machineEntryOf(config, p)])));
  // Run by hand, a machine waits for the others to be started: after a second of that, say so (once).
  const waitNote = opts.quiet || stoppedWhileStarting ? undefined : setTimeout(() => process.stdout.write(waitingLine(id, runtime.waitingFor(), config.connectTimeoutMs)), 1000);
  void runtime.tickingStarted.then(() => clearTimeout(waitNote));
  const record = await runtime.done;
  clearTimeout(waitNote);
  clearInterval(status);
  // A log removed, moved away or replaced during the run (by hand): what the machine wrote is not where it says.
  const displaced = log?.displaced() ?? [];
  for (const { file, reason } of displaced) {
    process.stderr.write(`machine: error: machine ${id}'s log ${shellWord(file)} ${reason}\n`);
    if (opts.statusInterval) process.stdout.write(controlLineText({ kind: 'logfail', failure: { file, reason, noRoom: false, displaced: true } }));
  }
  const code = logFailed || displaced.length > 0 ? 1 : 0;
  // The logs are closed. A signal from here to the exit (start-all's SIGTERM to a machine that Ctrl+C has already
  // stopped) would end the process by that signal, as if it had failed: exit with the run's own code instead. (Node
  // restores the default action as it tears down, so start-all also reads a stop signal after a stop record as clean.)
  removeStopHandlers();
  process.off('SIGUSR2', stopTicking);
  onStopSignals(() => process.exit(code));
  process.on('SIGUSR2', () => {});
  if (opts.statusInterval) report();
  if (!opts.quiet) {
    // Where its log went: by hand, the default folder (logs/by-hand) is nowhere on the screen otherwise.
    const logs = `${shellWord(join(opts.logDir, `machine-${id}.jsonl`))} and machine-${id}.log`;
    process.stdout.write(`machine ${id} stopped: clock ${record.clock}, ticks ${record.ticks}, unprocessed messages ${record.queue}, max lag ${record.maxLagMs.toFixed(1)} ms; its logs: ${logs}\n`);
  }
  return code;
}

/**
 * How long after the first stop signal another one counts as a second Ctrl+C: under `npm run` one Ctrl+C arrives twice
 * within milliseconds (from the terminal, and forwarded by npm).
 */
const REPEAT_STOP_MS = 300;

/**
 * The console's note as a stopping machine closes its own links (the DISCONNECT lines that follow) and waits for its
 * peers to close theirs to it, which a peer does when it stops: one still running keeps its link the whole wait.
 */
function peersWaitLine(id: number, peerIds: number[], graceMs: number): string {
  const peers = peerIds.length > 1 ? `peers ${idList(peerIds)} to close their links to it` : `peer ${idList(peerIds)} to close its link to it`;
  return `machine ${id} stopping: closing its links, then waiting up to ${graceMs / 1000} s for ${peers} (a peer does so only when it stops; messages that arrive meanwhile are queued; Ctrl+C again to stop now)\n`;
}

/** The console's note while a machine waits for peers (those not yet connected both ways) before its first tick. */
function waitingLine(id: number, peerIds: number[], timeoutMs: number): string {
  return `M${id} waiting for ${machinesText(peerIds)} to connect both ways: ticking starts then, or ${timeoutMs / 1000} s after the start\n`;
}
