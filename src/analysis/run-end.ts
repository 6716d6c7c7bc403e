// How a run ended, from run.json: interrupted (Ctrl+C), stopped early (a machine stopped from outside), or as planned.
import type { RunInfo } from '../log/run-info.js';
import { num } from './text-table.js';

/** run.json's durationSeconds when above 0; null for a run until Ctrl+C (0) or without run.json. */
export function plannedSeconds(info: RunInfo | null | undefined): number | null {
  const seconds = info?.durationSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : null;
}

/**
 * `interrupted (Ctrl+C) before its planned 20 s`, `stopped early (machine 2 stopped (SIGTERM)) before its planned 20 s`,
 * or null for a run that ended as planned (or has no run.json). A simulated run says how far it got (`after 8.27 s of
 * a planned 20 s`, its simulatedSeconds); a real run's records span, in the heading before it, says that.
 */
export function runEndText(info: RunInfo | null | undefined): string | null {
  if (!info) return null;
  const planned = plannedSeconds(info);
  const sofar = info.simulatedSeconds === undefined ? null : info.simulatedSeconds;
  const of = planned === null ? ' (no planned duration)' : sofar === null ? ` before its planned ${num(planned)} s` : ` after ${num(sofar)} s of a planned ${num(planned)} s`;
  if (info.stoppedEarly) return `stopped early (${info.stoppedEarly})${of}`;
  if (info.interrupted) return planned === null ? 'ran until Ctrl+C (no planned duration)' : `interrupted (Ctrl+C)${of}`;
  return null;
}

/** The --json run fields: `interrupted`, `stoppedEarly` (the reason, or null) and `plannedSeconds`. */
export function runEndJson(info: RunInfo | null | undefined) {
  return {
    interrupted: info?.interrupted === true,
    stoppedEarly: info?.stoppedEarly ?? null,
    plannedSeconds: plannedSeconds(info),
  };
}
