// Numbers for people, with their thousands grouped: one format for every message, table and line.

/** `1,234,567`, to `decimals` at most (3, as toLocaleString; a rate as its log gives it: 20). */
export function grouped(value: number, decimals = 3): string {
  return unsignedZero(value.toLocaleString('en-US', { maximumFractionDigits: decimals }));
}

/** `2,697.5`, `0.0`, `463,015.90`: always `decimals` places, so that a column's decimal points line up. */
export function fixedGrouped(value: number, decimals: number): string {
  return unsignedZero(value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
}

/**
 * A value below 0 that rounds to nothing (a queue's growth of -0.0001 a second) reads 0, not -0 (Intl's
 * `signDisplay: 'negative'` does this too, but TypeScript's lib for our target does not know it).
 */
function unsignedZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
