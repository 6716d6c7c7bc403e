// Why a machine log ends without a stop record: the machine crashed, the log was cut short (run.json says it stopped), or
// the run is still going (run.json has no end time yet).
import type { RunInfo } from '../log/run-info.js';

/** Whether run.json says the machine's last process stopped by itself, or that a simulated run's machines all stopped. */
export function exitedCleanly(info: RunInfo | null, machine: number): boolean {
  if (info?.mode === 'simulated') return info.stoppedTogether === true;
  const outcome = info?.machines?.[String(machine)];
  return outcome !== undefined && outcome.exitCode === 0 && outcome.signal === null;
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
