// The progress bar of analyze and check while they read large logs: bytes of the machine logs read, of their size.
import { statSync } from 'node:fs';
import { logBytesRead } from '../analysis/read-meter.js';
import { humanBytes } from '../sim/log-size-guard.js';
import { startProgressBar, type ProgressBar } from './progress-bar.js';

/** The bytes of the files named, those that can be read (a missing one counts 0: the reader reports it). */
export function filesSize(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      // See above.
    }
  }
  return total;
}

/**
 * `<label> 1.2 GB of 2.1 GB, 57%, 1m10s left |bar|` on a terminal (see startProgressBar), the bytes being those every
 * log reader of this process reads from now on (read-meter.ts).
 */
export function startReadProgress(label: string, totalBytes: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const base = logBytesRead();
  return startProgressBar(label, totalBytes, () => logBytesRead() - base, humanBytes, stream);
}
