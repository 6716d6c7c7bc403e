// `npm run check`: the command line (commander): checks run folders, prints the rules and counterexamples.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { checkRun, renderCheck } from './check-run.js';
import { printProblems } from './problems.js';
import { openRunFolder } from './run-folder.js';
import { parseArgs } from '../cli/parse-args.js';

export function checkCommand(): Command {
  return new Command('check')
    .description('Verify the Lamport clock rules in run folders; print a counterexample for each violation (exit 1 if any).')
    .argument('<run-dir...>', 'run folders, such as logs/<run>');
}

/** Parses argv (without node and script), checks, prints; returns 0 when every rule holds in every run, 1 otherwise. */
export async function runCheckCli(argv: string[]): Promise<number> {
  const program = parseArgs(checkCommand(), argv);
  const dirs = [...new Map(program.args.map((dir) => [resolve(dir), dir])).values()];
  // A folder that is not a run is a usage error before anything is checked (its problems are reported when checked).
  for (const dir of dirs) openRunFolder(dir, () => {});
  let failed = 0;
  for (const [i, dir] of dirs.entries()) {
    const result = await checkRun(dir, { onProblem: printProblems('check: ') });
    process.stdout.write(`${i > 0 ? '\n' : ''}${renderCheck(result)}`);
    if (!result.ok) failed++;
  }
  if (dirs.length > 1) process.stdout.write(`\n${failed === 0 ? `OK: every rule holds in all ${dirs.length} runs.` : `FAILED: ${failed} of ${dirs.length} runs break a rule.`}\n`);
  return failed === 0 ? 0 : 1;
}
