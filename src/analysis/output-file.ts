// An output file of analyze (--report, --shiviz): its folder is made, and it may not be one of the files being read.
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';

const RUN_INPUT = /^(run\.json|faults\.jsonl|machine-\d+\.(jsonl|log))$/;

/** Checks `file` (given as `option`) against the run folders read, and makes its folder. */
export function prepareOutputFile(option: string, file: string, runDirs: readonly string[]): void {
  const folder = resolve(dirname(file));
  if (RUN_INPUT.test(basename(file)) && runDirs.some((dir) => resolve(dir) === folder)) {
    throw new UsageError(`${option} ${file} would overwrite a file of the run being analysed; choose another file`);
  }
  makeFolder('folder for', dirname(file), file);
}
