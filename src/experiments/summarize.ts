// Turns analysed experiment runs into the published summary: summary.json (numbers) and summary.md (tables).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAnalysis } from '../analysis/analyze.js';
import { formatTable, meanText, numGrouped, rateText, rightAligned } from '../analysis/text-table.js';
import { grouped } from '../text/grouped.js';
import { delayRange } from '../text/delay-range.js';
import type { Experiment } from './plan.js';

export interface MachineRow {
  machine: number;
  rate: number | null;
  ticks: number;
  internal: number;
  send: number;
  receive: number;
  /** Clock jumps on receive; null for a machine that received nothing. */
  jumpMax: number | null;
  jumpMean: number | null;
  maxQueue: number;
  endQueue: number;
  /** Drift; null for a machine that never ticked. */
  driftMax: number | null;
  driftMean: number | null;
  /** `behind` of the analysis: highest final clock in the run minus this machine's (for one without a stop record, its lag at its last record). */
  clockDifference: number;
  finalClock: number;
}

export interface ExperimentSummary {
  name: string;
  group: string;
  description?: string;
  mode: 'real' | 'simulated';
  seed: number;
  durationSeconds: number;
  internalProbability: number | null;
  delayMs: [number, number] | null;
  messages: { sent: number; received: number; leftInQueues: number };
  latencyMs: { p50: number; p99: number; max: number } | null;
  /** Event pairs on different machines that are concurrent although their Lamport clocks are ordered. */
  concurrentButOrdered: number;
  failures: string[];
  machines: MachineRow[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function summarizeExperiment(e: Experiment, run: RunAnalysis, durationSeconds: number, failures: string[]): ExperimentSummary {
  const m = run.metrics;
  return {
    name: e.name,
    group: e.group,
    ...(e.description ? { description: e.description } : {}),
    mode: run.info?.mode ?? 'real',
    seed: e.seed,
    durationSeconds,
    internalProbability: run.info?.internalProbability ?? null,
    delayMs: run.info?.delayMs ?? null,
    messages: { sent: m.messages.sent, received: m.messages.received, leftInQueues: m.messages.leftInQueues },
    latencyMs: m.latency.count ? { p50: r2(m.latency.p50 ?? 0), p99: r2(m.latency.p99 ?? 0), max: r2(m.latency.max ?? 0) } : null,
    concurrentButOrdered: run.causality.concurrentLamportOrderedPairs,
    failures,
    machines: m.machines.map((x) => ({
      machine: x.machine,
      rate: x.rate,
      ticks: x.ticks,
      internal: x.events.internal,
      send: x.events.send,
      receive: x.events.receive,
      jumpMax: x.jumps.max,
      jumpMean: x.jumps.mean === null ? null : r2(x.jumps.mean),
      maxQueue: x.maxQueue,
      endQueue: x.endQueue,
      driftMax: x.drift.max === null ? null : r2(x.drift.max),
      driftMean: x.drift.mean === null ? null : r2(x.drift.mean),
      clockDifference: x.behind,
      finalClock: x.finalClock,
    })),
  };
}

const TABLE_HEADER = ['machine', 'rate', 'ticks', 'max jump', 'mean jump', 'max queue', 'end queue', 'max drift', 'mean drift', 'clock diff'];

/** One machine's cells; '-' where there is nothing to measure (no receives, so no jumps). */
const tableRow = (m: MachineRow): (string | number)[] => [m.machine, m.rate ?? '?', m.ticks, m.jumpMax ?? '-', m.jumpMean ?? '-', m.maxQueue, m.endQueue, m.driftMax ?? '-', m.driftMean ?? '-', m.clockDifference];

/**
 * The table printed as each experiment ends, in analyze's formats: numbers right-aligned, thousands grouped, means to
 * 0.01. summary.md keeps tableRow's plain numbers (published files, compared byte for byte).
 */
export function experimentSummaryTable(s: ExperimentSummary): string {
  const rows = s.machines.map((m) => [
    String(m.machine),
    rateText(m.rate),
    grouped(m.ticks),
    numGrouped(m.jumpMax),
    meanText(m.jumpMean),
    grouped(m.maxQueue),
    grouped(m.endQueue),
    numGrouped(m.driftMax),
    meanText(m.driftMean),
    grouped(m.clockDifference),
  ]);
  return formatTable(TABLE_HEADER.map(rightAligned), rows);
}

function markdownTable(s: ExperimentSummary): string {
  const rows = s.machines.map(tableRow);
  return [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** "delay 100-500 ms", "delay 1 ms" (a fixed delay), or "no added delay". */
function delayText(delayMs: [number, number] | null): string {
  if (!delayMs || delayMs[1] <= 0) return 'no added delay';
  return `delay ${delayRange(delayMs)}`;
}

/**
 * Writes summary.json and summary.md into `root`; summary.md says the command that made it (`npm run experiments --
 * --sim --quick`: `flags`, without the ones that only choose where or which, such as --out and --only).
 */
export function writeSummaries(root: string, summaries: ExperimentSummary[], flags: readonly string[] = []): void {
  writeFileSync(join(root, 'summary.json'), JSON.stringify(summaries, null, 2) + '\n');
  const md = summaries.map((s) => {
    const settings = [`${s.mode}`, `seed ${s.seed}`, `${s.durationSeconds} s`, `internal probability ${s.internalProbability}`, delayText(s.delayMs)];
    const msgs = `messages: ${s.messages.sent} sent, ${s.messages.received} received, ${s.messages.leftInQueues} left in queues`;
    return `### ${s.name} (${s.group})\n\n${settings.join(', ')}; ${msgs}${s.failures.length ? `; FAILURES: ${s.failures.join('; ')}` : ''}\n\n${markdownTable(s)}\n`;
  });
  writeFileSync(join(root, 'summary.md'), `# Experiment summary\n\nGenerated by \`npm run experiments${flags.length ? ` -- ${flags.join(' ')}` : ''}\`; do not edit by hand.\n\n${md.join('\n')}`);
}
