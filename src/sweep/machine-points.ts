// Each machine's figures over a point's runs (results.json's points[].perMachine): mean, min and max, machine by machine.
import { MACHINE_FIGURE_NAMES, type MachineFigureName, type MachineFigures } from './machine-figures.js';
import { round4 } from './sweep-metrics.js';

/** A machine's figures over the runs of a point that have them; `crashed` counts as 1, so its mean is the share of runs it crashed in. */
export interface PointMachineFigures {
  machine: number;
  /** The point's runs with this machine's figures (runs resumed from an older version's results have none). */
  runs: number;
  /** Means to four decimals. */
  mean: Record<MachineFigureName, number | null>;
  min: Record<MachineFigureName, number | null>;
  max: Record<MachineFigureName, number | null>;
}

const valueOf = (figures: MachineFigures, name: MachineFigureName): number | null => {
  const value = figures[name];
  return typeof value === 'boolean' ? Number(value) : value;
};

/** The per-machine figures of a point's runs (each run's list, or undefined for a run without them), in machine id order. */
export function pointMachineFigures(runs: Iterable<readonly MachineFigures[] | undefined>): PointMachineFigures[] {
  const byMachine = new Map<number, MachineFigures[]>();
  for (const run of runs) {
    for (const figures of run ?? []) {
      const list = byMachine.get(figures.machine);
      if (list) list.push(figures);
      else byMachine.set(figures.machine, [figures]);
    }
  }
  return [...byMachine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([machine, list]) => {
      const per = (f: (values: number[]) => number) =>
        Object.fromEntries(
          MACHINE_FIGURE_NAMES.map((name) => {
            const values = list.map((figures) => valueOf(figures, name)).filter((v): v is number => v !== null);
            return [name, values.length ? f(values) : null];
          }),
        ) as Record<MachineFigureName, number | null>;
      return {
        machine,
        runs: list.length,
        mean: per((values) => round4(values.reduce((a, b) => a + b, 0) / values.length)),
        // Not Math.min(...values): a point of a hundred thousand seeds would overflow the stack.
        min: per((values) => values.reduce((a, b) => Math.min(a, b))),
        max: per((values) => values.reduce((a, b) => Math.max(a, b))),
      };
    });
}
