// The machines' colours, the same in every chart that colours machines: Okabe-Ito's colour-blind-safe palette (blue,
// orange, bluish green first: the three machines of a default run) and two more; past ten machines, five of them in
// colour and the rest grey; and the dash patterns that tell their lines apart without colour.

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

/** Past this many machines (as many as the colours), a chart colours only the FOCUSED machines furthest behind. */
const FOCUS_PAST = MACHINE_COLOURS.length;

/** How many machines a chart of more than FOCUS_PAST colours. */
const FOCUSED = 5;

/** The line of a machine not coloured: light, so that the coloured ones stand out over it (2:1 on white, still seen). */
export const OTHER_MACHINE_GREY = '#b4b4b4';

/**
 * The machines a chart colours: every one up to ten; past that, the five furthest behind on average (the tables' drift
 * mean; ties to the lower id), in id order. Forty lines in ten colours that came round again, with a 40-entry legend,
 * could not be told apart: the others are drawn in grey, beneath.
 */
export function colouredMachines(machines: readonly { machine: number; drift: { mean: number | null } }[]): number[] {
  if (machines.length <= FOCUS_PAST) return machines.map((m) => m.machine);
  const behind = [...machines].sort((a, b) => (b.drift.mean ?? -1) - (a.drift.mean ?? -1) || a.machine - b.machine);
  return behind.slice(0, FOCUSED).map((m) => m.machine).sort((a, b) => a - b);
}

/** Each machine's entry in `range` by its place among the coloured ones (in id order), else `other`. */
function rangeOf<T>(ids: readonly number[], coloured: readonly number[], range: readonly T[], other: T): T[] {
  const place = new Map([...coloured].sort((a, b) => a - b).map((id, i) => [id, i]));
  return [...ids].sort((a, b) => a - b).map((id) => (place.has(id) ? range[place.get(id)! % range.length]! : other));
}

/**
 * A colour encoding on the `machine` field with every machine of the run in its domain, also those a chart has no data
 * for (a machine that received nothing has no jumps): each machine keeps its colour in every chart. The `coloured`
 * machines (colouredMachines) take the colours in id order and the legend; the rest are grey and left out of it.
 */
export const machineColour = (ids: readonly number[], coloured: readonly number[] = ids) =>
  ({
    field: 'machine',
    type: 'nominal',
    title: null,
    scale: { domain: machineOrder(ids), range: rangeOf(ids, coloured, MACHINE_COLOURS, OTHER_MACHINE_GREY) },
    legend: { values: machineOrder(coloured) },
  }) as const;

/**
 * Dash patterns for the machines' lines, beside their colours: a line told apart by colour alone is lost to a
 * colour-blind reader and on a greyscale print. Solid first (a default run's machine 1), then one pattern per machine
 * up to ten, as many as the colours (with six, machine 8 had machine 2's dashes, and machine 7's black and machine 8's
 * indigo are alike in greyscale). The sparse dots go to machine 7's black: on machine 5's sky blue they all but vanished.
 */
export const MACHINE_DASHES = [[1, 0], [6, 3], [2, 2], [10, 3, 2, 3], [12, 4], [6, 2, 1, 2], [1, 4], [10, 3, 2, 3, 2, 3], [3, 5], [14, 3, 4, 3]] as const;

/**
 * A dash encoding on the `machine` field, over the same domain as machineColour (the grey machines solid): vega-lite
 * merges the two legends, whose symbols are drawn 30 px long so that each shows its pattern (at the default 10 px, a
 * long dash looked solid).
 */
export const machineDash = (ids: readonly number[], coloured: readonly number[] = ids) =>
  ({
    field: 'machine',
    type: 'nominal',
    title: null,
    scale: { domain: machineOrder(ids), range: rangeOf(ids, coloured, MACHINE_DASHES.map((d) => [...d]), [1, 0]) },
    legend: { values: machineOrder(coloured), symbolSize: 900, symbolStrokeWidth: 2 },
  }) as const;
