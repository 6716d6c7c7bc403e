// `npm run analyze`: the command line (commander) and what it prints: tables or JSON, plus optional report and ShiViz.
import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { shellWord } from '../text/shell-word.js';
import { AnalysisStopped, analyzeRuns, type Analysis } from './analyze.js';
import { analysisJson } from './json-output.js';
import type { NotARun } from './check-json.js';
import { SHIVIZ_MANY_BYTES, shivizNote } from './shiviz-note.js';
import { humanBytes } from '../sim/log-size-guard.js';
import { writesThrough } from './replace-file.js';
import { printProblems } from './problems.js';
import { cannotWrite, prepareOutputFiles } from './output-file.js';
import { distinctFolders, machineLogPaths } from './run-folder.js';
import { filesSize, startReadProgress } from '../cli/read-progress.js';
import { printNotARun } from './each-run-folder.js';
import { mayBeGoingNote } from './log-cut-short.js';
import { renderTables } from './tables.js';
import { parseArgs } from '../cli/parse-args.js';
import { withVersion } from '../cli/version-option.js';
import { listenForStopSignals } from '../cli/stop-signals.js';
import { parsePath } from '../cli/options.js';
import { userPath } from '../cli/user-path.js';
import { outputWidth } from '../cli/output-width.js';
import { isFileError } from '../log/file-error.js';

interface AnalyzeCliOptions {
  json?: boolean;
  report?: string;
  shiviz?: string;
}

export function analyzeCommand(): Command {
  return new Command('analyze')
    .description('Analyse run folders: per-machine and per-run tables, a cross-run table for several runs.')
    .argument('<run-dir...>', 'run folders, such as logs/<run>')
    .option('--json', 'print the numbers as one JSON document instead of tables')
    .option('--report <file>', 'also write a self-contained HTML report with charts', parsePath)
    .option('--shiviz <file>', 'also write a ShiViz log of the run (vector clocks; one run only)', parsePath);
}

/** Parses argv (without node and script), analyses, prints; returns the exit code. */
export async function runAnalyzeCli(argv: string[]): Promise<number> {
  const program = parseArgs(withVersion(analyzeCommand()), argv);
  const opts = program.opts<AnalyzeCliOptions>();
  // Read before the analysis (a bad LAMPORT_COLUMNS is an error at once), but not for --json, which has no width.
  const width = opts.json ? null : outputWidth();
  const given = program.args.map((dir) => userPath(dir));
  prepareOutputFiles(
    [
      ...(opts.report === undefined ? [] : [{ option: '--report', file: opts.report, kind: 'report' as const }]),
      ...(opts.shiviz === undefined ? [] : [{ option: '--shiviz', file: opts.shiviz, kind: 'shiviz' as const }]),
    ],
    given,
  );
  const dirs = distinctFolders(given);
  if (dirs.length < given.length) process.stderr.write(`analyze: a run folder given more than once is analysed once\n`);
  // As check does: of several folders, one that is not a run is named on stderr, the others are analysed; exit 2.
  const notRuns: NotARun[] = [];
  const printNotRun = printNotARun('analyze');
  // Ctrl+C (or SIGTERM) while the logs are read: the analysis stops, and writes nothing (a ShiViz log's partial file
  // is removed, an earlier one left as it was). Once they are read, the rest is quick and comes whole.
  const signals = listenForStopSignals();
  // A large run takes minutes to read: on a terminal, a bar says how far it is.
  const progress = startReadProgress('analyze: reading logs', filesSize(dirs.flatMap(machineLogPaths)));
  let analysis: Analysis;
  try {
    analysis = await analyzeRuns(dirs, {
      stop: signals.signal,
      onProblem: printProblems('analyze: ', progress.write),
      onNotARun: (dir, error) => {
        notRuns.push({ dir, error: error.message });
        printNotRun(dir, error);
      },
      ...(opts.shiviz === undefined ? {} : { shiviz: opts.shiviz }),
      evenAlone: opts.json === true,
    });
  } catch (error) {
    if (!(error instanceof AnalysisStopped)) throw error;
    // The bar goes first: the line below comes on a clean line, not after it.
    progress.stop();
    // A link, device or pipe is written in place (shiviz.ts): what reached it is the start of the export, not nothing.
    const through = opts.shiviz !== undefined && writesThrough(opts.shiviz);
    const earlier = opts.shiviz !== undefined && !through && existsSync(opts.shiviz) ? ` (${opts.shiviz} is the earlier export, as it was)` : '';
    const written = through ? `the ShiViz log in ${opts.shiviz} stops partway` : `nothing written${earlier}`;
    process.stderr.write(`analyze: interrupted while reading the logs; ${written}\n`);
    return signals.exitCode();
  } finally {
    progress.stop();
    signals.dispose();
  }
  const code = notRuns.length ? 2 : 0;
  for (const run of analysis.runs) if (run.mayStillBeRunning) process.stderr.write(`analyze: note: ${run.dir}: ${mayBeGoingNote(run.logsOpen)}\n`);
  for (const run of analysis.runs) {
    const note = opts.shiviz === undefined || run.shivizEvents === undefined ? null : shivizNote(run.dir, opts.shiviz, run.shivizEvents, regularFileSize(opts.shiviz));
    if (note) process.stderr.write(`analyze: ${note}\n`);
  }
  // As check --json: the document comes whatever was read, with the folders that are not runs (none readable: no runs).
  const printJson = () => process.stdout.write(`${JSON.stringify({ ...analysisJson(analysis), notRuns }, null, 2)}\n`);
  if (analysis.runs.length === 0) {
    if (opts.json) printJson();
    return code;
  }
  // A report that cannot be made does not cost the tables or the JSON: they are printed, then the error.
  let reportError: Error | undefined;
  if (opts.report !== undefined) {
    // vega and vega-lite take a while to load: only when a report is asked for.
    const { writeReport } = await import('./report.js');
    try {
      await writeReport(analysis, opts.report);
    } catch (error) {
      // A file error (it was tried before the analysis, so rare) or a chart vega could not draw.
      reportError = isFileError(error)
        ? cannotWrite({ option: '--report', file: opts.report }, error)
        : new Error(`the report could not be drawn: ${(error as Error).message}`, { cause: error });
    }
  }
  const reportWritten = opts.report !== undefined && !reportError;
  const written = [...(opts.shiviz === undefined ? [] : [`ShiViz log: ${shellWord(opts.shiviz)}${shivizSizeNote(opts.shiviz)}`]), ...(reportWritten ? [`report: ${shellWord(opts.report!)}`] : [])];
  if (opts.json) {
    printJson();
    // stdout is the JSON document alone: what else was written is said on stderr.
    for (const line of written) process.stderr.write(`${line}\n`);
  } else {
    const out = [renderTables(analysis, width), ...written].join('\n');
    process.stdout.write(written.length ? `${out}\n` : out);
  }
  if (reportError) throw reportError;
  return code;
}

/** ` (104 MB: ...)` for a ShiViz log too large for ShiViz to load comfortably (the size shivizNote says), else nothing. */
function shivizSizeNote(file: string): string {
  const bytes = statSync(file).size;
  if (bytes <= SHIVIZ_MANY_BYTES) return '';
  return ` (${humanBytes(bytes)}: ShiViz in a browser is slow past about ${humanBytes(SHIVIZ_MANY_BYTES)}; a shorter run or fewer machines makes a smaller log)`;
}

/** The size of `file` if it is a regular file (not a pipe or a device written through), else undefined. */
function regularFileSize(file: string): number | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
