// Applies command-line overrides to a config and settles the seed and every machine's rate.
import { seededRate } from '../core/random.js';
import { machineIds, type Config } from './schema.js';
import { UsageError } from './errors.js';
import { ratesCountMessage } from './rates-count.js';

export interface Overrides {
  seed?: number;
  /** One rate per machine, in ascending id order; with machineCountGiven, one rate may stand for every machine's. */
  rates?: number[];
  internalProbability?: number;
  durationSeconds?: number;
  staggerMs?: number;
  delayMs?: [number, number];
  /**
   * The machines were given by count (-m): one rate is then every machine's (`-m 20 -r 5`), and an error about the
   * rates' count suggests no other -m. Without -m a single rate stays an error: `-r 5` may be meant as `-m 5`.
   */
  machineCountGiven?: boolean;
}

export interface ResolvedRun {
  /** The config with overrides applied (seed filled in). */
  config: Config;
  seed: number;
  /** Whether the seed was picked now because neither the CLI nor the config gave one. */
  seedPicked: boolean;
  ids: number[];
  /** Machine id to ticks per second. */
  rates: Map<number, number>;
}

/** The rate of machine `id`: an explicit rate, else the config's, else a seeded integer in rateRange. */
export function rateFor(config: Config, id: number, seed: number, explicit?: number): number {
  return explicit ?? config.machines[String(id)]?.rate ?? seededRate(seed, id, config.rateRange);
}

/** Resolves a whole run. `pickSeed` supplies a seed when none is given (the caller owns the randomness). */
export function resolveRun(base: Config, overrides: Overrides, pickSeed: () => number): ResolvedRun {
  const ids = machineIds(base);
  const given = overrides.rates;
  const explicit = given?.length === 1 && overrides.machineCountGiven ? ids.map(() => given[0] as number) : given;
  if (explicit && explicit.length !== ids.length) {
    throw new UsageError(ratesCountMessage(explicit, ids, overrides.machineCountGiven));
  }
  const seedGiven = overrides.seed ?? base.seed;
  const seed = seedGiven ?? pickSeed();
  const config: Config = {
    ...base,
    seed,
    internalProbability: overrides.internalProbability ?? base.internalProbability,
    durationSeconds: overrides.durationSeconds ?? base.durationSeconds,
    staggerMs: overrides.staggerMs ?? base.staggerMs,
    delayMs: overrides.delayMs ?? base.delayMs,
  };
  const rates = new Map(ids.map((id, i) => [id, rateFor(config, id, seed, explicit?.[i])]));
  return { config, seed, seedPicked: seedGiven === null || seedGiven === undefined, ids, rates };
}
