// The front of a connection's receive path: reads runs of well-formed `clock:N` lines straight from the bytes
// received and passes every other line on, whole and in order, to the line splitter behind it (split2).
import { ClockBatch, readClockRun } from './clock-run.js';

/**
 * Splits a connection's byte chunks into clock runs, read in place into `batch`, and other lines, passed on as
 * bytes. Clocks read before a line is passed on are delivered first, so frames keep their order (a hello changes
 * whom the clocks after it are from). What is passed on is always whole lines, except an unterminated end too long
 * to be a frame: the lane then passes on everything up to the next newline as well, so that the splitter behind it
 * is at the start of a line whenever the lane reads clocks.
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
   * @param maxCarry the longest cut line kept here, in bytes; a longer one goes to `passOn`, to be refused there.
   * @param passOn gets every byte that is not part of a clock line read here, in order; it returns false when it
   * refused a line, and the lane then reads nothing more of the chunk.
   */
  constructor(
    private readonly batch: ClockBatch,
    private readonly maxCarry: number,
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
        if (readClockRun(line, 0, line.length, this.batch) !== line.length && !this.passOn(line)) return;
      }
      at = nl + 1;
    }
    const end = chunk.length;
    while (at < end) {
      at = readClockRun(chunk, at, end, this.batch);
      if (at === end) break;
      this.batch.flush();
      const nl = chunk.indexOf(10, at);
      if (nl === -1) return this.keep(chunk.subarray(at));
      if (!this.passOn(chunk.subarray(at, nl + 1))) return;
      at = nl + 1;
    }
    this.batch.flush();
  }

  /** The input has ended: a cut line kept here is passed on (unterminated). */
  end(): void {
    const carry = this.carry;
    this.carry = null;
    if (carry) this.passOn(carry);
  }

  /** Keeps `rest`, a line cut by the end of the chunk, or passes it on when it is too long to be a frame. */
  private keep(rest: Buffer): void {
    if (rest.length > this.maxCarry) {
      this.lineOpen = true;
      this.passOn(rest);
    } else this.carry = Buffer.from(rest);
  }
}
