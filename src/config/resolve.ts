// Applies command-line overrides to a config and settles the seed and every machine's rate.
import { seededRate } from '../core/random.js';
import { machineIds, type Config } from './schema.js';
import { UsageError } from './errors.js';
import { ratesCountMessage } from './rates-count.js';

export interface Overrides {
  seed?: number;
  /** One rate per machine, in ascending id order. */
  rates?: number[];
  internalProbability?: number;
  durationSeconds?: number;
  staggerMs?: number;
  delayMs?: [number, number];
  /** The machines were given by count (-m): an error about the rates' count then suggests no other -m. */
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
  if (overrides.rates && overrides.rates.length !== ids.length) {
    throw new UsageError(ratesCountMessage(overrides.rates, ids, overrides.machineCountGiven));
  }
  const given = overrides.seed ?? base.seed;
  const seed = given ?? pickSeed();
  const config: Config = {
    ...base,
    seed,
    internalProbability: overrides.internalProbability ?? base.internalProbability,
    durationSeconds: overrides.durationSeconds ?? base.durationSeconds,
    staggerMs: overrides.staggerMs ?? base.staggerMs,
    delayMs: overrides.delayMs ?? base.delayMs,
  };
  const rates = new Map(ids.map((id, i) => [id, rateFor(config, id, seed, overrides.rates?.[i])]));
  return { config, seed, seedPicked: given === null || given === undefined, ids, rates };
}
