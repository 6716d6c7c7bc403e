// Run folders written by other tools or cut short, through the real check and analyze CLIs: settings of the wrong type
// in start records, faults.jsonl times without a zone, logs of a killed run without run.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';
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
      'start-record settings ignored: 2 (a warning, not a violation: not of their type, read as absent)\n' +
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

describe('figures past what a date holds', () => {
  test('a start record at 1e-12 ticks a second (its first tick due in 30,000 years): analyze --json still prints its document, the time null', async () => {
    const dir = writtenRun((l, id) => (id === 2 && l.includes('"event":"start"') ? l.replace(/"rate":[\d.]+/, '"rate":1e-12') : l), true);
    const json = await runScript('analyze', ['--json', dir]);
    // run.json keeps the run's rate: the edited start record is named as disagreeing with it.
    expect([json.exitCode, json.stderr]).toEqual([0, `analyze: ${join(dir, 'machine-2.jsonl')}:1: its start record has rate 1e-12/s but run.json says 2/s: a log from another run?`]);
    const machine2 = JSON.parse(String(json.stdout)).runs[0].machines[1];
    expect(machine2).toMatchObject({ machine: 2, rate: 1e-12, tickingStart: null });
  });
});

describe('a rate past what a tick count can reach', () => {
  test('1.7e308 ticks a second (rate x seconds overflows) fails tick-rate rather than passing it', async () => {
    const dir = writtenRun((l, id) => (id === 2 && l.includes('"event":"start"') ? l.replace(/"rate":[\d.]+/, '"rate":1.7e308') : l), true);
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/FAIL +tick-rate/);
    expect(check.stdout).toMatch(/machine 2 ran \d+ ticks in [\d.]+ s .* at 1\.7e\+308\/s: expected Infinity/);
  });
});

