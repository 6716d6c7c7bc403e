// The text that `npm run analyze` prints: one block per run, then the cross-run table when there are several.
import { printable } from '../text/printable.js';
import type { Analysis } from './analyze.js';
import { experimentTable, machineTable, runHeading, runTable, type TableData } from './summary-rows.js';
import { fitKeyValues, fitLine, fitTable } from './fit-table.js';

/**
 * Aligned tables for all runs, ending with a newline. With a `width` (the terminal's, see outputWidth), a wider
 * table is split into tables that fit, and the heading, per-run values and the tables' notes (what a column counts)
 * are wrapped; without one, one line a row. Each note is printed once, under the first table that has it.
 */
export function renderTables(analysis: Analysis, width: number | null = null): string {
  // A note says what a column counts: under the first table that has it, not again under every run's.
  const noted = new Set<string>();
  const notes = (table: TableData): string[] => (table.notes ?? []).filter((note) => !noted.has(note) && noted.add(note));
  const text = (table: TableData, keys = 1): string =>
    [fitTable(table.columns, table.rows, width, keys), ...notes(table).map((note) => fitLine(note, width))].join('\n');
  const blocks = analysis.runs.map((run) => {
    const summary = runTable(run).rows.map(([label, value]) => [label ?? '', value ?? '']);
    return [fitLine(runHeading(run), width), '', text(machineTable(run)), '', fitKeyValues(summary, width)].join('\n');
  });
  if (analysis.runs.length > 1) blocks.push(`Experiments\n\n${text(experimentTable(analysis), 3)}`);
  // run.json's fault labels and folder names are not the tool's own text: no control character of theirs reaches the terminal.
  return printable(blocks.join('\n\n') + '\n');
}
