// How long start-all takes to release every machine of a run a stagger apart, against how long each waits for its peers.
import type { ResolvedRun } from '../config/resolve.js';

/** Ms from the first machine's release to the last one's: (machines - 1) x staggerMs. */
export function startSpanMs(run: ResolvedRun): number {
  return (run.ids.length - 1) * run.config.staggerMs;
}

/**
 * Ms the first machines tick before the last one is released (0 when every one is released within connectTimeoutMs):
 * they stop waiting for their peers after connectTimeoutMs and tick without them.
 */
export function earlyTickMs(run: ResolvedRun): number {
  return Math.max(0, startSpanMs(run) - run.config.connectTimeoutMs);
}
