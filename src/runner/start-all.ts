// start-all: spawns every configured machine a small delay apart, runs for the duration or until Ctrl+C, applies a
// fault schedule if one is given, and stops every machine together (at the end of the duration in two steps: every
// machine stops ticking, then every machine shuts down).
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { shellWord } from '../text/shell-word.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config/schema.js';
import { machineEntryOf } from '../config/schema.js';
import type { ResolvedRun } from '../config/resolve.js';
import { keepRunInfoRoom, releaseRunInfoRoom, runInfoPath, writeRunInfo, type MachineOutcome, type RunInfo } from '../log/run-info.js';
import { folderIdentity } from '../log/folder-identity.js';
import { machinesText } from '../text/id-list.js';
import { toolVersion } from '../log/tool-version.js';
import { appliedLine, faultWindows, neverRanLine, type FaultPlan } from '../faults/index.js';
import { MachineProcess, type MachineExit } from './machine-process.js';
import { startLiveView, type LiveMachine, type LiveView } from './live-view.js';
import { FaultDriver, type FaultDriverOptions } from './fault-driver.js';
import { faultRunOpenFiles, openFileLimit } from './open-files.js';
import { WarningEcho } from './warning-echo.js';
import { formatSummary, shortOfRate, summarizeMachine, type MachineSummary } from './summary.js';
import { showLoggedStatus } from './killed-status.js';
import { earlyExitReason, failedEarlyExits, failedEarlyReason, killedByTerminal, failed, logDisplacedOnly, outcome, signalledAfterStop, stoppedWhileStarting } from './machine-exits.js';
import { recordNeverStarted } from './never-started.js';
import { earlyTickMs } from './start-span.js';
import { canRedraw } from '../cli/terminal-caps.js';

/**
 * A machine's word that it stops on the run's interrupting signal, at most this long before start-all saw that signal
 * itself, is the same stop (the terminal's Ctrl+C reaches every process of the group within milliseconds); earlier,
 * it was stopped from outside before the run was.
 */
const SAME_STOP_MS = 1000;

export interface StartAllOptions {
  run: ResolvedRun;
  configPath: string;
  dir: string;
  quiet: boolean;
  out: NodeJS.WriteStream;
  /** Resolves when the user asks to stop (Ctrl+C or SIGTERM); it may outlive the run (experiments share one). */
  /** Resolves when the run is to stop early, with the signal that asked for it when there was one. */
  interrupted: Promise<NodeJS.Signals | void>;
  /** Whether to print `stopping every machine...` when `interrupted` resolves during the run (default true). */
  announceStop?: boolean;
  faults?: FaultPlan;
  /** Given, as the run starts, the way to print a line of one's own during the run (above the live display). */
  onSay?: (say: (line: string) => void) => void;
}

export interface StartAllResult {
  /** How every machine process ended, restarted incarnations included. */
  exits: MachineExit[];
  summaries: MachineSummary[];
  info: RunInfo;
  interrupted: boolean;
  /**
   * Why the run stopped before its end when neither its duration nor the user ended it (see RunInfo.stoppedEarly):
   * `machines 2, 3 failed`, `machine 2 stopped (SIGTERM)`, `cannot open a fault proxy: ...`.
   */
  stoppedEarly?: string;
  /** A fault proxy that could not listen (it stopped the run): the run's failure, not a machine's. */
  faultError?: string;
  /**
   * Why the finished run.json could not be written (`cannot write <dir>/run.json: its run folder is gone ...`): the run
   * itself ended, and its summary is still the user's.
   */
  runInfoError?: string;
  /** Set when that was because the run folder was removed during the run: the logs the summary is read from went with it. */
  folderGone?: true;
}

function machineArgs(run: ResolvedRun, configPath: string, dir: string, id: number, statusMs: number, runToken: string): string[] {
  const c: Config = run.config;
  return [
    '--config', configPath,
    '--log-dir', dir,
    '--rate', String(run.rates.get(id)),
    '--seed', String(run.seed),
    '--internal-prob', String(c.internalProbability),
    '--delay', `${c.delayMs[0]}-${c.delayMs[1]}`,
    '--duration', '0',
    '--quiet',
    '--status-interval', String(statusMs),
    '--run-token', runToken,
  ];
}

