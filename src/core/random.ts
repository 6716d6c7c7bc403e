// Seeded randomness for rates and tick draws (pure-rand), one independent stream per machine and purpose.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** The largest seed we hand out or accept: a non-negative 31-bit integer. */
export const MAX_SEED = 0x7fffffff;

/** The seeds there are, in the words every seed error uses (--seed, config.json's seed, a sweep's firstSeed). */
export const SEED_RANGE = `a whole number from 0 to ${MAX_SEED}`;

const STREAM = { draws: 0x9e3779b1, rate: 0x85ebca77, delay: 0xc2b2ae3d, phase: 0x27d4eb2f } as const;
export type Stream = keyof typeof STREAM;

/** Mixes the run seed, a machine id and a stream name into one 32-bit seed (a murmur3-style finaliser). */
export function deriveSeed(seed: number, id: number, stream: Stream): number {
  let h = (seed ^ Math.imul(id + 1, STREAM[stream])) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A stream of uniform draws in [0, 1). */
export interface DrawSource {
  next(): number;
}

export function createDrawSource(seed: number, id: number, stream: Stream = 'draws'): DrawSource {
  const rng = xoroshiro128plus(deriveSeed(seed, id, stream));
  return { next: () => uniformFloat64(rng) };
}

/** The rate a machine gets from the seed when neither the CLI nor the config sets one: an integer in the range. */
export function seededRate(seed: number, id: number, range: readonly [number, number]): number {
  const rng = xoroshiro128plus(deriveSeed(seed, id, 'rate'));
  return uniformInt(rng, Math.ceil(range[0]), Math.floor(range[1]));
}
