// Creates a folder and its parents; a failure is one line a user can act on (a usage error), not an errno dump.
import { mkdirSync } from 'node:fs';
import { UsageError } from '../config/errors.js';

/** Why a folder could not be made, in words: a file in the way, no permission, or the system's message. */
export function cannotCreate(what: string, dir: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((error as Error).message);
  return new UsageError(`cannot create the ${what} ${dir}: ${why}`);
}

/** mkdir -p, throwing cannotCreate's error. */
export function makeFolder(what: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw cannotCreate(what, dir, error);
  }
}
