// The HTML report (placeholder until the charts land).
import { writeFile } from 'node:fs/promises';
import type { Analysis } from './analyze.js';
import { renderTables } from './tables.js';

export async function writeReport(analysis: Analysis, file: string): Promise<void> {
  await writeFile(file, `<pre>${renderTables(analysis)}</pre>`);
}
