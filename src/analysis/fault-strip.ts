// The fault windows of a run on its time charts: a strip above the plot with one bar per window, labelled, in lanes so
// that neither bars nor labels overlap, and thin rules in the plot where each window begins (dashed) and ends (dotted).
import type { RunAnalysis } from './analyze.js';
import type { FaultKind } from './fault-windows.js';

/** Pixels per lane of the strip, and the width of one label character at its font size (an estimate). */
const LANE_PX = 15;
const CHAR_PX = 5.6;
/** Light fills and darker outlines per kind (not the machines' colours: the strip is read by its labels). */
const FILL: Record<FaultKind, string> = { toxic: '#f6dcb4', down: '#cfd8e3', kill: '#d0d0d0' };
const STROKE: Record<FaultKind, string> = { toxic: '#c98a2e', down: '#6b7d93', kill: '#555555' };

export interface FaultBar {
  /** Seconds since the run's first record (the charts' time axis); x2 is the end of the run for a window still open. */
  x: number;
  x2: number;
  /** Whether the window ended before the run did (a rule marks its end). */
  ended: boolean;
  kind: FaultKind;
  label: string;
  /** 0 for the top lane. */
  lane: number;
}

/**
 * The run's fault windows in chart coordinates, each in the first lane where its bar and its label (which may run past
 * a short bar) clear the ones already placed. `plotWidth` is the plot's width in pixels.
 */
export function faultBars(run: RunAnalysis, plotWidth: number): FaultBar[] {
  const origin = run.metrics.startTime;
  const end = run.metrics.endTime;
  if (origin === null || end === null || run.faults.length === 0) return [];
  const span = Math.max((end - origin) / 1000, 1e-3);
  const seconds = (ms: number): number => Math.min(Math.max((ms - origin) / 1000, 0), span);
  const laneEnds: number[] = [];
  const gap = (6 / plotWidth) * span;
  return [...run.faults]
    .sort((a, b) => a.from - b.from)
    .map((w) => {
      const x = seconds(w.from);
      const x2 = w.to === null ? span : seconds(w.to);
      const labelEnd = x + ((w.label.length * CHAR_PX + 6) / plotWidth) * span;
      let lane = laneEnds.findIndex((e) => e + gap <= x);
      if (lane < 0) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = Math.max(x2, labelEnd);
      return { x, x2, ended: w.to !== null, kind: w.kind, label: w.label, lane };
    });
}

/** The strip above a time chart (a vega-lite view sharing its x scale), or null for a run without faults. */
export function faultStrip(bars: readonly FaultBar[], width: number): object | null {
  if (bars.length === 0) return null;
  const lanes = Math.max(...bars.map((b) => b.lane)) + 1;
  const kinds = [...new Set(bars.map((b) => b.kind))];
  const x = { field: 'x', type: 'quantitative', axis: null } as const;
  const y = { field: 'lane', type: 'ordinal', axis: null, scale: { domain: [...Array(lanes).keys()], paddingInner: 0.15, paddingOuter: 0.05 } } as const;
  return {
    width,
    height: lanes * LANE_PX,
    data: { values: bars },
    layer: [
      {
        mark: { type: 'rect', strokeWidth: 1, tooltip: { content: 'data' } },
        encoding: {
          x,
          x2: { field: 'x2' },
          y,
          fill: { field: 'kind', type: 'nominal', legend: null, scale: { domain: kinds, range: kinds.map((k) => FILL[k]) } },
          stroke: { field: 'kind', type: 'nominal', legend: null, scale: { domain: kinds, range: kinds.map((k) => STROKE[k]) } },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10, fill: '#222', aria: false },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

/** Rules in the plot itself: dashed where each window begins, dotted where one that ended before the run did ends. */
export function faultRules(bars: readonly FaultBar[]): object[] {
  if (bars.length === 0) return [];
  const ends = bars.filter((b) => b.ended).map((b) => ({ x: b.x2 }));
  const rule = (values: Array<{ x: number }>, dash: number[]) => ({
    data: { values },
    mark: { type: 'rule', strokeDash: dash, strokeWidth: 1, stroke: '#888', aria: false },
    encoding: { x: { field: 'x', type: 'quantitative' } },
  });
  return [rule(bars.map((b) => ({ x: b.x })), [4, 3]), ...(ends.length ? [rule(ends, [1, 2])] : [])];
}
