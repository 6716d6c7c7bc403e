// Goes through the run folders of a command line in turn (check, analyze): with several, one that is not a run is
// named on stderr and skipped, and the others are still read.
import { UsageError } from '../config/errors.js';

/** Told of a folder skipped because it is not a run, with the error that says why. */
export type NotARunSink = (dir: string, error: UsageError) => void;

/** The line check and analyze print for a folder they skip: `<tool>: error: <why>` on stderr. */
export function printNotARun(tool: string): NotARunSink {
  return (_dir, error) => process.stderr.write(`${tool}: error: ${error.message}\n`);
}

/**
 * Calls `visit` for each folder, one after the other. When it throws a UsageError (no such folder, no machine logs,
 * no records) and there are several folders, `onNotARun` is told and the next folder is visited; with one folder, or
 * without `onNotARun`, the error is thrown (the CLI's one line, exit 2), unless `evenAlone` (check --json, whose
 * document always comes) skips a lone folder as one of several. Returns how many folders were skipped.
 */
export async function eachRunFolder(dirs: readonly string[], visit: (dir: string) => Promise<void>, onNotARun?: NotARunSink, evenAlone = false): Promise<number> {
  let skipped = 0;
  for (const dir of dirs) {
    try {
      await visit(dir);
    } catch (error) {
      if (!(error instanceof UsageError) || !onNotARun || (dirs.length === 1 && !evenAlone)) throw error;
      onNotARun(dir, error);
      skipped++;
    }
  }
  return skipped;
}
