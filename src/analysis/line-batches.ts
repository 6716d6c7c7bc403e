// Reads a text file's lines and hands them over in batches, so a consumer awaits once per batch, not once per line.
// At most about BATCH_LINES lines (plus the rest of one read chunk) are held at a time: reading is paused while a batch
// waits to be taken. Reading many logs at once (a merge), each gets a smaller share (`batchLinesFor`), so that what is
// held stays about the same however many machines the run has. A line longer than MAX_LINE_CHARS is not kept (a
// corrupted log may hold hundreds of MB without a newline): it is handed over as a LongLine, its length and its start.
import { createReadStream, type ReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { countRead } from './read-meter.js';

export const BATCH_LINES = 4096;

/** About how many lines all the logs of a run hold at once, when each would hold BATCH_LINES otherwise. */
const HELD_LINES = 1 << 16;
const MIN_BATCH_LINES = 64;

/**
 * The longest line kept, in characters. A record is at most a few kB (a start or send record of a 1000-machine run
 * lists 999 ids, about 5 kB); a longer line is no record, and holding it whole would take its size in memory, twice.
 */
export const MAX_LINE_CHARS = 1 << 20;

/** Characters of a long line's start kept, to show it. */
const LONG_LINE_HEAD = 200;

/** A line longer than the limit, dropped as it was read. */
export interface LongLine {
  /** Its length in bytes (UTF-8), without the newline. */
  bytes: number;
  /** Its first characters. */
  head: string;
}

export type Line = string | LongLine;

/** Lines per batch when `files` logs are read at the same time. */
export function batchLinesFor(files: number): number {
  return Math.max(MIN_BATCH_LINES, Math.min(BATCH_LINES, Math.floor(HELD_LINES / Math.max(1, files))));
}

/**
 * A file's lines in batches: `\n` ends a line and a `\r` before it is dropped (as readline with crlfDelay: Infinity,
 * but a lone `\r` stays in its line); a last line without a newline is a line.
 */
export class LineBatches {
  private lines: Line[] = [];
  private done = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly input: ReadStream;
  private readonly decoder = new StringDecoder('utf8');
  /** The current line's text read so far (while it is within the limit). */
  private partial = '';
  /** The current line, once over the limit: its bytes so far and its start. */
  private long: LongLine | undefined;

  /** `batchLines`: reading is paused once this many lines wait (the read chunk shrinks with it, 16 to 64 KiB). */
  constructor(
    file: string,
    private readonly batchLines = BATCH_LINES,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {
    const highWaterMark = Math.max(16 * 1024, Math.min(64 * 1024, batchLines * 128));
    this.input = createReadStream(file, { highWaterMark });
    this.input.on('data', (chunk) => {
      countRead(chunk.length);
      this.split(this.decoder.write(chunk as Buffer));
      if (this.lines.length >= this.batchLines) this.input.pause();
      this.notify();
    });
    this.input.on('end', () => {
      this.split(this.decoder.end());
      if (this.partial !== '' || this.long) this.endLine('');
      this.finish();
    });
    this.input.on('error', (error) => {
      this.failure ??= error;
      this.finish();
    });
  }

  private split(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.endLine(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) this.add(text.slice(start));
  }

  /** Adds text to the current line, dropping what it holds once it passes the limit. */
  private add(text: string): void {
    if (this.long) {
      this.long.bytes += Buffer.byteLength(text);
      return;
    }
    if (this.partial.length + text.length <= this.maxLineChars) {
      this.partial += text;
      return;
    }
    const head = (this.partial + text.slice(0, LONG_LINE_HEAD)).slice(0, LONG_LINE_HEAD);
    this.long = { bytes: Buffer.byteLength(this.partial) + Buffer.byteLength(text), head };
    this.partial = '';
  }

  /** Ends the current line with its last piece. */
  private endLine(last: string): void {
    if (!this.long && this.partial.length + last.length <= this.maxLineChars) {
      const line = this.partial === '' ? last : this.partial + last;
      this.partial = '';
      this.lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      return;
    }
    this.add(last);
    const long = this.long!;
    this.long = undefined;
    this.lines.push(long);
  }

  private finish(): void {
    this.done = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next lines in file order, or null at the end. Throws if the file cannot be read. */
  async next(): Promise<Line[] | null> {
    while (this.lines.length === 0 && !this.done) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    if (this.lines.length === 0) return null;
    const batch = this.lines;
    this.lines = [];
    if (!this.done) this.input.resume();
    return batch;
  }

  /** Stops reading and releases the file. */
  close(): void {
    this.input.destroy();
  }
}
