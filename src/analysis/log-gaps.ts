// Where a machine log has gaps: its unreadable lines, by line number, so the checker knows what it cannot see across.

/** The unreadable lines of each log file; records are then placed before, between or after them by line number. */
export class LogGaps {
  /** file -> unreadable line numbers, ascending */
  private readonly lines = new Map<string, number[]>();

  add(file: string, line: number): void {
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = []));
    let i = lines.length;
    while (i > 0 && lines[i - 1]! > line) i--;
    if (lines[i - 1] !== line) lines.splice(i, 0, line);
  }

  /** The latest unreadable line of `file` strictly between lines `after` and `before`, or undefined when there is none. */
  latestBetween(file: string, after: number, before = Number.POSITIVE_INFINITY): number | undefined {
    const lines = this.lines.get(file) ?? [];
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (line <= after) return undefined;
      if (line < before) return line;
    }
    return undefined;
  }
}
