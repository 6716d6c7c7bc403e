// The report's charts as vega-lite specs: clock, drift and queue against time, jump histogram, event mix, and
// max queue against rate ratio across runs (the second notebook's plot). Time charts of a run with faults carry the
// fault windows as layers: a shaded band while each fault was in force, a dashed rule where it began, and its label.
import type { Analysis, RunAnalysis } from './analyze.js';
import { secondsAfter, type FaultKind } from './fault-windows.js';
import type { ChartSpec } from './render-chart.js';

export interface Chart {
  title: string;
  /** One sentence under the chart: how to read it. */
  caption: string;
  spec: ChartSpec;
}

const WIDTH = 420;
const HEIGHT = 220;
const machineLabel = (id: number): string => `machine ${id}`;

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  height: HEIGHT,
  background: 'white',
  config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
} as const;

/** Machines in id order (as text, 'machine 10' sorted before 'machine 2'); 20 colours when 10 would repeat. */
const machineOrder = (ids: readonly number[]): string[] => [...ids].sort((a, b) => a - b).map(machineLabel);
/**
 * Every machine of the run in the colour domain, also those a chart has no data for (a machine that received nothing
 * has no jumps): each machine keeps its colour in every chart, and the legends list the same machines.
 */
const machineColor = (ids: readonly number[]) =>
  ({ field: 'machine', type: 'nominal', title: null, scale: { domain: machineOrder(ids), scheme: ids.length > 10 ? 'category20' : 'tableau10' } }) as const;

const TIME_AXIS = 'system time (s since the first record)';
const FAULT_KINDS: FaultKind[] = ['toxic', 'down', 'kill'];
const FAULT_COLORS = ['#f28e2b', '#e15759', '#555555'];
/** The fault kinds of the run only (the legend listed all three), each with its own colour whatever the others. */
const faultScale = (kinds: ReadonlySet<FaultKind>) => {
  const shown = FAULT_KINDS.filter((k) => kinds.has(k));
  return { domain: shown, range: shown.map((k) => FAULT_COLORS[FAULT_KINDS.indexOf(k)]!) };
};
/** Label lanes from the top of the plot, in pixels; labels that would overlap go one lane down. */
const LANE_PX = 12;
const LANES = 4;
const CHAR_PX = 5.6;

/** The run's fault windows in chart coordinates (seconds since the first record), each with a label lane. */
export function faultWindowData(run: RunAnalysis): Array<{ x: number; x2: number; kind: FaultKind; label: string; lane: number }> {
  const origin = run.metrics.startTime;
  const end = run.metrics.endTime;
  if (origin === null || end === null || run.faults.length === 0) return [];
  const span = Math.max((end - origin) / 1000, 1e-3);
  const seconds = (ms: number): number => Math.min(Math.max((ms - origin) / 1000, 0), span);
  const laneEnds: number[] = new Array(LANES).fill(-Infinity);
  return run.faults.map((w) => {
    const x = seconds(w.from);
    // Each label's width in seconds, to keep the next one off it.
    const width = ((w.label.length * CHAR_PX + 8) / WIDTH) * span;
    let lane = laneEnds.findIndex((e) => e <= x);
    if (lane < 0) lane = laneEnds.indexOf(Math.min(...laneEnds));
    laneEnds[lane] = x + width;
    return { x, x2: w.to === null ? span : seconds(w.to), kind: w.kind, label: w.label, lane: 4 + LANE_PX * (lane + 1) };
  });
}

function faultLayers(run: RunAnalysis): object[] {
  const values = faultWindowData(run);
  if (values.length === 0) return [];
  const data = { values };
  const x = { field: 'x', type: 'quantitative', title: TIME_AXIS } as const;
  return [
    {
      data,
      mark: { type: 'rect', opacity: 0.16 },
      encoding: { x, x2: { field: 'x2' }, fill: { field: 'kind', type: 'nominal', title: 'fault', scale: faultScale(new Set(values.map((v) => v.kind))) } },
    },
    {
      data,
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1, stroke: '#777', aria: false },
      encoding: { x },
    },
    {
      data,
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, fontSize: 10, fill: '#333', aria: false },
      encoding: { x, y: { field: 'lane', type: 'quantitative', scale: null }, text: { field: 'label', type: 'nominal' } },
    },
  ];
}

/** Where the schedule's clock (the fault file's seconds) starts on the time axis, for the captions. */
function scheduleNote(run: RunAnalysis): string {
  const seconds = secondsAfter(run.metrics.startTime, run.scheduleStart);
  return seconds === null ? '' : ` The fault file's seconds count from ${seconds.toFixed(1)} s on this axis, when every machine ticked.`;
}

