// Rate-limits repeated warnings (malformed frames from a noisy peer) so they cannot flood the log.
import { plural } from '../text/plural.js';

/** Receives a warning that passed the limit (`count` false), or how many were suppressed in a window (`count` true). */
export type WarnEmit = (reason: string, count: boolean) => void;

/**
 * At most `perSecond` warnings per window of a second; the number of those suppressed is reported when their window
 * ends (a timer that does not keep the process alive), or at close().
 */
export class WarnLimiter {
  private windowStart = -Infinity;
  private inWindow = 0;
  private suppressed = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly emit: WarnEmit,
    private readonly now: () => number,
    private readonly perSecond = 5,
  ) {}

  warn(reason: string): void {
    if (this.closed) return;
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.report();
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow < this.perSecond) {
      this.inWindow++;
      this.emit(reason, false);
      return;
    }
    this.suppressed++;
    if (!this.timer) {
      this.timer = setTimeout(() => this.report(), Math.max(0, this.windowStart + WINDOW_MS - now));
      this.timer.unref();
    }
  }

  /** Reports what is still suppressed and ignores any later warning (at shutdown, before the stop record). */
  close(): void {
    this.report();
    this.closed = true;
  }

  private report(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.suppressed > 0) this.emit(`${plural(this.suppressed, 'similar warning')} suppressed`, true);
    this.suppressed = 0;
  }
}

const WINDOW_MS = 1000;
