// `npm run check`: the command line (commander): checks one run folder, prints the rules and counterexamples.
import { Command } from 'commander';
import { checkRun, renderCheck } from './check-run.js';
import { printProblems } from './problems.js';
import { parseArgs } from '../cli/parse-args.js';

export function checkCommand(): Command {
  return new Command('check')
    .description('Verify the Lamport clock rules in a run folder; print a counterexample for each violation (exit 1 if any).')
    .argument('<run-dir>', 'a run folder, such as logs/<run>');
}

/** Parses argv (without node and script), checks, prints; returns 0 when every rule holds, 1 otherwise. */
export async function runCheckCli(argv: string[]): Promise<number> {
  const program = parseArgs(checkCommand(), argv);
  const result = await checkRun(program.args[0]!, {
    onProblem: printProblems('check: '),
  });
  process.stdout.write(renderCheck(result));
  return result.ok ? 0 : 1;
}
