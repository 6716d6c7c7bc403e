// What start-all, its fault driver, run.json and the analysis use of fault injection: load and plan a faults.json
// schedule, the per-link proxies that carry it out, and a run's fault windows.
export { LinkProxies, type Address } from './link-proxies.js';
export { parseFaultSchedule, type FaultSchedule } from './schedule.js';
export { loadFaultPlan, type FaultPlan } from './load-schedule.js';
export { planFaults, describeStep, describeSteps, type FaultStep } from './plan.js';
export { faultWindows, type FaultWindow } from './windows.js';
export { appliedLine } from './applied-line.js';
export { neverRanLine, skippedLine } from './unrun-line.js';
