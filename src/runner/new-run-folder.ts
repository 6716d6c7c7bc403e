// Names and creates a run's log folder: logs/<YYYYMMDD-HHMMSS>-<seed>/ unless the user names one.
import { join } from 'node:path';
import { claimNewRunFolder, claimRunFolder } from '../log/claim-run-folder.js';

/** `20261121-124604` in UTC for the given time. */
export function runStamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

/** Creates the run folder: exactly `logDir` when given (refused if it holds a run), else a new folder under `root`. */
export function createRunFolder(options: { logDir?: string; root?: string; seed: number; now: Date }): string {
  if (options.logDir !== undefined) return claimRunFolder(options.logDir, options.root);
  return claimNewRunFolder(join(options.root ?? 'logs', `${runStamp(options.now)}-${options.seed}`));
}