/** How long the end of a run waits for a machine to report that it stopped ticking, before shutting it down anyway. */
const STOP_TICKING_WAIT_MS = 2000;

export async function startAll(options: StartAllOptions): Promise<StartAllResult> {
  const { run, dir, out } = options;
  const config = run.config;
  const info: RunInfo = {
    mode: 'real',
    seed: run.seed,
    rates: Object.fromEntries([...run.rates].map(([id, r]) => [String(id), r])),
    internalProbability: config.internalProbability,
    durationSeconds: config.durationSeconds,
    staggerMs: config.staggerMs,
    delayMs: config.delayMs,
    startTime: new Date().toISOString(),
    endTime: null,
    config,
    tool: toolVersion(),
    // Said in every hello of this run's machines: another run's machines dialling these ports are not read (server.ts).
    runToken: randomBytes(4).toString('hex'),
  };
  if (options.faults) {
    const { file, schedule, steps } = options.faults;
    info.faults = { file, schedule, steps, windows: faultWindows(steps, config.durationSeconds || undefined) };
  }
  writeRunInfo(dir, info, { first: true });
  keepRunInfoRoom(dir, run.ids.length);
  // The folder the machines log into: one removed and made again during the run holds none of their logs.
  const folder = folderIdentity(dir);

  let stopRequested = false;
  let interrupted = false;
  /** Set when the run's duration has ended (its planned stop). */
  let durationEnded = false;
  /** The signal that interrupted the run (run.json's interruptedBy), and when (performance.now()). */
  let interruptedBy: NodeJS.Signals | undefined;
  let interruptedAtMs: number | undefined;
  let wake: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (wake = resolve));
  /** Aborts the wait between two machines' starts, so that a stop during the stagger leaves no timer behind. */
  const staggerAbort = new AbortController();
  const requestStop = () => {
    stopRequested = true;
    staggerAbort.abort();
    wake();
  };
  /** Why the run stops early (the first reason given), when it is not the duration's end or the user's stop. */
  let stoppedEarly: string | undefined;
  let faultError: string | undefined;
  const stopEarly = (why: string) => {
    if (!stopRequested) stoppedEarly ??= why;
    requestStop();
  };
  /**
   * A fault proxy failed to listen (again): the run cannot go on as planned, and stops; the line above the summary
   * says why (`run stopped early: cannot open a fault proxy: ...`), or this one when the run was ending anyway.
   */
  const proxyFailed = (err: unknown) => {
    if (faultError !== undefined) return;
    faultError = describeProxyError(err, run.ids.length);
    if (stopRequested) say(faultError);
    else stopEarly(faultError);
  };
  let view: LiveView | undefined;
  /** A line for the user (a fault applied): above the live display, which would otherwise draw over it. */
  const say = (line: string) => {
    if (view) view.print(line);
    else out.write(`${line}\n`);
  };
  options.onSay?.(say);
  const warnings = new WarningEcho(say);
  /** Set as the run returns: a stop asked for later is not this run's (experiments pass one promise to every run). */
  let over = false;
  /** The run's stop by a signal: start-all's own (Ctrl+C, SIGTERM), or the terminal's as a machine it killed reports it. */
  const interruptedBySignal = (signal: NodeJS.Signals | void) => {
    // A signal once the duration has ended stops nothing early: the machines are already stopping, every tick done.
    if (over || interrupted || durationEnded) return;
    interrupted = true;
    interruptedAtMs = performance.now();
    if (signal) interruptedBy = signal;
    view?.ending();
    // The display stays on while the machines stop (the line goes above it): its last frame, drawn once every machine
    // has exited, shows their final figures, as the summary does. (Stopped here, it showed their figures at Ctrl+C.)
    if (options.announceStop !== false) {
      if (view) view.print('stopping every machine...');
      else out.write(canRedraw(out) ? '\r\x1b[2Kstopping every machine...\n' : 'stopping every machine...\n');
    }
    requestStop();
  };
  void options.interrupted.then(interruptedBySignal);

  const killAfterMs = 2 * config.shutdownGraceMs + 5000;
  const statusMs = canRedraw(out) ? 250 : 1000;
  /** The running incarnation of each machine, and every process ever started. */
  const current = new Map<number, MachineProcess>();
  const all: MachineProcess[] = [];
  const incarnations = new Map<number, number>();
  let faults: FaultDriver | undefined;

  /**
   * A new process for machine `id` (its next incarnation), not yet counted in the run: see register. `loggedTicks`:
   * the ticks of its earlier incarnations as their logs have them (a killed process's last status is up to a status
   * interval old).
   */
  const launch = (id: number, held: boolean, loggedTicks?: number): MachineProcess => {
    const n = (incarnations.get(id) ?? 0) + 1;
    incarnations.set(id, n);
    const args = machineArgs(run, options.configPath, dir, id, statusMs, info.runToken!);
    if (n > 1) args.push('--incarnation', String(n));
    for (const [peer, a] of faults?.dialAddresses(id) ?? []) args.push('--dial', `${peer}=${a.host}:${a.port}`);
    // The live view counts ticks over every incarnation: the earlier ones from their logs (loggedTicks), else statuses.
    const previous = current.get(id);
    const earlierTicks = loggedTicks ?? (previous ? previous.earlierTicks + (previous.status?.ticks ?? 0) : 0);
    const onWarn = (reason: string) => warnings.warned(id, n, reason);
    const onStoppedFromOutside = (signal: string) => stopEarly(`machine ${id} stopped (${signal})`);
    const rate = run.rates.get(id);
    return new MachineProcess(id, args, { killAfterMs, rate, held, incarnation: n, earlierTicks, onWarn, onStoppedFromOutside });
  };
  /** Counts a machine's process in the run as it starts. */
  const register = (machine: MachineProcess): MachineProcess => {
    current.set(machine.id, machine);
    all.push(machine);
    // A machine that exits before we ask it to (it failed, or someone stopped it) ends the run: stop the rest. One that
    // a Ctrl+C (or a closed terminal) killed as it started, before it could handle the signal, tells of the user's stop
    // even when start-all's own signal is lost (it was in about 1 of 20 Ctrl+Cs 0.1 s after a machine's release).
    void machine.exited.then((exit) => {
      if (!exit.early) return;
      if (killedByTerminal(exit)) interruptedBySignal(exit.signal);
      else stopEarly(earlyExitReason(exit));
    });
    // Killed by the fault schedule, its last status is up to a status interval old: the display shows what its log has.
    void machine.exited.then((exit) => (exit.killedByFault ? showLoggedStatus(machine, dir) : undefined));
    if (faults) void machine.listening.then(() => faults?.listening(machine.id)).catch(proxyFailed);
    return machine;
  };
  /** Held processes of machines not started yet (the run stopped during the stagger); removed from here as started. */
  const waiting = new Set<MachineProcess>();
  /** The line for the fault steps a run stopped early never reached, given how it ended (said once every machine exited). */
  let neverRan: ((why: string) => string) | undefined;

  /** The note that machines are slow to start (below), due connectTimeoutMs after the first start. */
  let slowStart: NodeJS.Timeout | undefined;
  try {
    if (options.faults) {
      faults = await startFaultDriver({
        ids: run.ids,
        machines: new Map(run.ids.map((id) => [id, machineEntryOf(config, id)])),
        seed: options.faults.schedule.seed ?? run.seed,
        portRange: config.faultPorts ?? null,
        steps: options.faults.steps,
        dir,
        kill: (id) => current.get(id)?.kill(),
        restart: async (id) => {
          const machine = register(launch(id, false, (await summarizeMachine(dir, id)).ticks));
          const exit = await Promise.race([machine.listening.then(() => undefined), machine.exited.then((e) => (e.listened ? undefined : e))]);
          // Not applied (faults.jsonl's record has the error, so the kill's window stays open): a Ctrl+C as it
          // started, or its failure, which stops the run.
          if (exit) throw new Error(stoppedWhileStarting(exit, true) ? 'stopped while starting, the run stopping' : `it exited before it listened (${exit.signal ?? `code ${exit.exitCode}`})`);
        },
        say,
      });
    }
    // Every machine is spawned held (no CPU until released), then released, all at once or a stagger apart: spawned
    // and started one by one, the spawns waited behind the machines already starting (see heldLaunch).
    for (const id of run.ids) waiting.add(launch(id, true));
    // The display shows from the first start: a machine whose turn in the stagger has not come is waiting to start.
    const onDisplay = (): LiveMachine[] => run.ids.map((id) => current.get(id) ?? { id, status: undefined, down: false, crashedByFault: false, incarnation: 1, earlierTicks: 0, waiting: true });
    if (!options.quiet && !stopRequested) view = startLiveView(onDisplay, run.rates, out, { durationSeconds: config.durationSeconds, silentAfterMs: Math.max(2000, 4 * statusMs) });
    // A host slow to start its machines (busy, or many of them): once the first has waited connectTimeoutMs for its
    // peers it ticks without those not up, and each machine warns whom it misses. Said once, and whose start it is, so
    // that those warnings are not read as a network fault. A stagger planned longer than that is said before the run.
    if (config.connectTimeoutMs > 0 && earlyTickMs(run) === 0) {
      slowStart = setTimeout(() => {
        const notUp = run.ids.filter((id) => current.get(id)?.status === undefined);
        if (notUp.length === 0 || stopRequested) return;
        const are = notUp.length === 1 ? 'was' : 'were';
        say(`note: ${machinesText(notUp)} ${are} not up ${config.connectTimeoutMs / 1000} s after the first started (connectTimeoutMs): this host is slow to start machines (busy, or too many at once), and those up tick without them`);
      }, config.connectTimeoutMs);
    }
    for (const machine of [...waiting]) {
      if (stopRequested) break;
      if (machine.id !== run.ids[0] && config.staggerMs > 0) await delay(config.staggerMs, undefined, { signal: staggerAbort.signal }).catch(() => {});
      if (stopRequested) break;
      waiting.delete(machine);
      register(machine).release();
    }

    // The duration counts from the moment every machine ticks (they wait until the mesh is complete both ways).
    await Promise.race([Promise.all([...current.values()].map((m) => m.ticking)), stopSignal]);
    let durationTimer: NodeJS.Timeout | undefined;
    if (!stopRequested) {
      view?.ticking();
      if (config.durationSeconds > 0) {
        durationTimer = setTimeout(() => {
          durationEnded = true;
          requestStop();
        }, config.durationSeconds * 1000);
      }
      faults?.schedule(config.durationSeconds);
    }
    await stopSignal;
    view?.ending();
    clearTimeout(durationTimer);
    // The planned end: every machine stops ticking before any closes its connections. Shut down at once, the first
    // machines to close theirs (49 each in a 50-machine mesh) kept the last ones' final ticks waiting 50-100 ms.
    if (durationEnded && !interrupted) await Promise.all([...current.values()].map((m) => m.stopTicking(STOP_TICKING_WAIT_MS)));
    await faults?.liftAll().catch(proxyFailed);
    // A run stopped early (Ctrl+C, a failure) ran only the steps planned before it stopped: the windows say so.
    if (info.faults && faults && !durationEnded) {
      info.faults.windows = faultWindows(info.faults.steps, faults.ranForSeconds);
      // The steps it never reached (as simulate says them): those past the end were named at the start.
      const ranFor = faults.ranForSeconds;
      const notRun = info.faults.steps.filter((step) => step.at >= ranFor && !(config.durationSeconds > 0 && step.at >= config.durationSeconds));
      const ran = info.faults.steps.filter((step) => !notRun.includes(step));
      if (notRun.length) neverRan = (why) => neverRanLine(notRun, why, ranFor, ran);
    }
  } catch (error) {
    // A failure before any machine started (a fault proxy that cannot listen): run.json still says how the run ended.
    // The folder is named (with -q nothing else names it): it holds only that run.json, saying why.
    if (all.length > 0) releaseRunInfoRoom(dir);
    else if (recordNeverStarted(dir, info, run.ids, (error as Error).message) && error instanceof Error) error.message += `; no machine started (${shellWord(runInfoPath(dir))} says so)`;
    throw error;
  } finally {
    clearTimeout(slowStart);
    // Every way out of the run (its end, Ctrl+C, a failure) stops every machine still running and waits for it.
    for (const m of current.values()) m.stop();
    for (const m of waiting) m.discard();
    await Promise.all([...all, ...waiting].map((m) => m.exited));
    // Warnings still being counted into one line: said above the display's last frame, before the summary.
    warnings.flush();
    view?.stop();
    await faults?.close();
  }
  // Said only now: Ctrl+C signals start-all and its machines at once, and a machine's word that it stops on SIGINT can
  // arrive before start-all's own signal handler runs (the run then stops as if that machine ended it). By the time
  // every machine has exited, the handler has run, and the line says `interrupted`.
  // How much of the schedule ran, in its events, as simulate says it.
  if (options.faults && faults) say(appliedLine(options.faults, faults.applied));
  if (neverRan) say(neverRan(interrupted ? 'interrupted' : 'the run stopped early'));
  const exits = await Promise.all(all.map((m) => m.exited));

  // A machine without a start record (never started) still has its rate: the run chose it.
  const summaries = await Promise.all(
    run.ids.map(async (id) => {
      const summary = await summarizeMachine(dir, id);
      return { ...summary, rate: summary.rate ?? run.rates.get(id) ?? null };
    }),
  );
  const finals = [...current.values()];
  const finalExits = await Promise.all(finals.map((m) => m.exited));
  for (const e of finalExits) e.logStopped = summaries.find((s) => s.id === e.id)?.stopped;
  info.endTime = new Date().toISOString();
  if (interrupted) {
    info.interrupted = true;
    if (interruptedBy) info.interruptedBy = interruptedBy;
  }
  else {
    // Machines that failed before the end say why the run stopped, all of them (`machines 2, 3 failed`), even when
    // another reason (a proxy error, a machine stopped from outside) came first: their failure is what the user fixes.
    const failedEarly = failedEarlyExits(exits);
    if (failedEarly.length) stoppedEarly = failedEarlyReason(failedEarly);
    if (stoppedEarly !== undefined) info.stoppedEarly = stoppedEarly;
  }
  const outcomes = finalExits.map((e): [string, MachineOutcome] => [String(e.id), outcome(e, incarnations.get(e.id) ?? 1, interrupted)]);
  const notReleased = [...waiting].map((m): [string, MachineOutcome] => [String(m.id), { exitCode: null, signal: null, started: false }]);
  info.machines = Object.fromEntries([...outcomes, ...notReleased].sort(([a], [b]) => Number(a) - Number(b)));
  // On Ctrl+C the terminal signals every machine as it signals start-all: a machine that says it stops on that signal
  // before start-all has seen its own is not stopped early, but by the same stop as the others.
  const terminalStop = (e: MachineExit) =>
    interrupted && e.stopSignal === interruptedBy && e.stopSaidAtMs !== undefined && interruptedAtMs !== undefined && e.stopSaidAtMs > interruptedAtMs - SAME_STOP_MS;
  // Among the machines that started: those never released, or stopped before they logged their start, have no log and
  // were sent nothing (their peers never connected to them), so a run stopped during its stagger can still be judged.
  info.stoppedTogether =
    finalExits.length > 0 &&
    finalExits.every((e) => (!e.early || terminalStop(e)) && (e.exitCode === 0 || logDisplacedOnly(e) || signalledAfterStop(e, interrupted))) &&
    summaries.filter((s) => s.incarnations > 0).every((s) => s.stopped);
  let runInfoError: string | undefined;
  const now = folderIdentity(dir);
  if (now !== null && now !== folder) {
    // Not this run's folder any more: run.json there would name machines whose logs it does not hold.
    runInfoError = `cannot write ${runInfoPath(dir)}: its run folder was removed and made again during the run (the machines' logs went with the first)`;
  } else {
    try {
      writeRunInfo(dir, info, { last: true });
    } catch (error) {
      runInfoError = (error as Error).message;
    }
  }
  const folderGone = runInfoError !== undefined && (now !== folder || !existsSync(dir));
  over = true;
  return {
    exits,
    summaries,
    info,
    interrupted,
    ...(info.stoppedEarly ? { stoppedEarly } : {}),
    ...(faultError ? { faultError } : {}),
    ...(runInfoError ? { runInfoError } : {}),
    ...(folderGone ? { folderGone } : {}),
  };
}

