// Writing an output file whole or not at all: beside it first, then renamed onto it; links, devices and pipes in place.
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where an output file is written until it is complete: beside it, hidden (`.run.log.partial`). */
export const partialPath = (file: string): string => join(dirname(file), `.${basename(file)}.partial`);

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

/**
 * Writes `data` to `file` in synchronous calls, so that a Ctrl+C (handled between event-loop turns) finds it whole or
 * not begun. A regular file is replaced only once the new one is complete: a write that fails (a full disk, ulimit -f)
 * leaves the earlier file as it was and no partial one. A link, a device or a pipe is written through, never removed.
 */
export function replaceFileSync(file: string, data: string): void {
  if (writesThrough(file)) return writeFileSync(file, data);
  const partial = partialPath(file);
  try {
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
