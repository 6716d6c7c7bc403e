// Whether a path is an ordinary file: a FIFO or a device named like a log would block its reader for ever.
import { statSync } from 'node:fs';

/** 'file' for a regular file, 'absent' when nothing is there (or it cannot be looked at), 'other' for anything else. */
export function fileKind(path: string): 'file' | 'absent' | 'other' {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'absent';
  }
}

/** The message for a path that is there but is not a regular file. */
export const NOT_A_FILE = 'not a regular file (a pipe, a device, a folder or a broken link): read without it';
