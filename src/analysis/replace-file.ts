// Writing an output file whole or not at all: beside it first, then renamed onto it; links, devices and pipes in place.
import { existsSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where an output file is written until it is complete: beside it, hidden (`.run.log.partial`). */
export const partialPath = (file: string): string => join(dirname(file), `.${basename(file)}.partial`);

/**
 * The partial path of `file`, cleared: a stale partial file, or a link planted under its name, goes first. Open it
 * with the `wx` flag, which never writes through one made meanwhile.
 */
export function clearedPartialPath(file: string): string {
  const partial = partialPath(file);
  rmSync(partial, { force: true });
  return partial;
}

/**
 * Whether `file` is written in place rather than renamed onto: a symbolic link (`/dev/stdout`, or a link the user
 * keeps), a device, a pipe. A rename would replace the link or device itself with a regular file.
 */
export function writesThrough(file: string): boolean {
  try {
    return !lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** Errors of a folder that takes no new file, though a file in it may still be written (its own permissions). */
const NO_NEW_FILE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Writes `data` to `file` in synchronous calls. A regular file is replaced only once the new one is complete: a write
 * that fails (a full disk, ulimit -f) leaves the earlier file as it was and no partial one (a process killed during the
 * write may leave the hidden partial file, never a cut file under the name given). A link, a device or a pipe is
 * written through, never removed. In a folder where no new file can be made, an existing file that can be written
 * is written in place, as before there was a partial file: removed if that write fails, since it would be cut.
 */
export function replaceFileSync(file: string, data: string): void {
  if (writesThrough(file)) return writeFileSync(file, data);
  const partial = partialPath(file);
  try {
    writeFileSync(clearedPartialPath(file), data, { flag: 'wx' });
    renameSync(partial, file);
  } catch (error) {
    removeIfAllowed(partial);
    if (!NO_NEW_FILE.has((error as NodeJS.ErrnoException).code ?? '') || !existsSync(file)) throw error;
    writeInPlace(file, data);
  }
}

function writeInPlace(file: string, data: string): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    removeIfAllowed(file);
    throw error;
  }
}

/** Removes `path` where the folder allows it; in one that takes no change, it stays (the write's error is the one to tell). */
function removeIfAllowed(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // left as it is
  }
}
