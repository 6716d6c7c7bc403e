// A table too wide for the terminal as several narrower tables, each repeating the first (key) columns.
import { columnWidths, formatTable, type Column } from './text-table.js';
import { displayWidth, padEndTo } from '../text/display-width.js';

interface Part {
  columns: number[];
  width: number;
}

/**
 * The table as one text, or, when `width` is given and its lines are longer, as several tables separated by an empty
 * line that each fit: columns of one `group` stay together (split one by one only if a group alone is too wide), in
 * their order, each table starting with the first `keys` columns. A table that cannot fit (the keys and one column
 * are too wide) is printed as narrow as it gets.
 */
export function fitTable(columns: readonly Column[], rows: readonly (readonly string[])[], width: number | null, keys = 1): string {
  const whole = formatTable(columns, rows);
  if (width === null || Math.max(...whole.split('\n').map(displayWidth)) <= width) return whole;
  const widths = columnWidths(columns, rows);
  const span = (indexes: number[]): number => indexes.reduce((sum, i) => sum + 2 + widths[i]!, 0);
  const keyIndexes = columns.slice(0, keys).map((_, i) => i);
  const key = span(keyIndexes) - 2;
  // Units to pack: whole groups, or the columns of a group that does not fit beside the key on its own.
  const units = groupsOf(columns, keys).flatMap((group) => (key + span(group) <= width ? [group] : group.map((i) => [i])));
  const parts: Part[] = [];
  for (const unit of units) {
    const last = parts.at(-1);
    if (last && last.width + span(unit) <= width) (last.columns.push(...unit), (last.width += span(unit)));
    else parts.push({ columns: [...unit], width: key + span(unit) });
  }
  return parts
    .map((part) => {
      const picked = [...keyIndexes, ...part.columns];
      // A short row (its last cell a note spanning the columns left) stays short: it keeps the cells it has.
      return formatTable(picked.map((i) => columns[i]!), rows.map((row) => picked.filter((i) => i < row.length).map((i) => row[i]!)));
    })
    .join('\n\n');
}

/** Indexes of the columns after the keys, consecutive columns of the same group together (no group: a group of one). */
function groupsOf(columns: readonly Column[], keys: number): number[][] {
  const groups: number[][] = [];
  columns.forEach((column, i) => {
    if (i < keys) return;
    const last = groups.at(-1);
    if (last && column.group !== undefined && columns[last[0]!]!.group === column.group) last.push(i);
    else groups.push([i]);
  });
  return groups;
}

/** Narrowest room left for a value beside its label before wrapping stops helping. */
const MIN_VALUE_WIDTH = 24;

/**
 * Label / value rows (no header) as lines, a value longer than `width` allows wrapped at spaces onto lines of its own,
 * indented under the value column.
 */
export function fitKeyValues(rows: readonly (readonly string[])[], width: number | null): string {
  const labelWidth = Math.max(0, ...rows.map(([label]) => displayWidth(label ?? '')));
  const room = width === null ? Infinity : width - labelWidth - 2;
  if (room < MIN_VALUE_WIDTH) return formatTable([{ header: '' }, { header: '' }], rows);
  return rows
    .flatMap(([label = '', value = '']) => wrap(value, room).map((line, i) => `${padEndTo(i === 0 ? label : '', labelWidth)}  ${line}`.trimEnd()))
    .join('\n');
}

/** A line of prose wrapped at spaces to `width` (unchanged without one). */
export function fitLine(text: string, width: number | null): string {
  return width === null ? text : wrap(text, width).join('\n');
}

/** `text` in lines of at most `room` columns, broken at spaces (a longer word keeps its own line). */
function wrap(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > room) (lines.push(line), (line = word));
    else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
