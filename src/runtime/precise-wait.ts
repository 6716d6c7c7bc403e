// Waits out the last few milliseconds before a deadline on the thread itself: a futex wait (no CPU), then a short spin.
import { monotonicMs } from './clock.js';

/** The last part of the wait is spun: a futex wake-up here overshoots by about 0.1 ms. */
const SPIN_MS = 0.25;

/** The futex's word, made on first use: a startup snapshot (the machine's, see scripts/machine-snapshot.ts) cannot hold one. */
let cell: Int32Array | undefined;

/**
 * Blocks until `now()` reaches `deadlineMs` (both monotonic ms). Meant for a deadline a few ms away: the event loop
 * does nothing meanwhile, so callers keep the wait short. Returns at once when the deadline has passed.
 */
export function blockUntil(deadlineMs: number, now: () => number = monotonicMs): void {
  const rest = deadlineMs - now();
  if (rest > SPIN_MS) Atomics.wait((cell ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, rest - SPIN_MS);
  while (now() < deadlineMs) {
    // spin: at most SPIN_MS plus the futex's overshoot short of it
  }
}
