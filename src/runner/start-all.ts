// start-all: spawns every configured machine a small delay apart, runs for the duration or until Ctrl+C, stops them all together.
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config/schema.js';
import type { ResolvedRun } from '../config/resolve.js';
import { writeRunInfo, type MachineOutcome, type RunInfo } from '../log/run-info.js';
import { MachineProcess, type MachineExit } from './machine-process.js';
import { startLiveView, type LiveView } from './live-view.js';
import { formatSummary, summarizeMachine, type MachineSummary } from './summary.js';

export interface StartAllOptions {
  run: ResolvedRun;
  configPath: string;
  dir: string;
  quiet: boolean;
  out: NodeJS.WriteStream;
  err: NodeJS.WritableStream;
  /** Resolves when the user asks to stop (Ctrl+C or SIGTERM). */
  interrupted: Promise<void>;
}

export interface StartAllResult {
  exits: MachineExit[];
  summaries: MachineSummary[];
  info: RunInfo;
  interrupted: boolean;
}

function machineArgs(run: ResolvedRun, configPath: string, dir: string, id: number, statusMs: number): string[] {
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
  ];
}

export async function startAll(options: StartAllOptions): Promise<StartAllResult> {
  const { run, dir, out } = options;
  const config = run.config;
  const startTime = new Date();
  const info: RunInfo = {
    mode: 'real',
    seed: run.seed,
    rates: Object.fromEntries([...run.rates].map(([id, r]) => [String(id), r])),
    internalProbability: config.internalProbability,
    durationSeconds: config.durationSeconds,
    staggerMs: config.staggerMs,
    delayMs: config.delayMs,
    startTime: startTime.toISOString(),
    endTime: null,
    config,
  };
  writeRunInfo(dir, info);

  let stopRequested = false;
  let interrupted = false;
  let wake: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (wake = resolve));
  const requestStop = () => {
    stopRequested = true;
    wake();
  };
  let view: LiveView | undefined;
  void options.interrupted.then(() => {
    interrupted = true;
    view?.stop();
    out.write(out.isTTY ? '\r\x1b[2Kstopping every machine...\n' : 'stopping every machine...\n');
    requestStop();
  });

  const killAfterMs = 2 * config.shutdownGraceMs + 5000;
  const machines: MachineProcess[] = [];
  const statusMs = out.isTTY ? 250 : 1000;
  for (const id of run.ids) {
    if (stopRequested) break;
    const machine = new MachineProcess(id, machineArgs(run, options.configPath, dir, id, statusMs), { killAfterMs });
    machines.push(machine);
    // A machine that exits before we ask it to is a failure: stop the rest.
    void machine.exited.then((exit) => exit.early && requestStop());
    if (id !== run.ids.at(-1)) await Promise.race([delay(config.staggerMs), stopSignal]);
  }

  if (!options.quiet && !stopRequested) view = startLiveView(machines, run.rates, out, Date.now());
  // The duration counts from the moment every machine ticks (they wait until connected to all peers).
  await Promise.race([Promise.all(machines.map((m) => m.ticking)), stopSignal]);
  let durationTimer: NodeJS.Timeout | undefined;
  if (config.durationSeconds > 0 && !stopRequested) durationTimer = setTimeout(requestStop, config.durationSeconds * 1000);
  await stopSignal;
  clearTimeout(durationTimer);
  for (const m of machines) m.stop();
  const exits = await Promise.all(machines.map((m) => m.exited));
  view?.stop();

  const summaries = await Promise.all(run.ids.map((id) => summarizeMachine(dir, id)));
  info.endTime = new Date().toISOString();
  info.machines = Object.fromEntries(exits.map((e) => [String(e.id), outcome(e)]));
  info.stoppedTogether = exits.length === run.ids.length && exits.every((e) => !e.early && e.exitCode === 0) && summaries.every((s) => s.stopped);
  writeRunInfo(dir, info);
  return { exits, summaries, info, interrupted };
}

function outcome(exit: MachineExit): MachineOutcome {
  const result: MachineOutcome = { exitCode: exit.exitCode, signal: exit.signal };
  if (exit.exitCode !== 0 && exit.stderrTail) result.stderrTail = exit.stderrTail;
  return result;
}

/** The text printed at the end of a run. */
export function describeResult(result: StartAllResult, dir: string): string {
  const lines = [formatSummary(result.summaries)];
  for (const e of result.exits) {
    if (e.exitCode === 0) continue;
    const how = e.signal ? `was killed (${e.signal})` : `exited with code ${e.exitCode}`;
    const why = e.stderrTail ? `: ${e.stderrTail.split('\n').slice(-3).join(' / ')}` : '';
    lines.push(`machine ${e.id} ${how}${e.early ? ' before the run ended' : ''}${why}`);
  }
  lines.push(`logs: ${dir}`);
  return lines.join('\n');
}
