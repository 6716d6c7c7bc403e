// CPU time and resident memory of a process from /proc/<pid>/stat and /proc/<pid>/status (Linux only).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcSample {
  /** When the sample was taken, epoch ms. */
  at: number;
  /** User plus system CPU time so far, in ms. */
  cpuMs: number;
  /** Resident set size now, and its peak so far, in MB. */
  rssMb: number;
  peakRssMb: number;
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second (the unit of utime and stime in /proc/<pid>/stat). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): index 0 is field 3 (state). */
function statFields(pid: number, procRoot = '/proc'): string[] {
  const text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function statusKb(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

/** User plus system CPU time of a process so far, in ms (it throws when the process is gone). */
export function cpuMsOf(pid: number, procRoot = '/proc'): number {
  const fields = statFields(pid, procRoot);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond(); // utime (14) and stime (15)
}

/** One sample of a live process, or undefined when it is gone. */
export function sampleProcess(pid: number, at = Date.now()): ProcSample | undefined {
  try {
    const cpuMs = cpuMsOf(pid);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      at,
      cpuMs,
      rssMb: statusKb(status, 'VmRSS') / 1024,
      peakRssMb: statusKb(status, 'VmHWM') / 1024,
    };
  } catch {
    return undefined;
  }
}

/** The pids listed in `procRoot` (it throws when that cannot be read). */
export const processIds = (procRoot = '/proc'): number[] => readdirSync(procRoot).filter((name) => /^\d+$/.test(name)).map(Number);

/** The pids whose parent is `parent`, each with its command line. */
export function childProcesses(parent: number): { pid: number; argv: string[] }[] {
  const children: { pid: number; argv: string[] }[] = [];
  for (const pid of processIds()) {
    try {
      if (Number(statFields(pid)[1]) !== parent) continue;
      children.push({ pid, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
