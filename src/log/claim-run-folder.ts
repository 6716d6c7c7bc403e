// Creates a run's log folder without ever mixing two runs in one: a named folder must be new or empty, a stamped one is new.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { cannotCreate, makeFolder } from './make-folder.js';
import { firstAndMore } from '../text/first-and-more.js';

const WHAT = 'run folder';
/** The files that make a folder a run's: run.json and the machines' two logs. */
export const RUN_FILE = /^(run\.json|machine-\d+\.(jsonl|log))$/;
/** run.json's temporary file (run-info.ts), left behind only by a run killed as it wrote run.json. */
const RUN_JSON_TEMPORARY = /^run\.json\.(\d+\.)?tmp$/;

/** Where start-all and simulate make the run folders they name themselves: logs/ in the folder they run in (under npm, the project's). */
const RUNS_ROOT = 'logs';

/**
 * The folder the user named (--log-dir): created if missing, refused if it is a file, holds a run, or holds anything
 * else, or is `runsRoot` itself, where the stamped run folders go, even before it holds any (a fresh clone's logs/
 * holds only .gitkeep) or exists.
 */
export function claimRunFolder(dir: string, runsRoot = RUNS_ROOT): string {
  if (resolve(dir) === resolve(runsRoot)) {
    throw new UsageError(`${dir} is where runs get their folders of their own (${join(runsRoot, '<stamp>-<seed>')}); --log-dir names a run's own folder: choose a new one, such as ${join(dir, 'demo')}`);
  }
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw cannotCreate(WHAT, dir, Object.assign(new Error(), { code: 'EEXIST' }));
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const taken = entries.find((f) => RUN_FILE.test(f.name));
    if (taken) throw new UsageError(`${dir} already holds a run (${taken.name}); choose another --log-dir`);
    // `-l logs`: the folder of the runs, not a run's own; its run files would lie among the run folders.
    const runs = entries.filter((f) => f.isDirectory() && existsSync(join(dir, f.name, 'run.json'))).map((f) => `${f.name}/`);
    if (runs.length) throw new UsageError(`${dir} holds run folders (${firstAndMore(runs, 3, { and: true })}); --log-dir names a run's own folder: choose a new one, such as ${join(dir, 'demo')}`);

    const project = projectMarker(dir);
    if (project) throw new UsageError(notARunFolder(dir, project, join(dir, 'logs', 'demo')));
    // `-l /`, `-l ~`, `-l examples`: a run's files would lie among others (hidden files, and run.json.<pid>.tmp left by a
    // run.json that could not be written, do not count).
    const others = entries.filter((f) => !f.name.startsWith('.') && !RUN_JSON_TEMPORARY.test(f.name)).map((f) => (f.isDirectory() ? `${f.name}/` : f.name));
    if (others.length > 0) {
      throw new UsageError(`${dir} is not empty (it holds ${firstAndMore(others, 3, { and: true })}); --log-dir names a run's own folder: choose a new or empty one`);
    }
    return dir;
  }
  makeFolder(WHAT, dir);
  return dir;
}

/** `package.json` or `.git` when `dir` is a project's folder (`-l .` in one): a run's files would lie among its sources. */
export function projectMarker(dir: string): string | undefined {
  return ['package.json', '.git'].find((name) => existsSync(join(dir, name)));
}

/** Why a project's folder is refused as a run's, naming a folder to use instead. */
export function notARunFolder(dir: string, marker: string, instead: string): string {
  return `${dir} is a project's folder (it holds ${marker}); --log-dir names a run's own folder: choose a new one, such as ${instead}`;
}

/** A new folder at `base`, or `base-2`, `base-3`, ... when another run took that name first (two runs in one second). */
export function claimNewRunFolder(base: string): string {
  makeFolder(WHAT, dirname(base), base);
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotCreate(WHAT, dir, error);
    }
  }
}
