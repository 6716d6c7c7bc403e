// How wide the tables we print may be: LAMPORT_COLUMNS if set, else the terminal's width, else no limit (pipes, files).
import { UsageError } from '../config/errors.js';

/**
 * Columns for tables on `stream`: LAMPORT_COLUMNS when set (a whole number; 0 means no limit, one wide table), else
 * the terminal's width when `stream` is a terminal, else null (no limit). A bad LAMPORT_COLUMNS is a usage error.
 */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number | null {
  const set = process.env.LAMPORT_COLUMNS;
  if (set !== undefined && set.trim() !== '') {
    if (!/^\s*\d+\s*$/.test(set)) throw new UsageError(`LAMPORT_COLUMNS must be a whole number of columns (0 for no limit), not ${JSON.stringify(set)}`);
    const columns = Number(set);
    return columns === 0 ? null : columns;
  }
  return stream.isTTY && stream.columns > 0 ? stream.columns : null;
}
