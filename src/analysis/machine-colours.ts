// The machines' colours, the same in every chart that colours machines: Okabe-Ito's colour-blind-safe palette (blue,
// orange, bluish green first: the three machines of a default run) and three more, in turn past ten machines; and the
// dash patterns that tell their lines apart without colour.

/**
 * Ten colours in machine-id order: Okabe-Ito's eight with its yellow (#f0e442, 1.3:1 against white, hard to see as a
 * line) replaced by Paul Tol's indigo (a darkened yellow or olive fell too near the orange and vermilion for red-green
 * colour-blind readers), then dark grey and brown.
 */
export const MACHINE_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#332288', '#666666', '#993300'] as const;

/** How the charts name a machine. */
export const machineLabel = (id: number): string => `machine ${id}`;

/** The machines in id order, as the charts label them ('machine 2' before 'machine 10'). */
export const machineOrder = (ids: readonly number[]): string[] => [...ids].sort((a, b) => a - b).map(machineLabel);

/**
 * A colour encoding on the `machine` field with every machine of the run in its domain, also those a chart has no data
 * for (a machine that received nothing has no jumps): each machine keeps its colour in every chart, and the legends
 * list the same machines.
 */
export const machineColour = (ids: readonly number[]) =>
  ({
    field: 'machine',
    type: 'nominal',
    title: null,
    // Past ten machines the ten colours again (category20, used before, had ten pale ones, 1.6-2.5:1 on white), each
    // time with other dashes (machineDash).
    scale: { domain: machineOrder(ids), range: machineOrder(ids).map((_, i) => MACHINE_COLOURS[i % MACHINE_COLOURS.length]!) },
    legend: machineLegend(ids),
  }) as const;

/** The most machines a legend lists (vega's own limit, 30, cut a 40-machine run's at about 20 with `…N entries`). */
const LEGEND_MACHINES = 60;

/** The most rows a legend has: past this, it has another column rather than outgrowing the chart by far. */
const LEGEND_ROWS = 20;

/** The height of one row of a time chart's legend, px (its symbol, long enough to show a dash pattern, and padding). */
const LEGEND_ROW_PX = 24;

/** The height of the legend of `count` machines, px: a time chart's plot is made as tall, so no space is left under it. */
export const legendHeight = (count: number): number => LEGEND_ROW_PX * Math.min(count, LEGEND_ROWS);

/** Every machine in the legend, up to LEGEND_MACHINES, in columns of LEGEND_ROWS (machines 1 to 20, then 21 to 40, ...). */
const machineLegend = (ids: readonly number[]) => ({
  symbolLimit: LEGEND_MACHINES,
  columns: Math.ceil(Math.min(ids.length, LEGEND_MACHINES) / LEGEND_ROWS),
});

/**
 * Dash patterns for the machines' lines, beside their colours: a line told apart by colour alone is lost to a
 * colour-blind reader and on a greyscale print. Solid first (a default run's machine 1), then one pattern per machine
 * up to ten, as many as the colours (with six, machine 8 had machine 2's dashes, and machine 7's black and machine 8's
 * indigo are alike in greyscale). The sparse dots go to machine 7's black: on machine 5's sky blue they all but vanished.
 */
export const MACHINE_DASHES = [[1, 0], [6, 3], [2, 2], [10, 3, 2, 3], [12, 4], [6, 2, 1, 2], [1, 4], [10, 3, 2, 3, 2, 3], [3, 5], [14, 3, 4, 3]] as const;

/**
 * The dashes of the i-th machine in id order (from 0): past ten, where the colours come round again, shifted by one
 * pattern per ten machines, so that no two of the first hundred share both colour and dashes (machine 11 has machine
 * 1's colour and machine 2's dashes).
 */
export const dashOf = (i: number): number[] => [...MACHINE_DASHES[(i + Math.floor(i / MACHINE_DASHES.length)) % MACHINE_DASHES.length]!];

/**
 * A dash encoding on the `machine` field, over the same domain as machineColour: vega-lite merges the two legends,
 * whose symbols are drawn 30 px long so that each shows its pattern (at the default 10 px, a long dash looked solid).
 */
export const machineDash = (ids: readonly number[]) =>
  ({
    field: 'machine',
    type: 'nominal',
    title: null,
    scale: { domain: machineOrder(ids), range: machineOrder(ids).map((_, i) => dashOf(i)) },
    legend: { ...machineLegend(ids), symbolSize: 900, symbolStrokeWidth: 2 },
  }) as const;
