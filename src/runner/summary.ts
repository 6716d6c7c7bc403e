// The end-of-run summary of start-all: per machine rate, ticks, final clock, max queue, end queue, from the logs.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isTickRecord } from '../core/records.js';
import { IsoTimeParser, parseRecordLine } from '../analysis/parse-record.js';
import { jsonlPath } from '../log/machine-log.js';
import { fitTable } from '../analysis/fit-table.js';
import { lagText, rateText, rightAligned, rightAlignedGroup } from '../analysis/text-table.js';
import { grouped } from '../text/grouped.js';
import { shortOfDue, ticksDue } from '../analysis/ticks-due.js';

export interface MachineSummary {
  id: number;
  rate: number | null;
  ticks: number;
  clock: number;
  maxQueue: number;
  endQueue: number | null;
  /** The largest of the stop records' maxLagMs over the incarnations that ticked; null when none of them has one. */
  maxLagMs: number | null;
  /** How many times the machine started (a fault schedule's restarts add to 1); ticks count them all. */
  incarnations: number;
  /** False when the log's last incarnation has no stop record (the machine crashed or was killed). */
  stopped: boolean;
  /** The stop record's tickingMs (how long its last incarnation ticked), when it has one. */
  tickingMs?: number;
  /** Frames its full queue refused (maxQueue), over the incarnations' stop records. */
  refused: number;
}

/** Streams one machine's JSONL log and summarises it; unreadable lines are skipped. */
export async function summarizeMachine(dir: string, id: number): Promise<MachineSummary> {
  const summary: MachineSummary = { id, rate: null, ticks: 0, clock: 0, maxQueue: 0, endQueue: null, maxLagMs: null, incarnations: 0, stopped: false, refused: 0 };
  // Ticks of the incarnations before the current one: a restarted machine numbers its ticks from 1 again.
  let earlier = 0;
  const file = jsonlPath(dir, id);
  if (!existsSync(file)) return summary;
  const times = new IsoTimeParser();
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    // A line that is no record (cut, not JSON, `null`, a record missing a field) is skipped, as analyze skips it.
    const r = parseRecordLine(line, id, times);
    if (typeof r === 'string') continue;
    if (r.event === 'start') {
      earlier = summary.ticks;
      summary.incarnations++;
      summary.stopped = false;
      summary.rate = r.rate;
    } else if (isTickRecord(r)) {
      summary.ticks = earlier + r.tick;
      summary.clock = r.clock;
      // A message waited in the queue before this tick took it: the queue held queue + 1.
      summary.maxQueue = Math.max(summary.maxQueue, r.event === 'receive' ? r.queue + 1 : r.queue);
    } else if (r.event === 'stop') {
      // A restart that never ticked was never late: its 0 does not hide an earlier incarnation's lateness.
      const lag = r.ticks > 0 && Number.isFinite(r.maxLagMs) ? r.maxLagMs : null;
      const maxLagMs = lag === null ? summary.maxLagMs : Math.max(summary.maxLagMs ?? lag, lag);
      Object.assign(summary, { ticks: earlier + r.ticks, clock: r.clock, endQueue: r.queue, maxLagMs, stopped: true, tickingMs: r.tickingMs });
      summary.maxQueue = Math.max(summary.maxQueue, r.maxQueue ?? r.queue);
      summary.refused += r.overflow ?? 0;
    }
  }
  return summary;
}

/**
 * The summary table; with a `width` (the terminal's, see cli/output-width.ts) that its lines would pass, it is split
 * as analyze splits its tables (fit-table.ts): the counts (rate, ticks, final clock) and the ends (queues, lag,
 * incarnations) in tables of their own, each starting with the machine column.
 */
export function formatSummary(summaries: MachineSummary[], width: number | null = null, unlogged: ReadonlyMap<number, string> = new Map()): string {
  // The incarnations column appears only when a machine was restarted, the refused one when a full queue refused frames.
  const restarted = summaries.some((s) => s.incarnations > 1);
  const refused = summaries.some((s) => s.refused > 0);
  // Numbers right-aligned, as analyze's tables have them: grouped thousands then line up (`1,000,000` over `1`).
  const counts = rightAlignedGroup('counts', 'rate', 'ticks', 'final clock');
  const ends = rightAlignedGroup('ends', 'max queue', 'end queue', ...(refused ? ['refused (queue full)'] : []), 'max lag ms', ...(restarted ? ['incarnations'] : []));
  const rows = summaryRows(summaries, restarted, refused, unlogged).map((r) => r.map(String));
  return fitTable([rightAligned('machine'), ...counts, ...ends], rows, width);
}

/**
 * `unlogged`: why a machine without a start record has none, when it is not that it never started: its process was
 * stopped by the run's end before it bound its port, or its log could not be written (a full disk).
 */
function summaryRows(summaries: MachineSummary[], restarted: boolean, refused: boolean, unlogged: ReadonlyMap<number, string>): (string | number)[][] {
  return summaries.map((s) => {
    // A machine without a start record has nothing to count (its rate is the run's choice).
    // Thousands grouped, as analyze's tables and the lines below give the same figures (`1,000,000`, `405,376`).
    const rate = s.rate === null ? '?' : rateText(s.rate);
    if (s.incarnations === 0) return [s.id, rate, unlogged.get(s.id) ?? 'not started'];
    return [
      s.id,
      rate,
      grouped(s.ticks),
      grouped(s.clock),
      grouped(s.maxQueue),
      s.stopped ? (s.endQueue === null ? '?' : grouped(s.endQueue)) : 'no stop record',
      ...(refused ? [grouped(s.refused)] : []),
      // A machine that never ticked was never late.
      s.ticks === 0 || s.maxLagMs === null ? '-' : lagText(s.maxLagMs),
      ...(restarted ? [s.incarnations] : []),
    ];
  });
}

/** A tick this late (ms) may mean a paused machine, not only a rate the host could not keep. */
const PAUSE_MS = 1000;

/**
 * A line for each machine that ran well short of its rate (the host could not keep it): more than 1% and 2 ticks
 * fewer than rate x the time it ticked, as check's tick-rate rule counts. Only machines that ran once and stopped.
 */
export function shortOfRate(summaries: readonly MachineSummary[]): string[] {
  const lines: string[] = [];
  for (const s of summaries) {
    if (s.incarnations !== 1 || !s.stopped || s.tickingMs === undefined || s.rate === null) continue;
    // Whole ticks due, as check's tick-rate rule counts them: 44 of 46.97 due is 2 short there, and must be here too.
    const due = ticksDue(s.rate, s.tickingMs);
    if (!shortOfDue(s.ticks, due)) continue;
    const percent = Math.floor((100 * s.ticks) / due);
    // A tick a second or more late: the machine may have been paused (SIGSTOP, a suspended laptop), not only too slow.
    const why = s.maxLagMs !== null && s.maxLagMs >= PAUSE_MS ? `it was paused, or this host could not keep that rate (a tick ran ${lagText(s.maxLagMs)} ms late)` : 'this host could not keep that rate';
    lines.push(
      `machine ${s.id} ran ${grouped(s.ticks)} ticks in ${(s.tickingMs / 1000).toFixed(1)} s at ${grouped(s.rate, 20)}/s: ${percent}% of the ` +
        `${grouped(due)} due; ${why}`,
    );
  }
  return lines;
}
