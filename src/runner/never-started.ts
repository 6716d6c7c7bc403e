// run.json of a run that failed before any machine started (a fault proxy that cannot listen): its end and why.
import { writeRunInfo, type RunInfo } from '../log/run-info.js';

/**
 * Completes `info` for a run that ended before its first machine started (`reason`: the failure, one line) and writes
 * it: an end time, `stoppedEarly`, every machine marked as never started, and no fault window, so that analyze and check say why the
 * folder holds no logs rather than that the run may still be going. A run.json that cannot be written is left as it
 * was: the failure that ended the run is the one to report. Returns whether run.json was written.
 */
export function recordNeverStarted(dir: string, info: RunInfo, ids: readonly number[], reason: string): boolean {
  info.endTime = new Date().toISOString();
  info.stoppedEarly = reason;
  info.machines = Object.fromEntries(ids.map((id) => [String(id), { exitCode: null, signal: null, started: false as const }]));
  info.stoppedTogether = false;
  // No step of a fault schedule ran: none of its windows began (the planned ones were written at the start).
  if (info.faults) info.faults.windows = [];
  try {
    writeRunInfo(dir, info, { last: true });
    return true;
  } catch {
    // See above: the caller rethrows the run's own failure.
    return false;
  }
}
