// Where the fault schedule's clock starts on the report's time axis, rounded once for the charts' captions and the
// fault lines alike: the caption's offset plus a time on the schedule's clock is the time the line gives on the axis.
import type { RunAnalysis } from './analyze.js';
import type { RunFaultWindow } from './fault-windows.js';
import { secondsAfter } from './fault-windows.js';

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** Decimals for a window's times: tenths of a second, or milliseconds for a window shorter than 0.1 s (else `0 s to 0 s`). */
export const windowDigits = (w: Pick<RunFaultWindow, 'from' | 'to'>): number => (w.to !== null && w.to - w.from < 100 ? 3 : 1);

/** Seconds after the first record at which the schedule's clock starts, to the decimals of the finest fault line; null when unknown. */
export function scheduleOffset(run: RunAnalysis): { seconds: number; digits: number } | null {
  const seconds = secondsAfter(run.metrics.startTime, run.scheduleStart);
  if (seconds === null) return null;
  const digits = Math.max(1, ...run.faults.map(windowDigits));
  return { seconds: round(seconds, digits), digits };
}

/**
 * A window's end (epoch ms) in seconds after the first record, to `digits` decimals: with the schedule's clock known
 * (`offset`, scheduleOffset's, taken once per run), the rounded offset plus that end rounded on the schedule's clock,
 * so that the figures add up as printed.
 */
export function axisSeconds(run: RunAnalysis, offset: ReturnType<typeof scheduleOffset>, ms: number, digits: number): number | null {
  const onSchedule = secondsAfter(run.scheduleStart, ms);
  if (offset === null || onSchedule === null) {
    const seconds = secondsAfter(run.metrics.startTime, ms);
    return seconds === null ? null : round(seconds, digits);
  }
  return round(offset.seconds + round(onSchedule, digits), digits);
}
