// A sweep's finished runs, one JSON line each as it ends (finished-runs.jsonl): what --resume reads after a kill -9.
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunRow } from './run-point.js';
import type { SweepSpec } from './spec.js';
import { storedCommits } from './code-commits.js';
import { storedSchedules, type SweepSchedules } from './sweep-faults.js';

export const JOURNAL_FILE = 'finished-runs.jsonl';

export interface Journal {
  /** Appends finished runs; a failure to write is said once on stderr, and the sweep goes on. */
  add(rows: readonly RunRow[]): void;
  /** Removes the file: the results files hold every row now. */
  remove(): void;
}

/**
 * Starts the journal of the sweep in `out`: a line with its spec, the commits whose code ran it (code-commits.ts), the
 * fault schedules its grid names (as results.json holds them) and the process running it (runningSweep), then a line per row it starts from (a resumed sweep's), written whole before it replaces an older journal, so a kill
 * at any moment leaves one to resume from.
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
    writeFileSync(`${file}.new`, lines([{ spec, commits, ...storedSchedules(schedules), pid: process.pid, host: hostname() }, ...rows]));
    renameSync(`${file}.new`, file);
  });
  return {
    add: (finished) => finished.length > 0 && attempt(() => appendFileSync(file, lines(finished))),
    remove: () => rmSync(file, { force: true }),
  };
}

const lines = (values: readonly unknown[]): string => values.map((v) => `${JSON.stringify(v)}\n`).join('');

/**
 * The spec, commits and finished runs the journal in `out` holds, or undefined when there is none. A last line without
 * its newline (the sweep was killed as it wrote it) is left out: that run is run again. An older version's journal
 * holds no commits: none are read.
 */
export function readJournal(out: string): { spec: unknown; commits: string[]; faultSchedules: unknown; rows: RunRow[] } | undefined {
  const file = join(out, JOURNAL_FILE);
  if (!existsSync(file)) return undefined;
  const whole = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const [head, ...rows] = whole.map((line) => JSON.parse(line) as unknown);
  const { spec, commits, faultSchedules } = (head ?? {}) as { spec?: unknown; commits?: unknown; faultSchedules?: unknown };
  return { spec, commits: storedCommits(commits), faultSchedules, rows: rows as RunRow[] };
}

/**
 * The process id of a sweep still running in `out`, or undefined: the journal's process, when it is alive on this host
 * and (where /proc tells) runs the sweep script. A journal left by a sweep killed outright names a process that has gone, or
 * whose id another program has taken since.
 */
export function runningSweep(out: string): number | undefined {
  let head: { pid?: unknown; host?: unknown };
  try {
    head = JSON.parse(firstLine(join(out, JOURNAL_FILE))) as typeof head;
  } catch {
    return undefined;
  }
  const { pid } = head;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || pid === process.pid || head.host !== hostname()) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    // Its command line runs the sweep script (node .../sweep.js ...), not merely a path with "sweep" in it.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => /(^|[\\/])sweep\.js$/.test(arg)) ? pid : undefined;
  } catch {
    return pid; // no /proc here: alive is all that can be told
  }
}

/** The first line of `file`, read in chunks: a journal of millions of runs is not read whole to learn who wrote it. */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    const parts: Buffer[] = [];
    for (let position = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      const end = chunk.subarray(0, n).indexOf(10);
      parts.push(Buffer.from(chunk.subarray(0, end === -1 ? n : end)));
      if (end !== -1 || n === 0) return Buffer.concat(parts).toString('utf8');
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}
