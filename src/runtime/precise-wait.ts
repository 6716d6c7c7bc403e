// Waits out the last few milliseconds before a deadline on the thread itself: a futex wait, then short futex waits.
import { monotonicMs } from './clock.js';

/** The last part of the wait is taken in short steps: a futex wake-up here overshoots by about 0.1 ms. */
const FINE_MS = 0.25;
/**
 * The length of one short step. The kernel's timer slack (50 µs for an ordinary thread) makes each step last 0.05 to
 * 0.1 ms, so a wait ends that much past its deadline at most. A spin reading the clock in a loop ended closer to it (p50
 * 0.01 against 0.08 ms), but every read allocated (a boxed double, about 100 bytes before V8 optimizes the loop), and
 * the fresh heap pages that allocation touched faulted at tens of microseconds each on this host's virtual machine:
 * 2% of ticks ended 1.5 to 3 ms late after a spin, against 0 to 0.3% with short steps, side by side (BENCHMARKS.md).
 */
const STEP_MS = 0.02;

/** The futex's word, made on first use: a startup snapshot (the machine's, see scripts/machine-snapshot.ts) cannot hold one. */
let cell: Int32Array | undefined;

/** Sleeps on the thread for `ms` (a futex wait on a word nobody wakes: it ends at its timeout). */
const futexWait = (ms: number): void => {
  Atomics.wait((cell ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
};

/**
 * Blocks until `now()` reaches `deadlineMs` (both monotonic ms). Meant for a deadline a few ms away: the event loop
 * does nothing meanwhile, so callers keep the wait short. Returns at once when the deadline has passed.
 */
export function blockUntil(deadlineMs: number, now: () => number = monotonicMs): void {
  sleepUntil(deadlineMs - FINE_MS, now);
  for (let left = deadlineMs - now(); left > 0; left = deadlineMs - now()) futexWait(Math.min(left, STEP_MS));
}

/**
 * Blocks until `now()` reaches `deadlineMs` in one futex wait (it ends up to about 0.1 ms late): one wake-up, however
 * short the wait. Should the wait end a rounding error early, it waits again for the rest.
 */
export function sleepUntil(deadlineMs: number, now: () => number = monotonicMs): void {
  for (let rest = deadlineMs - now(); rest > 0; rest = deadlineMs - now()) futexWait(rest);
}
