// The processes still running whose command line mentions a string (a test's config path): none should outlive a run.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `text` (a zombie's is empty, so it does not count). */
export function processesMentioning(text: string): string[] {
  return processIds()
    .map(String)
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone since the listing
      }
    });
}

/** The pids in /proc now (some may be gone by the time they are read). */
export function processIds(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}
