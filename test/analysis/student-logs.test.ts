// Logs written by students' own machines from the README's "Logs" section, through the real analyze and check CLIs:
// optional fields left out, a machine with no readable ticks, ids as strings, times without a zone or milliseconds, a BOM.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir } from '../helpers/cli.js';
import { editedRun } from './helpers/edited-run.js';

const studentRun = (edit: (line: string, machine: number) => string, keepRunJson = false): string => editedRun('lamport-student-', edit, keepRunJson);

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

  test('records written without newlines (json.dumps without "\\n"): readable fails, --strict too, not an OK over no records', async () => {
    const dir = studentRun((l) => l, true);
    for (const id of [1, 2, 3]) {
      const file = join(dir, `machine-${id}.jsonl`);
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', ''));
    }
    for (const args of [[dir], ['--strict', dir]]) {
      const check = await runScript('check', args);
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toMatch(/FAIL +readable .*\(3 violations\)/);
      expect(check.stdout).not.toContain('OK: every rule holds');
      expect(check.stderr).toContain(`check: ${join(dir, 'machine-1.jsonl')}:1: not valid JSON: the whole file is one line with no newline, so no record could be read (end every record with a newline)\n`);
    }
  });

  test('a copy of a log under a name with a leading zero (machine-01.jsonl) is named and left out, not read as a second machine 1', async () => {
    const dir = studentRun((l) => l, true);
    cpSync(join(dir, 'machine-1.jsonl'), join(dir, 'machine-01.jsonl'));
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toBe(`check: ${join(dir, 'machine-01.jsonl')}: not a machine log name (ids are written without leading zeros, up to 9 digits: machine-1.jsonl); read without it`);
    expect(check.stdout).toMatch(/^Checked \S+: [\d,]+ records from 3 machine logs \(1-3\)/);
    expect(check.stdout).toContain('FAILED: 1 violation.');
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

  test('a machine id written as a string: the message says a number is expected', async () => {
    const dir = studentRun((l, id) => (id === 1 ? l.replace('"machine":1,', '"machine":"1",') : l), true);
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(`check: ${join(dir, 'machine-1.jsonl')}:1: 'machine' should be a number, is the string "1"; line skipped`);
    expect(check.stderr).not.toContain('in the log of machine');
  });
});

