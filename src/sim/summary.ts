// The per-machine table printed after a simulation: rate, ticks, final clock, max queue and end queue.
import type { MachineSummary } from './simulation.js';

/** At most this many rows are shown; longer tables keep their first and last rows. */
const MAX_ROWS = 30;

/** Right-aligned columns under a header, one row per machine (with overflow only when some message was refused). */
export function machineTable(machines: readonly MachineSummary[]): string {
  const withOverflow = machines.some((m) => m.overflow > 0);
  const header = ['machine', 'rate', 'ticks', 'final clock', 'max queue', 'end queue', ...(withOverflow ? ['overflow'] : [])];
  const cells = (m: MachineSummary): string[] => [
    String(m.id),
    String(m.rate),
    String(m.ticks),
    String(m.clock),
    String(m.maxQueue),
    String(m.endQueue),
    ...(withOverflow ? [String(m.overflow)] : []),
  ];
  let shown: (MachineSummary | null)[] = [...machines];
  if (machines.length > MAX_ROWS) {
    const half = MAX_ROWS / 2;
    shown = [...machines.slice(0, half), null, ...machines.slice(-half)];
  }
  const rows = shown.map((m) => (m ? cells(m) : null));
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r ? r[c]!.length : 0))));
  const line = (r: string[]) => r.map((v, c) => v.padStart(widths[c]!)).join('  ');
  const hidden = machines.length - MAX_ROWS;
  return [line(header), ...rows.map((r) => (r ? line(r) : `  ... ${hidden} more machines (see run.json and the logs)`))].join('\n');
}
