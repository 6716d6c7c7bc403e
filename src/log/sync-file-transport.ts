// A winston transport that appends each message to a file with synchronous writes: no stream buffering and no
// thread-pool round trip, so a batch is in the kernel's hands when log() returns (a killed machine keeps it).
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import Transport from 'winston-transport';

/** The symbol under which winston's formats leave the finished text (triple-beam's MESSAGE). */
export const MESSAGE = Symbol.for('message');

export class SyncFileTransport extends Transport {
  private fd: number | undefined;
  /** Whether a write failed: winston then unpipes the transport, which will never finish. */
  failed = false;
  /** The file opened (device and inode), to tell whether `filename` still names it (see displacement). */
  private readonly opened: { dev: number; ino: number };

  /**
   * Opens `filename` for appending (created if missing); the file is closed when the transport finishes. A file that
   * ends in the middle of a line (a machine killed during a write) gets its newline first, so the next line is whole.
   */
  constructor(
    readonly filename: string,
    options: Transport.TransportStreamOptions = {},
  ) {
    super(options);
    this.fd = openSync(filename, 'a+');
    try {
      const { dev, ino, size } = fstatSync(this.fd);
      this.opened = { dev, ino };
      if (endsMidLine(this.fd, size)) writeSync(this.fd, '\n');
    } catch (error) {
      // fstat's, read's and write's errors name no file: the machine's one line says which.
      closeSync(this.fd);
      (error as NodeJS.ErrnoException).path ??= filename;
      throw error;
    }
    this.once('finish', () => this.close());
  }

  override log(info: Record<symbol, unknown>, next: (error?: Error) => void): void {
    if (this.fd === undefined) return next(new Error(`${this.filename}: written after it was closed`));
    const bytes = Buffer.from(`${String(info[MESSAGE])}\n`);
    try {
      // A write to a regular file may be short (a signal, a nearly full disk): write the rest.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (error) {
      this.failed = true;
      // writeSync's error names no file: the machine's one line says which of its logs failed.
      (error as NodeJS.ErrnoException).path ??= this.filename;
      return next(error as Error);
    }
    next();
  }

  /**
   * Why `filename` no longer names the file written (removed or moved away, or another file in its place: by hand, during
   * the run), or undefined while it does (or when that cannot be told).
   */
  displacement(): string | undefined {
    let now;
    try {
      // The file at the path, through a descriptor as `opened` was taken: on an overlay filesystem stat() of a path and
      // fstat() of a descriptor may give a file different numbers.
      const fd = openSync(this.filename, 'r');
      try {
        now = fstatSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'was removed or moved away during the run' : undefined;
    }
    return now.dev === this.opened.dev && now.ino === this.opened.ino ? undefined : 'was replaced during the run: another file is at its path now';
  }

  override close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Whether the file (of `size` bytes) is not empty and its last byte is not a newline. */
function endsMidLine(fd: number, size: number): boolean {
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 10;
}
