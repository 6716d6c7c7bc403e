// What went wrong in an experiment's real run, from its run.json: machines that failed, or the run stopping early.
import type { RunInfo } from '../log/run-info.js';

/**
 * `machine 2 exited with SIGKILL` for each machine that did not exit cleanly; when none did but the run still stopped
 * before its end (a machine stopped from outside), `run stopped early: machine 2 stopped (SIGTERM)`. Empty when clean.
 */
export function runFailures(info: Pick<RunInfo, 'machines' | 'stoppedEarly'>): string[] {
  const failures = Object.entries(info.machines ?? {})
    .filter(([, o]) => o.exitCode !== 0)
    .map(([id, o]) => `machine ${id} exited with ${o.signal ?? o.exitCode}`);
  if (failures.length === 0 && info.stoppedEarly !== undefined) failures.push(`run stopped early: ${info.stoppedEarly}`);
  return failures;
}
