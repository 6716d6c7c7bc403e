// How a run ended, from run.json: interrupted (Ctrl+C), stopped early (a machine stopped from outside), or as planned.
import type { RunInfo } from '../log/run-info.js';
import { numGrouped } from './text-table.js';
import { runMayBeGoing } from './log-cut-short.js';

/** run.json's durationSeconds when above 0; null for a run until Ctrl+C (0) or without run.json. */
export function plannedSeconds(info: RunInfo | null | undefined): number | null {
  const seconds = info?.durationSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : null;
}

/**
 * `interrupted (Ctrl+C) before its planned 20 s`, `stopped early before its planned 20 s: machine 2 stopped (SIGTERM)`,
 * or null for a run that ended as planned (or has no run.json). A simulated run says how far it got (`after 8.27 s of
 * a planned 20 s`, its simulatedSeconds); a real run's records span, in the heading before it, says that.
 */
export function runEndText(info: RunInfo | null | undefined): string | null {
  if (!info) return null;
  const planned = plannedSeconds(info);
  const sofar = info.simulatedSeconds === undefined ? null : info.simulatedSeconds;
  const of = planned === null ? ' (no planned duration)' : sofar === null ? ` before its planned ${numGrouped(planned)} s` : ` after ${numGrouped(sofar)} s of a planned ${numGrouped(planned)} s`;
  // The reason last, after a colon: itself a clause with brackets of its own (`machine 2 stopped (SIGTERM)`).
  if (info.stoppedEarly) return `stopped early${of}: ${info.stoppedEarly}`;
  if (info.interrupted) {
    const by = interruptedBy(info);
    return planned === null ? `ran until ${by === 'Ctrl+C' ? by : `stopped by ${by}`} (no planned duration)` : `interrupted (${by})${of}`;
  }
  return null;
}

/** `Ctrl+C` for SIGINT (and for a run.json that does not say: older ones, written when only Ctrl+C was told apart), else the signal. */
function interruptedBy(info: RunInfo): string {
  const signal = info.interruptedBy;
  return signal === 'SIGTERM' || signal === 'SIGHUP' ? signal : 'Ctrl+C';
}

/** The --json run fields: `interrupted`, `interruptedBy` (the signal, or null), `stoppedEarly` (the reason, or null) and `plannedSeconds`. */
export function runEndJson(info: RunInfo | null | undefined) {
  return {
    interrupted: info?.interrupted === true,
    interruptedBy: info?.interrupted === true && typeof info.interruptedBy === 'string' ? info.interruptedBy : null,
    stoppedEarly: info?.stoppedEarly ?? null,
    plannedSeconds: plannedSeconds(info),
  };
}

/**
 * `run.json has no end time, though every machine stopped: the command running it did not finish (killed?), 3.5 s into a
 * planned 8 s` for a run whose start-all was killed (SIGKILL) after its machines had stopped, else null: run.json alone
 * reads like a run still going, and the records' span like a whole run. `spanMs`: the span of the records, if known.
 */
export function unfinishedRunText(info: RunInfo | null | undefined, everyMachineStopped: boolean, spanMs: number | null): string | null {
  if (!info || !runMayBeGoing(info) || !everyMachineStopped) return null;
  const planned = plannedSeconds(info);
  const short = planned !== null && spanMs !== null && spanMs < planned * 1000 ? `, ${numGrouped(spanMs / 1000)} s into a planned ${numGrouped(planned)} s` : '';
  return `run.json has no end time, though every machine stopped: the command running it did not finish (killed?)${short}`;
}
