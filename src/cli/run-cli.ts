// Runs a CLI's main function: usage errors become one line and exit 2, other failures one line and exit 1.
import { CommanderError } from 'commander';
import { UsageError } from '../config/errors.js';
import { fileErrorReason, NO_ROOM } from '../log/file-error.js';
import { asciiOnTerminal } from './ascii-terminal.js';

/** Prints `error: ...` for a failure (the stack only when LAMPORT_DEBUG is set) and sets the exit code. */
export async function runCli(name: string, main: () => Promise<number | void>): Promise<void> {
  const output = watchOutput(name);
  asciiOnTerminal();
  // Past a limit on file size (`ulimit -f`), a write would end the process (SIGXFSZ), a log or report cut mid-line:
  // with the signal caught, the write fails instead (EFBIG), and is said in one line as any write that fails.
  process.on('SIGXFSZ', () => {});
  try {
    const code = await main();
    // Output that could not be written (a full disk) fails a command that would have succeeded: its reader lacks it.
    process.exitCode = (code ?? 0) === 0 && output.failed ? 1 : (code ?? 0);
  } catch (err) {
    // Commander has printed its one line; a bad option or argument is a usage error like a bad config: exit 2.
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: error: ${message}\n`);
    if (process.env.LAMPORT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = usage ? 2 : 1;
  }
}

/**
 * Output piped into a reader that went away (`| head`, a killed start-all: EPIPE) or to a terminal that was closed
 * (EIO, while a stop on its SIGHUP writes the files) is not an error of ours: later writes are dropped instead of
 * ending the process with an unhandled error and a stack trace. (A machine also stops, see onOutputClosed.) Output
 * that cannot be written for another reason (`> /dev/full`, a full disk) is said once on stderr, the command goes on
 * (a run's logs are still completed), and `failed` makes its exit code 1.
 */
function watchOutput(name: string): { failed: boolean } {
  const state = { failed: false };
  for (const [stream, which] of [[process.stdout, 'standard output'], [process.stderr, 'standard error']] as const) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'EIO' || state.failed) return;
      state.failed = true;
      // Often heard after main has returned and set the exit code: a success becomes a failure here too.
      if (!process.exitCode) process.exitCode = 1;
      const why = fileErrorReason(err, NO_ROOM);
      if (stream === process.stdout) process.stderr.write(`${name}: error: cannot write to ${which}: ${why}; going on without it\n`);
    });
  }
  return state;
}

/** Calls `then` once when standard output's reader goes away (EPIPE on a write). */
export function onOutputClosed(then: () => void): void {
  let called = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' && !called) (called = true), then();
  });
}
