// The processes still running whose command line mentions a string (a test's config path): none should outlive a run.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `text` (a zombie's is empty, so it does not count). */
export function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone since the listing
      }
    });
}
