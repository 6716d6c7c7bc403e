// The real driver's time sources: monotonic milliseconds for scheduling, and wall time derived from it for records.
import { performance } from 'node:perf_hooks';

/** Monotonic milliseconds (fractional). */
export const monotonicMs = (): number => performance.now();

/** Epoch milliseconds that never go backwards within a process: the time origin plus monotonic time. */
export const wallMs = (): number => performance.timeOrigin + performance.now();
