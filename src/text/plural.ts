// A count with its noun for people: "1 run", "3 runs".

/** `n` and `word`, with an s unless n is 1; thousands grouped (`2,035 messages`). */
export const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
