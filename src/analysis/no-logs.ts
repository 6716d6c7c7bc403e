// Why a folder given as a run holds no machine logs, in words a user can act on: a published run's summaries, a run
// whose logs are gone, a folder of run folders, or a sweep's results.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunInfo } from '../log/run-info.js';
import { MACHINE_FILE } from '../log/machine-file.js';
import { JOURNAL_FILE } from '../sweep/journal.js';
import { machinesText } from '../text/id-list.js';
import { plural } from '../text/plural.js';
import { printable } from '../text/printable.js';
import { shellWord } from '../text/shell-word.js';
import { firstAndMore } from '../text/first-and-more.js';

/** Names listed before `and N more`. */
const LISTED = 5;

const entries = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};
const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
/** `a, b, c` or, past LISTED + 1 names, `a, b, c, d, e and 3 more`. */
const listedNames = (names: readonly string[]): string => firstAndMore(names, LISTED);
const holdsLogs = (dir: string): boolean => entries(dir).some((f) => MACHINE_FILE.test(f));

/** The error for `dir`, which holds no machine-<id>.jsonl file; `expected` are the machines run.json names. */
export function noLogsMessage(dir: string, info: RunInfo | null, expected: readonly number[]): string {
  const names = entries(dir);
  if (info) {
    // experiments/ publishes a run's run.json, analysis.json and charts without its logs.
    if (names.includes('analysis.json')) {
      const files = names.filter((f) => !isFolder(join(dir, f)));
      return `${dir} holds no machine logs, only a run's published summaries (${listedNames(files)}): nothing to read (its numbers are in analysis.json)`;
    }
    const named = expected.length ? ` (run.json names ${machinesText([...expected])}, but none of their logs is here)` : '';
    return `${dir} holds no machine logs${named}: nothing to read`;
  }
  const folders = names.map((f) => join(dir, f)).filter(isFolder);
  // A sweep's results folder: its runs' logs, when the spec kept them, are in runs/.
  const kept = folders.includes(join(dir, 'runs')) ? `; its runs' logs are in ${join(dir, 'runs')}/run-NNNNNN` : ' (the spec kept no logs: "logs": true keeps each run\'s folder)';
  if (names.includes('results.csv') && names.includes('results.json')) {
    // The files it holds, in the order sweep writes them (an older sweep's folder has no machines.csv).
    const files = ['results.csv', 'results.json', 'machines.csv', 'report.html'].filter((f) => names.includes(f));
    return `${dir} holds a sweep's results (${files.join(', ')}), not a run${kept}`;
  }
  if (names.includes(JOURNAL_FILE)) return `${dir} holds a sweep killed before it wrote its results (${JOURNAL_FILE}), not a run: sweep <its spec> --out ${shellWord(dir)} --resume finishes it${kept}`;
  const runs = folders.filter(holdsLogs);
  if (runs.length === 1) return `${dir}: no machine-<id>.jsonl files in this folder; it holds 1 run folder: give it, as in ${runs[0]}`;
  // A glob would also name the other folders (a sweep's results, say), which are not runs: then suggest the runs only.
  const glob = runs.length === folders.length ? `${join(dir, '*')} or ` : '';
  if (runs.length > 1) return `${dir}: no machine-<id>.jsonl files in this folder; it holds ${runs.length} run folders: give them, e.g. ${glob}${runs.at(-1)}`;
  const summaries = folders.filter((f) => entries(f).includes('run.json'));
  if (summaries.length) return `${dir}: no machine-<id>.jsonl files in this folder; its ${plural(summaries.length, 'run folder')} ${summaries.length === 1 ? 'holds' : 'hold'} published summaries only, no machine logs`;
  return `${dir}: no machine-<id>.jsonl files in this folder${filesHeld(dir, names)}`;
}

/** What a folder with no machine logs holds instead, so that a misnamed log is seen: ` (it holds log.jsonl, ...)`. */
function filesHeld(dir: string, names: readonly string[]): string {
  const files = names.filter((f) => !isFolder(join(dir, f))).map((f) => printable(f));
  if (files.length === 0) return names.length ? '' : ' (it is empty)';
  return ` (it holds ${listedNames(files)}; a machine's log is named machine-<id>.jsonl, as machine-1.jsonl)`;
}

/**
 * The error for a folder whose run.json says no machine started: `<dir>: no machine started before the run was stopped
 * (run.json: it stopped early: cannot open a fault proxy: ...): nothing to read`, the reason when run.json gives one,
 * and the last words of a machine in `ended` (whose process ended before it logged: it could not listen, say).
 */
export function neverStartedMessage(dir: string, info: RunInfo | null, ended: readonly number[] = []): string {
  const tail = ended.map((id) => info?.machines?.[String(id)]?.stderrTail).find((t) => typeof t === 'string' && t.trim() !== '');
  const why = typeof info?.stoppedEarly === 'string' ? `: it stopped early: ${printable(info.stoppedEarly)}${tail ? ` (${printable(tail.trim().split('\n').at(-1)!)})` : ''}` : '';
  return `${dir}: no machine started before the run was stopped (run.json${why}): nothing to read`;
}
