// The machines' colours, the same in every chart that colours machines: Okabe-Ito's colour-blind-safe palette (blue,
// orange, bluish green first: the three machines of a default run), category20 for a run of more than ten machines.

/** Ten colours in machine-id order: Okabe-Ito's eight (its yellow last, as it is faint on white), then dark grey and brown. */
export const MACHINE_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#f0e442', '#666666', '#993300'] as const;

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
    scale: ids.length > MACHINE_COLOURS.length ? { domain: machineOrder(ids), scheme: 'category20' } : { domain: machineOrder(ids), range: [...MACHINE_COLOURS] },
  }) as const;
