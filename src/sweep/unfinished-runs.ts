// The folders of a stopped sweep's unfinished runs (workers terminated mid-run): removed, and said in one clause.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { runFolderName } from './run-point.js';
import { firstAndMore } from '../text/first-and-more.js';

export interface RemovedRuns {
  /** The run folders removed, in run order. */
  removed: string[];
  /** Folders that could not be removed, with why. */
  failed: { dir: string; why: string }[];
}

/**
 * Removes the folders of `runs` under `runsDir` (those that exist). A worker stopped mid-run leaves machine logs
 * without stop records and no run.json, which analyze and check would read as crashed machines and lost messages; a
 * sweep's run is never worth keeping half done (its row is not in the results, and its seed and point replay it).
 */
export function removeUnfinishedRuns(runsDir: string, runs: readonly number[]): RemovedRuns {
  const result: RemovedRuns = { removed: [], failed: [] };
  for (const run of runs) {
    const dir = runFolderName(runsDir, run);
    if (!existsSync(dir)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      result.removed.push(dir);
    } catch (error) {
      result.failed.push({ dir, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  return result;
}

/** The runs whose folders are under `runsDir` (run-NNNNNN), in run order; none when it does not exist. */
export function runsOnDisk(runsDir: string): number[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .flatMap((name) => /^run-(\d+)$/.exec(name)?.[1] ?? [])
    .map(Number)
    .sort((a, b) => a - b);
}

/** Names shown before the rest are counted. */
const LISTED = 3;

/** `; the unfinished run's logs in out/runs/run-000000 were removed`, or '' when none were written. */
export function removedClause({ removed, failed }: RemovedRuns): string {
  const list = (dirs: string[]): string => firstAndMore(dirs, LISTED);
  const parts: string[] = [];
  if (removed.length === 1) parts.push(`the unfinished run's logs in ${removed[0]} were removed`);
  else if (removed.length > 1) parts.push(`the logs of ${removed.length} unfinished runs (${list(removed)}) were removed`);
  if (failed.length) {
    const dirs = failed.map((f) => `${f.dir} (${f.why})`);
    parts.push(`the logs of ${failed.length === 1 ? 'an unfinished run' : `${failed.length} unfinished runs`} could not be removed: ${list(dirs)}; they end mid-run`);
  }
  return parts.length ? `; ${parts.join('; ')}` : '';
}
