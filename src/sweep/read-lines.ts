// Reads a file a line at a time, a megabyte at a time: a sweep's files can be larger than one string may be.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read at a time. */
const READ_BYTES = 1 << 20;

/**
 * The lines of `file` (UTF-8), as `text.split('\n')` would give them: the last is what follows the last newline, ''
 * when the file ends with one.
 */
export function* readLines(file: string, chunkBytes = READ_BYTES): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(chunkBytes);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      const lines = (pending + decoder.write(buffer.subarray(0, read))).split('\n');
      pending = lines.pop()!;
      yield* lines;
    }
    yield pending + decoder.end();
  } finally {
    closeSync(fd);
  }
}
