// The output files of analyze (--report, --shiviz), checked before the analysis runs: never a file of the run being
// read, never a file analyze did not write itself (an empty file is fine), never both options on one file; then
// their folders are made.
import { statSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { RUN_FILE } from '../log/claim-run-folder.js';
import { emptyOrWrittenByAnalyze } from './own-output.js';

export interface OutputFile {
  /** The option that named it, such as `--report`. */
  option: string;
  file: string;
}

function existing(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Throws a UsageError when `file` may not be written: a file of a run read, a folder, or someone else's file. */
function checkOutputFile({ option, file }: OutputFile, runDirs: readonly string[]): void {
  const folder = resolve(dirname(file));
  const name = basename(file);
  if ((RUN_FILE.test(name) || name === 'faults.jsonl') && runDirs.some((dir) => resolve(dir) === folder)) {
    throw new UsageError(`${option} ${file} would overwrite a file of the run being analysed; choose another file`);
  }
  const stats = existing(file);
  if (stats === undefined || !stats.isFile()) {
    if (stats?.isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file name`);
    return;
  }
  let ours: boolean;
  try {
    ours = emptyOrWrittenByAnalyze(file);
  } catch (error) {
    throw new UsageError(`${option} ${file} exists and cannot be read to see whether analyze wrote it: ${(error as Error).message}`);
  }
  if (!ours) throw new UsageError(`${option} ${file} exists and analyze did not write it; choose another file (or remove it first)`);
}

const sameFile = (a: string, b: string): boolean => {
  if (resolve(a) === resolve(b)) return true;
  const sa = existing(a);
  const sb = existing(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
};

/** Checks every output file (all of them before anything is made), then makes their folders. */
export function prepareOutputFiles(outputs: readonly OutputFile[], runDirs: readonly string[]): void {
  outputs.forEach((a, i) => {
    const b = outputs.slice(i + 1).find((o) => sameFile(a.file, o.file));
    if (b) throw new UsageError(`${a.option} and ${b.option} name the same file (${a.file}); give each its own file`);
  });
  for (const output of outputs) checkOutputFile(output, runDirs);
  for (const { file } of outputs) makeFolder('folder for', dirname(file), file);
}
