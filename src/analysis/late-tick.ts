// A tick late enough to say its machine was paused or short of CPU, not held up by a timer's jitter.

/** A tick this late (ms, and at least a period) is a machine paused or starved of CPU, not a timer's jitter. */
const LATE_TICK_MS = 100;

/** Whether a stop record's `maxLagMs` at `rate` says the machine was paused or short of CPU (see LATE_TICK_MS). */
export function pausedOrStarved(maxLagMs: number | null | undefined, rate: number | null): boolean {
  return typeof maxLagMs === 'number' && rate !== null && maxLagMs >= LATE_TICK_MS && maxLagMs >= 1000 / rate;
}
