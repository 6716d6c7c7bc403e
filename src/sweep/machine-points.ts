// Each machine's figures over a point's runs (results.json's points[].perMachine): mean, min and max, machine by machine.
import { MACHINE_FIGURE_NAMES, type MachineFigureName, type MachineFigures } from './machine-figures.js';
import { round4 } from './round4.js';
import { RunningStats } from './running-stats.js';

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
  const byMachine = new Map<number, { runs: number; stats: RunningStats[] }>();
  for (const run of runs) {
    for (const figures of run ?? []) {
      let machine = byMachine.get(figures.machine);
      if (!machine) byMachine.set(figures.machine, (machine = { runs: 0, stats: MACHINE_FIGURE_NAMES.map(() => new RunningStats()) }));
      machine.runs++;
      MACHINE_FIGURE_NAMES.forEach((name, i) => {
        const value = valueOf(figures, name);
        if (value !== null) machine.stats[i]!.add(value);
      });
    }
  }
  return [...byMachine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([machine, { runs, stats }]) => {
      const per = (f: (s: RunningStats) => number) =>
        Object.fromEntries(MACHINE_FIGURE_NAMES.map((name, i) => [name, stats[i]!.count ? f(stats[i]!) : null])) as Record<MachineFigureName, number | null>;
      return { machine, runs, mean: per((s) => round4(s.sum / s.count)), min: per((s) => s.min), max: per((s) => s.max) };
    });
}
