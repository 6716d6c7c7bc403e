// Picks a fresh seed when the user gave none, so that every run can still be replayed from its recorded seed.
import { randomInt } from 'node:crypto';
import { MAX_SEED } from '../core/random.js';

export const pickSeed = (): number => randomInt(0, MAX_SEED);
