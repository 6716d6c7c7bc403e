// How a run ended, as analyze says it: the heading, the report and --json name an interrupted or early-stopped run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreRecord } from '../../src/core/records.js';
import type { RunInfo } from '../../src/log/run-info.js';
import { jsonLine } from '../../src/log/format.js';
import { runEndText } from '../../src/analysis/run-end.js';
import { runScript, tempDir } from '../helpers/cli.js';

const at = (ms: number) => Date.parse('2026-01-01T00:00:00.000Z') + ms;
const start = (machine: number): CoreRecord => ({ time: at(0), machine, event: 'start', clock: 0, rate: 2, peers: [3 - machine], internalProbability: 1, seed: 1 });
const internal = (machine: number, ms: number, clock: number): CoreRecord => ({ time: at(ms), machine, event: 'internal', clock, tick: clock, queue: 0 });
const stop = (machine: number): CoreRecord => ({ time: at(8_270), machine, event: 'stop', clock: 16, ticks: 16, queue: 0, maxLagMs: 0 });

/** Two machines that ticked 16 times in 8.27 s, and a run.json with `extra` (how the run ended). */
function writeRun(extra: Partial<RunInfo>): string {
  const dir = tempDir('lamport-run-end-');
  for (const id of [1, 2]) {
    const records = [start(id), ...Array.from({ length: 16 }, (_, i) => internal(id, 500 * (i + 1), i + 1)), stop(id)];
    writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => `${jsonLine(r)}\n`).join(''));
  }
  const ok = { exitCode: 0, signal: null };
  const info = { mode: 'real', seed: 1, rates: { 1: 2, 2: 2 }, internalProbability: 1, durationSeconds: 20, machines: { 1: ok, 2: ok }, ...extra };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(info));
  return dir;
}

describe('how a run ended', () => {
  test('an interrupted run: the heading, the report and --json say so, with the planned duration', async () => {
    const dir = writeRun({ interrupted: true });
    const text = await runScript('analyze', [dir]);
    expect(text.exitCode).toBe(0);
    const heading = (text.stdout as string).split('\n')[0];
    expect(heading).toContain('8.27 s of records');
    expect(heading).toMatch(/; interrupted \(Ctrl\+C\) before its planned 20 s$/);
    const json = JSON.parse((await runScript('analyze', ['--json', dir])).stdout as string).runs[0];
    expect([json.interrupted, json.interruptedBy, json.stoppedEarly, json.plannedSeconds]).toEqual([true, null, null, 20]);
    const report = join(dir, 'out.html');
    expect((await runScript('analyze', [dir, '--report', report])).exitCode).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('interrupted (Ctrl+C) before its planned 20 s');
    // check says it too, on its first line (its skips and notes follow from it).
    const check = await runScript('check', [dir]);
    expect((check.stdout as string).split('\n')[0]).toMatch(/^Checked .*: [\d,]+ records from \d+ machine logs? \([\d, -]+\); interrupted \(Ctrl\+C\) before its planned 20 s$/);
  });

  test('a run stopped early by a machine stopped from outside names the reason', async () => {
    const dir = writeRun({ stoppedEarly: 'machine 2 stopped (SIGTERM)' });
    const heading = ((await runScript('analyze', [dir])).stdout as string).split('\n')[0];
    expect(heading).toMatch(/; stopped early before its planned 20 s: machine 2 stopped \(SIGTERM\)$/);
    const json = JSON.parse((await runScript('analyze', ['--json', dir])).stdout as string).runs[0];
    expect([json.interrupted, json.stoppedEarly, json.plannedSeconds]).toEqual([false, 'machine 2 stopped (SIGTERM)', 20]);
  });

  test('a run that ended as planned says nothing more; a run until Ctrl+C has no planned duration', async () => {
    const dir = writeRun({});
    const heading = ((await runScript('analyze', [dir])).stdout as string).split('\n')[0];
    expect(heading).not.toMatch(/interrupted|stopped early/);
    const json = JSON.parse((await runScript('analyze', ['--json', dir])).stdout as string).runs[0];
    expect([json.interrupted, json.stoppedEarly, json.plannedSeconds]).toEqual([false, null, 20]);
    expect(((await runScript('check', [dir])).stdout as string).split('\n')[0]).toMatch(/\)$/);
    const base = { mode: 'real', seed: 1, rates: {}, internalProbability: 1, staggerMs: 0, delayMs: [0, 0], startTime: '', endTime: '' } as unknown as RunInfo;
    expect(runEndText({ ...base, durationSeconds: 0, interrupted: true })).toBe('ran until Ctrl+C (no planned duration)');
    // The signal run.json names (older ones name none: Ctrl+C); anything else there is not printed.
    expect(runEndText({ ...base, durationSeconds: 0, interrupted: true, interruptedBy: 'SIGINT' })).toBe('ran until Ctrl+C (no planned duration)');
    expect(runEndText({ ...base, durationSeconds: 0, interrupted: true, interruptedBy: 'SIGHUP' })).toBe('ran until stopped by SIGHUP (no planned duration)');
    expect(runEndText({ ...base, durationSeconds: 20, interrupted: true, interruptedBy: 'SIGTERM' })).toBe('interrupted (SIGTERM) before its planned 20 s');
    expect(runEndText({ ...base, durationSeconds: 20, interrupted: true, interruptedBy: '\u001b[2J' })).toBe('interrupted (Ctrl+C) before its planned 20 s');
    expect(runEndText({ ...base, mode: 'simulated', durationSeconds: 20, interrupted: true, simulatedSeconds: 8.27 })).toBe(
      'interrupted (Ctrl+C) after 8.27 s of a planned 20 s',
    );
    expect(runEndText(null)).toBeNull();
  });

  test('a run whose start-all was killed after its machines stopped (run.json with no end): analyze and check say so, not a whole run', async () => {
    const dir = writeRun({ endTime: null, machines: undefined, durationSeconds: 20 });
    const said = 'run.json has no end time, though every machine stopped: the command running it did not finish (killed?)';
    expect(((await runScript('analyze', [dir])).stdout as string).split('\n')[0]).toMatch(new RegExp(`8\\.27 s of records, .*; ${said.replace(/[()?]/g, '\\$&')}, 8\\.27 s into a planned 20 s$`));
    const check = await runScript('check', [dir]);
    expect([check.exitCode, (check.stdout as string).split('\n')[0]]).toEqual([0, `Checked ${dir}: 36 records from 2 machine logs (1, 2); ${said}, 8.27 s into a planned 20 s`]);
    // Still going (a machine without its stop record yet): not this; run.json says it may still be going instead. Not
    // with --strict either, where the missing stop record breaks stop-last rather than reading as a crash.
    writeFileSync(join(dir, 'machine-2.jsonl'), readFileSync(join(dir, 'machine-2.jsonl'), 'utf8').split('\n').slice(0, -2).join('\n') + '\n');
    expect((await runScript('analyze', [dir])).stdout).not.toContain(said);
    for (const args of [[dir], ['--strict', dir]]) expect((await runScript('check', args)).stdout).not.toContain(said);
  });
});
