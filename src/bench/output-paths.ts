// The benchmark's output files, checked before anything is measured: a bad path fails in a second, not after 14 minutes.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { tryWriting } from '../analysis/output-file.js';

/**
 * Makes `file`'s folder and checks that `file` (given as `option`) can be written, by opening it for writing without
 * changing it (asking for permission alone passes root in /proc, where no file can be made).
 */
export function prepareOutputPath(option: string, file: string): void {
  makeFolder('folder for', dirname(file), file);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file`);
  tryWriting({ option, file });
}
