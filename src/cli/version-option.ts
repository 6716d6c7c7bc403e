// `--version` for the commands run through npm scripts: lamport-lab's version and git commit, printed to stdout, exit 0.
import type { Command } from 'commander';
import { toolVersion } from '../log/tool-version.js';

/** `lamport-lab 0.1.0 (commit 5422cc6)`, or without the commit outside a git checkout. */
export function versionLine(): string {
  const { name, version, commit } = toolVersion();
  return `${name} ${version}${commit ? ` (commit ${commit.slice(0, 7)})` : ''}`;
}

/**
 * `program` with a `--version` option (long only: short flags are the commands' own). Not the machine's: its bundle is
 * also built as CommonJS for its start-up snapshot, where this module cannot find the project (no import.meta).
 */
export function withVersion(program: Command): Command {
  return program.version(versionLine(), '--version', 'print the version of lamport-lab (and its git commit) and exit');
}
