// `npm run check`: the command line (commander): checks run folders, prints the rules and counterexamples (or JSON).
import { Command } from 'commander';
import { checkRun, CheckStopped, renderCheck, type CheckResult } from './check-run.js';
import { listenForStopSignals } from '../cli/stop-signals.js';
import { checkJson, terminalSafeJson, type NotARun } from './check-json.js';
import { printProblems } from './problems.js';
import { distinctFolders, machineLogPaths } from './run-folder.js';
import { filesSize, startReadProgress } from '../cli/read-progress.js';
import { eachRunFolder, printNotARun } from './each-run-folder.js';
import { mayBeGoingNote } from './log-cut-short.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { userPath } from '../cli/user-path.js';
import { plural } from '../text/plural.js';
import { outputWidth } from '../cli/output-width.js';

export function checkCommand(): Command {
  return new Command('check')
    .description('Verify the Lamport clock rules in run folders; print a counterexample for each violation (exit 1 if any).')
    .argument('<run-dir...>', 'run folders, such as logs/<run>')
    .option('--json', 'print the result as one JSON document instead of the report (same exit codes)')
    .option('--strict', 'a log that ends without its stop record breaks stop-last, instead of reading as a crash (for grading machines of your own; a fault schedule\'s kills excepted, restarted or not)');
}

/**
 * Parses argv (without node and script), checks, prints; returns 0 when every rule holds in every run, 1 when one
 * breaks a rule, 2 when a folder is not a run (with several folders the others are still checked).
 */
export async function runCheckCli(argv: string[]): Promise<number> {
  const program = parseArgs(withVersion(checkCommand()), argv);
  const { json = false, strict = false } = program.opts<{ json?: boolean; strict?: boolean }>();
  const dirs = distinctFolders(program.args.map((dir) => userPath(dir)));
  // The rule lines are wrapped to the terminal (or LAMPORT_COLUMNS), as analyze fits its tables.
  const width = json ? null : outputWidth();
  let failed = 0;
  let printed = 0;
  // With --json, the results are kept for the one document printed at the end; stderr says the same as without.
  const results: CheckResult[] = [];
  const skipped: NotARun[] = [];
  const printSkipped = printNotARun('check');
  // Ctrl+C during a long check (a 2 GB run takes minutes): one line saying what was checked, not a silent exit.
  const signals = listenForStopSignals();
  let current = '';
  let notRuns: number;
  try {
    notRuns = await eachRunFolder(
      dirs,
      async (dir) => {
        current = dir;
        // A large run takes minutes to read: on a terminal, a bar says how far it is.
        const progress = startReadProgress('check: reading logs', filesSize(machineLogPaths(dir)));
        let result: CheckResult;
        try {
          result = await checkRun(dir, { onProblem: printProblems('check: ', progress.write), strict, stop: signals.signal });
        } finally {
          progress.stop();
        }
        if (result.mayStillBeRunning) process.stderr.write(`check: note: ${dir}: ${mayBeGoingNote(result.logsOpen)}\n`);
        if (json) results.push(result);
        else process.stdout.write(`${printed++ > 0 ? '\n' : ''}${renderCheck(result, width)}`);
        if (!result.ok) failed++;
      },
      (dir, error) => {
        skipped.push({ dir, error: error.message });
        printSkipped(dir, error);
      },
      // With --json one folder that is not a run is skipped too: stderr says why, and the document still comes.
      json,
    );
  } catch (error) {
    if (!(error instanceof CheckStopped)) throw error;
    const done = json || printed === 0 ? 'nothing checked' : `the ${plural(printed, 'run')} above ${printed === 1 ? 'was' : 'were'} checked`;
    process.stderr.write(`check: interrupted while reading the logs of ${current}; ${done}\n`);
    return signals.exitCode();
  } finally {
    signals.dispose();
  }
  if (json) process.stdout.write(`${terminalSafeJson(checkJson(results, skipped))}\n`);
  else if (dirs.length > 1) process.stdout.write(`\n${overall(dirs.length, failed, notRuns)}\n`);
  return notRuns ? 2 : failed ? 1 : 0;
}

/** The last line over several folders. */
function overall(folders: number, failed: number, notRuns: number): string {
  const checked = folders - notRuns;
  const runs = plural(checked, 'run');
  // Nothing checked is no verdict: `OK ... in 0 runs` read as a pass.
  if (checked === 0) return `Nothing checked: none of the ${folders} folders is a run (see stderr).`;
  const skipped = notRuns ? `; ${notRuns} of the ${folders} folders not a run (see stderr)` : '';
  // `in both runs`, `in all 3 runs`; beside folders that are not runs, `in 1 run`.
  const every = notRuns ? runs : checked === 2 ? 'both runs' : `all ${runs}`;
  return failed === 0 ? `OK: every rule holds in ${every}${skipped}.` : `FAILED: ${failed} of ${runs} ${failed === 1 ? 'breaks' : 'break'} a rule${skipped}.`;
}
