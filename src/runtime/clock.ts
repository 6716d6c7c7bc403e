// The real driver's time sources: monotonic milliseconds for scheduling, and wall time derived from it for records.
import { performance } from 'node:perf_hooks';

/** Monotonic milliseconds (fractional). */
export const monotonicMs = (): number => performance.now();

/** How many millisecond edges the wall clock is read at; each costs up to a millisecond of waiting. */
const EDGES = 3;

/**
 * Epoch milliseconds at performance.now() = 0, read off the wall clock at the edge of a millisecond: right after
 * Date.now() turns to d, the wall time is at least d, so the origin is at least d - performance.now(); the largest of
 * a few such bounds is within tens of microseconds of it. Node's own performance.timeOrigin pairs two clock readings
 * taken as the process starts, which a busy host can pull a millisecond or more apart: two machines' records then
 * disagree by that much, and a receive can be logged before its send (seen under load: 2 ms).
 */
export function wallOrigin(date: () => number = Date.now, now: () => number = () => performance.now()): number {
  let origin = -Infinity;
  for (let i = 0; i < EDGES; i++) {
    const before = date();
    let edge = before;
    while (edge === before) edge = date();
    origin = Math.max(origin, edge - now());
  }
  return origin;
}

let origin: number | undefined;

/** Epoch milliseconds that never go backwards within a process: the wall origin (read once) plus monotonic time. */
export const wallMs = (): number => (origin ??= wallOrigin()) + performance.now();
