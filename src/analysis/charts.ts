// The report's charts as vega-lite specs: clock, drift and queue against time, jump histogram, event mix, and
// max queue against rate ratio across runs (the second notebook's plot). Time charts of a run with faults carry the
// fault windows in a strip above the plot (fault-strip.ts); the drift chart keeps a restart's catch-up from 0 from
// flattening the other curves (catch-up-scale.ts).
import type { RunAnalysis } from './analyze.js';
import { catchUpScale } from './catch-up-scale.js';
import { colouredMachines, machineColour, machineDash, machineLabel } from './machine-colours.js';
import { faultBars, faultRules, faultStrip } from './fault-strip.js';
import { scheduleOffset } from './schedule-offset.js';
import { jumpChart } from './jump-chart.js';
import { num, percent } from './text-table.js';
import { base, HEIGHT, WIDTH, type Chart } from './chart-base.js';
import type { ChartSpec } from './render-chart.js';

export { crossRunChart } from './cross-run-chart.js';
export type { Chart } from './chart-base.js';

const TIME_AXIS = 'system time (s since the first record)';

/**
 * Where the schedule's clock (the fault file's seconds) starts on the time axis, for the captions: rounded as the
 * fault lines' times are, so that it plus a time on the schedule's clock is the line's time on this axis.
 */
function scheduleNote(run: RunAnalysis): string {
  const offset = scheduleOffset(run);
  return offset === null ? '' : ` The fault file's seconds count from ${num(offset.seconds, offset.digits)} s on this axis, when every machine ticked.`;
}

/** Extras of one time chart: its y scale, layers drawn over the lines, and a sentence for its caption. */
interface TimeChartExtras {
  yScale?: object;
  clip?: boolean;
  over?: object[];
  /** Pixels at the top of the plot kept clear of the fault windows' rules, for the labels drawn there (`over`). */
  clearTop?: number;
  note?: string;
  /**
   * The y axis's title in lines, when the one-line `axis` is longer than the plot is high: vega (rendering without a
   * browser) guesses a text's width from its length, and the view grew by what it overhung, an empty band above the plot.
   */
  axisLines?: string[];
}

function timeChart(run: RunAnalysis, field: 'clock' | 'drift' | 'queue', title: string, axis: string, caption: string, extras: TimeChartExtras = {}): Chart {
  const ids = run.metrics.machines.map((m) => m.machine);
  const coloured = colouredMachines(run.metrics.machines);
  const grey = new Set(ids.filter((id) => !coloured.includes(id)));
  const said = lineDescriptions(run, field, axis);
  // `description`: what a screen reader says of a machine's line (its aria-label, taken from the line's first point).
  const values = run.series.points.map((p) => ({ t: p.t, machine: machineLabel(p.machine), value: p[field], description: said.get(p.machine), grey: grey.has(p.machine) }));
  const line = {
    data: { values },
    // A null value (a machine dead between a crash and its restart) breaks the line instead of bridging the gap.
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, invalid: 'break-paths-filter-domains', ...(extras.clip ? { clip: true } : {}) },
    encoding: {
      x: { field: 't', type: 'quantitative', title: TIME_AXIS },
      // Clocks, drift and queue lengths are whole numbers: no 0.5 ticks, and no '0.000000' on an axis of zeros; thousands
      // grouped, as the tables group them (200,000).
      y: { field: 'value', type: 'quantitative', title: extras.axisLines ?? axis, axis: { format: ',d', tickMinStep: 1 }, ...(extras.yScale ? { scale: extras.yScale } : {}) },
      color: machineColour(ids, coloured),
      strokeDash: machineDash(ids, coloured),
      description: { field: 'description', type: 'nominal' },
    },
  } as const;
  // Past ten machines, the grey ones first, thinner: the coloured lines are drawn over them.
  const lines = grey.size
    ? [
        { ...line, transform: [{ filter: 'datum.grey' }], mark: { ...line.mark, strokeWidth: 1 } },
        { ...line, transform: [{ filter: '!datum.grey' }] },
      ]
    : [line];
  const greyNote = grey.size ? ` In colour, the ${coloured.length} machines furthest behind on average (the tables' drift mean); the other ${grey.size} in grey.` : '';
  const bars = faultBars(run, WIDTH);
  const strip = faultStrip(bars, WIDTH);
  const layers = [...faultRules(bars, extras.clearTop ?? 0, HEIGHT), ...lines, ...(extras.over ?? [])];
  const plot = layers.length > 1 ? { width: WIDTH, height: HEIGHT, layer: layers } : { width: WIDTH, height: HEIGHT, ...line };
  const faultNote = strip ? ` Bars above the plot: fault windows (a dashed line where each begins, dotted where it ends).${scheduleNote(run)}` : '';
  const { width: _w, height: _h, ...top } = base;
  return {
    key: field,
    title,
    caption: `${caption}${greyNote}${extras.note ?? ''}${faultNote}`,
    // The strip shares the plot's time axis; each keeps its own colours (fault kinds, machines).
    spec: (strip ? { ...top, vconcat: [strip, plot], spacing: 4, resolve: { scale: { x: 'shared' } } } : { ...base, ...plot }) as ChartSpec,
  };
}

