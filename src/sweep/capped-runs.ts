// The warning after a sweep some of whose runs had a queue at its capacity: their maxQueue is the cap, not a measured figure.
import { plural } from '../text/plural.js';
import type { SweepResults } from './results.js';

/**
 * `3 of 40 runs had a queue at its capacity (the spec's maxQueue, 20): their maxQueue is that cap, not how long the
 * queue would have grown (maxQueueCapped in results.csv and results.json)`; undefined when no run's queue reached it.
 */
export function cappedRunsWarning(results: SweepResults): string | undefined {
  const capped = results.results.filter((r) => r.maxQueueCapped).length;
  if (capped === 0) return undefined;
  const all = results.results.length;
  return (
    `${capped === all ? `every one of the ${plural(all, 'run')}` : `${capped} of ${plural(all, 'run')}`} had a queue at its capacity ` +
    `(the spec's maxQueue, ${results.spec.maxQueue}): ${capped === 1 ? 'its' : 'their'} maxQueue is that cap, not how long the queue would have grown ` +
    '(maxQueueCapped in results.csv and results.json)'
  );
}
