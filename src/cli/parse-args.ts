// Parses a CLI's argv with commander: errors are thrown (runCli turns them into exit 2) and printed as `<cli>: error: ...`,
// the same shape as every other error line of ours.
import type { Command } from 'commander';

/** Parses `argv` (without node and script) into `program` and returns it. */
export function parseArgs(program: Command, argv: string[]): Command {
  program.exitOverride().configureOutput({ outputError: (message, write) => write(`${program.name()}: ${message}`) });
  return program.parse(argv, { from: 'user' });
}
