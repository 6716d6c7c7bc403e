// The output files of analyze (--report, --shiviz), checked before the analysis runs: never a file of the run being
// read, never a file analyze did not write itself (an empty file is fine) nor its other kind of output, never both
// options on one file; then their folders are made and each is tried for writing (without changing it).
import { FAULT_LOG_NAME } from '../log/fault-log-path.js';
import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { fileErrorReason, NO_ROOM } from '../log/file-error.js';
import { danglingTarget, danglingWords } from '../log/dangling-link.js';
import { RUN_FILE } from '../log/claim-run-folder.js';
import { writtenByAnalyze, type OutputKind } from './own-output.js';

export interface OutputFile {
  /** The option that named it, such as `--report`. */
  option: string;
  file: string;
  /** What analyze writes there. */
  kind: OutputKind;
}

const KIND_NAMES: Record<OutputKind, string> = { report: 'an HTML report', shiviz: 'a ShiViz log' };

function existing(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The one-line error for an output file that could not be written (`cannot write --report x.html: permission denied`). */
export function cannotWrite(output: Pick<OutputFile, 'option' | 'file'>, error: unknown): UsageError {
  const why = fileErrorReason(error, {
    ENOENT: 'files cannot be made there', // e.g. in /proc
    EISDIR: 'it is a folder',
    ...NO_ROOM,
  });
  return new UsageError(`cannot write ${output.option} ${output.file}: ${why}`);
}

/** Throws a UsageError when `file` may not be written: a file of a run read, a folder, or someone else's file. */
function checkOutputFile({ option, file, kind }: OutputFile, runDirs: readonly string[]): void {
  const folder = resolve(dirname(file));
  const name = basename(file);
  if ((RUN_FILE.test(name) || name === FAULT_LOG_NAME) && runDirs.some((dir) => resolve(dir) === folder)) {
    throw new UsageError(`${option} ${file} would overwrite a file of the run being analysed; choose another file`);
  }
  const stats = existing(file);
  if (stats === undefined || !stats.isFile()) {
    if (stats?.isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file name`);
    return;
  }
  let written: ReturnType<typeof writtenByAnalyze>;
  try {
    written = writtenByAnalyze(file);
  } catch (error) {
    throw new UsageError(`${option} ${file} exists and cannot be read to see whether analyze wrote it: ${(error as Error).message}`);
  }
  if (written === null) throw new UsageError(`${option} ${file} exists and analyze did not write it; choose another file (or remove it first)`);
  if (written !== 'empty' && written !== kind) {
    throw new UsageError(`${option} ${file} is ${KIND_NAMES[written]} analyze wrote, not ${KIND_NAMES[kind]}; choose another file (or remove it first)`);
  }
}

/** Opens the file for writing without changing it (one that did not exist is removed again): throws cannotWrite. */
export function tryWriting(output: Pick<OutputFile, 'option' | 'file'>): void {
  const exists = existing(output.file) !== undefined;
  const target = exists ? undefined : danglingTarget(output.file);
  if (target !== undefined) throw new UsageError(`cannot write ${output.option} ${output.file}: it is ${danglingWords(target)}`);
  let fd: number;
  try {
    fd = openSync(output.file, exists ? 'r+' : 'wx');
  } catch (error) {
    throw cannotWrite(output, error);
  }
  closeSync(fd);
  if (!exists) unlinkSync(output.file);
}

const sameFile = (a: string, b: string): boolean => {
  if (resolve(a) === resolve(b)) return true;
  const sa = existing(a);
  const sb = existing(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
};

/** Checks every output file (all of them before anything is made), then makes their folders and tries each. */
export function prepareOutputFiles(outputs: readonly OutputFile[], runDirs: readonly string[]): void {
  outputs.forEach((a, i) => {
    const b = outputs.slice(i + 1).find((o) => sameFile(a.file, o.file));
    if (b) throw new UsageError(`${a.option} and ${b.option} name the same file (${a.file}); give each its own file`);
  });
  for (const output of outputs) checkOutputFile(output, runDirs);
  for (const { file } of outputs) makeFolder('folder for', dirname(file), file);
  for (const output of outputs) tryWriting(output);
}
