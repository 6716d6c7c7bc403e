// How a machine process ended, judged for the run: a failure, a stop the run itself caused, or a stop while starting.
import type { MachineOutcome } from '../log/run-info.js';
import { STOP_SIGNALS } from '../cli/stop-signals.js';
import type { MachineExit } from './machine-process.js';
import { machinesText } from '../text/id-list.js';

/** Why a machine that exited before the run asked it to ended the run: `machine 2 failed`, `machine 2 stopped (SIGTERM)`. */
export function earlyExitReason(exit: MachineExit): string {
  if (failed(exit, false)) return `machine ${exit.id} failed`;
  return `machine ${exit.id} stopped${exit.stopSignal ? ` (${exit.stopSignal})` : ''}`;
}

/**
 * Why the machines that failed before the run's end stopped it: `machines 2, 3 failed`, or, when every one of them
 * stopped because its log had no room left, `machines 1-3 could not write their logs: no space left on the disk`.
 */
export function failedEarlyReason(exits: readonly MachineExit[]): string {
  const ids = [...new Set(exits.map((e) => e.id))];
  const reasons = new Set(exits.map((e) => (e.logFailure?.noRoom ? e.logFailure.reason : '')));
  const [reason] = reasons;
  if (reasons.size === 1 && reason) return `${machinesText(ids)} could not write ${ids.length === 1 ? 'its log' : 'their logs'}: ${reason}`;
  return `${machinesText(ids)} failed`;
}

/**
 * The machines whose failure stopped the run: those that failed before its end and, when a full disk was among the
 * causes, those it failed as they stopped (it stops the run at the first machine it fails, and fails the others as
 * they write their last records), so that all are named.
 */
export function failedEarlyExits(exits: readonly MachineExit[]): MachineExit[] {
  const early = exits.filter((e) => e.early && failed(e, false));
  if (!early.some((e) => e.logFailure?.noRoom)) return early;
  return exits.filter((e) => (e.early || e.logFailure?.noRoom) && failed(e, false));
}

/**
 * Killed, before it said it listens, by a signal only a terminal sends to a whole run (Ctrl+C's SIGINT, a hang-up's
 * SIGHUP): start-all never sends those, and a machine that has started handles them (it stops cleanly instead).
 */
export function killedByTerminal(exit: MachineExit): exit is MachineExit & { signal: 'SIGINT' | 'SIGHUP' } {
  return !exit.listened && (exit.signal === 'SIGINT' || exit.signal === 'SIGHUP');
}

/** Exited 1 only because its log was removed, moved away or replaced during the run: it stopped as asked. */
export const logDisplacedOnly = (exit: MachineExit): boolean => exit.exitCode === 1 && exit.logFailure?.displaced === true;

/** What run.json keeps of a machine's exit. */
export function outcome(exit: MachineExit, incarnations: number, interrupted: boolean): MachineOutcome {
  const result: MachineOutcome = { exitCode: exit.exitCode, signal: exit.signal };
  if (incarnations > 1) result.incarnations = incarnations;
  // A restarted machine stopped as it started has run before (its log says so): `started` is for one that never did.
  if (incarnations === 1 && stoppedWhileStarting(exit, interrupted)) result.started = false;
  if (exit.exitCode !== 0 && exit.stderrTail) result.stderrTail = exit.stderrTail;
  if (logDisplacedOnly(exit)) result.logDisplaced = true;
  return result;
}

/**
 * Whether a machine's exit is a failure: anything but a clean stop, except a kill the fault schedule asked for, and a
 * machine that the run's stop (Ctrl+C, SIGTERM, another machine's failure) ended while it was still starting, before it
 * could handle the signal.
 */
export function failed(exit: MachineExit, interrupted: boolean): boolean {
  if (exit.exitCode === 0 || exit.killedByFault) return false;
  return !stoppedWhileStarting(exit, interrupted) && !signalledAfterStop(exit, interrupted);
}

/**
 * Ended by a stop signal after it had stopped cleanly (its log ends with its stop record), while the run was being
 * stopped: on Ctrl+C the terminal's SIGINT stops a machine, and start-all's SIGTERM can then reach it as it exits.
 */
export function signalledAfterStop(exit: MachineExit, interrupted: boolean): boolean {
  return endedByTheRunsStop(exit, interrupted) && exit.logStopped === true;
}

/**
 * Ended by a stop signal (start-all's SIGTERM, the terminal's SIGINT or SIGHUP) while the run was being stopped. On
 * Ctrl+C (or a closed terminal) the terminal signals the machines too, so one may die before start-all has asked it to stop.
 */
function endedByTheRunsStop(exit: MachineExit, interrupted: boolean): boolean {
  const stopSignal = (STOP_SIGNALS as readonly string[]).includes(exit.signal ?? '');
  return stopSignal && (interrupted || !exit.early);
}

/** Ended by a stop signal before it said it listens, while the run was being stopped. */
export function stoppedWhileStarting(exit: MachineExit, interrupted: boolean): boolean {
  return endedByTheRunsStop(exit, interrupted) && !exit.listened;
}
