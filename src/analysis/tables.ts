// The text that `npm run analyze` prints: one block per run, then the cross-run table when there are several.
import type { Analysis } from './analyze.js';
import { experimentTable, machineTable, runHeading, runTable, type TableData } from './summary-rows.js';
import { formatTable } from './text-table.js';

/** The table, then its notes (what a column counts) one per line. */
const text = (table: TableData): string => [formatTable(table.columns, table.rows), ...(table.notes ?? [])].join('\n');

/** Aligned tables for all runs, ending with a newline. */
export function renderTables(analysis: Analysis): string {
  const blocks = analysis.runs.map((run) => {
    const summary = runTable(run).rows.map(([label, value]) => [label ?? '', value ?? '']);
    return [runHeading(run), '', text(machineTable(run)), '', formatTable([{ header: '' }, { header: '' }], summary)].join('\n');
  });
  if (analysis.runs.length > 1) blocks.push(`Experiments\n\n${text(experimentTable(analysis))}`);
  return blocks.join('\n\n') + '\n';
}
