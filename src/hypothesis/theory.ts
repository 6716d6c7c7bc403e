// The first notebook's hypothesis as arithmetic: arrivals per second at the slow machine against its ticks per second.
//
// A fast machine whose queue is empty sends with probability 1 - p on each tick. With 2 machines every send goes to the
// slow one, so it receives f (1 - p) messages per second; it drains them while that is below its own rate s, so its
// queue stops draining at f / s = 1 / (1 - p) (10/3 for p = 0.7: the notebook's "about 3").
// With 3 machines (rates s, f, f) a fast machine's send reaches the slow one with probability 2/3 (to it alone, or to
// both); it also spends ticks on the other fast machine's messages: it receives about f q (1 - p) 2/3 of them per second,
// where q is the share of its ticks with an empty queue, so 1 - q = q (1 - p) 2/3 and q = 1 / (1 + 2/3 (1 - p)). The slow
// machine then receives 2 f q (1 - p) 2/3 per second, and its queue stops draining at
// f / s = (3 + 2 (1 - p)) / (4 (1 - p)) (3.0 for p = 0.7). Both ignore the slow machine's own sends, which vanish as it saturates.

/** Messages per second arriving at the slow machine of rate `slow` from fast machines of rate `fast`. */
export function arrivalRate(machines: 2 | 3, fast: number, internalProbability: number): number {
  const send = 1 - internalProbability;
  if (machines === 2) return fast * send;
  const emptyShare = 1 / (1 + (2 / 3) * send);
  return 2 * fast * emptyShare * send * (2 / 3);
}

/** The fast/slow rate ratio above which the slow machine's queue grows without bound. */
export function predictedThreshold(machines: 2 | 3, internalProbability: number): number {
  const send = 1 - internalProbability;
  if (send === 0) return Infinity;
  return machines === 2 ? 1 / send : (3 + 2 * send) / (4 * send);
}

/** Predicted growth of the slow machine's queue, in messages per second (0 while it drains). */
export function predictedGrowth(machines: 2 | 3, slow: number, fast: number, internalProbability: number): number {
  return Math.max(0, arrivalRate(machines, fast, internalProbability) - slow);
}
