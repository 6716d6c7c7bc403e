// Logs written by students' own machines from the README's "Logs" section, through the real analyze and check CLIs:
// optional fields left out, a machine with no readable ticks, times without a time zone or milliseconds, a BOM.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

/** A small real-format run folder, with `edit` applied to every line of each machine log (run.json removed if asked). */
function studentRun(edit: (line: string, machine: number) => string, keepRunJson = false): string {
  const dir = join(tempDir('lamport-student-'), 'run');
  writeScriptedRun(dir, { rates: { 1: 4, 2: 2, 3: 3 }, durationMs: 5_000, latencyMs: 20, internalProbability: 0.5, seed: 3 });
  if (!keepRunJson) rmSync(join(dir, 'run.json'));
  for (const id of [1, 2, 3]) {
    const file = join(dir, `machine-${id}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.map((l) => (l === '' ? l : edit(l, id))).join('\n'));
  }
  return dir;
}

describe('logs written by hand-made machines', () => {
  test('a start record without seed or internalProbability: no "undefined" in the heading, null in --json', async () => {
    const dir = studentRun((l) => l.replace(/,"internalProbability":[\d.]+/, '').replace(/,"seed":\d+/, ''));
    expect(readFileSync(join(dir, 'machine-1.jsonl'), 'utf8').split('\n')[0]).not.toMatch(/seed|internalProbability/);
    const text = await runScript('analyze', [dir]);
    expect(text.exitCode).toBe(0);
    const heading = String(text.stdout).split('\n')[0]!;
    expect(heading).toMatch(/^Run run \(.*\): mode unknown \(no run\.json\), 3 machines, [\d.]+ s of records$/);
    expect(text.stdout).not.toContain('undefined');

    const json = await runScript('analyze', ['--json', dir]);
    expect(json.exitCode).toBe(0);
    const run = JSON.parse(String(json.stdout)).runs[0];
    expect(run).toHaveProperty('seed', null);
    expect(run).toHaveProperty('internalProbability', null);
    for (const m of run.machines) {
      expect(m).toHaveProperty('seed', null);
      expect(m).toHaveProperty('internalProbability', null);
    }
  });
});
