// machines.csv: each machine's figures in each finished run, one line per run per machine (long format, for pandas or R).
import { MACHINE_FIGURE_NAMES } from './machine-figures.js';
import { csvCell, type SweepResults } from './results.js';

/** Its columns: a contract, as results.csv's (later ones go last, none is renamed, moved or dropped). */
export const MACHINES_CSV_COLUMNS = ['run', 'point', 'seed', 'machine', ...MACHINE_FIGURE_NAMES] as const;

/** In pieces (writeChunks): a header and a line per machine of each finished run that has its figures, in run order, then machine id order. */
export function* machinesCsvChunks(results: SweepResults): Generator<string> {
  yield `${MACHINES_CSV_COLUMNS.join(',')}\n`;
  for (const row of results.results) {
    for (const figures of row.perMachine ?? []) {
      const cells = [row.run, row.point, row.seed, figures.machine, ...MACHINE_FIGURE_NAMES.map((name) => figures[name] ?? '')];
      yield `${cells.map(csvCell).join(',')}\n`;
    }
  }
}

/** The finished runs whose rows hold no per-machine figures (resumed from an older version's results). */
export function runsWithoutMachines(results: SweepResults): number {
  return results.results.filter((row) => row.perMachine === undefined).length;
}
