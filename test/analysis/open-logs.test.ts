// Machines started by hand (no run.json): a log without its stop record that a running process still writes is a
// machine still running, not a crash, in analyze's tables and notes and in check's findings.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { checkRun } from '../../src/analysis/check-run.js';
import { mayBeGoingNote } from '../../src/analysis/log-cut-short.js';
import { analysisJson } from '../../src/analysis/json-output.js';
import { checkJson } from '../../src/analysis/check-json.js';
import { machineTable, runTable } from '../../src/analysis/summary-rows.js';
import { tempDir } from '../helpers/cli.js';
import { holdFile, releaseFile } from '../helpers/file-holder.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

/** A folder as three machines started by hand leave it: no run.json; machines `ended` (2 and 3) without their stop records. */
function byHandFolder(ended = [2, 3]): string {
  const dir = join(tempDir(), 'by-hand');
  writeScriptedRun(dir, { rates: { 1: 2, 2: 3, 3: 4 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.7, seed: 3 });
  rmSync(join(dir, 'run.json'));
  for (const id of ended) {
    const file = join(dir, `machine-${id}.jsonl`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${lines.filter((l) => !l.includes('"event":"stop"')).join('\n')}\n`);
  }
  return dir;
}

describe('logs still being written (machines started by hand)', () => {
  test('a machine whose log a running process writes is still running; one whose log no process holds crashed', async () => {
    const dir = byHandFolder();
    const machine3 = await holdFile(join(dir, 'machine-3.jsonl'), 'a');
    const running = new Map([[3, machine3.pid!]]);
    try {
      const analysis = await analyzeRun(dir);
      expect([analysis.mayStillBeRunning, analysis.logsOpen]).toEqual([true, running]);
      expect(machineTable(analysis).rows.map((r) => r[0])).toEqual(['1', '2 (crashed)', '3 (no stop record)']);
      const rows = new Map(runTable(analysis).rows.map(([k, v]) => [k, v]));
      expect(rows.get('still running')).toBe('machine 3 (no stop record yet: its log is open for writing in a running process)');
      expect(rows.get('crashed')).toBe('machine 2 (no stop record)');
      expect(mayBeGoingNote(analysis.logsOpen)).toBe(`machine 3 is still running (its log is open for writing in process ${machine3.pid}): a log without its stop record yet is not a crash`);

      const check = await checkRun(dir);
      expect([check.ok, check.mayStillBeRunning, check.logsOpen]).toEqual([true, true, running]);
      expect(check.crashed.map((c) => c.message)).toEqual([
        'machine 2 crashed: its log ends without a stop record',
        `machine 3 has no stop record yet: it is still running (its log is open for writing in process ${machine3.pid})`,
      ]);
      // stop-last waits for machine 3 only: machine 2 crashed.
      expect(check.uncheckedFor['stop-last']).toEqual([3]);
      expect(check.notes).toContain('stop-last not checked: machine 3: no stop record yet (still running: the log is open for writing in a running process)');
      expect(check.notes).toContain('conservation not checked: machine 2 crashed, machine 3 still running');
      // A message machine 3 has not taken yet is not lost to a crash.
      expect(check.lost.map((l) => l.message)).toEqual(['1 message from machine 2 to machine 3 lost: machine 3 is still running and has not received it yet']);
      // --json names the running machines (only when there are some).
      expect(analysisJson({ runs: [analysis] }).runs[0]).toMatchObject({ mayStillBeRunning: true, stillRunning: [3] });
      expect(checkJson([check], []).runs[0]).toMatchObject({ mayStillBeRunning: true, stillRunning: [3] });
      // --strict: a log without its stop record breaks stop-last, and the one still being written says so.
      const strict = await checkRun(dir, { strict: true });
      expect(strict.violations.filter((v) => v.rule === 'stop-last').map((v) => v.message)).toEqual([
        "machine 2's log ends without a stop record (--strict: every log must end with one)",
        `machine 3's log ends without a stop record (--strict: every log must end with one); it is still running: its log is open for writing in process ${machine3.pid}`,
      ]);
    } finally {
      await releaseFile(machine3);
    }
    // Closed (the machine stopped without writing its stop record, or was killed): a crash, as machine 2's.
    const after = await checkRun(dir);
    expect([after.mayStillBeRunning, after.logsOpen.size, after.crashed.map((c) => c.machine)]).toEqual([false, 0, [2, 3]]);
    const analysis = await analyzeRun(dir);
    expect(analysis.mayStillBeRunning).toBe(false);
    expect(Object.keys(analysisJson({ runs: [analysis] }).runs[0]!)).not.toContain('stillRunning');
  });

  test('every machine still running (no stop record in any log): running, not an unknown end', async () => {
    const dir = byHandFolder([1, 2, 3]);
    const holders = await Promise.all([1, 2, 3].map((id) => holdFile(join(dir, `machine-${id}.jsonl`), 'a')));
    try {
      const analysis = await analyzeRun(dir);
      expect([analysis.metrics.endUnknown, analysis.mayStillBeRunning, [...analysis.logsOpen.keys()]]).toEqual([false, true, [1, 2, 3]]);
      expect(runTable(analysis).rows.map(([k]) => k)).toContain('still running');
      const check = await checkRun(dir);
      expect([check.endUnknown, check.mayStillBeRunning, check.ok]).toEqual([false, true, true]);
      expect(check.unchecked).toContain('stop-last');
    } finally {
      await Promise.all(holders.map(releaseFile));
    }
    // Closed, the same logs read as a run whose end is unknown (copied from a killed run?): no machine called crashed.
    expect((await checkRun(dir)).endUnknown).toBe(true);
  });

  test('a reader of the log (tail -f) does not make its machine a running one; nor does any process when run.json is there', async () => {
    const dir = byHandFolder();
    const reader = await holdFile(join(dir, 'machine-3.jsonl'), 'r');
    try {
      expect((await checkRun(dir)).mayStillBeRunning).toBe(false);
    } finally {
      await releaseFile(reader);
    }
    // With a run.json (start-all's or simulate's), run.json alone says whether the run may be going.
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'simulated', seed: 3, rates: { 1: 2, 2: 3, 3: 4 }, internalProbability: 0.7, stoppedTogether: false }));
    const writer = await holdFile(join(dir, 'machine-3.jsonl'), 'a');
    try {
      const check = await checkRun(dir);
      expect([check.mayStillBeRunning, check.logsOpen.size]).toEqual([false, 0]);
    } finally {
      await releaseFile(writer);
    }
  });
});
