// Sweep progress on stderr: a cli-progress bar on a terminal, otherwise a plain line now and then.
import cliProgress from 'cli-progress';
import { canRedraw, unicodeOk } from '../cli/terminal-caps.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** How often the plain (non-terminal) progress line may repeat. */
const PLAIN_INTERVAL_MS = 2000;

/** `quiet`: the bar still shows on a terminal (it leaves no lines behind), but no plain lines elsewhere. */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now, quiet = false): Progress {
  const redraw = canRedraw(stream);
  if (quiet && !redraw) return { update() {}, stop() {} };
  if (redraw) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'sweep |{bar}| {value}/{total} runs | {percentage}% | {eta_formatted} left', hideCursor: true, etaBuffer: 50 },
      unicodeOk() ? cliProgress.Presets.shades_classic : cliProgress.Presets.legacy,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  // Not a terminal (a log file, a pipe, a test): a line when the first runs finish, then at most every 2 s.
  let lastLine = -Infinity;
  return {
    update(done) {
      if (done < total && now() - lastLine < PLAIN_INTERVAL_MS) return;
      lastLine = now();
      stream.write(`sweep: ${done}/${total} runs done\n`);
    },
    stop() {},
  };
}
