// Run folders written by other tools or cut short, through the real check and analyze CLIs: settings of the wrong type
// in start records, faults.jsonl times without a zone, logs of a killed run without run.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../helpers/cli.js';
import { editedRun } from './helpers/edited-run.js';

const writtenRun = (edit: (line: string, machine: number) => string = (l) => l, keepRunJson = false): string => editedRun('lamport-other-', edit, keepRunJson);

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

describe('logs copied from a killed run: no run.json, no stop record in any log', () => {
  const noStop = (l: string) => (l.includes('"event":"stop"') ? '' : l);

  test('check: one note that the end is unknown, stop-last and conservation skipped, no crashed list, exit 0', async () => {
    const dir = writtenRun(noStop);
    expect(readFileSync(join(dir, 'machine-1.jsonl'), 'utf8')).not.toContain('"stop"');
    const check = await runScript('check', [dir]);
    expect([check.exitCode, check.stderr]).toEqual([0, '']);
    const out = String(check.stdout);
    expect(out).toMatch(/\n {2}skip {2}stop-last /);
    expect(out).toMatch(/\n {2}skip {2}conservation /);
    expect(out).toMatch(/\n {2}ok {4}tick-numbering /);
    expect(out).not.toContain('\ncrashed:');
    expect(out).not.toContain('lost messages');
    expect(out).toContain(
      '\nnotes:\n  - the end of the run is unknown: no run.json and no stop record in any log (logs copied from a killed run?), so no machine is called crashed, ' +
        'messages not received by the end of the logs are not called lost, and stop-last and conservation are not checked\n\nOK: every rule holds.',
    );
  });

  test('one stop record, or a run.json, tells how the run ended: the machines without one are listed as crashed', async () => {
    const oneStopped = writtenRun((l, id) => (id === 1 ? l : noStop(l)));
    const check = await runScript('check', [oneStopped]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain('\ncrashed:\n  - machine 2 crashed: its log ends without a stop record\n');
    expect(check.stdout).toMatch(/\n {2}ok {4}stop-last /);
    expect(check.stdout).not.toContain('end of the run is unknown');

    // start-all's run.json of a run whose machines were all killed: it says how each ended.
    const withRunJson = writtenRun(noStop);
    const killed = { exitCode: null, signal: 'SIGKILL' };
    writeFileSync(
      join(withRunJson, 'run.json'),
      JSON.stringify({ mode: 'real', seed: 3, rates: { 1: 4, 2: 2, 3: 3 }, startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:06.000Z', machines: { 1: killed, 2: killed, 3: killed } }),
    );
    const checked = await runScript('check', [withRunJson]);
    expect(checked.stdout).toContain('\ncrashed:\n  - machine 1 crashed: its log ends without a stop record\n');
    expect(checked.stdout).not.toContain('end of the run is unknown');
  });
});
