// The tick schedule: tick k is due at t0 + k / rate, against absolute time, so no drift accumulates.

/** When tick `k` (1, 2, 3, ...) is due, in the same unit as `t0` (milliseconds). */
export function tickDueAt(t0: number, rate: number, k: number): number {
  return t0 + (k * 1000) / rate;
}

/** How many ticks are due by time `now`: the largest k with tickDueAt(t0, rate, k) <= now. */
export function ticksDueBy(t0: number, rate: number, now: number): number {
  if (now < t0) return 0;
  let k = Math.floor(((now - t0) * rate) / 1000);
  // Guard the floating-point edge so that tickDueAt(k) <= now < tickDueAt(k + 1) always holds.
  while (k > 0 && tickDueAt(t0, rate, k) > now) k--;
  while (tickDueAt(t0, rate, k + 1) <= now) k++;
  return k;
}
