// A run's seed and internal probability: from run.json, else from its machines' start records when they all agree.
import type { RunAnalysis } from './analyze.js';
import { machinesText } from '../text/id-list.js';

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
