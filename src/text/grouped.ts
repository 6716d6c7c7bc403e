// Numbers for people, with their thousands grouped: one format for every message, table and line.

/** `1,234,567`, to `decimals` at most (3, as toLocaleString; a rate as its log gives it: 20). */
export function grouped(value: number, decimals = 3): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals });
}