describe('times in student logs', () => {
  test('times with no time zone are refused lines, named so; an offset and microseconds read as the same instant in any TZ', async () => {
    const local = studentRun((l, id) => (id === 2 ? l.replace(/"time":"([^"]*)Z"/, '"time":"$1"') : l), true);
    const check = await runScript('check', [local]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/FAIL +readable/);
    expect(check.stdout).toContain(`'time' has no time zone: "2026-01-01T00:00:00.000" (write UTC with a Z, e.g. 2026-12-04T09:00:01.234Z); line skipped`);

    const plain = studentRun((l) => l, true);
    // Python's datetime.now(timezone.utc).isoformat(): microseconds and +00:00.
    const python = studentRun((l) => l.replace(/"time":"([^"]*)\.(\d{3})Z"/, '"time":"$1.$2417+00:00"'), true);
    expect(readFileSync(join(python, 'machine-1.jsonl'), 'utf8')).toContain('"time":"2026-01-01T00:00:00.000417+00:00"');
    const env = { TZ: 'America/New_York' };
    const [a, b] = await Promise.all([plain, python].map((dir) => runScript('analyze', ['--json', dir], { env })));
    const times = (r: typeof a) => JSON.parse(String(r!.stdout)).runs[0].machines.map((m: { startTime: string; endTime: string }) => [m.startTime, m.endTime]);
    expect(b!.stderr).toBe('');
    expect(times(b)).toEqual(times(a));
    expect(times(a)[0]).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z']);
    const checked = await runScript('check', [python], { env });
    expect([checked.exitCode, checked.stderr]).toEqual([0, '']);
  });

  test('times in whole seconds: one warning per log in check (exit 0) and analyze (an input problem), none for the machines own logs', async () => {
    const coarse = studentRun((l) => l.replace(/"time":"([^"]*)\.\d{3}Z"/, '"time":"$1Z"'), true);
    const warning = 'times have whole seconds only (no milliseconds): the time figures (latency, drift, tick phase) are only as exact as that';
    const check = await runScript('check', [coarse]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain('OK: every rule holds.');
    expect(check.stdout).toContain(`times without milliseconds: 3 logs (a warning, not a violation)\n  - ${join(coarse, 'machine-1.jsonl')}:1: ${warning}\n`);
    expect(check.stdout).not.toMatch(/FAIL +readable/);
    expect(String(check.stderr).split('\n').filter((l) => l.includes(warning))).toHaveLength(3);

    const analyze = await runScript('analyze', [coarse]);
    expect(analyze.exitCode).toBe(0);
    expect(analyze.stderr).toBe([1, 2, 3].map((id) => `analyze: ${join(coarse, `machine-${id}.jsonl`)}:1: ${warning}`).join('\n'));
    expect(analyze.stdout).toMatch(/input problems +3 \(see the messages on stderr\)/);

    // The same run as the machines write it (milliseconds and Z), and as Python's isoformat() writes it (a time at
    // exactly .000000 with no fraction, the others with one): no warning.
    const own = studentRun((l) => l, true);
    const python = studentRun((l) => l.replace(/"time":"([^"]*)\.(\d{3})Z"/, (_, s: string, ms: string) => `"time":"${s}${ms === '000' ? '' : `.${ms}000`}+00:00"`), true);
    expect(readFileSync(join(python, 'machine-1.jsonl'), 'utf8')).toMatch(/^\{"time":"2026-01-01T00:00:00\+00:00",[^\n]*\n\{"time":"2026-01-01T00:00:00\.\d{6}\+00:00"/);
    for (const dir of [own, python]) {
      const [ownCheck, ownAnalyze] = await Promise.all([runScript('check', [dir]), runScript('analyze', [dir])]);
      expect([ownCheck.exitCode, ownCheck.stderr, ownAnalyze.stderr]).toEqual([0, '', '']);
      expect(ownCheck.stdout).not.toContain('milliseconds');
    }
  });
});

test('a UTF-8 byte order mark at the start of a machine log and of faults.jsonl is not part of the first record', async () => {
  const plain = join(tempDir('lamport-bom-'), 'run');
  cpSync(fromRoot('test', 'fixtures', 'analysis', 'faults', 'kill-restart'), plain, { recursive: true });
  const bom = join(tempDir('lamport-bom-'), 'run');
  cpSync(plain, bom, { recursive: true });
  for (const name of ['machine-1.jsonl', 'faults.jsonl']) writeFileSync(join(bom, name), `\ufeff${readFileSync(join(bom, name), 'utf8')}`);
  expect(readFileSync(join(bom, 'machine-1.jsonl')).subarray(0, 4)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]));

  const [withBom, without] = await Promise.all([bom, plain].map((dir) => runScript('analyze', ['--json', dir])));
  expect(withBom!.stderr).toBe('');
  const runOf = (r: typeof withBom) => {
    const { dir, ...rest } = JSON.parse(String(r!.stdout)).runs[0];
    return rest;
  };
  expect(runOf(withBom).problems).toEqual([]);
  expect(runOf(withBom).faultWindows).toHaveLength(runOf(without).faultWindows.length);
  expect(runOf(withBom)).toEqual(runOf(without));
  const [checkBom, checkPlain] = await Promise.all([bom, plain].map((dir) => runScript('check', [dir])));
  expect(checkBom!.stderr).toBe('');
  expect(String(checkBom!.stdout).replaceAll(bom, 'RUN')).toBe(String(checkPlain!.stdout).replaceAll(plain, 'RUN'));
});

describe('machines that stopped one by one (no run.json)', () => {
  /** Machine 1 stops at 1.5 s; machine 2 runs to 4 s and sends it two messages after that. */
  /** `stray`: machine 1 also takes a frame from a connection that never said hello, which no logged send explains. */
  function stoppedApart(stray = false): string {
    const dir = tempDir();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 9, 0, 0) + s * 1000).toISOString();
    const start = (machine: number, peer: number) => ({ time: at(0), machine, event: 'start', clock: 0, rate: 1, peers: [peer] });
    const strayReceive = { time: at(1.2), machine: 1, event: 'receive', clock: 8, tick: 2, from: null, msgClock: 7, queue: 0 };
    const stop1 = { time: at(1.5), machine: 1, event: 'stop', clock: stray ? 8 : 1, ticks: stray ? 2 : 1, queue: 0 };
    const logs = {
      1: [start(1, 2), { time: at(1), machine: 1, event: 'send', clock: 1, tick: 1, to: [2], queue: 0 }, ...(stray ? [strayReceive] : []), stop1],
      2: [
        start(2, 1),
        { time: at(1), machine: 2, event: 'internal', clock: 1, tick: 1, queue: 0 },
        { time: at(2), machine: 2, event: 'receive', clock: 2, tick: 2, from: 1, msgClock: 1, queue: 0 },
        { time: at(3), machine: 2, event: 'send', clock: 3, tick: 3, to: [1], queue: 0 },
        { time: at(4), machine: 2, event: 'send', clock: 4, tick: 4, to: [1], queue: 0 },
        { time: at(4.001), machine: 2, event: 'stop', clock: 4, ticks: 4, queue: 0 },
      ],
    };
    for (const [id, records] of Object.entries(logs)) writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return dir;
  }

  test('check does not judge conservation and says why: sends to a machine after its stop record have nowhere to go', async () => {
    const dir = stoppedApart();
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toMatch(/skip +conservation/);
    expect(check.stdout).toContain(
      `conservation not checked: the machines did not stop together: machine 1 stopped (${join(dir, 'machine-1.jsonl')}:3) before machine 2 sent it 2 more messages (the first at ${join(dir, 'machine-2.jsonl')}:4)`,
    );
    expect(check.stdout).toContain('OK: every rule holds.');
  });

  test('analyze counts those sends apart and names the machine they went to', async () => {
    const dir = stoppedApart();
    const text = await runScript('analyze', [dir]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('2 sent but neither received, queued, refused nor lost: 2 of them sent to machine 1 after its stop record (the machines did not stop together)');
    const json = await runScript('analyze', ['--json', dir]);
    expect(JSON.parse(String(json.stdout)).runs[0].messages).toMatchObject({ sent: 3, received: 1, unaccounted: 2, sentToStopped: 2, sentToStoppedMachines: [1] });
  });

  test('of fewer unaccounted sends than went to a stopped machine (a stray receive offsets one), not "2 of them" of 1', async () => {
    const text = await runScript('analyze', [stoppedApart(true)]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(
      '1 sent but neither received, queued, refused nor lost: the 2 messages sent to machine 1 after its stop record (the machines did not stop together) may account for it',
    );
  });
});

describe("mistakes in a hand-made machine's records", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 9, 0, 0) + s * 1000).toISOString();
  /** Two machines at 1 tick/s for 2 s, machine 1 sending to machine 2 once; `edit` changes the records of each. */
  function pair(edit: (records: Record<string, unknown>[], machine: number) => void): string {
    const dir = tempDir();
    const start = (machine: number, peer: number) => ({ time: at(0), machine, event: 'start', clock: 0, rate: 1, peers: [peer] });
    const one: Record<string, unknown>[] = [
      start(1, 2),
      { time: at(1), machine: 1, event: 'send', clock: 1, tick: 1, to: [2], queue: 0 },
      { time: at(2), machine: 1, event: 'internal', clock: 2, tick: 2, queue: 0 },
      { time: at(2.001), machine: 1, event: 'stop', clock: 2, ticks: 2, queue: 0 },
    ];
    const two: Record<string, unknown>[] = [
      start(2, 1),
      { time: at(1), machine: 2, event: 'internal', clock: 1, tick: 1, queue: 0 },
      { time: at(2), machine: 2, event: 'receive', clock: 2, tick: 2, from: 1, msgClock: 1, queue: 0 },
      { time: at(2.001), machine: 2, event: 'stop', clock: 2, ticks: 2, queue: 0 },
    ];
    edit(one, 1);
    edit(two, 2);
    for (const [id, records] of [[1, one], [2, two]] as const) writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return dir;
  }

  test('the unedited pair holds every rule', async () => {
    const check = await runScript('check', [pair(() => {})]);
    expect([check.exitCode, String(check.stdout).trim().split('\n').at(-1)]).toEqual([0, 'OK: every rule holds.']);
  });

  test('a send to a machine that is not in the run: its log is missing, named with the send that names it', async () => {
    const dir = pair((r, id) => id === 1 && (r[1]!['to'] = [2, 7]));
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/FAIL +readable/);
    expect(check.stderr).toBe(`check: ${join(dir, 'machine-7.jsonl')}: missing (machine 1 sends to machine 7 at machine-1.jsonl:2); read without it`);
  });

  test('a receive from a machine that is not in the run: its log is missing, named with the receive that names it, as for a send', async () => {
    const dir = pair((r, id) => id === 2 && (r[2]!['from'] = 9));
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/FAIL +readable/);
    expect(check.stderr).toBe(`check: ${join(dir, 'machine-9.jsonl')}: missing (machine 2 receives from machine 9 at machine-2.jsonl:3); read without it`);
  });

  test('start records whose seeds differ (no run.json): a note says machines started by hand pick their own, and what it would mean for logs of different runs', async () => {
    const dir = pair((r, id) => (r[0]!['seed'] = id === 1 ? 42 : 7));
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain(
      "  - the start records' seeds differ: 42 (machine 1), 7 (machine 2): machines started by hand without -s each pick their own (harmless; one -s for all gives the same rates and draws again); if these are logs of different runs in one folder, findings between them (links, conservation) mean little",
    );
    const same = await runScript('check', [pair((r) => (r[0]!['seed'] = 42))]);
    expect(same.stdout).not.toContain('seeds differ');
  });

  test.each([
    [5, '5'],
    [1, '1'],
    ['zero', 'the string "zero"'],
  ])('a start record with clock %p: one finding at the start record, and the ticks judged from the clock it gives', async (clock, shown) => {
    // Clocks from 1 in both machines (a start at 1, then 2, 3): the ticks follow the start record's clock, so only the
    // starts are named.
    const dir = pair((r, id) => {
      if (id === 1 || clock === 1) r[0]!['clock'] = clock;
      if (clock !== 1) return;
      for (const record of r.slice(1)) record['clock'] = (record['clock'] as number) + 1;
      if (id === 2) r[2]!['msgClock'] = 2;
    });
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    const findings = String(check.stdout).split('\n').filter((l) => l.startsWith('  - '));
    const start = (id: number) => `  - machine ${id}'s start record has clock ${shown}: a machine starts (and restarts) at clock 0`;
    const expected = clock === 1 ? [start(1), start(2)] : [start(1)];
    // From a start at 5, the send's clock 1 goes back: that is named too.
    if (clock === 5) expected.push("  - machine 1's send event moved its clock from 5 to 1, expected 6");
    expect(findings).toEqual(expected);
  });
});

