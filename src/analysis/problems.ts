// Problems with the input of an analysis (unreadable lines, missing files): reported with file and line, never fatal.
import { dirname } from 'node:path';
import { printable } from '../text/printable.js';
import { machinesText } from '../text/id-list.js';
import { machineOfFile } from './run-folder.js';

export type ProblemKind =
  /** A line that is not JSON or not a valid record, in the middle of a file. */
  | 'invalid'
  /** The last line of a file, without a newline, that does not parse: a write cut short (usually a crash). */
  | 'truncated'
  /** A machine file that run.json or a peer list names but that is not there. */
  | 'missing-file'
  /** A file that exists but could not be read, or a run.json that does not parse. */
  | 'unreadable-file'
  /** A machine log holding a second run (another first-incarnation start record): runs appended to one folder. */
  | 'several-runs'
  /** A machine log whose first start record disagrees with run.json (seed, or time outside the run): another run's log. */
  | 'foreign-log'
  /** A line of faults.jsonl that is not a fault record: that fault is left out of the charts (not a log problem). */
  | 'fault-log'
  /** A machine run.json says never started (the run was stopped first): no log, as expected; a note, not a problem. */
  | 'not-started'
  /** A record earlier than the one before it in its log (an edited log, a clock stepped back): time figures near it are off. */
  | 'time-backwards'
  /** A log none of whose times has a fraction of a second (`09:00:01Z`): latency, drift and tick phase are only that exact. */
  | 'whole-second-times'
  /** A start record's seed or internalProbability that is not a number (`"42"`): ignored, as if absent (a warning). */
  | 'ignored-setting';

export interface InputProblem {
  kind: ProblemKind;
  file: string;
  /** 1-based line number, when the problem is a line. */
  line?: number;
  message: string;
  /** The start of the offending line, when the problem is a line. */
  text?: string;
}

/** Receives problems as they are found (the CLI prints them to stderr at once). */
export type ProblemSink = (problem: InputProblem) => void;

/** `logs/run/machine-2.jsonl:17: not valid JSON; line skipped`, with any control character escaped (see printable). */
export function formatProblem(problem: InputProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return printable(`${where}: ${problem.message}`);
}

/** How many problems of one file are printed before the rest of that file's are only counted. */
export const PRINTED_PER_FILE = 20;

/** A missing log's message when run.json names its machine (the others say which record names it). */
export const namedByRunJson = (id: number): string => `missing (run.json names machine ${id}); read without it`;

/**
 * Problems of one kind reported together for one run folder (as run.json is read), printed as one line: the problem's
 * own line for one machine (unless `ofFolder`: a machine with no file, whose line names the folder too), `<dir>:
 * ${text(ids)}` for several (a run.json naming 1,000 machines is one line, not 1,000).
 */
function groupedLines(write: (line: string) => void, prefix: string, text: (ids: number[]) => string, ofFolder = false): (problem: InputProblem) => void {
  let held: InputProblem[] = [];
  const flush = () => {
    const [first] = held;
    if (held.length === 1 && !ofFolder) write(`${prefix}${formatProblem(first!)}\n`);
    else if (first) write(`${prefix}${printable(`${dirname(first.file)}: ${text(held.map((p) => machineOfFile(p.file)))}`)}\n`);
    held = [];
  };
  return (problem) => {
    if (held.length && dirname(held[0]!.file) !== dirname(problem.file)) flush();
    if (held.push(problem) === 1) queueMicrotask(flush);
  };
}

/**
 * A sink that prints each problem as `<prefix>file:line: message` on stderr, up to PRINTED_PER_FILE per file, then
 * one line saying that the rest of that file's are not shown (a log of garbage would otherwise print every line).
 * The machines of one run folder that never started (reported together, as run.json is read) are one line.
 */
export function printProblems(prefix: string, write: (line: string) => void = (line) => process.stderr.write(line)): ProblemSink {
  const counts = new Map<string, number>();
  // A machine that never started never had a log: the folder is named, not a file that does not exist.
  const notStarted = groupedLines(write, prefix, (ids) => `${machinesText(ids)} not started (run.json: the run was stopped first); read without ${ids.length === 1 ? 'it' : 'them'}`, true);
  const unlogged = groupedLines(write, prefix, (ids) => `no log of ${machinesText(ids)} (run.json names them); read without them`);
  return (problem) => {
    if (problem.kind === 'not-started') return notStarted(problem);
    if (problem.kind === 'missing-file' && problem.message === namedByRunJson(machineOfFile(problem.file))) return unlogged(problem);
    const n = (counts.get(problem.file) ?? 0) + 1;
    counts.set(problem.file, n);
    if (n <= PRINTED_PER_FILE) write(`${prefix}${formatProblem(problem)}\n`);
    else if (n === PRINTED_PER_FILE + 1) write(`${prefix}${printable(problem.file)}: more problems; only the first ${PRINTED_PER_FILE} are shown\n`);
  };
}
