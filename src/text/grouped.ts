// Numbers for people, with their thousands grouped: one format for every message, table and line.

/** `1,234,567`, to `decimals` at most (3, as toLocaleString; a rate as its log gives it: 20). */
export function grouped(value: number, decimals = 3): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals });
}

/** `2,697.5`, `0.0`, `463,015.90`: always `decimals` places, so that a column's decimal points line up. */
export function fixedGrouped(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
