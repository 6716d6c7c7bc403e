// `npm run check`: the command line (commander): checks run folders, prints the rules and counterexamples.
import { Command } from 'commander';
import { checkRun, renderCheck } from './check-run.js';
import { printProblems } from './problems.js';
import { distinctFolders } from './run-folder.js';
import { eachRunFolder, printNotARun } from './each-run-folder.js';
import { RUN_MAY_BE_GOING } from './log-cut-short.js';
import { parseArgs } from '../cli/parse-args.js';
import { userPath } from '../cli/user-path.js';
import { plural } from '../text/plural.js';

export function checkCommand(): Command {
  return new Command('check')
    .description('Verify the Lamport clock rules in run folders; print a counterexample for each violation (exit 1 if any).')
    .argument('<run-dir...>', 'run folders, such as logs/<run>');
}

/**
 * Parses argv (without node and script), checks, prints; returns 0 when every rule holds in every run, 1 when one
 * breaks a rule, 2 when a folder is not a run (with several folders the others are still checked).
 */
export async function runCheckCli(argv: string[]): Promise<number> {
  const program = parseArgs(checkCommand(), argv);
  const dirs = distinctFolders(program.args.map((dir) => userPath(dir)));
  let failed = 0;
  let printed = 0;
  const notRuns = await eachRunFolder(
    dirs,
    async (dir) => {
      const result = await checkRun(dir, { onProblem: printProblems('check: ') });
      if (result.mayStillBeRunning) process.stderr.write(`check: note: ${dir}: ${RUN_MAY_BE_GOING}\n`);
      process.stdout.write(`${printed++ > 0 ? '\n' : ''}${renderCheck(result)}`);
      if (!result.ok) failed++;
    },
    printNotARun('check'),
  );
  if (dirs.length > 1) process.stdout.write(`\n${overall(dirs.length, failed, notRuns)}\n`);
  return notRuns ? 2 : failed ? 1 : 0;
}

/** The last line over several folders. */
function overall(folders: number, failed: number, notRuns: number): string {
  const checked = folders - notRuns;
  const runs = plural(checked, 'run');
  const skipped = notRuns ? `; ${notRuns} of the ${folders} folders not a run (see stderr)` : '';
  return failed === 0 ? `OK: every rule holds in ${notRuns ? '' : 'all '}${runs}${skipped}.` : `FAILED: ${failed} of ${runs} break a rule${skipped}.`;
}
