// A long list cut for one line of text: the first few items, then how many more.

/**
 * `a, b, c and 4 more` past `shown + 1` items, else every item: `and 1 more` is never said, the item is named instead.
 * With `and`, a list shown whole joins its last item with ` and `: `0, 3 and 5`. Items that hold commas themselves
 * take `separator: '; '`: `a; b; c; and 4 more`.
 */
export function firstAndMore(items: readonly (string | number)[], shown: number, { and = false, separator = ', ' } = {}): string {
  const texts = items.map(String);
  const tail = separator === ', ' ? ' and' : `${separator}and`;
  if (texts.length > shown + 1) return `${texts.slice(0, shown).join(separator)}${tail} ${texts.length - shown} more`;
  if (!and || texts.length < 2) return texts.join(separator);
  return `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}
