// The per-machine table printed after a simulation: rate, ticks, final clock, max queue and end queue (and incarnations).
import { formatTable, rateText, rightAligned } from '../analysis/text-table.js';
import { grouped } from '../text/grouped.js';
import type { SimMachineSummary } from './simulation.js';

/** At most this many rows are shown; longer tables keep their first and last rows. */
const MAX_ROWS = 30;

/**
 * The same table layout as start-all's summary, one row per machine; the frames full queues refused (the stop
 * records' `overflow`) under start-all's header, `refused (queue full)`, only when some were.
 */
export function simulatedMachineTable(machines: readonly SimMachineSummary[]): string {
  const withOverflow = machines.some((m) => m.overflow > 0);
  // A fault schedule killed or restarted a machine: how many times each started, as start-all's summary says.
  const withIncarnations = machines.some((m) => (m.incarnations ?? 1) > 1 || m.killed);
  const header = ['machine', 'rate', 'ticks', 'final clock', 'max queue', 'end queue', ...(withOverflow ? ['refused (queue full)'] : []), ...(withIncarnations ? ['incarnations'] : [])];
  const cells = (m: SimMachineSummary): string[] => [
    String(m.id),
    // Thousands grouped, as start-all's summary and analyze's tables give the same figures.
    rateText(m.rate),
    grouped(m.ticks),
    grouped(m.clock),
    grouped(m.maxQueue),
    // Killed for good: no stop record, as start-all's summary says (what it held is lost, as analyze counts it).
    m.killed ? 'no stop record' : grouped(m.endQueue),
    ...(withOverflow ? [grouped(m.overflow)] : []),
    ...(withIncarnations ? [`${m.incarnations ?? 1}${m.killed ? ' (killed)' : ''}`] : []),
  ];
  // Numbers right-aligned, as start-all's summary and analyze's tables have them.
  const columns = header.map((h) => rightAligned(h));
  if (machines.length <= MAX_ROWS) return formatTable(columns, machines.map(cells));
  const half = MAX_ROWS / 2;
  const lines = formatTable(columns, [...machines.slice(0, half), ...machines.slice(-half)].map(cells)).split('\n');
  lines.splice(1 + half, 0, `... ${machines.length - MAX_ROWS} more machines (see run.json and the logs)`);
  return lines.join('\n');
}
