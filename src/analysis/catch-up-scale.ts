// The drift chart of a run with restarts: a restarted machine starts again from clock 0 and is far behind until its
// first receive (its catch-up). When that alone would stretch the y axis, the axis stops at the largest drift outside
// catch-ups, the catch-up runs off the top (clipped), and a label there says which machine and how far.
import type { RunAnalysis } from './analyze.js';

export interface CatchUpScale {
  /** Top of the drift axis: a little above the largest drift outside catch-ups. */
  top: number;
  /**
   * One label per restart that ran off the top: where it begins on the time axis (seconds), what it says, which side
   * of that time it reads (its arrow at that time), and its line from the top (0, 1, ...: labels never overlap).
   */
  marks: Array<{ t: number; label: string; align: 'left' | 'right'; row: number }>;
  /** A sentence for the caption. */
  note: string;
}

/** Off the scale only when the catch-ups reach more than twice the rest, and by more than this many clock values. */
const MIN_EXCESS = 10;

/** How to scale the drift chart, or null when every point fits as it is (no restart, or a catch-up that stays close). */
export function catchUpScale(run: RunAnalysis): CatchUpScale | null {
  const origin = run.metrics.startTime;
  if (origin === null) return null;
  const bucket = run.series.bucketMs / 1000;
  const windows = run.metrics.machines.flatMap((m) =>
    m.catchUpJumps.map((c) => ({
      machine: m.machine,
      from: (c.restartTime - origin) / 1000,
      // The bucket holding the catch-up receive still ends behind: it counts as catch-up too.
      to: ((c.time ?? m.endTime ?? c.restartTime) - origin) / 1000 + bucket,
      peak: 0,
    })),
  );
  if (windows.length === 0) return null;
  let rest = 0;
  for (const p of run.series.points) {
    if (p.drift === null) continue;
    const w = windows.find((x) => x.machine === p.machine && p.t >= x.from && p.t <= x.to);
    if (w) w.peak = Math.max(w.peak, p.drift);
    else rest = Math.max(rest, p.drift);
  }
  const off = windows.filter((w) => w.peak > 2 * rest && w.peak - rest > MIN_EXCESS);
  if (off.length === 0) return null;
  const span = run.metrics.endTime === null ? 1 : Math.max((run.metrics.endTime - origin) / 1000, 1e-3);
  const machines = [...new Set(off.map((w) => w.machine))];
  const driftMax = (ids: number[]): string => ids.map((id) => run.metrics.machines.find((m) => m.machine === id)!.drift.max).join(', ');
  return {
    // Room above the highest curve for the labels, a line each.
    top: Math.ceil(rest * (1.15 + 0.1 * (off.length - 1))) + 1,
    marks: [...off]
      .sort((a, b) => a.from - b.from)
      .map((w, row) => {
        // Read to the left of a late restart, so that it stays inside the chart: the arrow then ends the label.
        const right = w.from > 0.6 * span;
        const text = `machine ${w.machine} restarted from clock 0 (off the scale)`;
        return { t: w.from, label: right ? `${text} ↑` : `↑ ${text}`, align: right ? ('right' as const) : ('left' as const), row };
      }),
    note:
      ` After ${machines.length === 1 ? 'its restart, machine' : 'their restarts, machines'} ${machines.join(', ')} started again from clock 0 and` +
      ` ${machines.length === 1 ? 'was' : 'were'} far behind until the first receive (drift max ${driftMax(machines)} in the tables): that part runs off` +
      ` the top, so that the other curves stay readable.`,
  };
}
