// What the figures were measured on: CPU model, core count, Node version, and how busy the machine was.
import os from 'node:os';
import type { MemoryThreadsUse } from './kernel-threads.js';

export interface SystemInfo {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  totalMemoryMb: number;
  /** 1-minute load average when the benchmark started and ended: other work on the machine skews the figures. */
  loadAverageStart: number;
  loadAverageEnd?: number;
  /** 1-minute load average as each measurement started (the machine's own earlier measurements count too). */
  loadAverageBySection?: Record<string, number>;
  /** Milliseconds of a fixed piece of CPU work (speed-check.ts) as each measurement started: lower is a faster host. */
  speedCheckMsBySection?: Record<string, number>;
  /** Microseconds of CPU per timer wake-up of an idle Node process (wake-check.ts) as each measurement started. */
  wakeUpUsBySection?: Record<string, number>;
  /** CPU the kernel's memory threads (kdamond, kcompactd, kswapd, khugepaged) took while each measurement ran. */
  memoryThreadsBySection?: Record<string, MemoryThreadsUse>;
}

export function systemInfo(): SystemInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    loadAverageStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export const loadAverage = (): number => Math.round(os.loadavg()[0]! * 100) / 100;
