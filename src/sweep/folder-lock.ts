// Which process is running a sweep in a folder: a lock file made atomically, so two sweeps never share a folder.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../config/errors.js';

/** Hidden, so that a sweep's folder lists its results, not its lock. */
export const LOCK_FILE = '.sweep-running';

/**
 * The process id of a sweep still running in `out`, or undefined: the lock's process, when it is alive on this host
 * and (where /proc tells) runs the sweep script. A lock left by a sweep killed outright names a process that has gone,
 * or whose id another program has taken since.
 */
export function runningSweep(out: string): number | undefined {
  let lock: { pid?: unknown; host?: unknown };
  try {
    lock = JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')) as typeof lock;
  } catch {
    return undefined;
  }
  const { pid } = lock;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || pid === process.pid || lock.host !== hostname()) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    // Its command line runs the sweep script (node .../sweep.js ...), not merely a path with "sweep" in it.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => /(^|[\\/])sweep\.js$/.test(arg)) ? pid : undefined;
  } catch {
    return pid; // no /proc here: alive is all that can be told
  }
}

/** The one line that refuses a second sweep in `out`, for a new sweep or a --resume. */
export function stillRunning(out: string, pid: number, resume: boolean): UsageError {
  return new UsageError(`a sweep is still running in ${out} (process ${pid}): let it finish, or stop it (Ctrl+C) and ${resume ? 'resume' : '--resume'} it then`);
}

/**
 * Claims `out` for this process (its lock made by one link(2), so of two sweeps started at once only one gets it), or
 * throws stillRunning. A lock whose process has gone (a sweep killed outright) is taken over. Returns the release.
 */
export function claimSweepFolder(out: string, resume: boolean): () => void {
  const file = join(out, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    // Written whole beside it, then linked in place (link fails if the lock exists): never seen half written.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, JSON.stringify({ pid: process.pid, host: hostname() }));
    try {
      linkSync(draft, file);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const running = runningSweep(out);
      if (running !== undefined) throw stillRunning(out, running, resume);
      if (attempt > 0) throw new UsageError(`${out} was claimed by another sweep as this one started; run one sweep per folder`);
      rmSync(file, { force: true }); // a stale lock: taken over, once
    } finally {
      rmSync(draft, { force: true });
    }
  }
}
