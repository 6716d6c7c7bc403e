// Whether a run's machines fit in this host's memory: a note before starting more than it can hold.
import { freemem } from 'node:os';

/** Resident memory of one machine process, MB: 57.4 for the largest of a 50-machine mesh (BENCHMARKS.md, Scale). */
export const MACHINE_MB = 60;

/** The note for `machines` processes that need more memory than is available (`freeBytes`), or null when they fit. */
export function memoryNote(machines: number, freeBytes = freemem()): string | null {
  const needMb = machines * MACHINE_MB;
  const freeMb = Math.floor(freeBytes / 2 ** 20);
  if (needMb <= freeMb) return null;
  return (
    `note: ${machines} machines take about ${needMb.toLocaleString('en-US')} MB of memory (about ${MACHINE_MB} MB each), ` +
    `more than the ${freeMb.toLocaleString('en-US')} MB available here: the host may swap or kill some of them; run fewer machines`
  );
}
