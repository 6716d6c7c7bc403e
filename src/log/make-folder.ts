// Creates a folder and its parents; a failure is one line a user can act on (a usage error), not an errno dump.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { fileErrorReason } from './file-error.js';
import { danglingTarget, danglingWords } from './dangling-link.js';

/** Why a folder could not be made, in words: a file in the way, no permission, or the system's message. */
export function cannotCreate(what: string, dir: string, error: unknown): UsageError {
  const why = fileErrorReason(error, {
    EEXIST: 'a file is in the way',
    ENOENT: 'folders cannot be made there', // e.g. under /proc
  });
  return new UsageError(`cannot create the ${what} ${dir}: ${why}`);
}

/**
 * mkdir -p, one level at a time from the nearest folder that exists, throwing cannotCreate's error about `named`
 * (the folder the user asked for, when `dir` is only its parent). Node's `mkdirSync(dir, { recursive: true })` spins
 * forever on some paths, such as one under /proc.
 */
export function makeFolder(what: string, dir: string, named = dir): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) missing.unshift(at);
  try {
    for (const folder of missing) {
      try {
        mkdirSync(folder);
      } catch (error) {
        // Made by someone else in the meantime (two runs starting at once) is fine; a file there is not.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
      }
    }
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
  } catch (error) {
    for (const folder of missing) {
      const target = danglingTarget(folder);
      if (target !== undefined) throw new UsageError(`cannot create the ${what} ${named}: ${folder === resolve(named) ? 'it' : folder} is ${danglingWords(target)}`);
    }
    throw cannotCreate(what, named, error);
  }
}
