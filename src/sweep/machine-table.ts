// report.html's "Per machine, mean over seeds" table: a row per point and machine, its rate, max jump, max queue and mean drift.
import type { SweepResults } from './results.js';
import { fixedGrouped } from '../text/grouped.js';
import { escapeHtml } from '../text/escape-html.js';

/** Rows beyond which the table gives way to a line naming machines.csv and results.json (as the points table does past 200 points). */
const MAX_ROWS = 600;

/** The table, or a line saying why there is none. */
export function machineTable(results: SweepResults): string {
  const rows = results.points.flatMap((p) => p.perMachine.map((m) => ({ point: p.point, ...m })));
  if (rows.length === 0) return `<p>No finished run has per-machine figures.</p>`;
  if (rows.length > MAX_ROWS) return `<p>${rows.length} machines over ${results.points.length} points: see machines.csv for each run's, results.json's points for their means.</p>`;
  const col = (text: string): string => `<th scope="col">${escapeHtml(text)}</th>`;
  const head = `<tr>${['point', 'machine', 'runs', 'rate (ticks/s)', 'largest clock jump', 'max queue', 'mean drift'].map(col).join('')}</tr>`;
  // To two decimals, as the points table has its means (results.json has them to four).
  const mean = (value: number | null): string => (value === null ? '-' : fixedGrouped(value, 2));
  const body = rows
    .map(
      (r) =>
        // Two row headers: a screen reader names each cell by its point and machine.
        `<tr><th scope="row">${r.point}</th><th scope="row">${r.machine}</th><td>${r.runs}</td><td>${mean(r.mean.rate)}</td>` +
        `<td>${mean(r.mean.maxJump)}</td><td>${mean(r.mean.maxQueue)}</td><td>${mean(r.mean.meanDrift)}</td></tr>`,
    )
    .join('\n');
  return `<div class="wide"><table>${head}\n${body}</table></div>`;
}
