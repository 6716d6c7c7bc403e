// The front of a connection's receive path: reads runs of well-formed `clock:N` lines straight from the bytes
// received and passes the rest on, as whole lines and in order, to the line splitter behind it (split2).
import { ClockBatch, LONGEST_CLOCK_LINE, readClockRun } from './clock-run.js';

/**
 * Splits a connection's byte chunks into the run of clock lines each chunk starts with, read in place into `batch`,
 * and the rest, passed on as bytes. From a chunk's first other line on, its whole lines go to the splitter in one
 * piece, clock lines among them (the splitter's mapper reads those too): a peer says hello and then sends only clock
 * lines, so this is its first chunk, and a flood of other lines costs one splitter call per chunk, not one per line.
 * Clocks read before anything is passed on are delivered first, so frames keep their order (a hello changes whom the
 * clocks after it are from).
 *
 * The end of a chunk cut inside a line is kept if it may still be a frame, and joined to the next chunk's first line;
 * a longer one is passed on, and so is everything up to the next newline after it, so that the splitter behind is at
 * the start of a line whenever the lane reads clocks.
 *
 * Reading bytes rather than text saves decoding every chunk to a string (split2's first step) and, for the clock
 * lines, encoding it back: a blast of frames then costs one pass over the bytes.
 */
export class ClockLane {
  /** The start of a line cut by the end of a chunk, short enough to be a frame: joined to the next chunk's first line. */
  private carry: Buffer | null = null;
  /** The splitter holds the start of a line (too long to carry): bytes go to it up to the next newline. */
  private lineOpen = false;

  /**
   * @param passOn gets every byte that is not part of a clock line read here, in order; it returns false when it
   * refused a line, and the lane then reads nothing more of the chunk.
   */
  constructor(
    private readonly batch: ClockBatch,
    private readonly passOn: (bytes: Buffer) => boolean,
  ) {}

  write(chunk: Buffer): void {
    let at = 0;
    if (this.lineOpen || this.carry) {
      const nl = chunk.indexOf(10);
      if (this.lineOpen) {
        if (nl === -1) return void this.passOn(chunk);
        this.lineOpen = false;
        if (!this.passOn(chunk.subarray(0, nl + 1))) return;
      } else {
        const carry = this.carry!;
        this.carry = null;
        if (nl === -1) return this.keep(Buffer.concat([carry, chunk]));
        const line = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
        if (readClockRun(line, 0, line.length, this.batch) !== line.length) {
          this.batch.flush();
          if (!this.passOn(line)) return;
        }
      }
      at = nl + 1;
    }
    const end = chunk.length;
    at = readClockRun(chunk, at, end, this.batch);
    this.batch.flush();
    if (at === end) return;
    const last = chunk.lastIndexOf(10);
    if (last >= at && !this.passOn(chunk.subarray(at, last + 1))) return;
    this.keep(chunk.subarray(Math.max(at, last + 1)));
  }

  /** The input has ended: a cut line kept here is passed on (unterminated). */
  end(): void {
    const carry = this.carry;
    this.carry = null;
    if (carry) this.passOn(carry);
  }

  /** Keeps `rest`, a line cut by the end of the chunk, or passes it on when it is too long to be a frame. */
  private keep(rest: Buffer): void {
    if (rest.length > LONGEST_CLOCK_LINE) {
      this.lineOpen = true;
      this.passOn(rest);
    } else if (rest.length > 0) this.carry = Buffer.from(rest);
  }
}
