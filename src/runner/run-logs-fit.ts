// Before a real run starts: whether its logs, and the room start-all keeps for run.json's end, fit where its folder goes.
import { resolve } from 'node:path';
import type { ResolvedRun } from '../config/resolve.js';
import { UsageError } from '../config/errors.js';
import { runInfoRoomBytes } from '../log/run-info.js';
import { checkLogsRoom, estimateLogBytes, freeBytes, humanBytes, nearestExisting, ratesInAll } from '../sim/log-size-guard.js';
import { earlyTickMs } from './start-span.js';
import { simSetupOf } from '../sim/setup.js';

/** What to do when a run's logs would not fit, in start-all's options. */
const REMEDY = 'give a shorter -d, fewer machines (-m) or lower rates (-r), or a --log-dir on a disk with room';

/** A run until Ctrl+C is refused when the disk cannot hold this many seconds of its logs. */
const LEAST_SECONDS = 10;
/** ... and gets a note when it would fill the disk within this many. */
const NOTE_SECONDS = 3600;

/**
 * Throws a UsageError (exit 2) when the logs of `run` would not fit in `logDir`'s disk with the room kept for
 * run.json: for a run of a set duration, simulate's estimate of the same run (its first machines' early ticks
 * included); for one until Ctrl+C, when the disk cannot hold LEAST_SECONDS of its logs. Returns a note to print when
 * they fit but are large, or when a run until Ctrl+C would fill the disk within an hour. `freeAt`: the free bytes
 * where a folder is (for a run until Ctrl+C).
 */
export function checkRunLogsFit(run: ResolvedRun, logDir: string, now: number, freeAt: (dir: string) => number | undefined = freeBytes): string | undefined {
  const keep = runInfoRoomBytes(run.ids.length);
  const setup = simSetupOf(run, now);
  if (run.config.durationSeconds > 0) {
    return checkLogsRoom({ ...setup, durationSeconds: run.config.durationSeconds + earlyTickMs(run) / 1000 }, logDir, REMEDY, keep);
  }
  const where = resolve(nearestExisting(logDir));
  const free = freeAt(where);
  if (free === undefined) return undefined;
  const perSecond = estimateLogBytes({ ...setup, durationSeconds: LEAST_SECONDS }).bytes / LEAST_SECONDS;
  const growth = `about ${humanBytes(perSecond)}/s of logs (${ratesInAll(setup)} ticks/s in all)`;
  if (free < keep + LEAST_SECONDS * perSecond) {
    throw new UsageError(`this run until Ctrl+C writes ${growth}; ${where} has ${humanBytes(free)} free, not enough for ${LEAST_SECONDS} s of them: free space there, or give a --log-dir on a disk with room`);
  }
  const seconds = (free - keep) / perSecond;
  if (seconds >= NOTE_SECONDS) return undefined;
  return `this run until Ctrl+C writes ${growth}: the ${humanBytes(free)} free in ${where} last about ${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s; stop it before then (Ctrl+C)`;
}
