// Run folders written by other tools, through the real check and analyze CLIs: settings of the wrong type in start
// records, faults.jsonl times without a zone.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

/** A small real-format run folder of three machines, `edit` applied to every line of each log; run.json removed unless kept. */
function writtenRun(edit: (line: string, machine: number) => string = (l) => l, keepRunJson = false): string {
  const dir = join(tempDir('lamport-other-'), 'run');
  writeScriptedRun(dir, { rates: { 1: 4, 2: 2, 3: 3 }, durationMs: 5_000, latencyMs: 20, internalProbability: 0.5, seed: 3 });
  if (!keepRunJson) rmSync(join(dir, 'run.json'));
  for (const id of [1, 2, 3]) {
    const file = join(dir, `machine-${id}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.map((l) => (l === '' ? l : edit(l, id))).join('\n'));
  }
  return dir;
}

describe('start-record settings that are not numbers', () => {
  // Machine 2's start record says "seed":"3" and "internalProbability":"0.5": another tool wrote them as strings.
  const stringSettings = (l: string, id: number) => (id === 2 ? l.replace(/"internalProbability":([\d.]+)/, '"internalProbability":"$1"').replace(/"seed":(\d+)/, '"seed":"$1"') : l);

  test('check lists them under their own heading, a warning: the rules still hold, exit 0', async () => {
    const dir = writtenRun(stringSettings);
    expect(readFileSync(join(dir, 'machine-2.jsonl'), 'utf8').split('\n')[0]).toContain('"internalProbability":"0.5","seed":"3"');
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    const file = join(dir, 'machine-2.jsonl');
    expect(check.stdout).toContain(
      'start-record settings ignored: 2 (a warning, not a violation: not numbers, read as absent)\n' +
        `  - ${file}:1: start record: 'seed' should be a number, is the string "3"; ignored (analysed as if absent)\n` +
        `  - ${file}:1: start record: 'internalProbability' should be a number, is the string "0.5"; ignored (analysed as if absent)\n`,
    );
    expect(check.stdout).toMatch(/ok +readable/);
    expect(check.stdout).toContain('OK: every rule holds.');
    expect(check.stderr).toContain(`check: ${file}:1: start record: 'seed' should be a number, is the string "3"; ignored (analysed as if absent)\n`);
  });

  test('analyze --json: null for that machine\'s settings, the others\' kept, the problem listed with its kind', async () => {
    const dir = writtenRun(stringSettings);
    const json = await runScript('analyze', ['--json', dir]);
    expect(json.exitCode).toBe(0);
    const run = JSON.parse(String(json.stdout)).runs[0];
    const settings = run.machines.map((m: { machine: number; seed: unknown; internalProbability: unknown }) => [m.machine, m.seed, m.internalProbability]);
    expect(settings).toEqual([[1, 3, 0.5], [2, null, null], [3, 3, 0.5]]);
    // Machines 1 and 3 agree; machine 2 gave none that can be read.
    expect([run.seed, run.internalProbability]).toEqual([3, 0.5]);
    expect(run.problems.map((p: { kind: string; line: number }) => [p.kind, p.line])).toEqual([['ignored-setting', 1], ['ignored-setting', 1]]);
  });

  test('numbers are read as before: no warning', async () => {
    const check = await runScript('check', [writtenRun()]);
    expect([check.exitCode, check.stderr]).toEqual([0, '']);
    expect(check.stdout).not.toContain('settings ignored');
  });
});

describe('faults.jsonl written by another tool', () => {
  test('a fault time without a time zone is refused in one line, as a log record\'s is; the fault with a Z is read', async () => {
    const dir = writtenRun(undefined, true);
    const fault = (time: string, machine: number) => `${JSON.stringify({ time, at: 1, action: 'kill', description: `kill machine ${machine} (SIGKILL)`, machine })}\n`;
    writeFileSync(join(dir, 'faults.jsonl'), fault('2026-01-01T00:00:01', 2) + fault('2026-01-01T00:00:02.000Z', 3));
    const file = join(dir, 'faults.jsonl');
    const refused = `${file}:1: 'time' has no time zone: "2026-01-01T00:00:01" (write UTC with a Z, e.g. 2026-12-04T09:00:01.234Z); fault left out`;
    const check = await runScript('check', [dir]);
    expect(check.stderr).toBe(`check: ${refused}`);
    expect(check.exitCode).toBe(0);

    const json = await runScript('analyze', ['--json', dir]);
    expect(json.exitCode).toBe(0);
    expect(json.stderr).toBe(`analyze: ${refused}`);
    const run = JSON.parse(String(json.stdout)).runs[0];
    expect(run.problems).toEqual([expect.objectContaining({ kind: 'fault-log', line: 1 })]);
    // Only machine 3's kill, the line with a zone, is a fault window.
    expect(run.faultWindows.map((w: { label: string }) => w.label)).toEqual(['machine 3 killed']);
  });
});
