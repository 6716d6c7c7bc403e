// Seeded draws for the fault proxy (jitter, slice sizes): one pure-rand stream per link, connection and toxic.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { DrawSource } from '../core/random.js';

/** Mixes numbers and strings into one 32-bit seed (FNV-1a over their text, then a murmur3 finaliser). */
export function mixSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A stream of uniform draws in [0, 1) from a seed. */
export function seededDraws(seed: number): DrawSource {
  const rng = xoroshiro128plus(seed);
  return { next: () => uniformFloat64(rng) };
}

/** A uniform integer in [lo, hi] from one draw. */
export function drawInt(draws: DrawSource, lo: number, hi: number): number {
  return lo + Math.min(hi - lo, Math.floor(draws.next() * (hi - lo + 1)));
}
