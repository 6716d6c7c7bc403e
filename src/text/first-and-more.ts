// A long list cut for one line of text: the first few items, then how many more.

/**
 * `a, b, c and 4 more` past `shown + 1` items, else every item: `and 1 more` is never said, the item is named instead.
 * With `and`, a list shown whole joins its last item with ` and `: `0, 3 and 5`.
 */
export function firstAndMore(items: readonly (string | number)[], shown: number, { and = false } = {}): string {
  const texts = items.map(String);
  if (texts.length > shown + 1) return `${texts.slice(0, shown).join(', ')} and ${texts.length - shown} more`;
  if (!and || texts.length < 2) return texts.join(', ');
  return `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}
