// Reads a text file's lines with readline and hands them over in batches, so a consumer awaits once per batch, not
// once per line. At most about BATCH_LINES lines (plus the rest of one read chunk) are held at a time: readline is
// paused while a batch waits to be taken.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export const BATCH_LINES = 4096;

export class LineBatches {
  private lines: string[] = [];
  private done = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly input;
  private readonly reader;

  constructor(file: string) {
    this.input = createReadStream(file);
    this.reader = createInterface({ input: this.input, crlfDelay: Infinity });
    this.reader.on('line', (line) => {
      this.lines.push(line);
      if (this.lines.length >= BATCH_LINES) this.reader.pause();
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
