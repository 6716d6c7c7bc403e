// A run's seed, internal probability and network delay: from run.json, else from its machines' start records when they
// all agree.
import type { RunAnalysis } from './analyze.js';
import { machinesText } from '../text/id-list.js';
import { delayRange } from '../text/delay-range.js';

type Setting = 'seed' | 'internalProbability';

/** The machines' start records' values of `key`, each with the machines that gave it (machines without one left out). */
function startRecordValues(run: RunAnalysis, key: Setting): Map<number, number[]> {
  const byValue = new Map<number, number[]>();
  for (const m of run.metrics.machines) {
    const value = m[key];
    if (value !== null) byValue.set(value, [...(byValue.get(value) ?? []), m.machine]);
  }
  return byValue;
}

export function runSetting(run: RunAnalysis, key: Setting): number | null {
  const recorded = run.info?.[key];
  if (typeof recorded === 'number') return recorded;
  // Machines started by hand have no run.json, but each start record carries both.
  const values = startRecordValues(run, key);
  return values.size === 1 ? [...values.keys()][0]! : null;
}

/** A setting as a table cell: its value, `differ` when the machines' start records disagree, `-` when not known. */
export function settingCell(run: RunAnalysis, key: Setting): string {
  const value = runSetting(run, key);
  if (value !== null) return String(value);
  return disagreeingSetting(run, key) ? 'differ' : '-';
}

/**
 * When run.json has no value and the machines' start records disagree (machines started by hand, one given --seed and
 * another not): each value with its machines, as `42 (machine 1), 272129734 (machines 2, 3)`; else null.
 */
export function disagreeingSetting(run: RunAnalysis, key: Setting): string | null {
  if (typeof run.info?.[key] === 'number') return null;
  const values = startRecordValues(run, key);
  if (values.size < 2) return null;
  return [...values].map(([value, ids]) => `${value} (${machinesText(ids)})`).join(', ');
}

/**
 * The network delay run.json records (`delayMs`, [min, max] ms per frame): one not a pair of numbers was left out as
 * run.json was read (run-info-fields.ts). Without run.json (machines started by hand), the delay every machine's start
 * record gives, when they agree; else null.
 */
export function runDelay(run: RunAnalysis): [number, number] | null {
  if (run.info) return run.info.delayMs ?? null;
  const delays = startRecordDelays(run);
  return delays.size === 1 ? [...delays.values()][0]!.delay : null;
}

/** Without run.json, machines whose start records give different delays: `5 ms (machine 1), none (machines 2, 3)`; else null. */
export function disagreeingDelay(run: RunAnalysis): string | null {
  if (run.info) return null;
  const delays = startRecordDelays(run);
  if (delays.size < 2) return null;
  return [...delays].map(([text, { machines }]) => `${text} (${machinesText(machines)})`).join(', ');
}

/** The delays the machines' start records give, by their text (`5 ms`, or `none` for a machine without one). */
function startRecordDelays(run: RunAnalysis): Map<string, { delay: [number, number] | null; machines: number[] }> {
  const byText = new Map<string, { delay: [number, number] | null; machines: number[] }>();
  for (const m of run.metrics.machines) {
    const text = m.delayMs ? delayRange(m.delayMs) : 'none';
    const group = byText.get(text) ?? byText.set(text, { delay: m.delayMs, machines: [] }).get(text)!;
    group.machines.push(m.machine);
  }
  return byText;
}

/** `delay 50-200 ms` (`delay 1 ms` when fixed) for a run whose frames were delayed, else null (none, or not recorded). */
export function delayText(run: RunAnalysis): string | null {
  const delay = runDelay(run);
  if (!delay || delay[1] <= 0) return null;
  return `delay ${delayRange(delay)}`;
}