describe('stop-record fields that are not numbers', () => {
  // Machine 2's stop record says "overflow":"0" and "maxQueue":"<n>": read as numbers, "0" would be added as text.
  const stringFields = (l: string, id: number) =>
    id === 2 && l.includes('"event":"stop"') ? l.replace(/"overflow":(\d+)/, '"overflow":"$1"').replace(/"maxQueue":(\d+)/, '"maxQueue":"$1"') : l;

  test('check lists them as a warning and reads them as absent: conservation still holds, exit 0; analyze gives numbers', async () => {
    const dir = writtenRun(stringFields, true);
    const file = join(dir, 'machine-2.jsonl');
    expect(readFileSync(file, 'utf8')).toMatch(/"maxQueue":"\d+","overflow":"0"/);
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toMatch(/ok +conservation/);
    expect(check.stdout).toContain('OK: every rule holds.');
    expect(check.stdout).toMatch(
      new RegExp(
        `stop-record fields ignored: 2 \\(a warning, not a violation: not of their type, read as absent\\)\n` +
          `  - ${file}:\\d+: stop record: 'maxQueue' should be a whole number >= 0, is the string "\\d+"; ignored \\(analysed as if absent\\)\n` +
          `  - ${file}:\\d+: stop record: 'overflow' should be a whole number >= 0, is the string "0"; ignored \\(analysed as if absent\\)\n`,
      ),
    );
    const json = await runScript('analyze', ['--json', dir]);
    expect(json.exitCode).toBe(0);
    const machine2 = JSON.parse(String(json.stdout)).runs[0].machines[1];
    expect(machine2).toMatchObject({ machine: 2, overflow: 0, maxQueue: expect.any(Number) });
  });

  test('a negative tickingMs is out of range: warned and read as absent, not a negative time in tick-rate', async () => {
    const dir = writtenRun((l, id) => (id === 2 && l.includes('"event":"stop"') ? l.replace(/,"tickingMs":[\d.]+/, '').replace(/}$/, ',"tickingMs":-5000}') : l), true);
    expect(readFileSync(join(dir, 'machine-2.jsonl'), 'utf8')).toContain('"tickingMs":-5000');
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toMatch(/stop-record fields ignored: 1 .*\n.*stop record: 'tickingMs' should be a number >= 0, is -5000; ignored \(analysed as if absent\)/);
    expect(check.stdout).not.toContain('-5 s');
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
  /** start-all's run.json of a run whose machines were all killed: it says how each ended. */
  const writeKilledRunJson = (dir: string): void => {
    const killed = { exitCode: null, signal: 'SIGKILL' };
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify({ mode: 'real', seed: 3, rates: { 1: 4, 2: 2, 3: 3 }, startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:06.000Z', machines: { 1: killed, 2: killed, 3: killed } }),
    );
  };
  const analyzeNote =
    'the end of the run is unknown: no run.json and no stop record in any log (logs copied from a killed run?), so no machine is called crashed ' +
    'and messages not received by the end of the logs are not called lost';
  interface MachineJson { machine: number; crashed: boolean; lost: number }
  interface MessagesJson { sent: number; received: number; leftInQueues: number; refused: number; lost: number; unaccounted: number; unloggedSends: number }
  /** analyze --json's first run. */
  const analyzeJson = async (dir: string) => {
    const json = await runScript('analyze', ['--json', dir]);
    expect([json.exitCode, json.stderr]).toEqual([0, '']);
    return JSON.parse(String(json.stdout)).runs[0] as { endUnknown: boolean; machines: MachineJson[]; messages: MessagesJson; lostMessages: unknown[] };
  };
  /** The first column of the per-machine table's rows: `1`, or `2 (crashed)`. */
  const machineLabels = (out: string): string[] =>
    out
      .split('\n')
      .filter((l) => /^ *\d+( \([a-z ]+\))? {2,}\d/.test(l))
      .map((l) => l.trim().split(/\s{2,}/)[0]!);

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
    writeKilledRunJson(withRunJson);
    const checked = await runScript('check', [withRunJson]);
    expect(checked.stdout).toContain('\ncrashed:\n  - machine 1 crashed: its log ends without a stop record\n');
    expect(checked.stdout).not.toContain('end of the run is unknown');
  });

  test('analyze: one note that the end is unknown, no machine called crashed nor message lost in the tables, --json or the report', async () => {
    const dir = writtenRun(noStop);
    const text = await runScript('analyze', [dir]);
    expect([text.exitCode, text.stderr]).toEqual([0, '']);
    const out = String(text.stdout);
    expect(machineLabels(out)).toEqual(['1', '2', '3']);
    expect(out).toMatch(new RegExp(`^note +${analyzeNote.replace(/[()?]/g, '\\$&')}$`, 'm'));
    expect(out.split('no machine is called crashed')).toHaveLength(2);
    // Beyond the note, nothing says crashed, and the messages not received are not lost but not accounted for.
    expect(out.replace(analyzeNote, '')).not.toMatch(/crash/);
    // No lost row, no lost figure in the messages line, no lost column.
    expect(out).not.toMatch(/^lost |, lost \d| {2}lost$/m);
    expect(out).toContain('messages       sent 20, received 17, left in queues 0; 3 sent but neither received, queued, refused nor lost: still queued or in flight when the logs end (the end of the run is unknown)\n');

    const run = await analyzeJson(dir);
    expect(run.endUnknown).toBe(true);
    expect(run.machines.map((m) => [m.machine, m.crashed, m.lost])).toEqual([[1, false, 0], [2, false, 0], [3, false, 0]]);
    expect(run.lostMessages).toEqual([]);
    const m = run.messages;
    expect([m.lost, m.unaccounted, m.unloggedSends]).toEqual([0, 3, 0]);
    expect(m.sent).toBe(m.received + m.leftInQueues + m.refused + m.lost + m.unaccounted);

    const file = join(tempDir('lamport-other-report-'), 'report.html');
    const report = await runScript('analyze', [dir, '--report', file]);
    expect([report.exitCode, report.stderr]).toEqual([0, '']);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(`<tr><th scope="row">note</th><td>${analyzeNote}</td></tr>`);
    expect(html.replace(analyzeNote, '')).not.toMatch(/crash/);
  });

  test('analyze: with one stop record, or a run.json, machines without a stop record are still crashed and their messages lost', async () => {
    const oneStopped = writtenRun((l, id) => (id === 1 ? l : noStop(l)));
    const text = await runScript('analyze', [oneStopped]);
    expect([text.exitCode, text.stderr]).toEqual([0, '']);
    const out = String(text.stdout);
    expect(machineLabels(out)).toEqual(['1', '2 (crashed)', '3 (crashed)']);
    expect(out).toMatch(/^crashed +machines 2, 3 \(no stop record\)$/m);
    expect(out).toMatch(/\nlost +2 from 1 to 2 \(crash\), 1 from 1 to 3 \(crash\)$/m);
    expect(out).not.toContain('end of the run is unknown');
    const run = await analyzeJson(oneStopped);
    expect(run.endUnknown).toBe(false);
    expect(run.machines.map((m) => [m.machine, m.crashed, m.lost])).toEqual([[1, false, 0], [2, true, 2], [3, true, 1]]);

    const withRunJson = writtenRun(noStop);
    writeKilledRunJson(withRunJson);
    const killed = await analyzeJson(withRunJson);
    expect(killed.endUnknown).toBe(false);
    expect(killed.machines.map((m) => m.crashed)).toEqual([true, true, true]);
    expect(killed.messages.lost).toBe(3);
    expect(machineLabels(String((await runScript('analyze', [withRunJson])).stdout))).toEqual(['1 (crashed)', '2 (crashed)', '3 (crashed)']);
  });
});