/** The fault driver, its proxies listening; a proxy that cannot listen is one line (describeProxyError). */
async function startFaultDriver(options: FaultDriverOptions): Promise<FaultDriver> {
  try {
    return await FaultDriver.start(options);
  } catch (err) {
    throw new Error(describeProxyError(err, options.ids.length));
  }
}

/** A fault proxy's listen error in one line: `cannot open a fault proxy: ...`, saying what a fault run needs on EMFILE. */
export function describeProxyError(err: unknown, machines: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EMFILE' || code === 'ENFILE') {
    const limit = openFileLimit();
    return `cannot open a fault proxy: too many open files (fault proxies for ${machines} machines need about ${faultRunOpenFiles(machines)}, the limit is ${limit ?? 'unknown'}: raise it with ulimit -n)`;
  }
  return `cannot open a fault proxy: ${(err as Error).message}`;
}

/** The text printed at the end of a run. */
export function describeResult(result: StartAllResult, dir: string, width: number | null = null): string {
  const starting = new Set(result.exits.filter((e) => stoppedWhileStarting(e, result.interrupted)).map((e) => e.id));
  // Said in the table's row of a machine that logged nothing; in a line of its own for one that did.
  const noLog = new Set(result.summaries.filter((s) => s.incarnations === 0).map((s) => s.id));
  const inTable = new Set([...starting].filter((id) => noLog.has(id)));
  // Why the others with no start record have none, when it is not that they never started: a log it could not write.
  const unlogged = new Map<number, string>([...inTable].map((id) => [id, 'stopped while starting']));
  for (const e of result.exits) if (e.logFailure && noLog.has(e.id)) unlogged.set(e.id, e.logFailure.displaced ? 'log removed or replaced' : 'log not written');
  // A folder removed during the run took the logs the table is read from: every machine would read as not started.
  const folderGone = result.folderGone === true;
  const lines = folderGone
    ? [`no summary: ${dir} was removed during the run, and the machines' logs with it`]
    : [formatSummary(result.summaries, width, unlogged), ...shortOfRate(result.summaries)];
  const said = new Set<number>();
  for (const e of result.exits) {
    if (stoppedWhileStarting(e, result.interrupted) && !inTable.has(e.id) && !said.has(e.id)) {
      lines.push(`machine ${e.id} was stopped while starting`);
      said.add(e.id);
    }
    if (!failed(e, result.interrupted)) continue;
    if (e.logFailure?.displaced) {
      // Said once for the whole folder when it went (folderGone's line), else per file.
      if (!folderGone) lines.push(`machine ${e.id}'s log ${shellWord(e.logFailure.file)} ${e.logFailure.reason}`);
      continue;
    }
    if (e.logFailure) {
      // What made it stop, not the signal that may then have ended it (start-all's, as the run stopped).
      lines.push(`machine ${e.id} could not write its log ${shellWord(e.logFailure.file)}: ${e.logFailure.reason}`);
      continue;
    }
    const how = e.forceKilledAfterMs
      ? `was killed (${e.signal}) by start-all: still running ${e.forceKilledAfterMs / 1000} s after its stop signal`
      : e.signal
        ? `was killed (${e.signal})`
        : `exited with code ${e.exitCode}`;
    const why = e.stderrTail ? `: ${e.stderrTail.split('\n').slice(-3).join(' / ')}` : '';
    lines.push(`machine ${e.id} ${how}${e.early ? ' before the run ended' : ''}${why}`);
  }
  if (result.exits.some((e) => e.logFailure?.noRoom)) lines.push(`no room left for the logs in ${shellWord(dir)}: free space on that disk, or give start-all --log-dir on another one`);
  if (!folderGone) lines.push(`logs: ${shellWord(dir)}`);
  return lines.join('\n');
}
