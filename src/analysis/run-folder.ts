// Finds what a run folder holds: its machine logs (machine-<id>.jsonl), run.json, faults.jsonl, and which logs are missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { projectPath } from '../cli/user-path.js';
import { UsageError } from '../config/errors.js';
import { LOOSE_MACHINE_FILE, MACHINE_FILE, machineOfLogName } from '../log/machine-file.js';
import type { RunInfo } from '../log/run-info.js';
import { readFaultLog, type AppliedFault } from './fault-log.js';
import { namedByRunJson, type ProblemSink } from './problems.js';
import { neverStartedMessage, noLogsMessage } from './no-logs.js';
import { fileKind, NOT_A_FILE } from './regular-file.js';
import { shellWord } from '../text/shell-word.js';
import { valueText } from '../text/value-text.js';
import { checkedFields } from './run-info-fields.js';
import { MACHINE_ID } from '../config/schema.js';
import { firstAndMore } from '../text/first-and-more.js';
import { machinesText } from '../text/id-list.js';
import { isJsonObject } from '../config/json-object.js';

export interface MachineFile {
  machine: number;
  path: string;
}

export interface RunFolder {
  dir: string;
  /** The folder's own name, used to label the run in tables. */
  name: string;
  /** run.json, when present and readable. */
  info: RunInfo | null;
  /** Machine logs that exist, in ascending machine order. */
  files: MachineFile[];
  /** Machines run.json names whose logs are missing (already reported). */
  missing: number[];
  /** Machines whose log is there but is not a regular file, left out (already reported). */
  notFiles: number[];
  /** faults.jsonl: the faults start-all applied, or null when the run had none logged. */
  faults: AppliedFault[] | null;
}

/** The folders named on a command line, each once (the same folder twice, by any path, would read as two runs). */
export function distinctFolders(dirs: readonly string[]): string[] {
  return [...new Map(dirs.map((dir) => [resolve(dir), dir])).values()];
}

export function machineFilePath(dir: string, machine: number): string {
  return join(dir, `machine-${machine}.jsonl`);
}

/** The machine whose log `file` is (machineFilePath's inverse); NaN for another file. */
export function machineOfFile(file: string): number {
  return machineOfLogName(file) ?? Number.NaN;
}

function readInfo(dir: string, report: ProblemSink): RunInfo | null {
  const path = join(dir, 'run.json');
  const kind = fileKind(path);
  if (kind === 'other') report({ kind: 'unreadable-file', file: path, message: NOT_A_FILE });
  if (kind !== 'file') return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let info: unknown;
  try {
    // An editor may have saved it with a byte order mark, which JSON.parse refuses (config files are read with one too).
    info = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    report({ kind: 'unreadable-file', file: path, message: 'not valid JSON; read without run.json' });
    return null;
  }
  if (!isJsonObject(info)) {
    report({ kind: 'unreadable-file', file: path, message: `not a JSON object (is ${valueText(info)}); read without run.json` });
    return null;
  }
  const { kept, dropped } = checkedFields(info);
  if (dropped.length) report({ kind: 'unreadable-file', file: path, message: `${firstAndMore(dropped, 3, { separator: '; ' })}; read without ${dropped.length > 1 ? 'them' : 'it'}` });
  return kept as unknown as RunInfo;
}

/** Machine ids run.json expects: the keys of its rates and of its config's machines. */
function expectedMachines(info: RunInfo | null): number[] {
  if (!info) return [];
  const keys = [...Object.keys(info.rates ?? {}), ...Object.keys(info.config?.machines ?? {})];
  // Ids as machines write them ("2"), not as Number() reads any key ("1e3" is not machine 1000).
  return [...new Set(keys.filter((key) => MACHINE_ID.test(key)).map(Number))];
}

