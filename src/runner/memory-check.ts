// Whether a run's machines fit in this host's memory: start-all refuses to start more than it can hold.
import { grouped } from '../text/grouped.js';
import { freemem } from 'node:os';

/** Resident memory of one machine process, MB: 57.4 for the largest of a 50-machine mesh (BENCHMARKS.md, Scale). */
export const MACHINE_MB = 60;

/**
 * Why `machines` processes cannot run here, or null when they fit in the available memory (`freeBytes`). More would
 * bring the host to swap or to its out-of-memory killer (1000 machines took a 24 GB host to 2 GB free before they
 * had all started): a refusal before anything starts, with how many fit.
 */
export function memoryShortfall(machines: number, freeBytes = freemem()): string | null {
  const needMb = machines * MACHINE_MB;
  const freeMb = Math.floor(freeBytes / 2 ** 20);
  if (needMb <= freeMb) return null;
  const fit = Math.floor(freeMb / MACHINE_MB);
  return (
    `${machines} machines take about ${grouped(needMb)} MB of memory (about ${MACHINE_MB} MB each), ` +
    `more than the ${grouped(freeMb)} MB available here: run at most ${fit} (or simulate them: npm run simulate -- -m ${machines})`
  );
}
