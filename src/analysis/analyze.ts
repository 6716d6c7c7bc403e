// Analyses run folders in one streaming pass each: metrics, chart series, vector clocks and, on request, ShiViz.
import { basename } from 'node:path';
import { UsageError } from '../config/errors.js';
import { isTickRecord } from '../core/records.js';
import type { RunInfo } from '../log/run-info.js';
import { eachRunFolder, type NotARunSink } from './each-run-folder.js';
import { appliedScheduleStart, appliedWindows, plannedWindows, type RunFaultWindow } from './fault-windows.js';
import { logsOpenForWriting, runMayBeGoing, stillWriting } from './log-cut-short.js';
import { RunMetricsCollector, type RunMetrics } from './metrics.js';
import { cannotWrite } from './output-file.js';
import type { InputProblem, ProblemSink } from './problems.js';
import { readRun } from './record-stream.js';
import { duration } from './text-table.js';
import { openRunFolder } from './run-folder.js';
import { RunSeriesCollector, type RunSeries } from './series.js';
import { ShivizWriter } from './shiviz.js';
import { VectorClockTracker, type CausalitySummary } from './vector-clocks.js';
import { isFileError } from '../log/file-error.js';
import { runEndUnknown, StopRecordCount } from './unknown-end.js';

export interface RunAnalysis {
  dir: string;
  /** The run folder's name. */
  name: string;
  info: RunInfo | null;
  metrics: RunMetrics;
  series: RunSeries;
  causality: CausalitySummary;
  /** When each fault of the run's schedule was in force (empty for a run without faults). */
  faults: RunFaultWindow[];
  /**
   * When the fault schedule's clock started (epoch ms): the seconds of the fault file (`at`, `until`) and of start-all's
   * `fault at ...` lines count from here, about when the last machine began ticking. Null for a run without faults.
   */
  scheduleStart: number | null;
  /** Problems with the input (also passed to onProblem as they were found). */
  problems: InputProblem[];
  /**
   * run.json has no end time (`"endTime": null`): the run may still be going, or start-all was killed; or, without
   * run.json, a running process still writes a log without its stop record. A machine without a stop record
   * (`crashed`) may then still be running.
   */
  mayStillBeRunning: boolean;
  /** Started by hand (no run.json): machines whose log a running process had open for writing, with its pid (logsOpenForWriting). */
  logsOpen: ReadonlyMap<number, number>;
  /** With a ShiViz log asked for (AnalyzeOptions.shiviz): how many events it holds. */
  shivizEvents?: number;
}

export interface Analysis {
  runs: RunAnalysis[];
}

/** Thrown by analyzeRun once its `stop` signal is aborted (Ctrl+C): nothing was written, a ShiViz log's partial file removed. */
export class AnalysisStopped extends Error {
  constructor() {
    super('analysis stopped');
  }
}

export interface AnalyzeOptions {
  /** Aborted (Ctrl+C): the analysis stops between two batches of records and throws AnalysisStopped. */
  stop?: AbortSignal;
  /** Called with each input problem as soon as it is found (the CLI prints them to stderr). */
  onProblem?: ProblemSink;
  /** Write a ShiViz log of the run to this file (one run only). */
  shiviz?: string;
  /**
   * Of several folders, one that is not a run (no such folder, no machine logs, no records) is passed here and
   * skipped, and the others are analysed; without it (or with one folder, unless evenAlone) its error is thrown.
   */
  onNotARun?: NotARunSink;
  /** One folder that is not a run goes to onNotARun too (--json, whose document comes anyway). */
  evenAlone?: boolean;
}

