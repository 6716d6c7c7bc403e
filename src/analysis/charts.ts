// The report's charts as vega-lite specs: clock, drift and queue against time, jump histogram, event mix, and
// max queue against rate ratio across runs (the second notebook's plot).
import type { Analysis, RunAnalysis } from './analyze.js';
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

const machineColor = { field: 'machine', type: 'nominal', title: null, sort: 'ascending' } as const;

function timeChart(run: RunAnalysis, field: 'clock' | 'drift' | 'queue', title: string, axis: string, caption: string): Chart {
  const values = run.series.points.map((p) => ({ t: p.t, machine: machineLabel(p.machine), value: p[field] }));
  return {
    title,
    caption,
    spec: {
      ...base,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'system time (s since the first record)' },
        y: { field: 'value', type: 'quantitative', title: axis },
        color: machineColor,
      },
    },
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
  return [
    timeChart(run, 'clock', 'Logical clock against system time', 'Lamport clock', `Each machine's clock at the end of each time bucket (${sampled}).`),
    timeChart(run, 'drift', 'Drift behind the leading clock', 'clock difference', `Largest running clock minus the machine's clock (${sampled}; the tables give the exact max and mean).`),
    timeChart(run, 'queue', 'Queue length', 'queue length', `Largest queue length logged in each time bucket (${sampled}).`),
    {
      title: 'Clock jumps on receive',
      caption: 'Jump = new clock − previous clock − 1 for every receive; 0 means the message did not move the clock.',
      spec: {
        ...base,
        data: { values: jumps },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'jump', type: 'quantitative', bin: { maxbins: 30, minstep: 1 }, title: 'jump size', axis: { format: 'd' } },
          y: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'receives' },
          color: machineColor,
        },
      },
    },
    {
      title: 'Event mix per machine',
      caption: 'Share of internal, send and receive events among each machine’s ticks.',
      spec: {
        ...base,
        height: Math.max(60, 28 * machines.length),
        data: { values: mix },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'machine', type: 'nominal', title: null, sort: 'ascending' },
          x: { aggregate: 'sum', field: 'count', type: 'quantitative', stack: 'normalize', title: 'share of ticks', axis: { format: '%' } },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['internal', 'send', 'receive'], range: ['#b0b0b0', '#59a14f', '#8e6bb0'] },
          },
        },
      },
    },
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
