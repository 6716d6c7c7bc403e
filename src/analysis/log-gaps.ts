// Where a machine log has gaps: its unreadable lines, by line number, so the checker knows what it cannot see across;
// the link rules keep where each log breaks its tick numbering the same way (link-shift.ts).

/** Lines of each log file (its unreadable lines); records are then placed before, between or after them by line number. */
export class LogGaps {
  /** file -> line numbers, ascending */
  private readonly lines = new Map<string, number[]>();

  add(file: string, line: number): void {
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = []));
    // Lines come in order within a file: appending is the rule, inserting the exception.
    let i = lines.length;
    while (i > 0 && lines[i - 1]! > line) i--;
    if (lines[i - 1] !== line) lines.splice(i, 0, line);
  }

  /** The latest unreadable line of `file` strictly between lines `after` and `before`, or undefined when there is none. */
  latestBetween(file: string, after: number, before = Number.POSITIVE_INFINITY): number | undefined {
    const lines = this.lines.get(file) ?? [];
    // Binary search for the last line before `before`: a log of garbage has as many gaps as lines.
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]! < before) lo = mid + 1;
      else hi = mid;
    }
    const line = lines[lo - 1];
    return line !== undefined && line > after ? line : undefined;
  }
}