/** Reads one run folder once and computes everything the tables, the JSON and the report show. */
export async function analyzeRun(dir: string, options: AnalyzeOptions = {}): Promise<RunAnalysis> {
  const problems: InputProblem[] = [];
  const report: ProblemSink = (problem) => {
    problems.push(problem);
    options.onProblem?.(problem);
  };
  const run = openRunFolder(dir, report);
  const metrics = new RunMetricsCollector(run.info);
  const series = new RunSeriesCollector();
  const shiviz = options.shiviz === undefined ? undefined : new ShivizWriter(options.shiviz);
  const vectors = new VectorClockTracker(
    new Set(run.files.map((f) => f.machine)),
    shiviz && ((event) => shiviz.write(event)),
  );
  // When every machine ticked: the schedule's planned seconds count from about then (used without faults.jsonl).
  const firstTicks = new Map<number, number>();
  let records = 0;
  const stops = new StopRecordCount();
  // Started by hand: a machine whose log a running process writes as the reading begins, and that the logs read show
  // without its stop record, is running (one that stops meanwhile is read with its stop record, or as running).
  const openAtStart = logsOpenForWriting(run.info, run.files);
  /** Each machine's latest record time and line: a record earlier than it is named (check warns of it too). */
  const latest = new Map<number, { time: number; line: number }>();
  try {
    for await (const batch of readRun(run, report)) {
      records += batch.length;
      for (const located of batch) {
        const { record, file, line, text } = located;
        stops.see(located);
        const before = latest.get(record.machine);
        if (before && record.time < before.time) {
          const message = `record time ${duration(before.time - record.time)} earlier than line ${before.line}'s; drift, latency and rates around it are off`;
          report({ kind: 'time-backwards', file, line, text: text.slice(0, 200), message });
        }
        latest.set(record.machine, { time: record.time, line });
        metrics.add(record);
        series.add(record);
        vectors.add(record);
        if (isTickRecord(record) && !firstTicks.has(record.machine)) {
          firstTicks.set(record.machine, record.time);
        }
      }
      if (shiviz) await shiviz.ready();
      if (options.stop?.aborted) throw new AnalysisStopped();
    }
    if (records === 0) throw new UsageError(`${dir}: no records in its machine logs (${run.files.map((f) => basename(f.path)).join(', ')})`);
    const causality = vectors.finish();
    await shiviz?.close();
    const planned = run.info?.faults?.windows ?? [];
    const scheduleStart = run.faults
      ? appliedScheduleStart(run.faults)
      : planned.length && firstTicks.size
        ? Math.max(...firstTicks.values())
        : null;
    const faults = run.faults ? appliedWindows(run.faults, planned) : scheduleStart === null ? [] : plannedWindows(planned, scheduleStart);
    const logsOpen = stillWriting(openAtStart, (id) => stops.allStopped([id]));
    // No run.json and no stop record in any log: as check does, no machine is called crashed (unknown-end.ts), unless
    // some are known to be still running: the others then crashed.
    const result = metrics.result({ endUnknown: runEndUnknown(run.info, records, stops.count) && logsOpen.size === 0 });
    return {
      dir,
      name: run.name,
      info: run.info,
      metrics: result,
      series: series.result(),
      causality,
      faults,
      scheduleStart,
      problems,
      // Only a machine without a stop record may still be running.
      mayStillBeRunning: result.machines.some((m) => m.crashed && (runMayBeGoing(run.info) || logsOpen.has(m.machine))),
      logsOpen,
      ...(shiviz ? { shivizEvents: shiviz.events } : {}),
    };
  } catch (error) {
    shiviz?.abort();
    if (shiviz && isFileError(error)) throw cannotWrite({ option: '--shiviz', file: shiviz.file }, error);
    throw error;
  }
}

/** Analyses several runs one after the other (each streamed, so memory does not grow with their number). */
export async function analyzeRuns(dirs: string[], options: AnalyzeOptions = {}): Promise<Analysis> {
  if (dirs.length === 0) throw new UsageError('give at least one run folder');
  if (options.shiviz !== undefined && dirs.length > 1) {
    throw new UsageError(`--shiviz exports one run, but ${dirs.length} run folders were given`);
  }
  const runs: RunAnalysis[] = [];
  await eachRunFolder(dirs, async (dir) => void runs.push(await analyzeRun(dir, options)), options.onNotARun, options.evenAlone);
  return { runs };
}
