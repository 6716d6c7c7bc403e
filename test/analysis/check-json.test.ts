// `npm run check -- --json`: each run's outcome as one JSON document on stdout, with the exit codes of the text report.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir } from '../helpers/cli.js';
import { RULE_IDS, RULES } from '../../src/analysis/check-rules.js';

const fixture = (...parts: string[]) => fromRoot('test', 'fixtures', 'analysis', ...parts);

/** The document on stdout, after checking that stdout is that document alone, printed with two-space indents. */
function documentOf(stdout: unknown): any {
  const doc = JSON.parse(stdout as string);
  expect(stdout).toBe(JSON.stringify(doc, null, 2));
  return doc;
}

describe('npm run check -- --json', () => {
  test('a good run: every rule ok, ok true, exit 0, nothing on stderr', async () => {
    const dir = fixture('basic');
    const { stdout, stderr, exitCode } = await runScript('check', ['--json', dir]);
    expect([exitCode, stderr]).toEqual([0, '']);
    const doc = documentOf(stdout);
    expect(Object.keys(doc)).toEqual(['tool', 'ok', 'runs', 'notRuns']);
    expect(doc.tool).toMatchObject({ name: 'lamport-lab' });
    expect([doc.ok, doc.notRuns, doc.runs.length]).toEqual([true, [], 1]);
    const [run] = doc.runs;
    expect(run).toMatchObject({ dir, machines: [1, 2], ok: true, violationCount: 0, violations: [], crashed: [], lost: [], problems: [], mayStillBeRunning: false, endUnknown: false });
    expect(run.rules).toEqual(RULE_IDS.map((id) => ({ rule: id, description: RULES[id], status: 'ok', violationCount: 0, uncheckedFor: [] })));
  });

  test('a violation: the rule FAILs, the counterexample names file, line and record; exit 1 as without --json', async () => {
    const dir = fixture('check', 'receive-clock');
    const { stdout, stderr, exitCode } = await runScript('check', ['--json', dir]);
    expect([exitCode, stderr]).toEqual([1, '']);
    const [run] = documentOf(stdout).runs;
    expect(run.ok).toBe(false);
    expect(run.rules.find((r: { rule: string }) => r.rule === 'receive-clock')).toEqual({
      rule: 'receive-clock', description: 'per machine: clock = max(clock, message clock) + 1 on receive', status: 'FAIL', violationCount: 1, uncheckedFor: [],
    });
    expect(run.violationCount).toBe(1);
    expect(run.violations).toEqual([
      {
        rule: 'receive-clock',
        machine: 2,
        message: 'machine 2 received message clock 5 with clock 3 and set its clock to 7, expected max(3, 5) + 1 = 6',
        records: [
          { file: `${dir}/machine-2.jsonl`, line: 3, text: '{"time":"2026-01-01T00:00:02.000Z","machine":2,"event":"receive","clock":3,"tick":2,"from":1,"msgClock":2,"queue":0}' },
          { file: `${dir}/machine-2.jsonl`, line: 4, text: '{"time":"2026-01-01T00:00:03.000Z","machine":2,"event":"receive","clock":7,"tick":3,"from":1,"msgClock":5,"queue":0}' },
        ],
      },
    ]);
  });

  test('a crashed machine: crashed, its skipped line among problems (also on stderr), conservation skipped with a note', async () => {
    const dir = fixture('check', 'crashed');
    const text = await runScript('check', [dir]);
    const { stdout, stderr, exitCode } = await runScript('check', ['--json', dir]);
    expect([exitCode, stderr]).toEqual([text.exitCode, text.stderr]);
    const [run] = documentOf(stdout).runs;
    expect(run.crashed).toEqual([
      {
        machine: 2,
        message: 'machine 2 crashed: its log ends without a stop record (and with a cut-off last line)',
        records: [
          { file: `${dir}/machine-2.jsonl`, line: 5, text: '{"time":"2026-01-01T00:00:04.000Z","machine":2,"event":"send","clock":7,"tick":4,"to":[1],"dropped":[],"queue":0}' },
          { file: `${dir}/machine-2.jsonl`, line: 6, text: '{"time":"2026-01-01T00:00:04.100Z","machine":2,"event":"st' },
        ],
      },
    ]);
    expect(run.problems).toEqual([
      { kind: 'truncated', file: `${dir}/machine-2.jsonl`, line: 6, message: 'truncated last line (no newline at the end, not valid JSON); skipped', text: '{"time":"2026-01-01T00:00:04.100Z","machine":2,"event":"st' },
    ]);
    expect(run.notes).toContain('conservation not checked: machine 2 crashed');
  });

  test('several folders, one not a run: the others in runs, it in notRuns and on stderr; exit 2 as without --json', async () => {
    const good = fixture('basic');
    const bad = fixture('check', 'receive-clock');
    const missing = join(good, 'nothing');
    const { stdout, stderr, exitCode } = await runScript('check', ['--json', good, bad, missing]);
    expect([exitCode, stderr]).toEqual([2, `check: error: ${missing}: no such run folder`]);
    const doc = documentOf(stdout);
    expect(doc.runs.map((r: { dir: string; ok: boolean }) => [r.dir, r.ok])).toEqual([[good, true], [bad, false]]);
    expect([doc.ok, doc.notRuns]).toEqual([false, [{ dir: missing, error: `${missing}: no such run folder` }]]);
    // One folder that is not a run: the same error line, and still a document to read (ok false), for a grader.
    const alone = await runScript('check', ['--json', missing]);
    expect([alone.exitCode, alone.stderr]).toEqual([2, `check: error: ${missing}: no such run folder`]);
    expect(documentOf(alone.stdout)).toMatchObject({ ok: false, runs: [], notRuns: [{ dir: missing, error: `${missing}: no such run folder` }] });
    // A good run beside a folder that is not a run: not ok, as the exit code says.
    const mixed = await runScript('check', ['--json', good, missing]);
    expect([mixed.exitCode, documentOf(mixed.stdout).ok]).toEqual([2, false]);
  });

  test('an unreadable line: the readable violation names the machine whose log it is in', async () => {
    const dir = fixture('check', 'readable');
    const { stdout, exitCode } = await runScript('check', ['--json', dir]);
    expect(exitCode).toBe(1);
    const [run] = documentOf(stdout).runs;
    expect(run.violations).toEqual([{ rule: 'readable', machine: 1, message: 'not valid JSON; line skipped', records: [{ file: `${dir}/machine-1.jsonl`, line: 5, text: expect.any(String) }] }]);

    // A log run.json names that is missing: the violation names its machine too.
    const gone = join(tempDir('lamport-check-json-'), 'run');
    cpSync(fixture('basic'), gone, { recursive: true });
    rmSync(join(gone, 'machine-2.jsonl'));
    const missing = documentOf((await runScript('check', ['--json', gone])).stdout).runs[0];
    expect(missing.violations).toContainEqual({ rule: 'readable', machine: 2, message: 'missing (run.json names machine 2); read without it', records: [{ file: `${gone}/machine-2.jsonl`, line: null, text: '' }] });
    // Without run.json, a peer's start record names the missing log: its machine is named the same way.
    rmSync(join(gone, 'run.json'));
    const named = documentOf((await runScript('check', ['--json', gone])).stdout).runs[0];
    expect(named.violations.filter((v: { rule: string }) => v.rule === 'readable')).toEqual([
      { rule: 'readable', machine: 2, message: expect.stringMatching(/^missing \(machine 1 names machine 2 as a peer\)/), records: [{ file: `${gone}/machine-2.jsonl`, line: null, text: '' }] },
    ]);
  });

  test('how the run ended, as fields beside the prose: interrupted, interruptedBy, stoppedEarly, plannedSeconds', async () => {
    const good = documentOf((await runScript('check', ['--json', fixture('basic')])).stdout).runs[0];
    expect(good).toMatchObject({ ended: null, interrupted: false, interruptedBy: null, stoppedEarly: null, plannedSeconds: 4.1 });
    const dir = join(tempDir('lamport-check-json-'), 'run');
    cpSync(fixture('basic'), dir, { recursive: true });
    const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...info, mode: 'real', durationSeconds: 30, interrupted: true, interruptedBy: 'SIGTERM' }));
    const { stdout } = await runScript('check', ['--json', dir]);
    expect(documentOf(stdout).runs[0]).toMatchObject({ ended: 'interrupted (SIGTERM) before its planned 30 s', interrupted: true, interruptedBy: 'SIGTERM', stoppedEarly: null, plannedSeconds: 30 });
  });

  test("a log line's terminal control characters stay escaped in the JSON text", async () => {
    const dir = join(tempDir('lamport-check-json-'), 'run');
    cpSync(fixture('basic'), dir, { recursive: true });
    const log = join(dir, 'machine-1.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines.splice(1, 0, '{"event":"\u009b2J\u001b[31m"}');
    writeFileSync(log, lines.join('\n'));
    const { stdout } = await runScript('check', ['--json', dir]);
    expect(stdout).not.toMatch(/[\u001b\u009b]/);
    expect(stdout).toContain('\\u009b2J\\u001b[31m');
    expect(JSON.parse(stdout as string).runs[0].problems[0].text).toBe('{"event":"\u009b2J\u001b[31m"}');
  });
});
