// The fault windows of a run on its time charts: a strip above the plot with one bar per window, labelled, in lanes so
// that neither bars nor labels overlap, and thin rules in the plot where each window begins (dashed) and ends (dotted).
// A label sits inside its bar when it fits, else beside it: after its end, or before its start near the right edge.
import type { RunAnalysis } from './analyze.js';
import type { FaultKind } from './fault-windows.js';
import { faultLines } from './summary-rows.js';

/** Pixels per lane of the strip, and the width of one label character at its font size (an estimate). */
const LANE_PX = 16;
const CHAR_PX = 6.2;
/** Light fills and darker outlines per kind (not the machines' colours: the strip is read by its labels). */
const FILL: Record<FaultKind, string> = { toxic: '#f6dcb4', down: '#cfd8e3', kill: '#d0d0d0' };
const STROKE: Record<FaultKind, string> = { toxic: '#c98a2e', down: '#6b7d93', kill: '#555555' };

/** One place for a bar's label: its anchor and alignment, and the stretch of the lane that bar and label take. */
interface Placement {
  align: 'left' | 'right';
  at: number;
  from: number;
  to: number;
}

export interface FaultBar {
  /** Seconds since the run's first record (the charts' time axis); x2 is the end of the run for a window still open. */
  x: number;
  x2: number;
  /** Whether the window ended before the run did (a rule marks its end). */
  ended: boolean;
  kind: FaultKind;
  label: string;
  /** Where the label is anchored (seconds), and which way it runs from there: inside the bar or after it ('left'
   * aligned), or before its start ('right' aligned). */
  labelAt: number;
  labelAlign: 'left' | 'right';
  /** Whether the label is inside its bar (else beside it). */
  labelInside: boolean;
  /** 0 for the top lane. */
  lane: number;
  /** What a screen reader says of the bar (its visible label is hidden from it): the window's line of the run table. */
  description: string;
}

/**
 * The run's fault windows in chart coordinates, each labelled inside its bar when the label fits, else beside it,
 * and put in the first lane where its bar and its label clear the ones already placed. `plotWidth` is the plot's
 * width in pixels.
 */
export function faultBars(run: RunAnalysis, plotWidth: number): FaultBar[] {
  const origin = run.metrics.startTime;
  const end = run.metrics.endTime;
  if (origin === null || end === null || run.faults.length === 0) return [];
  const span = Math.max((end - origin) / 1000, 1e-3);
  const seconds = (ms: number): number => Math.min(Math.max((ms - origin) / 1000, 0), span);
  const laneEnds: number[] = [];
  const perPx = span / plotWidth;
  const gap = 6 * perPx;
  const lines = faultLines(run);
  return run.faults
    .map((w, i) => ({ ...w, line: lines[i]! }))
    .sort((a, b) => a.from - b.from)
    .map((w) => {
      const x = seconds(w.from);
      const x2 = w.to === null ? span : seconds(w.to);
      // The label's width with its 3 px inset and a 3 px margin; where it can go: inside the bar when it fits, else
      // after the bar's end or before its start (within the plot), else (a long label on a bar nearly as wide as the
      // plot) from the bar's start on past the frame's right edge.
      const width = (w.label.length * CHAR_PX + 6) * perPx;
      const labelInside = width <= x2 - x;
      const places: Placement[] = labelInside
        ? [{ align: 'left', at: x, from: x, to: x2 }]
        : [
            ...(x2 + width <= span ? [{ align: 'left', at: x2, from: x, to: x2 + width } as const] : []),
            ...(x - width >= 0 ? [{ align: 'right', at: x, from: x - width, to: x2 } as const] : []),
          ];
      if (places.length === 0) places.push({ align: 'left', at: x, from: x, to: Math.max(x2, x + width) });
      // The first lane where one of them clears what is already there, else a new lane with the first of them.
      let lane = laneEnds.findIndex((e) => places.some((p) => e + gap <= p.from));
      if (lane < 0) lane = laneEnds.push(-Infinity) - 1;
      const place = places.find((p) => laneEnds[lane]! + gap <= p.from)!;
      laneEnds[lane] = place.to;
      return { x, x2, ended: w.to !== null, kind: w.kind, label: w.label, labelAt: place.at, labelAlign: place.align, labelInside, lane, description: `fault window: ${w.line}` };
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
          // Read as the run table's line (`fault window: machine 2 killed: 3.2 s to 5 s`), not as its fields.
          description: { field: 'description', type: 'nominal' },
        },
      },
      // Labels that run rightwards from their anchor (inside the bar, or after its end), then those that end at it.
      ...(['left', 'right'] as const).map((align) => ({
        transform: [{ filter: `datum.labelAlign === '${align}'` }],
        mark: { type: 'text', align, baseline: 'middle', dx: align === 'left' ? 3 : -3, fontSize: 11, fill: '#222', aria: false },
        encoding: { x: { ...x, field: 'labelAt' }, y, text: { field: 'label', type: 'nominal' } },
      })),
    ],
  };
}

/** Rules in the plot itself: dashed where each window begins, dotted where one that ended before the run did ends. */
export function faultRules(bars: readonly FaultBar[], top = 0, height?: number): object[] {
  if (bars.length === 0) return [];
  const ends = bars.filter((b) => b.ended).map((b) => ({ x: b.x2 }));
  // From `top` px down to the plot's foot when labels sit above them, else the plot's whole height.
  const span = top > 0 && height !== undefined ? { y: { value: top }, y2: { value: height } } : {};
  const rule = (values: Array<{ x: number }>, dash: number[]) => ({
    data: { values },
    mark: { type: 'rule', strokeDash: dash, strokeWidth: 1, stroke: '#888', aria: false },
    encoding: { x: { field: 'x', type: 'quantitative' }, ...span },
  });
  return [rule(bars.map((b) => ({ x: b.x })), [4, 3]), ...(ends.length ? [rule(ends, [1, 2])] : [])];
}
