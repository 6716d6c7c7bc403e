// How many open files a fault run needs (its link proxies live in start-all's process), and the limit it has.
import { readFileSync } from 'node:fs';

/**
 * Open files start-all needs for a fault run of `machines` machines: 3 per directed link (the proxy's listening socket,
 * and both ends of the connection it carries), 4 per machine process (its pipes), and 100 for Node itself and the logs.
 */
export function faultRunOpenFiles(machines: number): number {
  return 3 * machines * (machines - 1) + 4 * machines + 100;
}

/** The soft limit on open files of this process ('Max open files' in /proc/self/limits); null when unknown or unlimited. */
export function openFileLimit(file = '/proc/self/limits'): number | null {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.slice('Max open files'.length).trim().split(/\s+/)[0]);
    return Number.isInteger(soft) ? soft : null;
  } catch {
    return null;
  }
}

/** The line saying that a fault run needs more open files than the limit, or null when it fits (or the limit is unknown). */
export function openFilesShortfall(machines: number, limit = openFileLimit()): string | null {
  const need = faultRunOpenFiles(machines);
  if (limit === null || limit >= need) return null;
  return `fault proxies for ${machines} machines need about ${need} open files but the limit is ${limit} (ulimit -n): raise it first (ulimit -n ${roundUp(need)}), or run fewer machines`;
}

/** `need` rounded up to a round figure for the suggested `ulimit -n`. */
function roundUp(need: number): number {
  return Math.ceil(need / 1024) * 1024;
}
