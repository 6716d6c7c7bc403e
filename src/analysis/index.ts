// The analysis's public API, for start-all, the simulator and sweeps: analyse, print, report, check, collect metrics.
//
// After a run (what start-all does when a run ends):
//   const analysis = await analyzeRuns([runDir], { onProblem: printProblems('') });
//   process.stdout.write(renderTables(analysis));
//   await writeReport(analysis, join(runDir, 'report.html'));
// Checking a run: `const result = await checkRun(runDir); process.stdout.write(renderCheck(result)); result.ok`.
// Without files (a simulator or sweep): `const c = new RunMetricsCollector(); c.add(record) ...; c.result()`.
export { analyzeRun, analyzeRuns, type Analysis, type AnalyzeOptions, type RunAnalysis } from './analyze.js';
export { renderTables } from './tables.js';
export { analysisJson } from './json-output.js';
export { renderReport, writeReport } from './report.js';
export { checkRun, renderCheck, type CheckResult } from './check-run.js';
export { RULES, type RuleId, type Violation } from './check-rules.js';
export { RunMetricsCollector, type MachineMetrics, type RunMetrics } from './metrics.js';
export { formatProblem, printProblems, type InputProblem } from './problems.js';