/** A run named without its logs/ folder (`analyze <run>` for `analyze logs/<run>`): the path that exists, as a hint. */
function runFolderHint(dir: string): string {
  // Typed in a subfolder, `by-hand-1` reaches us as <subfolder>/by-hand-1: the project's logs/ is looked in by its name.
  // `logs/logs/<run>` (the README's `logs/<run folder>` given the `logs:` line's whole path): one logs/ left out.
  const doubled = /^logs[\\/]+(logs[\\/].*)$/.exec(dir)?.[1];
  const candidates = (isAbsolute(dir) ? [join('logs', basename(dir))] : [join('logs', dir), ...(doubled ? [doubled] : [])]).map((c) => projectPath(c));
  const inLogs = candidates.find((c) => resolve(c) !== resolve(dir) && existsSync(c));
  return inLogs ? ` (did you mean ${shellWord(inLogs)}?)` : '';
}

/** The paths of the machine logs in `dir` (none where it cannot be listed), for their size before they are read. */
export function machineLogPaths(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((entry) => MACHINE_FILE.test(entry))
      .map((entry) => join(dir, entry));
  } catch {
    return [];
  }
}

/** Lists a run folder. Throws UsageError when it is not a folder or holds no machine logs; reports missing logs. */
export function openRunFolder(dir: string, report: ProblemSink): RunFolder {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${dir}: no such run folder${runFolderHint(dir)}`);
  }
  if (!isDir) throw new UsageError(`${dir}: not a folder (give a run folder such as logs/<run>)`);
  const files: MachineFile[] = [];
  const notFiles: number[] = [];
  for (const entry of readdirSync(dir)) {
    const match = MACHINE_FILE.exec(entry);
    if (!match) {
      // A copy of machine 1's log as machine-01.jsonl would be read as a second log of machine 1.
      if (LOOSE_MACHINE_FILE.test(entry)) report({ kind: 'unreadable-file', file: join(dir, entry), message: 'not a machine log name (ids are written without leading zeros, up to 9 digits: machine-1.jsonl); read without it' });
      continue;
    }
    const machine = Number(match[1]);
    const path = join(dir, entry);
    if (fileKind(path) === 'file') files.push({ machine, path });
    else {
      notFiles.push(machine);
      report({ kind: 'unreadable-file', file: path, message: NOT_A_FILE });
    }
  }
  files.sort((a, b) => a.machine - b.machine);
  const info = readInfo(dir, report);
  // A log of its name that is not a regular file is reported above, not missing.
  const present = new Set([...files.map((f) => f.machine), ...notFiles]);
  const missing = expectedMachines(info).filter((id) => !present.has(id));
  // start-all marks a machine its run's stop ended before it started: no log was ever written, and none is missing.
  const notStarted = (id: number) => info?.machines?.[String(id)]?.started === false;
  // A machine that failed and so stopped the run, in a folder with no log at all, failed before it logged (it could not
  // listen, say). A folder whose logs are gone (a published run) has machines that exited 0 and a run not stopped early.
  const endedUnlogged = (id: number) => {
    const exit = info?.machines?.[String(id)];
    return typeof info?.stoppedEarly === 'string' && typeof exit?.exitCode === 'number' && exit.exitCode !== 0;
  };
  if (files.length === 0 && missing.length > 0 && missing.every((id) => notStarted(id) || endedUnlogged(id))) {
    throw new UsageError(neverStartedMessage(dir, info, missing.filter(endedUnlogged)));
  }
  // No log at all: one line that says why (not a 'missing' line for each machine run.json names, then an error).
  if (files.length === 0) throw new UsageError(noLogsMessage(dir, info, missing));
  // A log of a machine run.json does not name (machine-4.jsonl beside a 3-machine run): another run's, or made up. Read
  // all the same, as a log whose seed is not run.json's is (foreign-log.ts).
  const expected = new Set(expectedMachines(info));
  if (expected.size > 0) {
    for (const f of files) {
      if (!expected.has(f.machine)) report({ kind: 'foreign-log', file: f.path, message: `run.json names ${machinesText([...expected])}, not machine ${f.machine}: a log from another run?` });
    }
  }
  for (const id of missing) {
    const file = machineFilePath(dir, id);
    if (notStarted(id)) report({ kind: 'not-started', file, message: 'not started (run.json: the run was stopped first); read without it' });
    else report({ kind: 'missing-file', file, message: namedByRunJson(id) });
  }
  return { dir, name: basename(resolve(dir)), info, files, missing, notFiles, faults: readFaultLog(dir, report) };
}
