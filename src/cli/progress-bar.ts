// A progress bar on a terminal for work that may take minutes (reading large logs, a long simulation): shown only once
// it has taken a second, lines printed above it, gone when done; nothing at all when stderr is not a terminal.
import cliProgress from 'cli-progress';
import { canRedraw, unicodeOk } from './terminal-caps.js';

/** How long the work runs before the bar shows: quick work shows nothing. */
export const SHOW_AFTER_MS = 1000;
/** How often the bar takes the amount done. */
const UPDATE_MS = 250;
/** How often a terminal that cannot redraw (TERM=dumb) gets a plain progress line. */
export const PLAIN_LINE_MS = 5000;

export interface ProgressBar {
  /** Writes a line (a problem found meanwhile) above the bar, which is drawn again below it. */
  write(line: string): void;
  /** Removes the bar (it leaves no line behind) and its timers. */
  stop(): void;
}

/**
 * Shows `<label> <done> of <total>, 57%, 1m10s left |bar|` on `stream` (amounts as `unit` writes them) once the work
 * has taken SHOW_AFTER_MS, if `stream` is a terminal that can redraw; `done` is read every UPDATE_MS. On a terminal
 * that cannot (TERM=dumb: Emacs' shell, some CI consoles), a plain line `<label> <done> of <total>, 57%` every
 * PLAIN_LINE_MS; on a pipe or a file, nothing (a script reading the output wants none of it).
 */
export function startProgressBar(label: string, total: number, done: () => number, unit: (amount: number) => string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (total <= 0 || stream.isTTY !== true) return { write: (line) => void stream.write(line), stop() {} };
  if (!canRedraw(stream)) return plainProgress(label, total, done, unit, stream);
  const current = () => Math.min(total, done());
  // The time left at the rate since the work began (this call): right from the first draw, where cli-progress's own
  // estimate, from the values it has seen drawn, reads 0s until its second update.
  const startedAt = Date.now();
  const left = (): { left: string } => {
    const now = current();
    const seconds = now > 0 ? ((Date.now() - startedAt) / 1000) * ((total - now) / now) : undefined;
    return { left: seconds === undefined ? '?' : cliProgress.Format.TimeFormat(Math.round(seconds), { autopaddingChar: '' } as cliProgress.Options, 5) };
  };
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let updates: NodeJS.Timeout | undefined;
  const show = setTimeout(() => {
    // A MultiBar of one bar: it writes lines above the bar (log), which a SingleBar cannot.
    bars = new cliProgress.MultiBar(
      {
        stream,
        // The figures before the bar: a narrow terminal cuts the line's end, which is the bar.
        format: `${label} {value} of {total}, {percentage}%, {left} left |{bar}|`,
        formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? unit(value) : String(value)),
        // Neither the cursor hidden nor line wrapping turned off: a process killed with the bar shown would leave them so.
        hideCursor: false,
        linewrap: true,
        clearOnComplete: true,
        // Drawn again below a line written above it, though its text has not changed.
        forceRedraw: true,
        barsize: 16,
      },
      unicodeOk() ? cliProgress.Presets.shades_classic : cliProgress.Presets.legacy,
    );
    bar = bars.create(total, current(), left());
    bars.update();
    updates = setInterval(() => bar?.update(current(), left()), UPDATE_MS);
    updates.unref();
  }, SHOW_AFTER_MS);
  show.unref();
  return {
    write(line) {
      if (!bars) return void stream.write(line);
      // Written above the bar at its next redraw: drawn now, so that lines keep their order with what follows.
      bars.log(line);
      bars.update();
    },
    stop() {
      clearTimeout(show);
      clearInterval(updates);
      bars?.stop();
      bars = undefined;
      bar = undefined;
    },
  };
}

/** Progress as a plain line every PLAIN_LINE_MS, for a terminal that cannot redraw a bar in place. */
function plainProgress(label: string, total: number, done: () => number, unit: (amount: number) => string, stream: NodeJS.WriteStream): ProgressBar {
  const line = () => {
    const value = Math.min(total, done());
    stream.write(`${label} ${unit(value)} of ${unit(total)}, ${Math.floor((100 * value) / total)}%\n`);
  };
  const lines = setInterval(line, PLAIN_LINE_MS);
  lines.unref();
  return { write: (text) => void stream.write(text), stop: () => clearInterval(lines) };
}
