// Reads a text file's lines with readline and hands them over in batches, so a consumer awaits once per batch, not
// once per line. At most about BATCH_LINES lines (plus the rest of one read chunk) are held at a time: readline is
// paused while a batch waits to be taken. Reading many logs at once (a merge), each gets a smaller share
// (`batchLinesFor`), so that what is held stays about the same however many machines the run has.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export const BATCH_LINES = 4096;

/** About how many lines all the logs of a run hold at once, when each would hold BATCH_LINES otherwise. */
const HELD_LINES = 1 << 16;
const MIN_BATCH_LINES = 64;

/** Lines per batch when `files` logs are read at the same time. */
export function batchLinesFor(files: number): number {
  return Math.max(MIN_BATCH_LINES, Math.min(BATCH_LINES, Math.floor(HELD_LINES / Math.max(1, files))));
}

export class LineBatches {
  private lines: string[] = [];
  private done = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly input;
  private readonly reader;

  /** `batchLines`: readline is paused once this many lines wait (the read chunk shrinks with it, 16 to 64 KiB). */
  constructor(file: string, batchLines = BATCH_LINES) {
    const highWaterMark = Math.max(16 * 1024, Math.min(64 * 1024, batchLines * 128));
    this.input = createReadStream(file, { highWaterMark });
    this.reader = createInterface({ input: this.input, crlfDelay: Infinity });
    this.reader.on('line', (line) => {
      this.lines.push(line);
      if (this.lines.length >= batchLines) this.reader.pause();
      this.notify();
    });
    this.reader.on('close', () => {
      this.done = true;
      this.notify();
    });
    // readline forwards its input's errors as its own 'error' event; listen on both so none goes unhandled.
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.done = true;
      this.reader.close();
      this.notify();
    };
    this.reader.on('error', fail);
    this.input.on('error', fail);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next lines in file order, or null at the end. Throws if the file cannot be read. */
  async next(): Promise<string[] | null> {
    while (this.lines.length === 0 && !this.done) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    if (this.lines.length === 0) return null;
    const batch = this.lines;
    this.lines = [];
    if (!this.done) this.reader.resume();
    return batch;
  }

  /** Stops reading and releases the file. */
  close(): void {
    this.reader.close();
    this.input.destroy();
  }
}
