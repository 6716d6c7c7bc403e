// A buffered, synchronous line writer for one file: lines collect in memory up to a bound, then go to disk in one write.
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileErrorReason, NO_ROOM } from '../log/file-error.js';

/**
 * Writes lines to a file it creates (or truncates). Synchronous on purpose: the simulator's loop is synchronous, so
 * flushing with writeSync keeps memory bounded by `bufferChars` without async backpressure, and `close()` returns only
 * once every byte has been handed to the OS.
 */
export class LineFile {
  private fd: number;
  private buffer = '';

  constructor(
    readonly path: string,
    private readonly bufferChars = 64 * 1024,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Appends one line (a newline is added); throws once the file is closed, rather than keep a line never written. */
  write(line: string): void {
    if (this.fd < 0) throw new Error(`${this.path}: line written after the file was closed`);
    this.buffer += line + '\n';
    if (this.buffer.length >= this.bufferChars) this.flush();
  }

  flush(): void {
    if (this.buffer === '' || this.fd < 0) return;
    const text = this.buffer;
    this.buffer = '';
    try {
      const written = writeSync(this.fd, text);
      const total = Buffer.byteLength(text);
      if (written < total) {
        // A short write (rare on regular files): finish from the byte where it stopped.
        const bytes = Buffer.from(text, 'utf8');
        let offset = written;
        while (offset < total) offset += writeSync(this.fd, bytes, offset, total - offset);
      }
    } catch (error) {
      // One line naming the file (a full disk), not Node's `ENOSPC: no space left on device, write`.
      throw new Error(`cannot write ${this.path}: ${fileErrorReason(error, NO_ROOM)}`, { cause: error });
    }
  }

  /** Flushes and closes the file; later writes are an error. */
  close(): void {
    if (this.fd < 0) return;
    try {
      this.flush();
    } finally {
      // Closed even when the last flush fails (a full disk): the caller reports that error.
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
