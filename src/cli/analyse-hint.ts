// The command that prints a run's analysis later (after simulate, or start-all --no-analysis), as typed where the user is.
import { join } from 'node:path';
import { shellWord } from '../text/shell-word.js';
import { npmRun } from './user-path.js';

/** The run's report.html beside its logs, as a shell word. */
const reportWord = (dir: string): string => shellWord(join(dir, 'report.html'));

/** `npm run analyze -- <dir> --report <dir>/report.html`, with `npm --prefix <project>` when typed outside the project. */
export function analyzeCommand(dir: string): { tables: string; report: string } {
  const tables = `${npmRun('analyze')} -- ${shellWord(dir)}`;
  return { tables, report: `${tables} --report ${reportWord(dir)}` };
}

/** The line that ends a run's output when its analysis was not printed: `analyze them: npm run analyze -- ... (add ...)`. */
export function analyseLaterLine(dir: string): string {
  return `analyze them: ${analyzeCommand(dir).tables} (add --report ${reportWord(dir)} for the charts)`;
}
