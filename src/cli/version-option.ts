// `--version` for the commands run through npm scripts: lamport-lab's version and git commit, printed to stdout, exit 0.
import { CommanderError, type Command } from 'commander';
import { toolVersion } from '../log/tool-version.js';

/** `lamport-lab 0.1.0 (commit 5422cc6)`, or without the commit outside a git checkout. */
export function versionLine(): string {
  const { name, version, commit } = toolVersion();
  return `${name} ${version}${commit ? ` (commit ${commit.slice(0, 7)})` : ''}`;
}

/**
 * `program` with a `--version` option (long only: short flags are the commands' own). The version is read only when
 * asked for, not each time a command starts: a machine started from its snapshot (CommonJS, no import.meta) cannot
 * find the project, and 50 of them start at once. Printed before the command's arguments are checked, as commander's
 * own `.version()` does (`npm run machine -- --version` needs no id).
 */
export function withVersion(program: Command): Command {
  return program.option('--version', 'print the version of lamport-lab (and its git commit) and exit').on('option:version', () => {
    const line = versionLine();
    process.stdout.write(`${line}\n`);
    throw new CommanderError(0, 'commander.version', line);
  });
}
