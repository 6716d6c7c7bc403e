// Figures over runs from per-machine values that may be missing (CPU and memory need /proc samples).
import { figure, maxOf, median, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { MachineStats } from './run-stats.js';

function acrossRuns(runs: MachineStats[][], pick: (m: MachineStats) => number | undefined, reduce: (values: number[]) => number, digits: number): Figure | NotMeasured {
  const values = runs.map((ms) => ms.map(pick).filter((v): v is number => v !== undefined));
  if (values.some((v) => v.length === 0)) return notMeasured('no /proc samples in the steady part of the run (run too short, or not Linux)');
  return figure(values.map(reduce), digits);
}

/** Per run the largest machine's value, summarised over runs. */
export const maxMachineFigure = (runs: MachineStats[][], pick: (m: MachineStats) => number | undefined, digits = 1) => acrossRuns(runs, pick, maxOf, digits);

/** Per run the median machine's value, summarised over runs. */
export const medianMachineFigure = (runs: MachineStats[][], pick: (m: MachineStats) => number | undefined, digits = 1) => acrossRuns(runs, pick, median, digits);
