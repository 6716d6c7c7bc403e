// Which fields of a stored sweep spec differ from the one asked for, named for a message (`seeds, grid.delayMs`).
import { isJsonObject } from '../config/json-object.js';

/** The top-level fields, and grid's fields one by one, whose values differ between `stored` and `asked`. */
export function specDifferences(stored: unknown, asked: unknown, prefix = ''): string[] {
  if (!isJsonObject(stored) || !isJsonObject(asked)) return JSON.stringify(stored) === JSON.stringify(asked) ? [] : [prefix.replace(/\.$/, '') || 'spec'];
  const keys = [...new Set([...Object.keys(asked), ...Object.keys(stored)])];
  return keys.flatMap((key) => {
    const a = stored[key];
    const b = asked[key];
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    return key === 'grid' && prefix === '' && isJsonObject(a) && isJsonObject(b) ? specDifferences(a, b, 'grid.') : [`${prefix}${key}`];
  });
}
