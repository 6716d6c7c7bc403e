// Turns a connection's bytes into frames without a stream per connection: `clock:N` lines are read straight from the
// bytes; anything else is decoded as UTF-8 and read by parseLine. It behaves exactly as split2 with our mapper did
// (lines split on \r?\n, lengths in UTF-16 characters, the same errors and warnings), at a fraction of the cost.
import { StringDecoder } from 'node:string_decoder';
import { MAX_FRAME_CLOCK, parseLine } from './frames.js';

export interface FrameHandlers {
  onClock(clock: number): void;
  onHello(id: number): void;
  /** A malformed frame, or bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
/** `clock:` as bytes. */
const CLOCK_PREFIX = [0x63, 0x6c, 0x6f, 0x63, 0x6b, 0x3a] as const;

const tooLong = (maxLength: number) => new Error(`line longer than ${maxLength} characters`);

export class FrameDecoder {
  /** Bytes of a line whose newline has not arrived yet. */
  private pending: Buffer | null = null;
  private error: Error | undefined;

  constructor(
    private readonly maxLength: number,
    private readonly handlers: FrameHandlers,
  ) {}

  /** Whether a line too long has stopped the decoder (the connection must close). */
  get failed(): boolean {
    return this.error !== undefined;
  }

  /**
   * Reads every complete line of `chunk` in order. Returns an Error, once, when a line is longer than maxLength
   * (frames before it are delivered, nothing after it); later input is ignored.
   */
  write(chunk: Buffer): Error | undefined {
    if (this.error) return undefined;
    let start = 0;
    if (this.pending) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) return this.keep(chunk, 0);
      const line = Buffer.concat([this.pending, chunk.subarray(0, newline)]);
      this.pending = null;
      const error = this.line(line, 0, line.length);
      if (error) return this.fail(error);
      start = newline + 1;
    }
    const end = chunk.length;
    while (start < end) {
      const next = this.clockLine(chunk, start, end);
      if (next > 0) {
        start = next;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      const error = this.line(chunk, start, newline);
      if (error) return this.fail(error);
      start = newline + 1;
    }
    return start < end ? this.keep(chunk, start) : undefined;
  }

  /**
   * The fast path, in one pass over the bytes: a complete `clock:<1 to 16 digits>` line (\n or \r\n) at `start`
   * is delivered and the start of the next line returned; anything else returns 0 and is left to line().
   */
  private clockLine(bytes: Buffer, start: number, end: number): number {
    const digits = start + CLOCK_PREFIX.length;
    if (digits >= end || !this.isClockPrefix(bytes, start)) return 0;
    let clock = 0;
    let i = digits;
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      clock = clock * 10 + digit;
    }
    const count = i - digits;
    if (count === 0 || count > 16 || clock > MAX_FRAME_CLOCK || i - start > this.maxLength) return 0;
    if (bytes[i] === NEWLINE) {
      this.handlers.onClock(clock);
      return i + 1;
    }
    if (bytes[i] === CR && bytes[i + 1] === NEWLINE) {
      this.handlers.onClock(clock);
      return i + 2;
    }
    return 0;
  }

  /** Keeps the bytes of an unfinished line, failing when they already hold more characters than a line may. */
  private keep(chunk: Buffer, start: number): Error | undefined {
    const rest = chunk.subarray(start);
    this.pending = this.pending ? Buffer.concat([this.pending, rest]) : Buffer.from(rest);
    // Only decode when the bytes could be too many characters: the characters split2 would hold so far.
    if (this.pending.length > this.maxLength && new StringDecoder('utf8').write(this.pending).length > this.maxLength) {
      return this.fail(new Error('maximum buffer reached'));
    }
    return undefined;
  }

  /** The input has ended: bytes without a final newline are reported, never taken as a frame. */
  end(): Error | undefined {
    if (this.error || !this.pending) return undefined;
    const text = this.pending.toString('utf8');
    this.pending = null;
    if (text.length > this.maxLength) return this.fail(tooLong(this.maxLength));
    if (text.length > 0) this.handlers.onMalformed(`unterminated line at end of connection (${text.length} bytes) ignored`);
    return undefined;
  }

  private fail(error: Error): Error {
    this.error = error;
    this.pending = null;
    return error;
  }

  /** One line, bytes [start, end) without its newline, read as split2 and parseLine did. */
  private line(bytes: Buffer, start: number, end: number): Error | undefined {
    if (end > start && bytes[end - 1] === CR) end--;
    const text = bytes.toString('utf8', start, end);
    if (text.length > this.maxLength) return tooLong(this.maxLength);
    const result = parseLine(text);
    if (result === null) return undefined;
    if (result.kind === 'malformed') this.handlers.onMalformed(result.reason);
    else if (result.kind === 'clock') this.handlers.onClock(result.clock);
    else this.handlers.onHello(result.id);
    return undefined;
  }

  private isClockPrefix(bytes: Buffer, start: number): boolean {
    return (
      bytes[start] === CLOCK_PREFIX[0] &&
      bytes[start + 1] === CLOCK_PREFIX[1] &&
      bytes[start + 2] === CLOCK_PREFIX[2] &&
      bytes[start + 3] === CLOCK_PREFIX[3] &&
      bytes[start + 4] === CLOCK_PREFIX[4] &&
      bytes[start + 5] === CLOCK_PREFIX[5]
    );
  }
}
