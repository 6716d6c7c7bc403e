// A run's seed and internal probability: from run.json, else from its machines' start records when they all agree.
import type { RunAnalysis } from './analyze.js';

export function runSetting(run: RunAnalysis, key: 'seed' | 'internalProbability'): number | null {
  const recorded = run.info?.[key];
  if (typeof recorded === 'number') return recorded;
  // Machines started by hand have no run.json, but each start record carries both.
  const values = new Set(run.metrics.machines.map((m) => m[key]).filter((v): v is number => v !== null));
  return values.size === 1 ? [...values][0]! : null;
}
