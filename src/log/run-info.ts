// run.json: what a run folder says about the run as a whole (resolved config, rates, seed, times). Read by the analysis.
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileErrorReason, isNoRoom, NO_ROOM } from './file-error.js';
import { UsageError } from '../config/errors.js';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { FaultSchedule, FaultStep, FaultWindow } from '../faults/index.js';
import type { ToolVersion } from './tool-version.js';

export interface MachineOutcome {
  /** Exit code of the machine process, or null if it was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  /** Last lines of its stderr when it failed. */
  stderrTail?: string;
  /** How many times it was started (above 1 after a crash and restart). */
  incarnations?: number;
  /** false for a machine the run's stop ended before it started (no log, or a start record only); absent otherwise. */
  started?: false;
  /**
   * true when it stopped as asked, then exited 1 only because a log of its was removed, moved away or replaced during
   * the run (by hand): it did not fail, and it stopped with the others; absent otherwise.
   */
  logDisplaced?: true;
}

export interface RunInfo {
  /** 'real' for start-all, 'simulated' for the simulator. */
  mode: 'real' | 'simulated';
  seed: number;
  /** Machine id (as a string key) to ticks per second. */
  rates: Record<string, number>;
  internalProbability: number;
  durationSeconds: number;
  staggerMs: number;
  delayMs: [number, number];
  /** Real runs: the token every machine of the run says in its hello (`hello:2:9f3a61c0`); absent in older run.json files. */
  runToken?: string;
  /** Simulated runs given --tick-offsets: machine id (as a string key) to ms after the start its tick schedule started. */
  tickOffsetsMs?: Record<string, number>;
  /** ISO-8601 UTC. */
  startTime: string;
  /** ISO-8601 UTC; null while the run is still going. */
  endTime: string | null;
  /** The resolved config, with CLI overrides applied. */
  config: Config;
  /** The lamport-lab that made the run: name, package.json version, git commit (null outside a git checkout). Absent in older runs. */
  tool?: ToolVersion;
  /** How each machine ended (real runs). */
  machines?: Record<string, MachineOutcome>;
  /** The fault schedule of the run (start-all --faults): the file, its content, the planned steps, and the windows charts mark. */
  faults?: { file: string; schedule: FaultSchedule; steps: FaultStep[]; windows: FaultWindow[] };
  /** True when every machine that started was stopped together (all their stop records written; machines never started have no log and were sent nothing): message counts are conserved. */
  stoppedTogether?: boolean;
  /** True when a signal (Ctrl+C) ended the run before its duration (start-all or simulate); absent otherwise. Its logs end as a full run's do. */
  interrupted?: boolean;
  /** With `interrupted`: the signal that ended it (`SIGINT` for Ctrl+C, `SIGTERM`, `SIGHUP`); absent in older run.json files. */
  interruptedBy?: string;
  /**
   * Why the run stopped before its duration when neither the duration nor the user (Ctrl+C) ended it: `machine 2
   * stopped (SIGTERM)` (someone stopped one machine), `machine 3 failed`, `cannot open a fault proxy: ...`; absent otherwise.
   */
  stoppedEarly?: string;
  /** With `interrupted`: virtual seconds actually simulated, from startTime to endTime (durationSeconds stays the requested). */
  simulatedSeconds?: number;
}

/** Why a run's first file could not be written into its new folder: another run's first file is there (EEXIST). */
export const FOLDER_TAKEN = 'another run wrote one first (two runs given this folder at the same moment?): choose another --log-dir';

export function runInfoPath(dir: string): string {
  return join(dir, 'run.json');
}

/**
 * Writes run.json whole or not at all: into run.json.<pid>.tmp, then renamed over it, so that a full disk never leaves an
 * empty or cut run.json (an empty one would make the folder look like a run's). Throws one line: `cannot write
 * <dir>/run.json: no space left on the disk`. The run's `first` write claims the folder: it is linked into place, which
 * fails if a run.json is there already, so that of two runs given one --log-dir at the same instant (both found it
 * empty) the second stops before it writes anything else there. Before anything of the run has started, a first write
 * that fails is the run folder's problem, as a bad one is: a UsageError (exit 2). The run's `last` write may use the
 * room kept for it (keepRunInfoRoom), and removes it.
 */
export function writeRunInfo(dir: string, info: RunInfo, { first = false, last = false } = {}): void {
  const file = runInfoPath(dir);
  // Named for this process: two runs given one folder at once must not write (or remove) each other's.
  const temporary = `${file}.${process.pid}.tmp`;
  const write = () => {
    writeFileSync(temporary, JSON.stringify(info, null, 2) + '\n');
    if (first) claimInPlace(temporary, file);
    else renameSync(temporary, file);
  };
  try {
    try {
      write();
    } catch (error) {
      // The disk filled during the run (its logs): the room kept for this write makes way for it.
      if (!last || !isNoRoom(error) || !releaseRunInfoRoom(dir)) throw error;
      rmSync(temporary, { force: true });
      write();
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    const gone = 'its run folder is gone (removed while the run went on?)';
    const message = `cannot write ${file}: ${fileErrorReason(error, { ...NO_ROOM, ENOENT: gone, EEXIST: FOLDER_TAKEN })}`;
    throw first ? new UsageError(message) : new Error(message);
  } finally {
    if (last) releaseRunInfoRoom(dir);
  }
}

function roomPath(dir: string): string {
  return join(dir, 'run.json.room');
}

/**
 * Keeps room on the disk for the run's last run.json (its end time, how it ended): a file of zeros beside it, about
 * 1 KB a machine, that the last writeRunInfo removes to make way when the machines' logs have filled the disk. Without
 * it that run.json is lost, and analyze reads the run as possibly still going. Nothing is kept where it cannot be written.
 */
export function keepRunInfoRoom(dir: string, machines: number): void {
  try {
    writeFileSync(roomPath(dir), Buffer.alloc(runInfoRoomBytes(machines)));
  } catch {
    rmSync(roomPath(dir), { force: true });
  }
}

/** The bytes keepRunInfoRoom keeps for a run of `machines` machines. */
export function runInfoRoomBytes(machines: number): number {
  return 64 * 1024 + 1024 * machines;
}

/** Removes the room kept for the last run.json (a run that ends without that write): whether there was any. */
export function releaseRunInfoRoom(dir: string): boolean {
  if (!existsSync(roomPath(dir))) return false;
  rmSync(roomPath(dir), { force: true });
  return true;
}

/** Puts `temporary` at `file` unless a file is there (EEXIST); where hard links are not allowed, renames it after a look. */
function claimInPlace(temporary: string, file: string): void {
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    if (existsSync(file)) throw Object.assign(new Error('run.json exists'), { code: 'EEXIST' });
    renameSync(temporary, file);
    return;
  }
  rmSync(temporary, { force: true });
}

export function readRunInfo(dir: string): RunInfo {
  return JSON.parse(readFileSync(runInfoPath(dir), 'utf8')) as RunInfo;
}
