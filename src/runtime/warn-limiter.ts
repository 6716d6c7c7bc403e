// Rate-limits repeated warnings (malformed frames from a noisy peer) so they cannot flood the log.

export class WarnLimiter {
  private windowStart = -Infinity;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly emit: (reason: string) => void,
    private readonly now: () => number,
    private readonly perSecond = 5,
  ) {}

  warn(reason: string): void {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.inWindow = 0;
      if (this.suppressed > 0) {
        this.emit(`${this.suppressed} similar warnings suppressed`);
        this.suppressed = 0;
      }
    }
    if (this.inWindow < this.perSecond) {
      this.inWindow++;
      this.emit(reason);
    } else this.suppressed++;
  }

  /** Reports what is still suppressed (at shutdown). */
  flush(): void {
    if (this.suppressed > 0) this.emit(`${this.suppressed} similar warnings suppressed`);
    this.suppressed = 0;
  }
}
