// Creates a run's log folder without ever mixing two runs in one: a named folder must hold no run yet, a stamped one is new.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../config/errors.js';

const RUN_FILE = /^(run\.json|machine-\d+\.(jsonl|log))$/;

function cannotCreate(dir: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((error as Error).message);
  return new UsageError(`cannot create the run folder ${dir}: ${why}`);
}

/** The folder the user named (--log-dir): created if missing, refused if it is a file or already holds a run. */
export function claimRunFolder(dir: string): string {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw cannotCreate(dir, Object.assign(new Error(), { code: 'EEXIST' }));
    const taken = readdirSync(dir).sort().find((f) => RUN_FILE.test(f));
    if (taken) throw new UsageError(`${dir} already holds a run (${taken}); choose another --log-dir`);
    return dir;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw cannotCreate(dir, error);
  }
  return dir;
}

/** A new folder at `base`, or `base-2`, `base-3`, ... when another run took that name first (two runs in one second). */
export function claimNewRunFolder(base: string): string {
  try {
    mkdirSync(dirname(base), { recursive: true });
  } catch (error) {
    throw cannotCreate(base, error);
  }
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotCreate(dir, error);
    }
  }
}