describe('a run.json another tool or a hand edited', () => {
  test('fields of the wrong kind are named in one line and read as absent; the logs are judged as a run without them', async () => {
    const dir = writtenRun(undefined, true);
    const file = join(dir, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...info, rates: 'fast', seed: -1, startTime: 12 }));
    const check = await runScript('check', [dir]);
    const said = `"seed" should be a whole number from 0, is -1; "rates" should be an object of machine ids ("1") to rates, is the string "fast"; "startTime" should be an ISO-8601 time with its zone (2026-01-01T00:00:00.000Z), is 12; read without them`;
    expect(check.stderr).toBe(`check: ${file}: ${said}`);
    // Its only violation is run.json's; the logs' own rules, conservation included, are judged.
    expect(check.stdout).toContain('FAILED: 1 violation.');
    expect(check.stdout).toMatch(/ok +conservation/);
    expect(check.stdout).not.toContain('a log from another run');
    const analyze = await runScript('analyze', [dir]);
    expect(analyze.exitCode).toBe(0);
    // The 4 characters of "fast" no longer read as 4 machines, one never started.
    expect(analyze.stdout).toMatch(/^Run \S+ \(\S+\): simulated, 3 machines, /);
  });

  test('a startTime without its zone is refused the same in any TZ, not read as the reader local time', async () => {
    const dir = writtenRun(undefined, true);
    const file = join(dir, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...info, startTime: String(info.startTime).replace(/Z$/, '') }));
    const said = `check: ${file}: "startTime" should be an ISO-8601 time with its zone (2026-01-01T00:00:00.000Z), is the string "${String(info.startTime).replace(/Z$/, '')}"; read without it`;
    const verdicts: unknown[] = [];
    for (const TZ of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      const check = await runScript('check', [dir], { env: { TZ } });
      verdicts.push([check.exitCode, check.stderr, String(check.stdout).split('\n').at(-1)]);
    }
    expect(verdicts).toEqual(Array(3).fill([1, said, 'FAILED: 1 violation.']));
  });

  test('a fault label with control characters is shown escaped in analyze\'s tables, never sent raw to the terminal', async () => {
    const dir = join(tempDir('lamport-other-'), 'run');
    const sim = await runScript('simulate', ['-f', fromRoot('examples', 'faults-class.json'), '-d', '14', '-r', '1,3,6', '-s', '7', '-q', '-l', dir]);
    expect(sim.exitCode).toBe(0);
    const file = join(dir, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8'));
    info.faults.windows[0].label = '\u001b[31mred';
    writeFileSync(file, JSON.stringify(info));
    const analyze = await runScript('analyze', [dir]);
    expect(analyze.exitCode).toBe(0);
    expect(analyze.stdout).not.toContain('\u001b');
    expect(analyze.stdout).toContain('\\u001b[31mred');
  });

  test('fields named like built-in properties are fields like any other, and fault windows of the wrong shape are left out', async () => {
    const dir = writtenRun(undefined, true);
    const file = join(dir, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, `{"toString": {}, "constructor": 1, "__proto__": {"mode": "x"}, "faults": {"windows": "x"}, ${JSON.stringify(info).slice(1)}`);
    for (const command of ['check', 'analyze']) {
      const r = await runScript(command, [dir]);
      expect([r.exitCode, r.stderr]).toEqual([command === 'check' ? 1 : 0, `${command}: ${file}: "faults" should be an object whose windows are fault windows, is {"windows":"x"}; read without it`]);
    }
  });

  test('one saved with a byte order mark is read as it is; one that is not an object is said so', async () => {
    const dir = writtenRun(undefined, true);
    const file = join(dir, 'run.json');
    writeFileSync(file, `\ufeff${readFileSync(file, 'utf8')}`);
    const check = await runScript('check', [dir]);
    expect([check.exitCode, check.stderr]).toEqual([0, '']);
    writeFileSync(file, '[1, 2]');
    const again = await runScript('check', [dir]);
    expect(again.stderr).toBe(`check: ${file}: not a JSON object (is [1,2]); read without run.json`);
  });
});
