// A sweep's finished runs, one JSON line each as it ends (finished-runs.jsonl): what --resume reads after a kill -9.
import { appendFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRow } from './run-point.js';
import type { SweepSpec } from './spec.js';
import { storedCommits } from './code-commits.js';
import { storedSchedules, type SweepSchedules } from './sweep-faults.js';
import { readLines } from './read-lines.js';
import { writeChunks } from './write-chunks.js';

export const JOURNAL_FILE = 'finished-runs.jsonl';

export interface Journal {
  /** Appends finished runs; a failure to write is said once on stderr, and the sweep goes on. */
  add(rows: readonly RunRow[]): void;
  /** Removes the file: the results files hold every row now. */
  remove(): void;
}

/**
 * Starts the journal of the sweep in `out`: a line with its spec, the commits whose code ran it (code-commits.ts) and
 * the fault schedules its grid names (as results.json holds them), then a line per row it starts from (a resumed
 * sweep's), written whole before it replaces an older journal, so a kill at any moment leaves one to resume from.
 */
export function startJournal(
  out: string,
  spec: SweepSpec,
  commits: readonly string[],
  rows: readonly RunRow[],
  warn: (line: string) => void,
  schedules: SweepSchedules = new Map(),
): Journal {
  const file = join(out, JOURNAL_FILE);
  let failed = false;
  const attempt = (write: () => void) => {
    if (failed) return;
    try {
      write();
    } catch (error) {
      failed = true;
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      warn(`sweep: warning: cannot write ${file} (${why}): the sweep goes on, but if it is killed outright, --resume cannot take it up\n`);
    }
  };
  attempt(() => {
    // In pieces: a resumed long sweep's rows can be more text than one string may hold.
    writeChunks(`${file}.new`, jsonLines([{ spec, commits, ...storedSchedules(schedules) }, ...rows]));
    renameSync(`${file}.new`, file);
  });
  return {
    add: (finished) => finished.length > 0 && attempt(() => appendFileSync(file, lines(finished))),
    remove: () => rmSync(file, { force: true }),
  };
}

const lines = (values: readonly unknown[]): string => [...jsonLines(values)].join('');

function* jsonLines(values: readonly unknown[]): Generator<string> {
  for (const value of values) yield `${JSON.stringify(value)}\n`;
}

/**
 * The spec, commits and finished runs the journal in `out` holds, or undefined when there is none. A last line without
 * its newline (the sweep was killed as it wrote it) is left out: that run is run again. An older version's journal
 * holds no commits: none are read.
 */
export function readJournal(out: string): { spec: unknown; commits: string[]; faultSchedules: unknown; rows: RunRow[] } | undefined {
  const file = join(out, JOURNAL_FILE);
  if (!existsSync(file)) return undefined;
  // Read a line at a time (a long sweep's journal can be larger than one string may be); the text after the last newline
  // is left out.
  const values: unknown[] = [];
  let previous: string | undefined;
  for (const line of readLines(file)) {
    if (previous !== undefined) values.push(JSON.parse(previous));
    previous = line;
  }
  const [head, ...rows] = values;
  const { spec, commits, faultSchedules } = (head ?? {}) as { spec?: unknown; commits?: unknown; faultSchedules?: unknown };
  return { spec, commits: storedCommits(commits), faultSchedules, rows: rows as RunRow[] };
}
