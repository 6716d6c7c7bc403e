// Measurement 3: scale. Full meshes of 10, 25 and 50 machines at 100 ticks per second, all started at once:
// lateness, CPU and resident memory per machine, and how long until every machine was connected to every peer.
import { join } from 'node:path';
import { figure, maxOf, median, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { writeBenchConfig } from './bench-config.js';
import { runStartAll } from './start-all-run.js';
import { runStats, type MachineStats } from './run-stats.js';
import { retryOnce, withWorkDir } from './work-dir.js';
import { maxMachineFigure, medianMachineFigure } from './machine-figures.js';
import { watchMemoryThreads } from './kernel-threads.js';

export interface ScaleRow {
  machines: number;
  rate: number;
  seconds: number;
  /** Per run: median of the machines' p50; the worst and the median machine's p99; the worst max. */
  lagP50Ms: Figure;
  lagP99Ms: Figure;
  lagP99MedianMs: Figure;
  lagMaxMs: Figure;
  /** Per run: CPU in percent of one core of the busiest machine and of the median machine (steady part of the run). */
  cpuPercentMax: Figure | NotMeasured;
  cpuPercentMedian: Figure | NotMeasured;
  /** Per run: largest and median peak resident memory per machine, MB. */
  rssMbMax: Figure | NotMeasured;
  rssMbMedian: Figure | NotMeasured;
  /** Per run, the slowest machine: from its own start record to ticking (the mesh complete both ways), ms. */
  connectMs: Figure;
  /** Per run: from the first machine's start record to the last machine ticking, ms. */
  meshUpMs: Figure;
  /** Per run: from the first to the last start record (how long spawning every process took), ms. */
  spawnSpreadMs: Figure;
  /**
   * Per run: ms of CPU per second the kernel's memory threads (kdamond and the like, kernel-threads.ts) took while the
   * run lasted; not measured where the host shows none.
   */
  memoryThreadsMsPerSecond: Figure | NotMeasured;
}

/** One mesh run: every machine's figures, and the kernel's memory threads' CPU (ms per second) while it ran. */
export interface MeshRun {
  machines: MachineStats[];
  memoryThreadsMsPerSecond?: number;
}

export type ScaleResult = { rows: (ScaleRow | (NotMeasured & { machines: number }))[] };

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export function scaleRow(machines: number, plan: BenchPlan['scale'], meshRuns: MeshRun[]): ScaleRow {
  const runs = meshRuns.map((run) => run.machines);
  const threads = meshRuns.map((run) => run.memoryThreadsMsPerSecond);
  return {
    machines,
    rate: plan.rate,
    seconds: plan.seconds,
    lagP50Ms: figure(runs.map((ms) => median(ms.map((m) => m.lagP50Ms)))),
    lagP99Ms: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagP99Ms)))),
    lagP99MedianMs: figure(runs.map((ms) => median(ms.map((m) => m.lagP99Ms)))),
    lagMaxMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagMaxMs)))),
    cpuPercentMax: maxMachineFigure(runs, (m) => m.cpuPercent),
    cpuPercentMedian: medianMachineFigure(runs, (m) => m.cpuPercent),
    rssMbMax: maxMachineFigure(runs, (m) => m.peakRssMb),
    rssMbMedian: medianMachineFigure(runs, (m) => m.peakRssMb),
    connectMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.tickingAt - m.startedAt))), 0),
    meshUpMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.tickingAt)) - Math.min(...ms.map((m) => m.startedAt))), 0),
    spawnSpreadMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.startedAt)) - Math.min(...ms.map((m) => m.startedAt))), 0),
    memoryThreadsMsPerSecond: threads.every((t) => t !== undefined)
      ? figure(threads as number[], 1)
      : notMeasured('no kernel memory threads visible on this host'),
  };
}

export async function measureScale(plan: BenchPlan['scale'], progress: (line: string) => void): Promise<ScaleResult> {
  return withWorkDir('scale', async (dir) => {
    const rows: ScaleResult['rows'] = [];
    for (const machines of plan.sizes) {
      const runs: MeshRun[] = [];
      try {
        for (let run = 1; run <= plan.runs; run++) {
          progress(`scale: full mesh of ${machines} machines at ${plan.rate}/s for ${plan.seconds} s, run ${run}/${plan.runs}`);
          runs.push(
            await retryOnce(async (attempt) => {
              const name = `mesh-${machines}-run-${run}-${attempt}`;
              const config = await writeBenchConfig(dir, `${name}.json`, machines);
              const memoryThreads = watchMemoryThreads();
              const result = await runStartAll({
                config,
                dir: join(dir, name),
                durationSeconds: plan.seconds,
                rates: ids(machines).map(() => plan.rate),
                seed: 300 + run,
                staggerMs: 0,
                sampleEveryMs: 250,
              });
              return { machines: runStats(result, ids(machines)), memoryThreadsMsPerSecond: memoryThreads()?.cpuMsPerSecond };
            }),
          );
        }
        rows.push(scaleRow(machines, plan, runs));
      } catch (err) {
        rows.push({ machines, ...notMeasured((err as Error).message) });
      }
    }
    return { rows };
  });
}
