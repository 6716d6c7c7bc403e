// The issue's goals on this machine, judged against the measured figures (each on the median of its runs).
import { isFigure, judgedMedian, type Figure, type NotMeasured } from './figure.js';
import type { BenchResults, GoalResult } from './results.js';
import type { FidelityRow } from './tick-fidelity.js';
import type { HighRateRow } from './high-rates.js';
import type { ScaleRow } from './mesh-scale.js';
import { besideLimit } from './limit-text.js';

const measuredRows = <T extends object>(section: { rows: (T | (NotMeasured & object))[] } | NotMeasured): T[] | undefined => {
  if ('notMeasured' in section) return undefined;
  const rows = section.rows.filter((r): r is T => !('notMeasured' in r));
  return rows.length === section.rows.length ? rows : undefined;
};

/**
 * `3 ms (runs 2 to 5)`; one run (--quick) has no range to give. Given the goal's limit, a median that would read as
 * the limit gets the digits that tell them apart, and one that is the limit says so (`MISSED: ... under 2 ms: 2 ms,
 * at the limit`, not a bare `2 ms` that reads as a contradiction).
 */
export const fmt = (f: Figure, unit: string, limit?: number): string => {
  const median = limit === undefined ? String(f.median) : besideLimit(judgedMedian(f), limit);
  const atLimit = judgedMedian(f) === limit ? ', at the limit' : '';
  return `${median} ${unit}${atLimit}${f.runs.length > 1 ? ` (runs ${f.min} to ${f.max})` : ''}`;
};

/** A ratio's figure in percent (`68.7% (runs 48.1% to 84.5%)`), with the digits that tell it from `limitPercent`. */
const percentText = (f: Figure, limitPercent: number): string => {
  const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
  return `${besideLimit(judgedMedian(f) * 100, limitPercent, 1)}%${f.runs.length > 1 ? ` (runs ${pct(f.min)} to ${pct(f.max)})` : ''}`;
};

function judge(goal: string, value: number | undefined, measured: () => string, ok: (v: number) => boolean): GoalResult {
  return value === undefined ? { goal, measured: 'not measured', met: null } : { goal, measured: measured(), met: ok(value) };
}

export function judgeGoals(r: Omit<BenchResults, 'goals'>): GoalResult[] {
  const goals: GoalResult[] = [];
  const fidelity = measuredRows<FidelityRow>(r.fidelity);
  const high = measuredRows<HighRateRow>(r.highRates);
  const scale = measuredRows<ScaleRow>(r.scale);

  const worstDev = fidelity?.reduce<FidelityRow | undefined>((a, b) => (!a || Math.abs(judgedMedian(b.tickDeviation)) > Math.abs(judgedMedian(a.tickDeviation)) ? b : a), undefined);
  goals.push(
    judge(`Rates ${r.plan.fidelity.rates.join(', ')} over ${r.plan.fidelity.seconds} s: every machine within one tick of rate x elapsed`, worstDev && Math.abs(judgedMedian(worstDev.tickDeviation)), () => `worst: rate ${worstDev!.rate}, ${fmt(worstDev!.tickDeviation, 'ticks off')}`, (v) => v <= 1),
  );

  const upTo1000 = [
    ...(fidelity ?? []).map((row) => ({ label: `${row.rate}/s`, p99: row.lagP99Ms })),
    ...(high ?? []).filter((row) => row.rate <= 1000).map((row) => ({ label: `${row.rate}/s`, p99: row.lagP99Ms })),
  ];
  const worstLag = fidelity && high ? upTo1000.reduce<(typeof upTo1000)[number] | undefined>((a, b) => (!a || judgedMedian(b.p99) > judgedMedian(a.p99) ? b : a), undefined) : undefined;
  goals.push(judge('Lateness p99 under 2 ms at any rate up to 1,000 per second', worstLag && judgedMedian(worstLag.p99), () => `worst: ${worstLag!.label}, ${fmt(worstLag!.p99, 'ms', 2)}`, (v) => v < 2));

  const at5000 = high?.find((row) => row.rate === 5000);
  goals.push(
    judge('3 machines at 5,000 per second: within 1% of the expected ticks, both log files written', at5000 && Math.abs(judgedMedian(at5000.tickErrorPercent)), () => `${fmt(at5000!.tickErrorPercent, '%', 1)}; both files complete: ${at5000!.logsComplete ? 'yes' : 'no'}`, (v) => v <= 1 && at5000!.logsComplete),
  );

  const mesh50 = scale?.find((row) => row.machines === 50);
  goals.push(judge('50 machines at 100 per second: lateness p99 under 10 ms (worst machine)', mesh50 && judgedMedian(mesh50.lagP99Ms), () => fmt(mesh50!.lagP99Ms, 'ms', 10), (v) => v < 10));
  goals.push(judge('50 machines: every machine connected to all peers within 3 s of its start', mesh50 && judgedMedian(mesh50.connectMs), () => fmt(mesh50!.connectMs, 'ms', 3000), (v) => v < 3000));

  const latency = 'notMeasured' in r.latency ? undefined : r.latency;
  goals.push(judge('Loopback latency p99 under 2 ms', latency && judgedMedian(latency.p99Ms), () => fmt(latency!.p99Ms, 'ms', 2), (v) => v < 2));

  const framing = 'notMeasured' in r.framing ? undefined : r.framing;
  goals.push(judge("Framing at least 50% of the bare socket", framing && judgedMedian(framing.ratio), () => percentText(framing!.ratio, 50), (v) => v >= 0.5));

  const rss = [
    ...(high ?? []).map((row) => ({ label: `${row.rate}/s`, f: row.peakRssMb })),
    ...(scale ?? []).map((row) => ({ label: `${row.machines}-machine mesh`, f: row.rssMbMax })),
  ].filter((x): x is { label: string; f: Figure } => isFigure(x.f));
  const worstRss = high && scale && rss.length ? rss.reduce((a, b) => (judgedMedian(b.f) > judgedMedian(a.f) ? b : a)) : undefined;
  goals.push(judge('Resident memory under 80 MB per machine', worstRss && judgedMedian(worstRss.f), () => `largest: ${worstRss!.label}, ${fmt(worstRss!.f, 'MB', 80)}`, (v) => v < 80));
  return goals;
}
