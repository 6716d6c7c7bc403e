// A count with its noun for people: "1 run", "3 runs".
import { grouped } from './grouped.js';

/** `n` and `word`, with an s unless n is 1; thousands grouped (`2,035 messages`). */
export const plural = (n: number, word: string): string => `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;
