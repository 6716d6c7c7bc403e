// A run's seed and internal probability: from run.json, else from its machines' start records when they all agree.
import type { RunAnalysis } from './analyze.js';
import { idList } from './id-list.js';

export function runSetting(run: RunAnalysis, key: 'seed' | 'internalProbability'): number | null {
  const recorded = run.info?.[key];
  if (typeof recorded === 'number') return recorded;
  // Machines started by hand have no run.json, but each start record carries both.
  const values = new Set(run.metrics.machines.map((m) => m[key]).filter((v): v is number => v !== null));
  return values.size === 1 ? [...values][0]! : null;
}

/**
 * When run.json has no value and the machines' start records disagree (machines started by hand, one given --seed and
 * another not): each value with its machines, as `42 (machine 1), 272129734 (machines 2, 3)`; else null.
 */
export function disagreeingSetting(run: RunAnalysis, key: 'seed' | 'internalProbability'): string | null {
  if (typeof run.info?.[key] === 'number') return null;
  const byValue = new Map<number, number[]>();
  for (const m of run.metrics.machines) {
    const value = m[key];
    if (value !== null) byValue.set(value, [...(byValue.get(value) ?? []), m.machine]);
  }
  if (byValue.size < 2) return null;
  return [...byValue].map(([value, ids]) => `${value} (machine${ids.length > 1 ? 's' : ''} ${idList(ids)})`).join(', ');
}
