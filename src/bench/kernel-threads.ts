// The CPU the kernel's memory threads (DAMON's kdamond, kcompactd, kswapd, khugepaged) took while a measurement ran.
// On the host of BENCHMARKS.md kdamond wakes about every 0.6 s and, beside a 50-machine mesh, runs 45-80 ms each time;
// the mesh's late ticks come in those moments. A host without such threads (or a container that hides them) has none.
import { readFileSync } from 'node:fs';
import { cpuMsOf, processIds } from './proc-stats.js';

/** Names of kernel threads that watch, reclaim or compact memory. */
export const MEMORY_THREAD = /^(kdamond|kcompactd|kswapd|khugepaged)/;

export interface MemoryThreadsUse {
  /** Milliseconds of CPU per second of the measurement, all the threads together (one decimal). */
  cpuMsPerSecond: number;
  /** Each thread that used any CPU, by name, in ms of CPU per second (one decimal), busiest first. */
  threads: Record<string, number>;
}

/** CPU so far, in ms, of each memory thread, keyed by `name` (`name/pid` when two threads share a name). */
export function memoryThreadsCpuMs(procRoot = '/proc'): Map<string, number> {
  const found = new Map<string, number>();
  let pids: number[];
  try {
    pids = processIds(procRoot);
  } catch {
    return found;
  }
  for (const pid of pids) {
    try {
      const name = readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
      if (!MEMORY_THREAD.test(name)) continue;
      found.set(found.has(name) ? `${name}/${pid}` : name, cpuMsOf(pid, procRoot));
    } catch {
      // The thread ended while we looked, or its files are not readable here.
    }
  }
  return found;
}

const oneDecimal = (x: number): number => Math.round(x * 10) / 10;

/**
 * Starts watching the memory threads; the function it returns says how much CPU they took since, per second of wall
 * time, or undefined when none was found at the start.
 */
export function watchMemoryThreads(procRoot = '/proc', now: () => number = () => performance.now()): () => MemoryThreadsUse | undefined {
  const before = memoryThreadsCpuMs(procRoot);
  const startedAt = now();
  return () => {
    if (before.size === 0) return undefined;
    const seconds = Math.max(now() - startedAt, 1) / 1000;
    const after = memoryThreadsCpuMs(procRoot);
    const used = [...before].map(([name, ms]) => [name, Math.max((after.get(name) ?? ms) - ms, 0) / seconds] as const);
    const busy = used.filter(([, perSecond]) => perSecond > 0).sort((a, b) => b[1] - a[1]);
    return {
      cpuMsPerSecond: oneDecimal(used.reduce((sum, [, perSecond]) => sum + perSecond, 0)),
      threads: Object.fromEntries(busy.map(([name, perSecond]) => [name, oneDecimal(perSecond)])),
    };
  };
}
