// Measurement 6: the simulator's events per second and the analysis's records per second, measured by the
// benchmarks of those issues (bench/sim.ts `benchSim`, bench/analysis.ts `benchAnalysis`) when they exist.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** Imports dist/bench/<file>.js and awaits `<name>({ quick })`, or says why it could not. */
export async function externalFigure(file: string, name: string, quick: boolean): Promise<ExternalFigure | NotMeasured> {
  const built = fileURLToPath(new URL(`../../bench/${file}.js`, import.meta.url));
  const source = `bench/${file}.ts ${name}`;
  if (!existsSync(built)) return notMeasured(`${source} does not exist yet (dist/bench/${file}.js is not built)`);
  try {
    const module = (await import(pathToFileURL(built).href)) as Record<string, unknown>;
    const run = module[name];
    if (typeof run !== 'function') return notMeasured(`${source}: no exported function ${name}`);
    const result: unknown = await (run as (o: { quick: boolean }) => unknown)({ quick });
    return { source, rates: findRates(result), result };
  } catch (err) {
    return notMeasured(`${source} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
