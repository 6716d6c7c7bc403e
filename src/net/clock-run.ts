// The receive path's fast lane: reads runs of well-formed `clock:N` lines from a connection's bytes and hands the
// clocks over in batches, with no string, object or call per frame.
import { MAX_FRAME_CLOCK } from './frames.js';

const ZERO = 48;
const MAX_DIGITS = 16;
/** The longest line this reads as a frame, in bytes: `clock:`, MAX_DIGITS digits and CRLF. */
export const LONGEST_CLOCK_LINE = 'clock:'.length + MAX_DIGITS + '\r\n'.length;
/** Clocks handed over per call at most (2 KiB per connection). */
const BATCH = 256;

/** Clock frames read from one connection, handed to `deliver` in runs of up to BATCH, in arrival order. */
export class ClockBatch {
  private readonly clocks = new Float64Array(BATCH);
  private count = 0;

  /** `deliver` gets clocks[0..count); the array is reused once it returns. */
  constructor(private readonly deliver: (clocks: Float64Array, count: number) => void) {}

  add(clock: number): void {
    this.clocks[this.count++] = clock;
    if (this.count === BATCH) this.flush();
  }

  /** Hands over what was added since the last flush. */
  flush(): void {
    const count = this.count;
    if (count === 0) return;
    this.count = 0;
    this.deliver(this.clocks, count);
  }
}

/**
 * Adds the well-formed `clock:N` lines (LF or CRLF) that follow one another in bytes[start, end) to `batch` and
 * returns the index where the first other line (or the unterminated end) starts.
 */
export function readClockRun(bytes: Uint8Array, start: number, end: number, batch: ClockBatch): number {
  let line = start;
  // The shortest frame is 8 bytes (`clock:0\n`); the bound keeps every read below `end` (out-of-bounds reads deoptimize).
  lines: while (line + 8 <= end) {
    if (
      bytes[line] !== 99 || // c
      bytes[line + 1] !== 108 || // l
      bytes[line + 2] !== 111 || // o
      bytes[line + 3] !== 99 || // c
      bytes[line + 4] !== 107 || // k
      bytes[line + 5] !== 58 // :
    ) {
      return line;
    }
    const first = line + 6;
    let n = 0;
    for (let i = first; i < end; i++) {
      const c = bytes[i]!;
      const d = c - ZERO;
      if (d >= 0 && d <= 9) {
        n = n * 10 + d;
        continue;
      }
      let last = i;
      if (c === 13 && i + 1 < end && bytes[i + 1] === 10) last = i + 1;
      else if (c !== 10) return line;
      if (i === first || i - first > MAX_DIGITS || n > MAX_FRAME_CLOCK) return line;
      batch.add(n);
      line = last + 1;
      continue lines;
    }
    return line; // Unterminated.
  }
  return line;
}
