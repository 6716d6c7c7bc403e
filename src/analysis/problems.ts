// Problems with the input of an analysis (unreadable lines, missing files): reported with file and line, never fatal.

export type ProblemKind =
  /** A line that is not JSON or not a valid record, in the middle of a file. */
  | 'invalid'
  /** The last line of a file, without a newline, that does not parse: a write cut short (usually a crash). */
  | 'truncated'
  /** A machine file that run.json or a peer list names but that is not there. */
  | 'missing-file'
  /** A file that exists but could not be read, or a run.json that does not parse. */
  | 'unreadable-file'
  /** A line of faults.jsonl that is not a fault record: that fault is left out of the charts (not a log problem). */
  | 'fault-log';

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

/** `logs/run/machine-2.jsonl:17: not valid JSON; line skipped` */
export function formatProblem(problem: InputProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}
