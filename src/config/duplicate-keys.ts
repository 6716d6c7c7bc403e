// Finds a key given twice in one JSON object (`"2": {...}` pasted twice in machines): JSON.parse keeps the last in silence.
import { visit } from 'jsonc-parser';

interface Scope {
  /** Where the object or list is, as `machines` or `events` (empty at the top level). */
  path: string;
  /** For an object: each key and the line (1-based) it was first given on. */
  keys?: Map<string, number>;
}

/**
 * `machines: "2" is given twice (lines 4 and 6)` for the first key repeated within one object of `text` (valid JSON),
 * or null when every key is given once.
 */
export function duplicateKey(text: string): string | null {
  const stack: Scope[] = [];
  let property = '';
  let found: string | null = null;
  const inner = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    if (!top.keys) return top.path;
    return top.path ? `${top.path}.${property}` : property;
  };
  visit(text, {
    onObjectBegin: () => void stack.push({ path: inner(), keys: new Map() }),
    onArrayBegin: () => void stack.push({ path: inner() }),
    onObjectEnd: () => void stack.pop(),
    onArrayEnd: () => void stack.pop(),
    onObjectProperty: (key, _offset, _length, line) => {
      const top = stack.at(-1)!;
      const first = top.keys!.get(key);
      const where = first === line + 1 ? `both on line ${first}` : `lines ${first} and ${line + 1}`;
      if (first !== undefined) found ??= `${top.path ? `${top.path}: ` : ''}"${key}" is given twice (${where}); only the last would count`;
      else top.keys!.set(key, line + 1);
      property = key;
    },
  });
  return found;
}
