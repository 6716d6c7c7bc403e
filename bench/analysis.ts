// Benchmark of the analysis: a synthetic run of 1,000,000 records (the simulator, 3 machines at 6, 4 and 2 ticks/s),
// then analyze (tables), check and analyze --report, each in its own child process for a clean peak RSS.
// Run: `node dist/bench/analysis.js [--quick]`; `npm run bench` calls benchAnalysis().
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { analyzeRun } from '../src/analysis/analyze.js';
import { checkRun } from '../src/analysis/check-run.js';
import { writeReport } from '../src/analysis/report.js';
import { renderTables } from '../src/analysis/tables.js';
import { writeRunInfo } from '../src/log/run-info.js';
import { parseConfig } from '../src/config/load.js';
import { createRunFolderSink } from '../src/sim/run-folder-sink.js';
import { simulate, type SimSetup } from '../src/sim/simulation.js';

const RATES = [6, 4, 2];
const TASKS = ['analyze', 'check', 'report'] as const;
type Task = (typeof TASKS)[number];

export interface TaskFigures {
  /** Time of the analysis call itself, in the child (ms). */
  workMs: number;
  /** Wall time of the whole child process, Node start-up included (ms). */
  processMs: number;
  /** Peak resident set size of the child process (MB). */
  peakRssMb: number;
  /** Records analysed per second of work time. */
  recordsPerSecond: number;
}

export interface AnalysisBenchFigures {
  records: number;
  logBytes: number;
  generateMs: number;
  tasks: Record<Task, TaskFigures>;
  node: string;
}

/** Simulates a run with about `records` records into `dir` (machine logs and run.json). */
function generateRun(dir: string, records: number): void {
  const totalRate = RATES.reduce((a, b) => a + b, 0);
  const durationSeconds = Math.ceil(records / totalRate);
  const ids = RATES.map((_, i) => i + 1);
  const setup: SimSetup = {
    machines: ids.map((id, i) => ({ id, rate: RATES[i]! })),
    internalProbability: 0.7,
    seed: 2026,
    durationSeconds,
    delayMs: [1, 5],
    startTime: Date.parse('2026-01-01T00:00:00.000Z'),
  };
  const sink = createRunFolderSink(dir, ids);
  let result;
  try {
    result = simulate(setup, (record) => sink.write(record));
  } finally {
    sink.close();
  }
  const config = parseConfig({ machines: Object.fromEntries(ids.map((id) => [String(id), { host: '127.0.0.1', port: 5000 + id }])) }, 'bench');
  writeRunInfo(dir, {
    mode: 'simulated',
    seed: setup.seed,
    rates: Object.fromEntries(ids.map((id, i) => [String(id), RATES[i]!])),
    internalProbability: setup.internalProbability,
    durationSeconds,
    staggerMs: 0,
    delayMs: [1, 5],
    startTime: new Date(result.startTime).toISOString(),
    endTime: new Date(result.endTime).toISOString(),
    config,
    stoppedTogether: true,
  });
}

/** The child: runs one task on `dir`, prints {workMs, peakRssMb, records} as JSON. */
async function child(task: Task, dir: string, out: string): Promise<void> {
  const began = performance.now();
  let records = 0;
  if (task === 'check') {
    records = (await checkRun(dir)).records;
  } else {
    const run = await analyzeRun(dir);
    const analysis = { runs: [run] };
    if (task === 'report') await writeReport(analysis, out);
    else renderTables(analysis);
    records = run.metrics.machines.reduce((n, m) => n + m.records, 0);
  }
  const workMs = performance.now() - began;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ workMs, peakRssMb, records }));
}

/** Generates the run, times each task in a child process, cleans up, and returns the figures. */
export async function benchAnalysis(opts: { quick?: boolean } = {}): Promise<AnalysisBenchFigures> {
  const target = opts.quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'lamport-bench-analysis-'));
  try {
    const run = join(dir, 'run');
    const began = performance.now();
    generateRun(run, target);
    const generateMs = performance.now() - began;
    const logBytes = readdirSync(run)
      .filter((f) => f.endsWith('.jsonl'))
      .reduce((n, f) => n + statSync(join(run, f)).size, 0);
    const self = fileURLToPath(import.meta.url);
    const tasks = {} as Record<Task, TaskFigures>;
    let records = 0;
    for (const task of TASKS) {
      const start = performance.now();
      const { stdout } = await execa(process.execPath, [self, '--child', task, run, join(dir, 'report.html')]);
      const processMs = performance.now() - start;
      const figures = JSON.parse(stdout) as { workMs: number; peakRssMb: number; records: number };
      records = figures.records;
      tasks[task] = {
        workMs: round(figures.workMs),
        processMs: round(processMs),
        peakRssMb: round(figures.peakRssMb),
        recordsPerSecond: Math.round(figures.records / (figures.workMs / 1000)),
      };
    }
    return { records, logBytes, generateMs: round(generateMs), tasks, node: process.version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1] as Task, args[2]!, args[3]!);
  } else {
    const figures = await benchAnalysis({ quick: args.includes('--quick') });
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  }
}
