// A fixed piece of CPU work, timed as each measurement starts: how fast the host ran at that moment. The same code
// on the same 2-vCPU host has run 1.7 times slower one hour than another; this shows it next to the figures.
import { performance } from 'node:perf_hooks';
import type { CoreRecord } from '../core/records.js';
import { humanLine, jsonLine } from '../log/format.js';

const RECORDS = 20_000;

/** Milliseconds to format RECORDS tick records into both log lines: the best of three rounds (the first warms up). */
export function speedCheckMs(): number {
  let best = Infinity;
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (let i = 0; i < RECORDS; i++) {
      const record: CoreRecord = { time: 1_796_000_000_000 + i, machine: 1, event: 'internal', clock: i, tick: i, queue: i % 4 };
      bytes += jsonLine(record).length + humanLine(record).length;
    }
    best = Math.min(best, performance.now() - t);
  }
  // Uses the output, so the work cannot be optimized away.
  return bytes > 0 ? Math.round(best * 10) / 10 : Number.NaN;
}
