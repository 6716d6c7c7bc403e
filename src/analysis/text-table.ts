// Aligned plain-text tables and the number formats the analysis prints.
import { displayWidth, padEndTo, padStartTo } from '../text/display-width.js';
import { fixedGrouped, grouped } from '../text/grouped.js';

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  /** Columns of one group stay in one table when a table is split to fit the terminal (fit-table.ts). */
  group?: string;
}

/**
 * Columns separated by two spaces, padded to the widest cell (in terminal columns: CJK letters take two); trailing
 * spaces trimmed; no header line if all are empty.
 * A row with fewer cells than columns ends in a note that spans the columns left (`3  2  not started`): it widens no
 * column.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(columns, rows);
  const line = (cells: readonly string[]): string =>
    columns
      .slice(0, Math.min(cells.length, columns.length))
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? padStartTo(cell, widths[i]!) : padEndTo(cell, widths[i]!);
      })
      .join('  ')
      .trimEnd();
  const head = columns.some((c) => c.header !== '') ? [line(columns.map((c) => c.header))] : [];
  return [...head, ...rows.map(line)].join('\n');
}

/** Each column's width: its widest cell or header, leaving out the notes that end short rows (see formatTable). */
export function columnWidths(columns: readonly Column[], rows: readonly (readonly string[])[]): number[] {
  const spans = (r: readonly string[], i: number): boolean => r.length < columns.length && i === r.length - 1;
  return columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(spans(r, i) ? '' : (r[i] ?? '')))));
}

/** A right-aligned column: numbers read best so, their grouped thousands lined up (`1,000,000` over `1`). */
export const rightAligned = (header: string): Column => ({ header, align: 'right' });

/** Right-aligned columns that stay together when the table is split to fit a terminal (fit-table.ts). */
export const rightAlignedGroup = (group: string, ...headers: string[]): Column[] => headers.map((header) => ({ ...rightAligned(header), group }));

/** A number with at most `digits` decimals (trailing zeros dropped); '-' for null. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return Number(value.toFixed(digits)).toString();
}

/** As num, with thousands grouped (`405,376`, `106,026.67`): the figures of the tables, which the prose lines group too. */
export function numGrouped(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return grouped(value, digits);
}

/** A mean to 0.01 always (`5.80`, `463,015.95`, `0.00`), thousands grouped: a column's decimal points line up. */
export function meanText(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return fixedGrouped(value, 2);
}

/**
 * A rate in ticks per second as given, to 6 significant digits, thousands grouped (`0.001`, `3.48`, `0.333333`,
 * `1,000,000`): num's 2 decimals would read 0.001/s as 0. '-' for null.
 */
export function rateText(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return grouped(Number(value.toPrecision(6)), 20);
}

/** Milliseconds of tick lag, always to 0.1 ms (`71.9`, `0.9`, `0.0`, `2,697.5`): one precision down a column. */
export function lagText(ms: number): string {
  return fixedGrouped(ms, 1);
}

/** `15.2%`, from a share in percent; one that is not 0 but rounds to 0 reads `under 0.1%`, not `0%`. */
export function percent(value: number | null): string {
  if (value === null) return '-';
  return value > 0 && value < 0.05 ? 'under 0.1%' : `${value.toFixed(1)}%`;
}

/** `12 (40.0%)`, `1,234 (40.0%)` */
export function countShare(count: number, total: number): string {
  return total > 0 ? `${grouped(count)} (${((100 * count) / total).toFixed(1)}%)` : grouped(count);
}

/** `1.67 : 1 : 2`: each value divided by the smallest (`106,026.67 : 1 : 1`). */
export function ratio(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null && v > 0);
  if (known.length !== values.length || known.length === 0) return '-';
  const least = Math.min(...known);
  return known.map((v) => numGrouped(v / least)).join(' : ');
}

/**
 * A message latency as the other figures read, with thousands separators: milliseconds to 0.01 ms below 10,000 ms
 * (`250 ms`, `1,234.5 ms`), seconds from there, to 0.1 s below 1,000 s (`12.3 s`) and whole from there (`3,707 s`).
 * '-' for null. (--json keeps milliseconds.)
 */
export function latencyText(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '-';
  const shown = Number(ms.toFixed(2));
  if (shown < 10_000) return `${grouped(shown, 2)} ms`;
  const seconds = Number((ms / 1000).toFixed(1));
  return `${grouped(seconds < 1000 ? seconds : Math.round(seconds), 1)} s`;
}

/** Milliseconds as `250 ms` or `1.5 s`. */
export function duration(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${num(ms)} ms` : `${numGrouped(ms / 1000)} s`;
}