test("logs written with Python's str(dict) throughout: the one reason said once among the notes, above the verdict", async () => {
  const dir = join(tempDir('lamport-student-'), 'run');
  mkdirSync(dir);
  const T = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
  const dict = (r: Record<string, unknown>) => `{${Object.entries(r).map(([k, v]) => `'${k}': ${typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join(', ')}}`;
  for (const id of [1, 2]) {
    const lines = [dict({ time: T(0), machine: id, event: 'start', clock: 0, rate: 1, peers: [3 - id] })];
    for (const tick of [1, 2, 3]) lines.push(dict({ time: T(tick * 1000), machine: id, event: 'internal', clock: tick, tick, queue: 0 }));
    writeFileSync(join(dir, `machine-${id}.jsonl`), lines.map((l) => `${l}\n`).join(''));
  }
  const r = await runScript('check', [dir]);
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toContain(`notes:\n  - no line of any log could be read, all 8 for one reason: not valid JSON (single quotes: Python's str() of a dict? write json.dumps(record))\n`);
});

test('every clock written as a string: the tick rules are not checked (skip, not ok), and the start record says the number 0', async () => {
  const dir = join(tempDir('lamport-student-'), 'run');
  mkdirSync(dir);
  const T = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
  for (const id of [1, 2]) {
    const records = [{ time: T(0), machine: id, event: 'start', clock: '0', rate: 1, peers: [3 - id] }];
    for (const tick of [1, 2, 3]) records.push({ time: T(tick * 1000), machine: id, event: 'internal', clock: String(tick), tick, queue: 0 } as never);
    records.push({ time: T(4000), machine: id, event: 'stop', clock: '3', ticks: 3, queue: 0 } as never);
    writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
  const r = await runScript('check', [dir]);
  expect(r.exitCode).toBe(1);
  const status = (rule: string) => new RegExp(`^  (\\S+) +${rule} `, 'm').exec(String(r.stdout))?.[1];
  expect(['readable', 'clock-increment', 'tick-numbering', 'receive-clock', 'queue-empty', 'link-clock', 'link-order', 'tick-rate'].map(status)).toEqual(['FAIL', 'FAIL', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip']);
  expect(r.stdout).toContain(`  - machine 1's start record has clock the string "0": a machine starts (and restarts) at clock 0 (the number 0, not a string)`);
  expect(r.stdout).toContain(`internal record: 'clock' should be a whole number >= 0, is the string "1"`);
});

test('a send to several peers written as a record per peer: the broken tick and clock rules say how such a send is logged', async () => {
  const dir = join(tempDir('lamport-student-'), 'run');
  mkdirSync(dir);
  const T = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
  const write = (id: number, records: object[]) => writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => JSON.stringify({ machine: id, ...r }) + '\n').join(''));
  const start = (peers: number[]) => ({ time: T(0), event: 'start', clock: 0, rate: 1, peers, internalProbability: 0.5, seed: 1 });
  // Machine 1's one send to both peers, logged twice: tick 1 and clock 1 each time.
  write(1, [
    start([2, 3]),
    { time: T(1000), event: 'send', clock: 1, tick: 1, to: [2], queue: 0 },
    { time: T(1000), event: 'send', clock: 1, tick: 1, to: [3], queue: 0 },
    { time: T(2000), event: 'stop', clock: 1, ticks: 1, queue: 0, maxLagMs: 0 },
  ]);
  for (const id of [2, 3]) {
    write(id, [
      start([1, 5 - id]),
      { time: T(1500), event: 'receive', clock: 2, tick: 1, from: 1, msgClock: 1, queue: 0 },
      { time: T(2000), event: 'stop', clock: 2, ticks: 1, queue: 0, maxLagMs: 0 },
    ]);
  }
  const r = await runScript('check', [dir]);
  expect(r.exitCode).toBe(1);
  const hint = ' (a send to several peers is one record with every recipient in "to", such as "to": [2, 3], and one tick: not a record per peer)';
  expect(r.stdout).toContain(`machine 1's send record has tick 1, expected 2${hint}`);
  expect(r.stdout).toContain(`machine 1's send event moved its clock from 1 to 1, expected 2${hint}`);
});
