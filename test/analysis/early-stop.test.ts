// A run where one machine dies early and one never ticks, as analyze and check show it: drift only while a machine ran.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreRecord } from '../../src/core/records.js';
import { jsonLine } from '../../src/log/format.js';
import { runScript, tempDir } from '../helpers/cli.js';

const lines = (text: string) => text.split('\n').filter(Boolean);
const at = (ms: number) => Date.parse('2026-01-01T00:00:00.000Z') + ms;
const start = (machine: number): CoreRecord => ({ time: at(0), machine, event: 'start', clock: 0, rate: 2, peers: [1, 2, 3].filter((p) => p !== machine), internalProbability: 1, seed: 1 });
const stop = (machine: number, clock: number, ticks: number): CoreRecord => ({ time: at(10_000), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0 });
const internal = (machine: number, ms: number, clock: number): CoreRecord => ({ time: at(ms), machine, event: 'internal', clock, tick: clock, queue: 0 });

/**
 * Machine 1 ticks every 500 ms to clock 20 and stops at 10 s; machine 2 ticks once, at 1200 ms, and its log ends there;
 * machine 3 never ticks and stops at 10 s. run.json says how machine 2 ended (`exitCode`, `signal`).
 */
function writeRun(dir: string, machine2: { exitCode: number | null; signal: string | null }): void {
  const logs: Record<number, CoreRecord[]> = {
    1: [start(1), ...Array.from({ length: 20 }, (_, i) => internal(1, 500 * (i + 1), i + 1)), stop(1, 20, 20)],
    2: [start(2), internal(2, 1200, 1)],
    3: [start(3), stop(3, 0, 0)],
  };
  for (const [id, records] of Object.entries(logs)) writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => `${jsonLine(r)}\n`).join(''));
  const ok = { exitCode: 0, signal: null };
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'real', seed: 1, rates: { 1: 2, 2: 2, 3: 2 }, internalProbability: 1, machines: { 1: ok, 2: machine2, 3: ok } }));
}

const row = (out: string[], label: string) => out.find((l) => l.trim().startsWith(label))!.trim().split(/\s{2,}/);
// Columns: machine, rate, ticks, internal, send, receive, final clock, behind, jump max/mean/p95, max queue, end queue, drift max, drift mean.
const clocksAndDrift = (cells: string[]) => [cells[0], cells[6], cells[7], cells[13], cells[14]];

describe('a machine that stops early', () => {
  test('killed: no drift after its last record, behind is its lag there; a machine that never ticked has no drift', async () => {
    const dir = tempDir('lamport-early-');
    writeRun(dir, { exitCode: null, signal: 'SIGKILL' });
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir]);
    expect([exitCode, stderr]).toEqual([0, '']);
    const out = lines(stdout as string);
    // Machine 2's tick schedule started at 700 ms (tick 1 at 1200 ms at 2/s); it ran from then to 1200 ms at clock 0
    // while the leader was 1, then 2 from 1000 ms: max 2, mean (300 + 400) / 500; at its end 1 behind.
    expect(clocksAndDrift(row(out, '1 '))).toEqual(['1', '20', '0', '0', '0.00']);
    expect(clocksAndDrift(row(out, '2 (crashed)'))).toEqual(['2 (crashed)', '1', '1', '2', '1.40']);
    expect(clocksAndDrift(row(out, '3 '))).toEqual(['3', '0', '20', '-', '-']);
    expect(out).toContain('crashed        machine 2 (no stop record)');
    const json = await runScript('analyze', ['--json', dir]);
    const machines = JSON.parse(json.stdout as string).runs[0].machines;
    expect(machines.map((m: { behind: number; drift: unknown; crashed: boolean; logCutShort: boolean }) => [m.behind, m.drift, m.crashed, m.logCutShort])).toEqual([
      [0, { max: 0, mean: 0 }, false, false],
      [1, { max: 2, mean: 1.4 }, true, false],
      [20, { max: null, mean: null }, false, false],
    ]);
  });

  test('exited with code 0 but no stop record: analyze says the log was cut short, as check does', async () => {
    const dir = tempDir('lamport-early-');
    writeRun(dir, { exitCode: 0, signal: null });
    const analyzed = await runScript('analyze', [dir]);
    expect(analyzed.exitCode).toBe(0);
    const out = lines(analyzed.stdout as string);
    expect(row(out, '2 (')[0]).toBe('2 (log cut short)');
    expect(out).toContain('log cut short  machine 2 (no stop record, but run.json says it stopped)');
    expect(out.some((l) => l.startsWith('crashed'))).toBe(false);
    const json = await runScript('analyze', ['--json', dir]);
    expect(JSON.parse(json.stdout as string).runs[0].machines[1]).toMatchObject({ crashed: true, logCutShort: true });
    const checked = await runScript('check', [dir]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toContain("machine 2's log ends without a stop record, but run.json says it exited with code 0: the log was cut short");
    const report = join(dir, 'report.html');
    expect((await runScript('analyze', [dir, '--report', report])).exitCode).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('<th scope="row" class="r">2 (log cut short)</th>');
  });
});
