// Reads an earlier summary.json back (rows kept by --only and Ctrl+C, the real-against-simulated comparison): a file
// that is not one this command wrote is one UsageError naming it, never read as no rows.
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../config/errors.js';
import { isJsonObject } from '../config/json-object.js';
import type { ExperimentSummary } from './summarize.js';

/** Why `value` is not a list of summary rows (each with a name and a list of machines), or null when it is. */
function notRows(value: unknown): string | null {
  if (!Array.isArray(value)) return 'not a list of experiments';
  const bad = value.findIndex((row) => !isJsonObject(row) || typeof row['name'] !== 'string' || !Array.isArray(row['machines']) || !row['machines'].every(isJsonObject));
  return bad < 0 ? null : `its entry ${bad} is not an experiment's row (a name and a list of machines)`;
}

/** The rows of summary.json at `file`, or null when there is none. Throws UsageError when it cannot be read as rows. */
export function readSummaryFile(file: string): ExperimentSummary[] | null {
  if (!existsSync(file)) return null;
  const unreadable = (why: string) => new UsageError(`${file}: cannot read the earlier summary (${why}): fix it, or move it away to start the summaries afresh`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw unreadable(error instanceof SyntaxError ? 'not valid JSON' : ((error as NodeJS.ErrnoException).code ?? String(error)));
  }
  const why = notRows(value);
  if (why) throw unreadable(why);
  return value as ExperimentSummary[];
}
