// A stopped sweep taken up again (--resume): the rows its results.json holds, when it was run with the same spec.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../config/errors.js';
import type { ResultRow } from './results.js';
import type { RunRow } from './run-experiment.js';
import type { SweepSpec } from './spec.js';
import { METRIC_NAMES, type SweepMetrics } from './sweep-metrics.js';

interface StoredResults {
  spec: unknown;
  interrupted: boolean;
  results: ResultRow[];
}

/**
 * The finished runs of the sweep stopped in `out`, as rows to start from. Refuses (UsageError) a folder without
 * results, a sweep that finished, and one run with another spec (its rows would belong to other points).
 */
export function finishedRows(out: string, spec: SweepSpec): RunRow[] {
  const file = join(out, 'results.json');
  if (!existsSync(file)) throw new UsageError(`--resume: ${out} holds no results.json, so no stopped sweep to resume`);
  let stored: StoredResults;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredResults;
  } catch (error) {
    throw new UsageError(`--resume: ${file} cannot be read: ${(error as Error).message}`);
  }
  if (!Array.isArray(stored.results)) throw new UsageError(`--resume: ${file} is not a sweep's results`);
  if (!stored.interrupted) throw new UsageError(`--resume: the sweep in ${out} finished: nothing to resume`);
  if (JSON.stringify(stored.spec) !== JSON.stringify(spec)) {
    throw new UsageError(`--resume: the sweep in ${out} was run with another spec; resume it with the same spec (results.json holds it)`);
  }
  return stored.results.map((r) => ({
    run: r.run,
    point: r.point,
    seed: r.seed,
    rates: r.rates,
    rateRatio: r.rateRatio,
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, r[m]])) as unknown as SweepMetrics,
  }));
}
