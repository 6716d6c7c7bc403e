// Refuses a simulated plan before its first run when its logs would not all fit: a refusal partway would leave its summaries stale.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { UsageError } from '../config/errors.js';
import { estimateLogBytes, humanBytes, roomShort } from '../sim/log-size-guard.js';
import { resolveSimulation } from '../sim/setup.js';
import { firstAndMore } from '../text/first-and-more.js';
import { plural } from '../text/plural.js';
import { experimentConfig } from './run-experiment.js';
import type { Experiment } from './plan.js';

/** Bytes of the files under `dir` (0 when it does not exist): an earlier run that a new one replaces. */
export function folderBytes(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return 0;
  }
  return names.reduce((sum, name) => {
    try {
      const stats = statSync(join(dir, name));
      return sum + (stats.isFile() ? stats.size : 0);
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * The most disk the plan's simulated runs take at once beyond what is in use now: each run is written beside the
 * earlier one it replaces, which goes only once it is complete, so before run k the runs before it have freed their
 * earlier folders. `runs` in plan order: the new run's estimated bytes, and the bytes of the earlier run it replaces.
 */
export function peakBytes(runs: readonly { bytes: number; earlierBytes: number }[]): number {
  let written = 0;
  let freed = 0;
  let peak = 0;
  for (const run of runs) {
    written += run.bytes;
    peak = Math.max(peak, written - freed);
    freed += run.earlierBytes;
  }
  return peak;
}

/** `experiment huge`, `3 experiments (a, b and c)`. */
const named = (names: string[]): string =>
  names.length === 1 ? `experiment ${names[0]}` : `${plural(names.length, 'experiment')} (${firstAndMore(names, 3, { and: true })})`;

/**
 * Throws one line, before anything is written, when the logs of the simulated `experiments` would not fit where `root`
 * is or will be (each experiment's own run is checked again as it starts, as simulate checks it).
 */
export function checkSimulatedPlanFits(base: Config, experiments: readonly Experiment[], seconds: (e: Experiment) => number, root: string): void {
  const short = roomShort(root, () => {
    const runs = experiments.map((e) => {
      const config = experimentConfig(base, e, seconds(e));
      const { setup } = resolveSimulation({ loaded: { config, source: `experiment ${e.name}` }, rates: e.rates, seed: e.seed, delay: e.delayMs }, () => e.seed);
      return { bytes: estimateLogBytes(setup).bytes, files: setup.machines.length * 2, earlierBytes: folderBytes(join(root, e.name)) };
    });
    return { bytes: peakBytes(runs), files: runs.reduce((sum, r) => sum + r.files, 0) };
  });
  if (!short) return;
  throw new UsageError(
    `the simulated runs of ${named(experiments.map((e) => e.name))} ` +
      `would write about ${humanBytes(short.estimate.bytes)} of logs; ${short.room}: run fewer with --only, or shorten them in the plan`,
  );
}