/** Each machine's line in words: `machine 2: Lamport clock from 0 to 41 (lowest 0, highest 41) over 0 to 6.1 s`. */
function lineDescriptions(run: RunAnalysis, field: 'clock' | 'drift' | 'queue', axis: string): Map<number, string> {
  const byMachine = new Map<number, { t: number; value: number }[]>();
  for (const p of run.series.points) {
    const value = p[field];
    if (value === null || value === undefined) continue;
    const points = byMachine.get(p.machine) ?? byMachine.set(p.machine, []).get(p.machine)!;
    points.push({ t: p.t, value });
  }
  const said = new Map<number, string>();
  for (const [machine, points] of byMachine) {
    const values = points.map((p) => p.value);
    const [first, last] = [points[0]!, points.at(-1)!];
    const range = `lowest ${Math.min(...values)}, highest ${Math.max(...values)}`;
    said.set(machine, `${machineLabel(machine)}: ${axis} from ${first.value} to ${last.value} (${range}) over ${num(first.t, 1)} to ${num(last.t, 1)} s`);
  }
  return said;
}

/** Where the drift chart's restart labels start below the top of the plot, and how far apart their rows are, px. */
const LABEL_TOP = 2;
const LABEL_ROW = 13;

/** The drift chart: a restarted machine's catch-up from clock 0 off the top when it would flatten the other curves. */
function driftChart(run: RunAnalysis, sampled: string): Chart {
  const scale = catchUpScale(run);
  const axisLines = ['drift behind', 'the largest clock'];
  const extras: TimeChartExtras = scale
    ? {
        yScale: { domain: [0, scale.top], nice: true },
        clip: true,
        note: scale.note,
        // Hidden from a screen reader, which read its fields (`t: 45; label: ...`): the caption says it in words.
        over: scale.marks.map((m) => ({
          data: { values: [m] },
          mark: { type: 'text', align: m.align, baseline: 'top', dx: m.align === 'left' ? 3 : -3, dy: LABEL_TOP + LABEL_ROW * m.row, fontSize: 11, fill: '#222', aria: false },
          encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label', type: 'nominal' } },
        })),
        // The fault windows' rules start below the labels' rows: they ran through the labels' words.
        clearTop: LABEL_TOP + LABEL_ROW * (Math.max(...scale.marks.map((m) => m.row)) + 1) + 2,
      }
    : {};
  return timeChart(run, 'drift', 'Drift behind the leading clock', 'drift (behind the largest clock)', `Largest running clock minus the machine's clock (${sampled}; the tables give the exact max and mean).`, { ...extras, axisLines });
}

const MIX_KINDS = ['internal', 'send', 'receive'] as const;
/** Light to dark, so that the kinds also differ in greyscale; the labels' black text reads on each (4.9:1 or more). */
const MIX_COLOURS = ['#a8a8a8', '#59a14f', '#8e6bb0'] as const;

/**
 * A share of a machine's ticks as the tables give it, to 0.1% (`65.8%`), and never rounded to nothing or to all:
 * 3 sends in 3,000 ticks read `0.1%`, 1 in 20,000 `under 0.1%`, and the rest beside it `over 99.9%`, not `100%`.
 */
