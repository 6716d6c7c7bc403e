// Writes a file from pieces of text, about a megabyte at a time: a sweep's files can be larger than one string may be.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Text gathered before each write. */
const WRITE_CHARS = 1 << 20;

/** Writes `pieces` to `file` in order (created or emptied first). */
export function writeChunks(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    let pending = '';
    for (const piece of pieces) {
      pending += piece;
      if (pending.length >= WRITE_CHARS) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    if (pending) writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
}
