// The benchmark's output files, checked before anything is measured: a bad path fails in a second, not after 14 minutes.
import { existsSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { makeFolder } from '../log/make-folder.js';
import { tryWriting } from '../analysis/output-file.js';
import { END_MARKER, START_MARKER } from './markdown.js';

/**
 * Checks that `file` (given as `option`) can be written: its folder made and the file opened for writing without
 * changing it (asking for permission alone passes root in /proc, where no file can be made). The folders it had to make
 * are removed again, so a run stopped before its end leaves none behind; writeOutput makes them at the end.
 */
export function prepareOutputPath(option: string, file: string): void {
  const missing: string[] = [];
  for (let at = resolve(dirname(file)); !existsSync(at); at = dirname(at)) missing.push(at);
  try {
    makeFolder('folder for', dirname(file), file);
    if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file`);
    tryWriting({ option, file });
  } finally {
    for (const folder of missing) removeEmptyFolder(folder); // deepest first
  }
}

/** Removes a folder that is empty; one that is not (something else wrote into it meanwhile) or is gone stays as it is. */
function removeEmptyFolder(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // not empty, or not there: not ours to remove
  }
}

/**
 * Refuses a --markdown file that exists without the generated block's markers (README.md given by mistake): the tables
 * would be put into it before its first heading.
 */
export function checkMarkdownBlock(file: string): void {
  if (!existsSync(file) || readFileSync(file, 'utf8').includes(START_MARKER)) return;
  throw new UsageError(
    `--markdown ${file} has no generated block; give a new file, or add the lines ${START_MARKER} and ${END_MARKER} where the tables should go`,
  );
}

/** Writes an output file at the run's end, making its folder first (prepareOutputPath checked that it can). */
export function writeOutput(file: string, text: string): void {
  makeFolder('folder for', dirname(file), file);
  writeFileSync(file, text);
}