function shareText(part: number): string {
  if (part < 1 && part > 0.9995) return 'over 99.9%';
  return percent(100 * part);
}

/** Machines past which the event mix's segments go unlabelled (a chart of hundreds of rows, thousands of labels). */
const MIX_LABELLED_MACHINES = 100;
/** The width of one character of the segments' labels at their font size (an estimate, as the fault strip's). */
const MIX_CHAR_PX = 6.2;

/**
 * Each machine's internal, send and receive segments of its bar, from and to as shares of its ticks (written here, not
 * left to vega-lite's normalize: a machine with no readable ticks read NaN%, where the tables say '-'), with the label
 * that fits in the segment: `send 31.2%`, else `31.2%`, else `31%`, else none.
 */
function mixSegments(machines: RunAnalysis['metrics']['machines']) {
  const labelled = machines.length <= MIX_LABELLED_MACHINES;
  return machines.flatMap((m) => {
    let from = 0;
    return MIX_KINDS.map((kind) => {
      const count = m.events[kind];
      const part = m.ticks ? count / m.ticks : 0;
      const share = m.ticks ? shareText(part) : '-';
      const machine = machineLabel(m.machine);
      const px = part * WIDTH;
      const fits = (text: string): boolean => labelled && count > 0 && text.length * MIX_CHAR_PX + 6 <= px;
      // Too narrow for the tables' `6.2%`: `6%` (a share that rounds to 0 has no label; the tooltip says it).
      const whole = Math.round(100 * part) >= 1 ? `${Math.round(100 * part)}%` : '';
      const label = [`${kind} ${share}`, share, whole].find(fits) ?? '';
      const segment = { machine, id: m.machine, kind, count, share, from, to: from + part, middle: from + part / 2, label, description: `share of ticks: ${share}; machine: ${machine}; kind: ${kind}` };
      from += part;
      return segment;
    });
  });
}

/** The five charts of one run. */
export function runCharts(run: RunAnalysis): Chart[] {
  const bucket = run.series.bucketMs;
  const sampled = `sampled every ${bucket} ms`;
  const machines = run.metrics.machines;
  const mix = mixSegments(machines);
  const jumps = jumpChart(machines);
  const mixChart: Chart = {
    key: 'mix',
    title: 'Event mix per machine',
    caption: 'Share of internal, send and receive events among each machine’s ticks.',
    spec: {
      ...base,
      height: Math.max(60, 28 * machines.length),
      data: { values: mix },
      // In id order by a field: vega-lite turns a sort list into one nested condition per machine, which overflowed
      // the stack at 1000 machines.
      encoding: { y: { field: 'machine', type: 'nominal', title: null, sort: { field: 'id', op: 'min', order: 'ascending' } } },
      layer: [
        {
          mark: { type: 'bar', tooltip: true, stroke: 'white', strokeWidth: 1 },
          encoding: {
            x: { field: 'from', type: 'quantitative', scale: { domain: [0, 1] }, title: 'share of ticks', axis: { format: '.0%' } },
            x2: { field: 'to' },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [...MIX_KINDS], range: [...MIX_COLOURS] } },
            // What a screen reader says of a bar (its aria-label) and the tooltip: the share as the tables round it, or '-'.
            description: { field: 'description', type: 'nominal' },
            tooltip: [
              { field: 'share', type: 'nominal', title: 'share of ticks' },
              { field: 'machine', type: 'nominal' },
              { field: 'kind', type: 'nominal' },
            ],
          },
        },
        // Each segment's kind and share written in it where they fit: the three kinds are told apart without colour.
        {
          transform: [{ filter: "datum.label !== ''" }],
          mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: 11, fill: '#000', aria: false },
          encoding: { x: { field: 'middle', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
  return [
    timeChart(run, 'clock', 'Logical clock against system time', 'Lamport clock', `Each machine's clock at the end of each time bucket (${sampled}).`),
    driftChart(run, sampled),
    timeChart(run, 'queue', 'Queue length', 'queue length', `Largest queue length logged in each time bucket (${sampled}): the length after each tick, as the logs give it. The tables' max queue also counts the message a tick was taking off, so it can read 1 more.`),
    // No receives, no jumps (the tables say '-').
    ...(jumps ? [jumps] : []),
    mixChart,
  ];
}