function timeChart(run: RunAnalysis, field: 'clock' | 'drift' | 'queue', title: string, axis: string, caption: string): Chart {
  const values = run.series.points.map((p) => ({ t: p.t, machine: machineLabel(p.machine), value: p[field] }));
  const line = {
    data: { values },
    // A null value (a machine dead between a crash and its restart) breaks the line instead of bridging the gap.
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, invalid: 'break-paths-filter-domains' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: TIME_AXIS },
      // Clocks, drift and queue lengths are whole numbers: no 0.5 ticks, and no '0.000000' on an axis of zeros.
      y: { field: 'value', type: 'quantitative', title: axis, axis: { format: 'd', tickMinStep: 1 } },
      color: machineColor(run.metrics.machines.map((m) => m.machine)),
    },
  } as const;
  const faults = faultLayers(run);
  return {
    title,
    caption: faults.length ? `${caption} Shaded: fault windows (labelled where they begin).${scheduleNote(run)}` : caption,
    spec: (faults.length ? { ...base, layer: [...faults, line] } : { ...base, ...line }) as ChartSpec,
  };
}

/** The five charts of one run. */
export function runCharts(run: RunAnalysis): Chart[] {
  const bucket = run.series.bucketMs;
  const sampled = `sampled every ${bucket} ms`;
  const machines = run.metrics.machines;
  const jumps = machines.flatMap((m) => m.jumpHistogram.map(([jump, count]) => ({ machine: machineLabel(m.machine), jump, count })));
  const mix = machines.flatMap((m) =>
    (['internal', 'send', 'receive'] as const).map((kind) => ({ machine: machineLabel(m.machine), kind, count: m.events[kind] })),
  );
  // Bins of whole jump sizes (at most 30 of them), over an extent that ends past the largest: with vega's own
  // extent the largest size shared the last bin with the one before (jumps of 0 and 1 drew one bar from 0 to 1).
  const largestJump = Math.max(0, ...jumps.map((j) => j.jump));
  const jumpStep = Math.max(1, Math.ceil((largestJump + 1) / 30));
  const jumpChart: Chart = {
    title: 'Clock jumps on receive',
    caption: 'Jump = new clock − previous clock − 1 for every receive; 0 means the message did not move the clock.',
    spec: {
      ...base,
      data: { values: jumps },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'jump', type: 'quantitative', bin: { step: jumpStep, extent: [0, (Math.floor(largestJump / jumpStep) + 1) * jumpStep] }, title: 'jump size', axis: { format: 'd' } },
        y: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'receives', axis: { format: 'd', tickMinStep: 1 } },
        color: machineColor(machines.map((m) => m.machine)),
      },
    },
  };
  const mixChart: Chart = {
    title: 'Event mix per machine',
    caption: 'Share of internal, send and receive events among each machine’s ticks.',
    spec: {
      ...base,
      height: Math.max(60, 28 * machines.length),
      data: { values: mix },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'machine', type: 'nominal', title: null, sort: machineOrder(machines.map((m) => m.machine)) },
        x: { aggregate: 'sum', field: 'count', type: 'quantitative', stack: 'normalize', title: 'share of ticks', axis: { format: '.0%' } },
        color: {
          field: 'kind',
          type: 'nominal',
          title: null,
          scale: { domain: ['internal', 'send', 'receive'], range: ['#b0b0b0', '#59a14f', '#8e6bb0'] },
        },
      },
    },
  };
  return [
    timeChart(run, 'clock', 'Logical clock against system time', 'Lamport clock', `Each machine's clock at the end of each time bucket (${sampled}).`),
    timeChart(run, 'drift', 'Drift behind the leading clock', 'clock difference', `Largest running clock minus the machine's clock (${sampled}; the tables give the exact max and mean).`),
    timeChart(run, 'queue', 'Queue length', 'queue length', `Largest queue length logged in each time bucket (${sampled}): the length after each tick, as the logs give it. The tables' max queue also counts the message a tick was taking off, so it can read 1 more.`),
    // No receives, no jumps: an empty histogram's axis would run from NaN to NaN (the tables say '-').
    ...(jumps.length ? [jumpChart] : []),
    mixChart,
  ];
}

/** Max queue against rate ratio (fastest rate in the run / machine rate), one point per machine, coloured by run. */
export function crossRunChart(analysis: Analysis): Chart {
  const values = analysis.runs.flatMap((run, i) => {
    const rates = run.metrics.machines.map((m) => m.rate ?? 0);
    const fastest = Math.max(...rates);
    return run.metrics.machines
      .filter((m) => m.rate !== null)
      .map((m) => ({ run: `${i + 1}: ${run.name}`, machine: m.machine, ratio: fastest / m.rate!, maxQueue: m.maxQueue, endQueue: m.endQueue }));
  });
  return {
    title: 'Max queue against rate ratio, all runs',
    caption: 'One point per machine per run: the fastest rate in its run divided by its own rate (x), and its largest queue (y).',
    spec: {
      ...base,
      data: { values },
      mark: { type: 'point', filled: true, size: 70, tooltip: true },
      encoding: {
        x: { field: 'ratio', type: 'quantitative', title: 'rate ratio (fastest / this machine)', scale: { zero: false } },
        y: { field: 'maxQueue', type: 'quantitative', title: 'max queue' },
        color: { field: 'run', type: 'nominal', title: 'run' },
      },
    },
  };
}
