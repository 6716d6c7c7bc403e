// An output file of analyze (--report, --shiviz): its folder is made, and it may not be one of the files being read.
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { RUN_FILE } from '../log/claim-run-folder.js';

/** Checks `file` (given as `option`) against the run folders read, and makes its folder. */
export function prepareOutputFile(option: string, file: string, runDirs: readonly string[]): void {
  const folder = resolve(dirname(file));
  const name = basename(file);
  if ((RUN_FILE.test(name) || name === 'faults.jsonl') && runDirs.some((dir) => resolve(dir) === folder)) {
    throw new UsageError(`${option} ${file} would overwrite a file of the run being analysed; choose another file`);
  }
  makeFolder('folder for', dirname(file), file);
}
