// Why a machine log ends without a stop record: the machine crashed, the log was cut short (run.json says it stopped), or
// the run is still going (run.json has no end time yet, or, started by hand, a running process still writes the log).
import { liveWriters } from '../log/live-writer.js';
import type { RunInfo } from '../log/run-info.js';
import { machinesText } from '../text/id-list.js';

/**
 * Whether run.json says the machine's last process stopped by itself (exit 0, or exit 1 only for its log displaced during
 * the run), or that a simulated run's machines all stopped.
 */
export function exitedCleanly(info: RunInfo | null, machine: number): boolean {
  if (info?.mode === 'simulated') return info.stoppedTogether === true;
  const outcome = info?.machines?.[String(machine)];
  return outcome !== undefined && (outcome.exitCode === 0 || (outcome.exitCode === 1 && outcome.logDisplaced === true)) && outcome.signal === null;
}

/** A log without a stop record although its machine stopped (exitedCleanly): cut short afterwards, not a crash. */
export function logCutShort(info: RunInfo | null, machine: number, hasStopRecord: boolean): boolean {
  return !hasStopRecord && exitedCleanly(info, machine);
}

/**
 * run.json says the run has not ended (`"endTime": null` and no machine outcomes, which start-all writes together at
 * the end): start-all is still running it, or was killed before it could write the end. A log without a stop record
 * may then belong to a machine that is still running.
 */
export function runMayBeGoing(info: RunInfo | null): boolean {
  return info !== null && info.endTime === null && info.machines === undefined;
}

/** The note analyze and check print (stderr) for such a run, after `<tool>: note: <dir>: `. */
export const RUN_MAY_BE_GOING =
  'run.json has no end time: the run may still be going (or the command running it was killed), so a machine without a stop record may still be running rather than crashed';

/**
 * Machines started by hand (a folder without run.json): those whose log another process has open for writing, with
 * that process's pid. A log without its stop record is then a machine still running, not a crash. Empty with a
 * run.json, which says itself whether the run may be going (runMayBeGoing), and where /proc cannot be read.
 */
export function logsOpenForWriting(info: RunInfo | null, files: readonly { machine: number; path: string }[]): Map<number, number> {
  if (info !== null) return new Map();
  const writers = liveWriters(files.map((f) => f.path));
  return new Map(files.flatMap((f) => (writers.has(f.path) ? [[f.machine, writers.get(f.path)!] as const] : [])));
}

/** Of `open` (logsOpenForWriting before the logs were read), the machines whose log, as read, ends without its stop record. */
export function stillWriting(open: ReadonlyMap<number, number>, stopped: (machine: number) => boolean): Map<number, number> {
  return new Map([...open].filter(([machine]) => !stopped(machine)));
}

/** Why a run may still be going, for the note after `<tool>: note: <dir>: `: run.json's, or which machines still write their logs. */
export function mayBeGoingNote(open: ReadonlyMap<number, number>): string {
  if (open.size === 0) return RUN_MAY_BE_GOING;
  const ids = [...open.keys()].sort((a, b) => a - b);
  const pids = ids.map((id) => open.get(id)!);
  const where = ids.length === 1 ? `its log is open for writing in process ${pids[0]}` : `their logs are open for writing in processes ${pids.join(', ')}`;
  return `${machinesText(ids)} ${ids.length === 1 ? 'is' : 'are'} still running (${where}): a log without its stop record yet is not a crash`;
}
