// Warnings in the logs (frames a machine could not read, unexpected peers): analyze's run table counts them per
// machine, a suppressed-warnings record by its count; a full queue's refusals are counted as refused, not here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { analysisJson } from '../../src/analysis/json-output.js';
import { runTable } from '../../src/analysis/summary-rows.js';
import { tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

/** Puts `lines` into machine `id`'s log just before its stop record. */
function beforeStop(dir: string, id: number, lines: object[]): void {
  const file = join(dir, `machine-${id}.jsonl`);
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  const time = JSON.parse(all.at(-1)!).time as string;
  writeFileSync(file, [...all.slice(0, -1), ...lines.map((l) => JSON.stringify({ time, machine: id, event: 'warn', ...l })), all.at(-1)!].join('\n') + '\n');
}

test("analyze counts each machine's warnings in a line of its run table, and keeps them out of --json", async () => {
  const dir = join(tempDir(), 'run');
  writeScriptedRun(dir, { rates: { 1: 2, 2: 3, 3: 4 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.7, seed: 1 });
  beforeStop(dir, 2, [{ reason: 'malformed clock frame "clock:abc" from 127.0.0.1:40000' }, { reason: '12 similar warnings suppressed' }]);
  beforeStop(dir, 3, [{ reason: 'malformed clock frame "hello" from 127.0.0.1:40001' }, { reason: '1 similar warning suppressed' }, { reason: '1,234 similar warnings suppressed' }]);
  const analysis = await analyzeRun(dir);
  expect(analysis.metrics.machines.map((m) => m.warnings)).toEqual([0, 13, 1236]);
  expect(new Map(runTable(analysis).rows.map(([k, v]) => [k, v])).get('warnings')).toBe(
    '13 on machine 2, 1,236 on machine 3 (the WARN lines of their logs say what)',
  );
  expect(Object.keys(analysisJson({ runs: [analysis] }).runs[0]!.machines[0]!)).not.toContain('warnings');
  // A run without warnings has no such line.
  const quiet = join(tempDir(), 'quiet');
  writeScriptedRun(quiet, { rates: { 1: 2, 2: 3 }, durationMs: 2000, latencyMs: 5, internalProbability: 0.7, seed: 1 });
  expect(runTable(await analyzeRun(quiet)).rows.map(([k]) => k)).not.toContain('warnings');
});
