// isoTime (src/log/format.ts) with the date-and-second part cached: records arrive in time order, so most share it.
import { isoTime } from '../log/format.js';

/** Formats epoch milliseconds exactly as isoTime does, reusing the text of the last whole second it saw. */
export class IsoTimeCache {
  private second = NaN;
  /** isoTime of the cached second without its last four characters (`mmmZ`), e.g. `2026-01-01T00:00:07.`. */
  private prefix = '';

  format(ms: number): string {
    const whole = Math.floor(ms);
    const second = Math.floor(whole / 1000);
    if (second !== this.second) {
      const full = isoTime(second * 1000);
      if (!full.endsWith('.000Z')) return isoTime(ms);
      this.second = second;
      this.prefix = full.slice(0, -4);
    }
    const milli = whole - second * 1000;
    return this.prefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
  }
}
