// Machine ids for one line of text: runs of consecutive ids as ranges (`1-1000`), and a long list cut after a few.

/** Pieces shown before a long list is cut. */
export const MAX_ID_PIECES = 8;

/**
 * `1, 2, 5-9, 12` for ids in any order (duplicates once). More than MAX_ID_PIECES ids or ranges: the first of them
 * and how many ids there are, `1, 3, 5, 7, 9, 11, 13, 15, ... (500 in all)`.
 */
export function idList(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const pieces: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) pieces.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) pieces.push(String(sorted[k]));
    i = j + 1;
  }
  if (pieces.length <= MAX_ID_PIECES) return pieces.join(', ');
  return `${pieces.slice(0, MAX_ID_PIECES).join(', ')}, ... (${sorted.length} in all)`;
}

/** `machine 3` or `machines 2, 5-9`: the ids of idList with the noun that fits their number. */
export function machinesText(ids: readonly number[]): string {
  return `${new Set(ids).size === 1 ? 'machine' : 'machines'} ${idList(ids)}`;
}
