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

  test('a machine with no readable ticks: its event-mix bars say "-", not NaN%', async () => {
    // Machine 1 wrote `Clock` for `clock`: none of its tick records is readable.
    const dir = studentRun((l, id) => (id === 1 && /"event":"(internal|send|receive)"/.test(l) ? l.replace('"clock":', '"Clock":') : l), true);
    const report = join(dir, 'report.html');
    const r = await runScript('analyze', ['--report', report, dir]);
    expect(r.exitCode).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toContain('NaN');
    const bars = [...html.matchAll(/aria-label="share of ticks: ([^;]*); machine: machine (\d); kind: (\w+)"/g)].map((m) => `${m[2]} ${m[3]} ${m[1]}`);
    expect(bars.filter((b) => b.startsWith('1 '))).toEqual(['1 internal -', '1 send -', '1 receive -']);
    expect(bars.filter((b) => b.startsWith('2 '))).toHaveLength(3);
    expect(bars.filter((b) => b.startsWith('2 ')).every((b) => /\d+%$/.test(b))).toBe(true);
  });
});
