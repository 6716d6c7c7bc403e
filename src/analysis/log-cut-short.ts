// Why a machine log ends without a stop record: the machine crashed, or (run.json says it stopped) the log was cut short.
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
