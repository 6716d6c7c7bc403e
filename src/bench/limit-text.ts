// A measured figure beside its goal's limit, written so that it never reads as the limit itself when it is not.

/**
 * `value` to `digits` decimals (trailing zeros dropped), with more decimals while it would read as `limit` without
 * being it: 2.04 against 2 at 0 decimals reads `2.04`, not `2`; 2.0004 at 3 reads `2.0004`.
 */
export function besideLimit(value: number, limit: number, digits = 3): string {
  let shown = digits;
  while (value !== limit && Number(value.toFixed(shown)) === limit && shown < 15) shown++;
  return String(Number(value.toFixed(shown)));
}
