// Measurement 6: the simulator's events per second and the analysis's records per second, measured by the
// benchmarks of bench/ (bench/sim.ts `benchSim`, bench/analysis.ts `benchAnalysis`), loaded when they run.
import { isFigure, notMeasured, type Figure, type NotMeasured } from './figure.js';

export interface ExternalFigure {
  /** Where the figure came from, e.g. `bench/sim.ts benchSim`. */
  source: string;
  /** The throughput figures found in the result (fields named "... per second"), breadth first. */
  rates: { field: string; value: Figure | number }[];
  /** Everything the benchmark returned, as it returned it. */
  result: unknown;
}

const RATE_FIELD = /(per.?s(ec(ond)?)?|PerSecond|_per_s)$/i;

/** The throughput-looking fields (names ending in "per second") of a result, breadth first. */
export function findRates(result: unknown): ExternalFigure['rates'] {
  const found: ExternalFigure['rates'] = [];
  const queue: { path: string; value: unknown }[] = [{ path: '', value: result }];
  while (queue.length) {
    const { path, value } = queue.shift()!;
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (RATE_FIELD.test(key) && (isFigure(v) || typeof v === 'number')) found.push({ field, value: v });
      else if (typeof v === 'object' && v !== null) queue.push({ path: field, value: v });
    }
  }
  return found;
}

/** A benchmark function of bench/*.ts: runs the benchmark, quickly if asked, and returns its figures. */
export type BenchFunction = (options: { quick: boolean }) => Promise<unknown>;

/**
 * Loads a benchmark of bench/*.ts with `load` (a typed dynamic import, so that a renamed file or function fails to
 * compile) and awaits it with `{ quick }`, or says why it could not: `source` names it, e.g. `bench/sim.ts benchSim`.
 */
export async function externalFigure(source: string, load: () => Promise<BenchFunction>, quick: boolean): Promise<ExternalFigure | NotMeasured> {
  let run: BenchFunction;
  try {
    run = await load();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return notMeasured(`${source} is not built (${err instanceof Error ? err.message : String(err)})`);
    return notMeasured(`${source} failed to load: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const result: unknown = await run({ quick });
    return { source, rates: findRates(result), result };
  } catch (err) {
    return notMeasured(`${source} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
