// What start-all loads (by a dynamic import) when a run ends: analyse the run, print its tables, write its report.
//
//   const analysis = await analyzeRuns([runDir], { onProblem: printProblems('') });
//   process.stdout.write(renderTables(analysis));
//   await writeReport(analysis, join(runDir, 'report.html'));
export { analyzeRuns } from './analyze.js';
export { renderTables } from './tables.js';
export { writeReport } from './report.js';
export { printProblems } from './problems.js';
