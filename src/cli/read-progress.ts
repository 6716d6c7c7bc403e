// A progress bar on a terminal while analyze or check reads large logs: bytes read of the logs' size, and time left.
import cliProgress from 'cli-progress';
import { statSync } from 'node:fs';
import { canRedraw, unicodeOk } from './terminal-caps.js';
import { logBytesRead } from '../analysis/read-meter.js';
import { humanBytes } from '../sim/log-size-guard.js';

/** How long a read runs before the bar shows: a quick one shows nothing. */
export const SHOW_AFTER_MS = 1000;
/** How often the bar takes the bytes read. */
const UPDATE_MS = 250;

export interface ReadProgress {
  /** Writes a line (a problem found in the logs) above the bar, which is drawn again below it. */
  write(line: string): void;
  /** Removes the bar (it leaves no line behind) and its timers. */
  stop(): void;
}

/** The bytes of the files named, those that can be read (a missing one counts 0: the reader reports it). */
export function filesSize(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      // See above.
    }
  }
  return total;
}

/**
 * Shows `<label> |bar| 1.2 GB of 2.1 GB, 57%, 1m10s left` on `stream` once reading `totalBytes` of logs has taken
 * SHOW_AFTER_MS, if `stream` is a terminal that can redraw; otherwise (a pipe, a file, TERM=dumb) it shows nothing.
 * The bytes are those every log reader of this process reads from now on (read-meter.ts).
 */
export function startReadProgress(label: string, totalBytes: number, stream: NodeJS.WriteStream = process.stderr): ReadProgress {
  const plain: ReadProgress = { write: (line) => void stream.write(line), stop() {} };
  if (!canRedraw(stream) || totalBytes <= 0) return plain;
  const base = logBytesRead();
  const read = () => Math.min(totalBytes, logBytesRead() - base);
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let updates: NodeJS.Timeout | undefined;
  const show = setTimeout(() => {
    // A MultiBar of one bar: it writes lines above the bar (log), which a SingleBar cannot.
    bars = new cliProgress.MultiBar(
      {
        stream,
        format: `${label} |{bar}| {value} of {total}, {percentage}%, {eta_formatted} left`,
        formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? humanBytes(value) : String(value)),
        // Neither the cursor hidden nor line wrapping turned off: a process killed with the bar shown would leave them so.
        hideCursor: false,
        linewrap: true,
        clearOnComplete: true,
        // Drawn again below a line written above it, though its text has not changed.
        forceRedraw: true,
        etaBuffer: 40,
        barsize: 16,
      },
      unicodeOk() ? cliProgress.Presets.shades_classic : cliProgress.Presets.legacy,
    );
    bar = bars.create(totalBytes, read());
    bars.update();
    updates = setInterval(() => bar?.update(read()), UPDATE_MS);
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
