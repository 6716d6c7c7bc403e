// Machines started by hand with --delay (no run.json): analyze's heading gives the delay their start records name, or
// which machine had which when they differ.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { analysisJson } from '../../src/analysis/json-output.js';
import { runHeading } from '../../src/analysis/summary-rows.js';
import { tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

/** A by-hand folder (no run.json) whose machines' start records carry `delays` (none for a machine left out). */
function byHand(delays: Record<number, [number, number]>): string {
  const dir = join(tempDir(), 'run');
  writeScriptedRun(dir, { rates: { 1: 2, 2: 3, 3: 4 }, durationMs: 2000, latencyMs: 5, internalProbability: 0.7, seed: 3 });
  rmSync(join(dir, 'run.json'));
  for (const [id, delayMs] of Object.entries(delays)) {
    const file = join(dir, `machine-${id}.jsonl`);
    const [start, ...rest] = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, [JSON.stringify({ ...JSON.parse(start!), delayMs }), ...rest].join('\n') + '\n');
  }
  return dir;
}

describe("a by-hand run's delay in analyze's heading", () => {
  test('every machine with the same delay: the heading names it (kept out of --json machines)', async () => {
    const analysis = await analyzeRun(byHand({ 1: [5, 5], 2: [5, 5], 3: [5, 5] }));
    expect(runHeading(analysis)).toMatch(/, internal probability 0\.7, delay 5 ms$/);
    expect(Object.keys(analysisJson({ runs: [analysis] }).runs[0]!.machines[0]!)).not.toContain('delayMs');
  });

  test('different delays (or none on some): the heading says which machine had which', async () => {
    expect(runHeading(await analyzeRun(byHand({ 1: [100, 500], 2: [100, 500] })))).toMatch(/, delays differ: 100-500 ms \(machines 1, 2\), none \(machine 3\)$/);
    expect(runHeading(await analyzeRun(byHand({})))).not.toMatch(/delay/);
  });
});
