// The fault-injection API in one place: the proxy, per-link proxies, the faults.json schedule, its plan and windows.
export { FaultProxy, type FaultProxyOptions } from './proxy.js';
export { LinkProxies, type LinkProxiesOptions, type Address } from './link-proxies.js';
export { toxicTypes, parseToxic, describeToxic, type ToxicSpec, type ToxicInput, type ToxicType } from './toxics.js';
export { faultScheduleSchema, parseFaultSchedule, type FaultSchedule, type FaultEvent } from './schedule.js';
export { loadFaultSchedule } from './load-schedule.js';
export { planFaults, describeStep, eventLabel, type FaultStep, type LinkStep, type NamedToxic } from './plan.js';
export { faultWindows, type FaultWindow } from './windows.js';
export { expandSelectors, parseSelector, linkName, type Link, type Selector } from './selectors.js';
