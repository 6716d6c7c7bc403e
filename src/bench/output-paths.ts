// The benchmark's output files, checked before anything is measured: a bad path fails in a second, not after 14 minutes.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { fileErrorReason } from '../log/file-error.js';

/** Makes `file`'s folder and checks that `file` (given as `option`) can be written (and read back, when it exists). */
export function prepareOutputPath(option: string, file: string): void {
  makeFolder('folder for', dirname(file), file);
  const exists = existsSync(file);
  if (exists && statSync(file).isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file`);
  try {
    accessSync(exists ? file : dirname(file), exists ? constants.R_OK | constants.W_OK : constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write ${option} ${file}: ${fileErrorReason(error)}`);
  }
}
