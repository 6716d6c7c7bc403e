// The report's clock-jump histogram: a panel per machine that received, or past eight of them a grid of machines by
// jump size, each cell shaded by its receives (stacked bars of ten colours coming round again could not be told apart).
import type { RunAnalysis } from './analyze.js';
import { colouredMachines, machineColour, machineLabel, machineOrder } from './machine-colours.js';
import { base, HEIGHT, type Chart } from './chart-base.js';
import type { ChartSpec } from './render-chart.js';

type Machines = RunAnalysis['metrics']['machines'];

/** Up to this many machines with receives, the histogram has a panel per machine; past it, the grid. */
const JUMP_PANELS_MAX = 8;

/** Pixels of one machine's row in the grid. */
const GRID_ROW_PX = 16;

/** The most bars (or grid columns): past 30 jump sizes, sizes are binned. */
const MOST_BARS = 30;

/**
 * The x encoding: a bar per jump size, labelled under its middle (binned, the bar of jump 0 stood between the ticks 0 and
 * 1 and read as jump 1), every size up to the largest shown, those with no receive too; past MOST_BARS sizes, bins of
 * whole sizes over an extent that ends past the largest (with vega's own extent the largest shared the last bin with
 * the one before).
 */
function jumpAxis(largestJump: number): object {
  const step = Math.max(1, Math.ceil((largestJump + 1) / MOST_BARS));
  return step === 1
    ? { field: 'jump', type: 'ordinal', scale: { domain: Array.from({ length: largestJump + 1 }, (_, i) => i) }, title: 'jump size', axis: { labelAngle: 0 } }
    : { field: 'jump', type: 'quantitative', bin: { step, extent: [0, (Math.floor(largestJump / step) + 1) * step] }, title: 'jump size', axis: { format: ',d' } };
}

const RECEIVES = { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'receives' } as const;

/**
 * One panel per machine that received, named in its header (a bar is told apart without its colour, and no colour
 * legend: it would repeat the headers, and list machines with no panel), each at least 80 px high, on one scale.
 */
function panelSpec(machines: Machines, received: number[], x: object): object {
  const header = { labelOrient: 'top', labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold', labelPadding: 4 };
  return {
    height: Math.max(80, Math.floor(HEIGHT / received.length)),
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x,
      y: { ...RECEIVES, axis: { format: ',d', tickMinStep: 1 } },
      // As in the time charts: past ten machines, the five furthest behind in their colours, the others grey.
      color: { ...machineColour(machines.map((m) => m.machine), colouredMachines(machines)), legend: null },
      row: { field: 'machine', type: 'nominal', sort: machineOrder(received), title: null, header },
    },
  };
}

/** A row per machine (those with no receives too, empty) and a cell per jump size, shaded by its receives. */
function gridSpec(machines: Machines, x: object): object {
  const ids = machines.map((m) => m.machine);
  return {
    height: Math.max(HEIGHT, GRID_ROW_PX * ids.length),
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x,
      y: { field: 'machine', type: 'nominal', title: null, scale: { domain: machineOrder(ids) } },
      color: { ...RECEIVES, scale: { scheme: 'blues', type: 'log' }, legend: { format: ',d' } },
    },
  };
}

/** The jump histogram of a run, or null when no machine received (an empty histogram's axis ran from NaN to NaN). */
export function jumpChart(machines: Machines): Chart | null {
  const jumps = machines.flatMap((m) => m.jumpHistogram.map(([jump, count]) => ({ machine: machineLabel(m.machine), jump, count })));
  if (!jumps.length) return null;
  const received = machines.filter((m) => m.jumpHistogram.length > 0).map((m) => m.machine);
  const none = machines.filter((m) => m.jumpHistogram.length === 0).map((m) => machineLabel(m.machine));
  const noneText = none.length ? ` No receives: ${none.join(', ')}.` : '';
  const x = jumpAxis(Math.max(...jumps.map((j) => j.jump)));
  const grid = received.length > JUMP_PANELS_MAX;
  const how = grid ? ' One row per machine; the darker a cell, the more receives of that size (a log scale).' : received.length > 1 ? ' One panel per machine, on one scale.' : '';
  // The catch-up of a restarted machine is left out of the jumps, as in the tables: it says so.
  const catchUps = machines.flatMap((m) => m.catchUpJumps.flatMap((c) => (c.jump === null ? [] : [`machine ${m.machine} by ${c.jump}`])));
  const catchUpNote = catchUps.length ? ` Left out: the catch-up of a restarted machine from clock 0 at its first receive (${catchUps.join(', ')}), as in the tables.` : '';
  return {
    key: 'jumps',
    title: 'Clock jumps on receive',
    caption: `Jump = new clock − previous clock − 1 for every receive; 0 means the message did not move the clock.${how}${noneText}${catchUpNote}`,
    spec: { ...base, data: { values: jumps }, ...(grid ? gridSpec(machines, x) : panelSpec(machines, received, x)) } as ChartSpec,
  };
}
