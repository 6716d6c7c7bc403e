// The analyze and check commands as a user runs them (built scripts in real processes): output, files, exit codes.
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

const fixture = (...parts: string[]) => fromRoot('test', 'fixtures', 'analysis', ...parts);
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('npm run analyze', () => {
  test('prints the per-machine and per-run tables of a run', async () => {
    const { stdout, stderr, exitCode } = await runScript('analyze', [fixture('basic')]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const out = lines(stdout as string);
    expect(out[0]).toBe(`Run basic (${fixture('basic')}): simulated, 2 machines, 4.1 s of records, seed 7, internal probability 0.5, delay 0-500 ms`);
    expect(out[1]!.split(/\s{2,}/).map((s) => s.trim()).filter(Boolean)).toEqual([
      'machine', 'rate/s', 'ticks', 'internal', 'send', 'receive', 'final clock', 'behind', 'jump max', 'jump mean', 'jump p95', 'max queue', 'end queue', 'drift max', 'drift mean',
    ]);
    expect(out[3]!.trim().split(/\s{2,}/)).toEqual(['2', '1', '4', '1 (25.0%)', '1 (25.0%)', '2 (50.0%)', '7', '1', '2', '1.50', '2', '1', '0', '2', '1.00']);
    // Machine 2 logs queue 0 on both receives, yet held 1 message: the line under the table says why max queue reads 1.
    expect(out[4]).toBe("max queue: the most messages waiting at once, counting the one the next tick takes off; the logs' queue is the length after that tick, so it reads up to 1 less.");
    expect(out).toContain('messages       sent 3, received 2, left in queues 1');
    expect(out).toContain('latency        p50 500 ms, p99 1,000 ms, max 1,000 ms, from a send to the tick that takes it off the queue (2 sends matched to receives)');
    // Tick events only (the log's 10 and 6 records include start, stop and connect): they follow the rates.
    expect(out).toContain('log entries    8 : 4 = 2 : 1 (tick events)');
    expect(out).toContain('rates          2 : 1 = 2 : 1');
    // Both machines' tick 1 came one period after the start: their schedules started at the same instant.
    expect(out).toContain("tick phase     the machines' tick schedules started together (to the logs' 1 ms)");
    // The fixture's README works it out: 20 concurrent pairs, 16 of them with different Lamport clocks, of 62 such.
    // The two counts of concurrent pairs read as one within the other, not as two figures that disagree.
    expect(out).toContain(
      'vector clocks  12 events, 20 concurrent pairs (no chain of messages between them); Lamport clocks order 16 of them anyway (the other 4 tie): 25.8% of the 62 pairs Lamport clocks order have no chain of messages behind that order',
    );
  });

  test('LAMPORT_COLUMNS (a terminal\'s width otherwise): a table too wide is split into tables that fit, each with the machine column', async () => {
    const dir = fixture('faults', 'kill-restart');
    const wide = await runScript('analyze', [dir]);
    // Not a terminal and no LAMPORT_COLUMNS: one wide table, one line a machine.
    expect(Math.max(...(wide.stdout as string).split('\n').map((l) => l.length))).toBeGreaterThan(150);
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir], { env: { LAMPORT_COLUMNS: '80' } });
    expect([exitCode, stderr]).toEqual([0, '']);
    const text = stdout as string;
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    // Header lines start with the machine column's title; a wrapped value can start with "machines" (a long path).
    const headers = text.split('\n').filter((l) => /^machine\s{2,}/.test(l));
    expect(headers.map((h) => h.split(/\s{2,}/))).toEqual([
      ['machine', 'rate/s', 'ticks', 'internal', 'send', 'receive', 'final clock', 'behind'],
      ['machine', 'jump max', 'jump mean', 'jump p95', 'max queue', 'end queue'],
      ['machine', 'drift max', 'drift mean', 'incarnations', 'lost'],
    ]);
    expect(lines(text)).toContain('      2         11        2.99             2     2');
    // A long value wraps under the value column.
    expect(lines(text)).toContain("               machine 2 killed: 3.2 s to 5 s (2.3 s to 4.1 s on the schedule's");
    // 0: no limit, as in a pipe; a bad value is one line and exit 2.
    expect((await runScript('analyze', [dir], { env: { LAMPORT_COLUMNS: '0' } })).stdout).toBe(wide.stdout);
    const bad = await runScript('analyze', [dir], { env: { LAMPORT_COLUMNS: 'wide' } });
    expect([bad.exitCode, bad.stdout, bad.stderr]).toEqual([2, '', 'analyze: error: LAMPORT_COLUMNS must be a whole number of columns (0 for no limit), not "wide"']);
    // --json has no width to read: the same variable does not stop it, as check --json ignores it.
    const json = await runScript('analyze', [dir, '--json'], { env: { LAMPORT_COLUMNS: 'wide' } });
    expect([json.exitCode, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout as string).runs).toHaveLength(1);
  });

  test('--json prints the same numbers as one JSON document', async () => {
    const { stdout, exitCode } = await runScript('analyze', ['--json', fixture('basic')]);
    expect(exitCode).toBe(0);
    const doc = JSON.parse(stdout as string);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0].machines[1]).toMatchObject({ machine: 2, ticks: 4, finalClock: 7, behind: 1, maxQueue: 1, endQueue: 0, drift: { max: 2, mean: 1 } });
    expect(doc.runs[0].machines[1].jumps).toMatchObject({ max: 2, mean: 1.5, p95: 2 });
    expect(doc.runs[0].machines[1].eventShares).toEqual({ internal: 0.25, send: 0.25, receive: 0.5 });
    // The fields of a machine are a contract (published analysis.json files hold them): new ones are added, none renamed or dropped.
    expect(Object.keys(doc.runs[0].machines[1])).toEqual([
      'machine', 'rate', 'seed', 'internalProbability', 'node', 'jitless', 'records', 'ticks', 'events', 'finalClock', 'behind', 'jumps', 'jumpHistogram',
      'catchUpJumps', 'maxQueue', 'endQueue', 'drift', 'crashed', 'logCutShort', 'startTime', 'endTime', 'tickingStart', 'maxLagMs', 'tickingMs',
      'messagesSent', 'messagesDropped', 'overflow', 'incarnations', 'lost', 'receivesOffRule', 'eventShares', 'queueGrowth', 'tickPhaseMs',
    ]);
    expect(doc.runs[0].latencyMs).toMatchObject({ p50: 500, p99: 1000, max: 1000 });
    expect(doc.runs[0].messages).toMatchObject({ sent: 3, received: 2, leftInQueues: 1 });
    // The network delay run.json records, as the heading's `delay 0-500 ms`.
    expect(doc.runs[0].delayMs).toEqual([0, 500]);
    // logEntries counts every record, tickEntries the tick events the tables' "log entries" line compares with the rates.
    expect([doc.runs[0].logEntries, doc.runs[0].tickEntries, doc.runs[0].rates]).toEqual([[10, 6], [8, 4], [2, 1]]);
    expect(doc.runs[0].causality).toMatchObject({ concurrentPairs: 20, concurrentLamportOrderedPairs: 16 });
    expect(doc.experiments).toEqual([
      { experiment: 1, run: 'basic', machine: 1, rate: 2, maxQueue: 1, endQueue: 1, clockDifference: 0, internalProbability: 0.5, seed: 7 },
      { experiment: 1, run: 'basic', machine: 2, rate: 1, maxQueue: 1, endQueue: 0, clockDifference: 1, internalProbability: 0.5, seed: 7 },
    ]);
  });

  test('several runs: one block each, then the experiments table of the second notebook', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 6, 2: 1, 3: 2 }, durationMs: 10_000, latencyMs: 5, internalProbability: 0.7, seed: 3 });
    const { stdout, exitCode } = await runScript('analyze', [fixture('basic'), dir]);
    expect(exitCode).toBe(0);
    const out = lines(stdout as string);
    expect(out.filter((l) => l.startsWith('Run '))).toHaveLength(2);
    const table = out.slice(out.indexOf('Experiments') + 1);
    expect(table[0]!.trim().split(/\s{2,}/)).toEqual(['experiment', 'run', 'machine', 'rate/s', 'max queue', 'end queue', 'clock difference', 'internal p', 'seed']);
    // Each run's internal probability and seed close its rows: runs otherwise alike are told apart.
    expect(table.slice(1, 6).map((l) => l.trim().split(/\s{2,}/).slice(-2))).toEqual([['0.5', '7'], ['0.5', '7'], ['0.7', '3'], ['0.7', '3'], ['0.7', '3']]);
    expect(out).toContain("internal p, seed: the run's internal probability and seed (differ: its machines were given different ones; -: not recorded)");
    // The note on what max queue counts is printed once, under the first run's table, not under every table.
    expect(out.filter((l) => l.startsWith('max queue: the most messages waiting at once'))).toHaveLength(1);
    expect(out.indexOf(out.find((l) => l.startsWith('max queue: the most'))!)).toBeLessThan(out.indexOf(out.filter((l) => l.startsWith('Run '))[1]!));
    expect(table.slice(1, 6).map((l) => l.trim().split(/\s{2,}/).slice(0, 4))).toEqual([
      ['1', 'basic', '1', '2'],
      ['1', 'basic', '2', '1'],
      ['2', dir.split('/').at(-1), '1', '6'],
      ['2', dir.split('/').at(-1), '2', '1'],
      ['2', dir.split('/').at(-1), '3', '2'],
    ]);
    rmSync(dir, { recursive: true });
  });

  test('several folders, one not a run: the others are analysed, that one is one line on stderr, exit 2 (as check)', async () => {
    const good = fixture('basic');
    const missing = join(good, 'nothing');
    const { stdout, stderr, exitCode } = await runScript('analyze', [good, missing]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: ${missing}: no such run folder`]);
    expect(lines(stdout as string)[0]).toBe(`Run basic (${good}): simulated, 2 machines, 4.1 s of records, seed 7, internal probability 0.5, delay 0-500 ms`);
    const json = await runScript('analyze', ['--json', missing, good]);
    expect([json.exitCode, json.stderr]).toEqual([2, `analyze: error: ${missing}: no such run folder`]);
    expect(JSON.parse(json.stdout as string).runs.map((r: { name: string }) => r.name)).toEqual(['basic']);
    // None of them a run: each named, nothing on stdout.
    const none = await runScript('analyze', [missing, fixture('no-such-run')]);
    expect([none.exitCode, none.stdout, lines(none.stderr as string)]).toEqual([
      2,
      '',
      [`analyze: error: ${missing}: no such run folder`, `analyze: error: ${fixture('no-such-run')}: no such run folder`],
    ]);
  });

  test('bad input: each problem on stderr with file and line, and the rest still analysed', async () => {
    const dir = fixture('bad-input');
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--json', dir]);
    expect(exitCode).toBe(0);
    expect(lines(stderr as string)).toEqual([
      `analyze: ${dir}/machine-3.jsonl: missing (run.json names machine 3); read without it`,
      `analyze: ${dir}/machine-1.jsonl:5: not valid JSON; line skipped`,
      `analyze: ${dir}/machine-1.jsonl:7: internal record: no 'clock' field (it should be a whole number >= 0); line skipped`,
      `analyze: ${dir}/machine-2.jsonl:6: truncated last line (no newline at the end, not valid JSON); skipped`,
    ]);
    const [m1, m2] = JSON.parse(stdout as string).runs[0].machines;
    expect(m1).toMatchObject({ ticks: 8, finalClock: 8, maxQueue: 1, endQueue: 1, crashed: false, drift: { max: 0, mean: 0 } });
    expect(m2).toMatchObject({ ticks: 4, finalClock: 7, endQueue: 0, crashed: true, drift: { max: 2, mean: 1 } });
  });

  test('machines started by hand with different seeds: the heading says so, each seed with its machines', async () => {
    const dir = tempDir('lamport-seeds-');
    const run = join(dir, 'run');
    expect((await runScript('simulate', ['-d', '2', '-s', '5', '-q', '-l', run])).exitCode).toBe(0);
    // As if started by hand: no run.json, and machine 2 given --seed 9.
    rmSync(join(run, 'run.json'));
    const log = join(run, 'machine-2.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"seed":5', '"seed":9'));
    const r = await runScript('analyze', [run]);
    expect(lines(r.stdout as string)[0]).toMatch(
      new RegExp(`^Run run \\(${run}\\): mode unknown \\(no run.json\\), 3 machines, [\\d.]+ s of records, seeds differ: 5 \\(machines 1, 3\\), 9 \\(machine 2\\), internal probability 0.7$`),
    );
  });

  test('tick phase: machines whose schedules started a second or more apart are named, first and last', async () => {
    const dir = tempDir('lamport-phase-');
    const run = join(dir, 'run');
    expect((await runScript('simulate', ['-d', '5', '-s', '5', '-q', '-l', run])).exitCode).toBe(0);
    const together = await runScript('analyze', [run]);
    expect(lines(together.stdout as string)).toContain("tick phase     the machines' tick schedules started together (to the logs' 1 ms)");
    // As if machine 3 had been started by hand 2.5 s after the others: every one of its records 2.5 s later.
    const log = join(run, 'machine-3.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace(/"time":"([^"]+)"/g, (_, t: string) => `"time":"${new Date(Date.parse(t) + 2500).toISOString()}"`));
    const apart = await runScript('analyze', [run, '--json']);
    expect(JSON.parse(apart.stdout as string).runs[0].tickPhaseSpreadMs).toBe(2500);
    const text = await runScript('analyze', [run]);
    expect(lines(text.stdout as string)).toContain(
      "tick phase     the machines' tick schedules started 2.5 s apart: machine 1 first, machine 3 last (the first ticked for that long without the last)",
    );
  });

  test('tick phase: each machine\'s phase in --json (tickPhaseMs), and the line gives them as the --tick-offsets of a twin with these phases', async () => {
    const dir = tempDir('lamport-phase-');
    const [run, twin] = [join(dir, 'run'), join(dir, 'twin')];
    // Periods of whole milliseconds (500, 250 and 200 ms), so that the logs' millisecond times hold the phases exactly.
    expect((await runScript('simulate', ['-d', '5', '-s', '5', '-r', '2,4,5', '--tick-offsets', '0,2,5', '-q', '-l', run])).exitCode).toBe(0);
    const json = JSON.parse((await runScript('analyze', [run, '--json'])).stdout as string);
    expect(json.runs[0].machines.map((m: { tickPhaseMs: number }) => m.tickPhaseMs)).toEqual([0, 2, 5]);
    expect(lines((await runScript('analyze', [run])).stdout as string)).toContain(
      "tick phase     the machines' tick schedules started within 5 ms of each other; simulate --tick-offsets 0,2,5 gives a twin these phases",
    );
    // The offsets read back make the same run again.
    expect((await runScript('simulate', ['-d', '5', '-s', '5', '-r', '2,4,5', '--tick-offsets', '0,2,5', '-q', '-l', twin])).exitCode).toBe(0);
    for (const id of [1, 2, 3]) expect(readFileSync(join(twin, `machine-${id}.jsonl`), 'utf8')).toBe(readFileSync(join(run, `machine-${id}.jsonl`), 'utf8'));
  });

  test('late ticks: a machine whose stop record says a tick ran 100 ms and a period or more late is named', async () => {
    const dir = tempDir('lamport-late-');
    const run = join(dir, 'run');
    expect((await runScript('simulate', ['-d', '3', '-s', '5', '-r', '10,10,2', '-q', '-l', run])).exitCode).toBe(0);
    const onTime = await runScript('analyze', [run]);
    expect(onTime.stdout as string).not.toContain('late ticks');
    // As if machine 2 had been paused (SIGSTOP) for 5 s and machine 3 (2/s, a 500 ms period) had a tick 300 ms late.
    const setLag = (id: number, ms: number) => {
      const log = join(run, `machine-${id}.jsonl`);
      writeFileSync(log, readFileSync(log, 'utf8').replace(/("event":"stop".*"maxLagMs":)0/, `$1${ms}`));
    };
    setLag(2, 4985.353);
    setLag(3, 300);
    const json = JSON.parse((await runScript('analyze', [run, '--json'])).stdout as string);
    expect(json.runs[0].machines.map((m: { maxLagMs: number }) => m.maxLagMs)).toEqual([0, 4985.353, 300]);
    expect(lines((await runScript('analyze', [run])).stdout as string)).toContain(
      "late ticks     machine 2 up to 4,985.4 ms (stop records' maxLagMs): paused or short of CPU; the ticks due meanwhile ran at once",
    );
    // A machine at a rate the host could not keep (its stop record: 10 times the ticking time of its ticks): most of
    // its ticks never ran, and the line does not claim they ran at once.
    const log = join(run, 'machine-1.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace(/("event":"stop".*"maxLagMs":)0/, '$1900').replace(/("event":"stop".*"tickingMs":)(\d+)/, (_, head, ms) => `${head}${10 * Number(ms)}`));
    expect(lines((await runScript('analyze', [run])).stdout as string)).toContainEqual(
      expect.stringMatching(/^late ticks {5}machine 1 up to 900.0 ms, machine 2 .*: paused or short of CPU; machine 1 ran 10% of the 300 due: the host could not keep its rate, and the ticks missed never ran; the others' ran at once$/),
    );
  });

  test('late ticks of many machines: the latest five, then how many more, not one entry per machine', async () => {
    const run = join(tempDir('lamport-late-many-'), 'run');
    expect((await runScript('simulate', ['-m', '8', '-r', '10', '-d', '2', '-s', '5', '-q', '-l', run])).exitCode).toBe(0);
    // Every machine short of CPU at once, machine k's worst tick 100 * k ms late.
    for (let id = 1; id <= 8; id++) {
      const log = join(run, `machine-${id}.jsonl`);
      writeFileSync(log, readFileSync(log, 'utf8').replace(/("event":"stop".*"maxLagMs":)0/, `$1${100 * id}`));
    }
    expect(lines((await runScript('analyze', [run])).stdout as string)).toContain(
      'late ticks     machine 8 up to 800.0 ms, machine 7 up to 700.0 ms, machine 6 up to 600.0 ms, machine 5 up to 500.0 ms, machine 4 up to 400.0 ms and 3 more of 8 machines ' +
        "(stop records' maxLagMs): paused or short of CPU; the ticks due meanwhile ran at once",
    );
  });

  test('ticked for: a machine stopped early (ticks / rate well short of the others\') is named beside the rates', async () => {
    const run = join(tempDir('lamport-short-'), 'run');
    expect((await runScript('simulate', ['-d', '12', '-s', '5', '-r', '4,2,6', '-q', '-l', run])).exitCode).toBe(0);
    expect(lines((await runScript('analyze', [run])).stdout as string).some((l) => l.startsWith('ticked for'))).toBe(false);
    // As if machine 2 (2/s) had been stopped by hand after 3 s of the 12: its ticks after the sixth gone, its stop record saying 6.
    const log = join(run, 'machine-2.jsonl');
    const kept = readFileSync(log, 'utf8').trimEnd().split('\n').flatMap((l) => {
      const r = JSON.parse(l) as { event: string; tick?: number; ticks?: number };
      if (r.tick !== undefined && r.tick > 6) return [];
      return [JSON.stringify(r.event === 'stop' ? { ...r, ticks: 6, tickingMs: 3000 } : r)];
    });
    writeFileSync(log, `${kept.join('\n')}\n`);
    const out = lines((await runScript('analyze', [run])).stdout as string);
    const rates = out.findIndex((l) => l.startsWith('rates'));
    expect(out[rates - 1]).toBe('log entries    48 : 6 : 72 = 8 : 1 : 12 (tick events)');
    expect(out[rates + 1]).toBe(
      "ticked for     machine 2 3 s, against a median of 12 s (stop records' tickingMs): stopped early or started late, so its log entries trail its rate",
    );
    // --json: each machine's time ticking, from its stop records.
    const json = JSON.parse((await runScript('analyze', [run, '--json'])).stdout as string);
    expect(json.runs[0].machines.map((m: { tickingMs: number }) => m.tickingMs)).toEqual([12000, 3000, 12000]);
    // Logs from before tickingMs: the time is ticks / rate, and a stop record saying a tick ran 9 s late (a machine
    // SIGSTOPped) puts paused among the reasons.
    for (const id of [1, 2, 3]) {
      const each = join(run, `machine-${id}.jsonl`);
      writeFileSync(each, readFileSync(each, 'utf8').replace(/,"tickingMs":[\d.]+/, '').replace(/"maxLagMs":[\d.]+/, id === 2 ? '"maxLagMs":9000' : '$&'));
    }
    const paused = lines((await runScript('analyze', [run])).stdout as string);
    expect(paused.find((l) => l.startsWith('ticked for'))).toBe(
      'ticked for     machine 2 3 s, against a median of 12 s (ticks / rate): stopped early, started late or paused (see late ticks), so its log entries trail its rate',
    );
    expect(paused.find((l) => l.startsWith('late ticks'))).toMatch(/^late ticks +machine 2 up to 9,000.0 ms/);
  });

  test('ticked for: a machine that ticked the whole run but could not keep its rate is not called stopped early', async () => {
    const run = join(tempDir('lamport-starved-'), 'run');
    expect((await runScript('simulate', ['-d', '12', '-s', '5', '-r', '4,2,6', '-q', '-l', run])).exitCode).toBe(0);
    // As if machine 2 (2/s) had been starved of CPU for all 12 s: 6 ticks of the 24 due, its worst 9 s late.
    const log = join(run, 'machine-2.jsonl');
    const kept = readFileSync(log, 'utf8').trimEnd().split('\n').flatMap((l) => {
      const r = JSON.parse(l) as { event: string; tick?: number };
      if (r.tick !== undefined && r.tick > 6) return [];
      return [JSON.stringify(r.event === 'stop' ? { ...r, ticks: 6, tickingMs: 12000, maxLagMs: 9000 } : r)];
    });
    writeFileSync(log, `${kept.join('\n')}\n`);
    const out = lines((await runScript('analyze', [run])).stdout as string);
    expect(out.some((l) => l.startsWith('ticked for'))).toBe(false);
    expect(out.find((l) => l.startsWith('late ticks'))).toBe(
      "late ticks     machine 2 up to 9,000.0 ms (stop records' maxLagMs): paused or short of CPU; it ran 25% of the 24 due: the host could not keep its rate, and the ticks missed never ran",
    );
  });

  test('check on a run missing a machine\'s log: readable fails, and conservation is skipped naming the missing log', async () => {
    const dir = tempDir('lamport-check-');
    expect((await runScript('simulate', ['-d', '3', '-s', '2', '-q', '-l', join(dir, 'run')])).exitCode).toBe(0);
    rmSync(join(dir, 'run', 'machine-3.jsonl'));
    const r = await runScript('check', [join(dir, 'run')]);
    expect(r.exitCode).toBe(1);
    expect(lines(r.stdout as string)).toContain('  - conservation not checked: the log of machine 3 is missing');
    expect(r.stderr).toBe(`check: ${join(dir, 'run', 'machine-3.jsonl')}: missing (run.json names machine 3); read without it`);
  });

  test('--report and --shiviz: their folders are made, and a file of the run being read is refused, untouched', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 3 }, durationMs: 2_000, latencyMs: 5, internalProbability: 0.5, seed: 1 });
    const before = readFileSync(join(dir, 'machine-1.jsonl'), 'utf8');
    const inputs: [string, string][] = [['--report', join(dir, 'machine-1.jsonl')], ['--shiviz', join(dir, '..', basename(dir), 'run.json')]];
    for (const [option, file] of inputs) {
      const r = await runScript('analyze', [dir, option, file]);
      expect([r.exitCode, r.stderr]).toEqual([2, `analyze: error: ${option} ${file} would overwrite a file of the run being analysed; choose another file`]);
    }
    expect(readFileSync(join(dir, 'machine-1.jsonl'), 'utf8')).toBe(before);
    const report = join(dir, 'out', 'deeper', 'report.html');
    const made = await runScript('analyze', [dir, '--report', report]);
    expect([made.exitCode, made.stderr]).toEqual([0, '']);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
  });

  test('a log full of garbage: the first 20 problems of the file, then one line saying the rest are not shown', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 3 }, durationMs: 2_000, latencyMs: 5, internalProbability: 0.5, seed: 1 });
    const file = join(dir, 'machine-2.jsonl');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good + Array.from({ length: 50 }, (_, i) => `garbage ${i}\n`).join(''));
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir]);
    expect(exitCode).toBe(0);
    const err = lines(stderr as string);
    expect(err).toHaveLength(21);
    expect(err[0]).toBe(`analyze: ${file}:${lines(good).length + 1}: not valid JSON; line skipped`);
    expect(err[20]).toBe(`analyze: ${file}: more problems; only the first 20 are shown`);
    expect(stdout).toMatch(/input problems\s+50 /);
  });

  test('a run too short for any event: the vector-clock line says so instead of a share of nothing', async () => {
    const dir = tempDir('lamport-analyze-');
    const sim = await runScript('simulate', ['-d', '0.5', '--rates', '1,1,1', '--seed', '1', '-q', '-l', join(dir, 'r')]);
    expect(sim.exitCode).toBe(0);
    const { stdout, exitCode } = await runScript('analyze', [join(dir, 'r')]);
    expect(exitCode).toBe(0);
    expect(lines(stdout as string)).toContain('vector clocks  no tick events');
    // Nor a ratio of nothing (`0 : 0 : 0 = -`).
    expect(lines(stdout as string)).toContain('log entries    no tick events: no machine ticked');
  });

  test('the same run folder given twice is analysed once, with a line saying so', async () => {
    const { stdout, stderr, exitCode } = await runScript('analyze', [fixture('basic'), `${fixture('basic')}/`]);
    expect([exitCode, stderr]).toEqual([0, 'analyze: a run folder given more than once is analysed once']);
    expect(lines(stdout as string).filter((l) => l.startsWith('Run '))).toHaveLength(1);
  });

  test('two runs appended to one folder (the machine CLI appends): analyze and check read the first and say where the second begins', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 3 }, durationMs: 2_000, latencyMs: 5, internalProbability: 0.5, seed: 1 });
    const file = join(dir, 'machine-1.jsonl');
    const once = readFileSync(file, 'utf8');
    writeFileSync(file, once + once);
    const second = `${file}:${lines(once).length + 1}: a second run starts here (a start record of incarnation 1 again: restarts say "incarnation": 2 or more); only the first run of this log is read: give each run its own --log-dir`;
    const analyzed = await runScript('analyze', [dir]);
    expect(lines(analyzed.stderr as string)).toEqual([`analyze: ${second}`]);
    const checked = await runScript('check', [dir]);
    expect(checked.exitCode).toBe(1);
    // Only the first run is read: the second one's records break no other rule.
    expect(String(checked.stdout).match(/^ {2}FAIL .*$/gm)).toEqual([expect.stringMatching(/^ {2}FAIL {2}readable/)]);
    expect(checked.stdout).toContain(second.slice(file.length + `:${lines(once).length + 1}: `.length));
  });

  test('a published run (summaries, no logs) is one line saying so, for analyze and check; not a missing line per machine', async () => {
    const dir = tempDir();
    cpSync(join(fixture('basic'), 'run.json'), join(dir, 'run.json'));
    writeFileSync(join(dir, 'analysis.json'), '{}');
    writeFileSync(join(dir, 'clock.svg'), '<svg/>');
    for (const tool of ['analyze', 'check']) {
      const { stdout, stderr, exitCode } = await runScript(tool, [dir]);
      expect([exitCode, stdout, stderr]).toEqual([
        2,
        '',
        `${tool}: error: ${dir} holds no machine logs, only a run's published summaries (analysis.json, clock.svg, run.json): nothing to read (its numbers are in analysis.json)`,
      ]);
    }
    // run.json alone: the logs are gone.
    rmSync(join(dir, 'analysis.json'));
    const gone = await runScript('analyze', [dir]);
    expect([gone.exitCode, gone.stderr]).toEqual([2, `analyze: error: ${dir} holds no machine logs (run.json names machines 1, 2, but none of their logs is here): nothing to read`]);
  });

  test('a folder of run folders: the error says how many it holds and how to give them', async () => {
    const parent = tempDir();
    for (const name of ['run-a', 'run-b']) cpSync(fixture('basic'), join(parent, name), { recursive: true });
    const { stderr, exitCode } = await runScript('analyze', [parent]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: ${parent}: no machine-<id>.jsonl files in this folder; it holds 2 run folders: give them, e.g. ${parent}/* or ${parent}/run-b`]);
    // Beside a folder that is not a run (a sweep's results, say), a glob would name it too: the runs alone then.
    mkdirSync(join(parent, 'empty'));
    const mixed = await runScript('analyze', [parent]);
    expect(mixed.stderr).toBe(`analyze: error: ${parent}: no machine-<id>.jsonl files in this folder; it holds 2 run folders: give them, e.g. ${parent}/run-b`);
    rmSync(join(parent, 'run-b'), { recursive: true });
    const check = await runScript('check', [parent]);
    expect([check.exitCode, check.stderr]).toEqual([2, `check: error: ${parent}: no machine-<id>.jsonl files in this folder; it holds 1 run folder: give it, as in ${parent}/run-a`]);
    // Folders of published summaries only (as experiments/real in a clone).
    const published = tempDir();
    for (const name of ['x', 'y']) (mkdirSync(join(published, name)), writeFileSync(join(published, name, 'run.json'), '{}'));
    const summaries = await runScript('analyze', [published]);
    expect(summaries.stderr).toBe(`analyze: error: ${published}: no machine-<id>.jsonl files in this folder; its 2 run folders hold published summaries only, no machine logs`);
  });

  test('--json: the document comes even when no folder is a run, with notRuns, as check --json has it (exit 2)', async () => {
    const empty = tempDir();
    const alone = await runScript('analyze', ['--json', empty]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toBe(`analyze: error: ${empty}: no machine-<id>.jsonl files in this folder (it is empty)`);
    expect(JSON.parse(String(alone.stdout))).toMatchObject({ runs: [], notRuns: [{ dir: empty, error: `${empty}: no machine-<id>.jsonl files in this folder (it is empty)` }] });
    const mixed = await runScript('analyze', ['--json', empty, fixture('basic')]);
    expect(mixed.exitCode).toBe(2);
    const doc = JSON.parse(String(mixed.stdout));
    expect([doc.runs.map((r: { dir: string }) => r.dir), doc.notRuns.map((n: { dir: string }) => n.dir)]).toEqual([[fixture('basic')], [empty]]);
    expect(JSON.parse(String((await runScript('analyze', ['--json', fixture('basic')])).stdout)).notRuns).toEqual([]);
  });

  test('a folder of logs named otherwise: the error lists what it holds and the name a log needs', async () => {
    const dir = tempDir();
    for (const name of ['machine_1.jsonl', 'Machine-2.jsonl', 'log.jsonl']) cpSync(fixture('basic', 'machine-1.jsonl'), join(dir, name));
    const { stderr, exitCode } = await runScript('check', [dir]);
    expect([exitCode, stderr]).toEqual([2, `check: error: ${dir}: no machine-<id>.jsonl files in this folder (it holds Machine-2.jsonl, log.jsonl, machine_1.jsonl; a machine's log is named machine-<id>.jsonl, as machine-1.jsonl)`]);
    const empty = tempDir();
    const nothing = await runScript('analyze', [empty]);
    expect([nothing.exitCode, nothing.stderr]).toEqual([2, `analyze: error: ${empty}: no machine-<id>.jsonl files in this folder (it is empty)`]);
  });

  test('a folder whose machine logs hold no records is one line per log and an error, not an empty table', async () => {
    const dir = tempDir();
    for (const id of [1, 2]) writeFileSync(join(dir, `machine-${id}.jsonl`), '');
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir]);
    expect([exitCode, stdout]).toEqual([2, '']);
    expect(lines(stderr as string)).toEqual([
      `analyze: ${dir}/machine-1.jsonl: empty log: no records`,
      `analyze: ${dir}/machine-2.jsonl: empty log: no records`,
      `analyze: error: ${dir}: no records in its machine logs (machine-1.jsonl, machine-2.jsonl)`,
    ]);
  });

  test('a run with a kill and restart: incarnations and lost columns, lost messages and fault windows; JSON too', async () => {
    const dir = fixture('faults', 'kill-restart');
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const out = lines(stdout as string);
    expect(out[1]!.trim().split(/\s{2,}/).slice(-2)).toEqual(['incarnations', 'lost']);
    expect(out[3]!.trim().split(/\s{2,}/).slice(-2)).toEqual(['2', '2']);
    expect(out).toContain('messages       sent 8, received 5, left in queues 1, lost 2');
    expect(out).toContain('restarted      machine 2 (2 incarnations; catch-up jump 10 at its first receive after the restart, not in its jumps)');
    expect(out).toContain('lost           2 from 1 to 2 (incarnation 1, crash)');
    // Seconds after the first record (the report's axis) and, in brackets, on the schedule's clock (which started at 0.9 s).
    expect(out.slice(-2)).toEqual([
      "faults         latency 300 ms on 1->2: 1.9 s to end (1 s to end on the schedule's clock)",
      "               machine 2 killed: 3.2 s to 5 s (2.3 s to 4.1 s on the schedule's clock)",
    ]);
    const json = await runScript('analyze', ['--json', dir]);
    const run = JSON.parse(json.stdout as string).runs[0];
    expect(run.machines.map((m: { incarnations: number; lost: number }) => [m.incarnations, m.lost])).toEqual([[1, 0], [2, 2]]);
    // The catch-up of incarnation 2 from clock 0 is apart; its jump figures are those of the other receives.
    expect(run.machines.map((m: { catchUpJumps: unknown[]; jumps: { max: number | null } }) => [m.catchUpJumps, m.jumps.max])).toEqual([
      [[], 1],
      [[{ incarnation: 2, restartTime: '2026-01-01T00:00:05.000Z', time: '2026-01-01T00:00:06.250Z', jump: 10, firstTickTime: '2026-01-01T00:00:05.250Z' }], 0],
    ]);
    expect(run.messages).toMatchObject({ sent: 8, received: 5, leftInQueues: 1, lost: 2, dropped: 1 });
    expect(run.lostMessages).toEqual([{ from: 1, to: 2, incarnation: 1, count: 2, reason: 'crash' }]);
    expect(run.scheduleStart).toBe('2026-01-01T00:00:00.900Z');
    expect(run.faultWindows).toEqual([
      {
        from: '2026-01-01T00:00:01.900Z',
        to: null,
        fromSeconds: 1.9,
        toSeconds: null,
        fromScheduleSeconds: 1,
        toScheduleSeconds: null,
        kind: 'toxic',
        label: 'latency 300 ms on 1->2',
        links: [[1, 2]],
        source: 'applied',
      },
      {
        from: '2026-01-01T00:00:03.200Z',
        to: '2026-01-01T00:00:05.000Z',
        fromSeconds: 3.2,
        toSeconds: 5,
        fromScheduleSeconds: 2.3,
        toScheduleSeconds: 4.1,
        kind: 'kill',
        label: 'machine 2 killed',
        links: [],
        machine: 2,
        source: 'applied',
      },
    ]);
  });

  test('usage errors: one line on stderr, exit 2', async () => {
    const none = await runScript('analyze', []);
    expect(none.exitCode).toBe(2);
    expect(lines(none.stderr as string)).toEqual(["analyze: error: missing required argument 'run-dir' (usage: analyze [options] <run-dir...>; --help for more)"]);
    const missing = await runScript('analyze', [fixture('no-such-run')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(`analyze: error: ${fixture('no-such-run')}: no such run folder`);
    const two = await runScript('analyze', ['--shiviz', 'x.log', fixture('basic'), fixture('check', 'crashed')]);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toBe('analyze: error: --shiviz exports one run, but 2 run folders were given');
  });

  test('a run without run.json (machines started by hand): the seed and internal probability come from the start records', async () => {
    const dir = join(tempDir('lamport-analyze-'), 'run');
    expect((await runScript('simulate', ['-d', '2', '-s', '41', '-p', '0.6', '-q', '-l', dir])).exitCode).toBe(0);
    rmSync(join(dir, 'run.json'));
    const { stdout } = await runScript('analyze', [dir]);
    expect(lines(stdout as string)[0]).toBe(`Run run (${dir}): mode unknown (no run.json), 3 machines, 2 s of records, seed 41, internal probability 0.6`);
    const json = JSON.parse((await runScript('analyze', ['--json', dir])).stdout as string);
    expect([json.runs[0].seed, json.runs[0].internalProbability, json.runs[0].machines[0].seed]).toEqual([41, 0.6, 41]);
  });

  test('many machines: the log-entry and rate lines give their range, not a ratio of 20 terms', async () => {
    const dir = join(tempDir('lamport-analyze-'), 'run');
    expect((await runScript('simulate', ['-m', '20', '-d', '2', '-s', '3', '-q', '-l', dir])).exitCode).toBe(0);
    const { stdout, exitCode } = await runScript('analyze', [dir]);
    expect(exitCode).toBe(0);
    const out = lines(stdout as string);
    expect(out.find((l) => l.startsWith('log entries'))).toMatch(/^log entries +20 machines, from \d+ to \d+ \(tick events; each machine's in --json's tickEntries\)$/);
    expect(out.find((l) => l.startsWith('rates'))).toMatch(/^rates +20 machines, from [1-6] to [1-6] \(each machine's in --json's rates\)$/);
    // check's heading gives the machines as a range.
    const check = await runScript('check', [dir]);
    expect(lines(check.stdout as string)[0]).toMatch(new RegExp(`^Checked ${dir}: [\\d,]+ records from 20 machine logs \\(1-20\\)$`));
  });

  test('--shiviz and --report write their files and say where', async () => {
    const dir = tempDir('lamport-analyze-');
    const shiviz = join(dir, 'run.shiviz.log');
    const report = join(dir, 'report.html');
    const { stdout, exitCode } = await runScript('analyze', ['--shiviz', shiviz, '--report', report, fixture('basic')]);
    expect(exitCode).toBe(0);
    expect(lines(stdout as string).slice(-2)).toEqual([`ShiViz log: ${shiviz}`, `report: ${report}`]);
    expect(lines(readFileSync(shiviz, 'utf8'))).toHaveLength(1 + 12 * 2);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
    // With --json, stdout is the JSON document alone and the files are named on stderr.
    const json = await runScript('analyze', ['--json', '--shiviz', shiviz, '--report', report, fixture('basic')]);
    expect(JSON.parse(json.stdout as string).runs).toHaveLength(1);
    expect([json.exitCode, json.stderr]).toEqual([0, `ShiViz log: ${shiviz}\nreport: ${report}`]);
    rmSync(dir, { recursive: true });
  });

  test('a ShiViz log over 20 MB is named with its size and what to do about it, the same size on stdout as on stderr', async () => {
    const dir = tempDir('lamport-analyze-');
    expect((await runScript('simulate', ['-m', '200', '-d', '25', '-s', '1', '-q', '--no-link-records', '-l', join(dir, 'run')])).exitCode).toBe(0);
    const shiviz = join(dir, 'big.log');
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--shiviz', shiviz, join(dir, 'run')]);
    expect(exitCode).toBe(0);
    const mb = statSync(shiviz).size / 1e6;
    expect(mb).toBeGreaterThan(20);
    expect(lines(stdout as string).at(-1)).toBe(
      `ShiViz log: ${shiviz} (${mb.toFixed(1)} MB: ShiViz in a browser is slow past about 20.0 MB; a shorter run or fewer machines makes a smaller log)`,
    );
    expect(stderr).toMatch(/ShiViz gets slow in a browser past about 10,000 events or 20\.0 MB /);
  });

  test('a run with no send, receive or internal event: the ShiViz log holds only its header, and stderr says so', async () => {
    const dir = tempDir('lamport-analyze-');
    const run = join(dir, 'run');
    mkdirSync(run);
    for (const [id, peer] of [[1, 2], [2, 1]]) {
      writeFileSync(
        join(run, `machine-${id}.jsonl`),
        `{"time":"2026-01-01T00:00:00.000Z","machine":${id},"event":"start","rate":1,"peers":[${peer}]}\n` +
          `{"time":"2026-01-01T00:00:00.500Z","machine":${id},"event":"stop","clock":0,"ticks":0,"queue":0}\n`,
      );
    }
    const shiviz = join(dir, 'run.shiviz.log');
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--shiviz', shiviz, run]);
    expect([exitCode, stderr]).toEqual([0, `analyze: shiviz: ${run} has no send, receive or internal event to export; the file holds only the header`]);
    expect(lines(stdout as string).at(-1)).toBe(`ShiViz log: ${shiviz}`);
    expect(readFileSync(shiviz, 'utf8')).toBe('(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\n');
  });

  test('a ShiViz log of over 10,000 events is written, and stderr says ShiViz gets slow with that many', async () => {
    const dir = tempDir('lamport-analyze-');
    // 2 machines at 100 ticks/s for 60 s: 12,000 events, a small file (well under 10 MB).
    expect((await runScript('simulate', ['-m', '2', '-r', '100', '-d', '60', '-s', '1', '-q', '-l', join(dir, 'run')])).exitCode).toBe(0);
    const shiviz = join(dir, 'run.shiviz.log');
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--shiviz', shiviz, join(dir, 'run')]);
    expect(exitCode).toBe(0);
    const events = lines(readFileSync(shiviz, 'utf8')).filter((line) => /^machine-\d+ \{/.test(line)).length;
    expect(events).toBe(12_000);
    expect(stderr).toBe(`analyze: shiviz: ${shiviz} holds 12,000 events; ShiViz gets slow in a browser past about 10,000 (a shorter run, or fewer machines, draws better)`);
    expect(lines(stdout as string).at(-1)).toBe(`ShiViz log: ${shiviz}`);
    // With --json too: stdout stays the JSON document alone.
    const json = await runScript('analyze', ['--json', '--shiviz', shiviz, join(dir, 'run')]);
    expect(JSON.parse(json.stdout as string).runs).toHaveLength(1);
    expect(lines(json.stderr as string)).toEqual([
      `analyze: shiviz: ${shiviz} holds 12,000 events; ShiViz gets slow in a browser past about 10,000 (a shorter run, or fewer machines, draws better)`,
      `ShiViz log: ${shiviz}`,
    ]);
  });

  test.each(['--shiviz', '--report'])('%s where a file is in the way of its folder: one line, exit 2', async (option) => {
    const dir = tempDir('lamport-analyze-');
    writeFileSync(join(dir, 'a-file'), '');
    const out = join(dir, 'a-file', 'x.out');
    const { stderr, exitCode } = await runScript('analyze', [option, out, fixture('basic')]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: cannot create the folder for ${out}: a file is in the way`]);
  });

  test('an empty machine log is named on stderr; the other machines are analysed', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 1 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.5, seed: 8 });
    writeFileSync(join(dir, 'machine-2.jsonl'), '');
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--json', dir]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe(`analyze: ${dir}/machine-2.jsonl: empty log: no records`);
    expect(JSON.parse(stdout as string).runs[0].machines.map((m: { machine: number }) => m.machine)).toEqual([1]);
    rmSync(dir, { recursive: true });
  });

  test('a pipe named like a log, run.json or faults.jsonl is named on stderr and left out; nothing waits for a writer', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 1 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.5, seed: 8 });
    for (const name of ['machine-2.jsonl', 'run.json', 'faults.jsonl']) {
      rmSync(join(dir, name), { force: true });
      execFileSync('mkfifo', [join(dir, name)]);
    }
    const { stdout, stderr, exitCode } = await runScript('analyze', ['--json', dir]);
    expect(exitCode).toBe(0);
    const notAFile = 'not a regular file (a pipe, a device, a folder or a broken link): read without it';
    expect(lines(stderr as string)).toEqual([`analyze: ${dir}/machine-2.jsonl: ${notAFile}`, `analyze: ${dir}/run.json: ${notAFile}`, `analyze: ${dir}/faults.jsonl: ${notAFile}`]);
    expect(JSON.parse(stdout as string).runs[0].machines.map((m: { machine: number }) => m.machine)).toEqual([1]);
    rmSync(dir, { recursive: true });
  });

  test('a log that is a link to itself (or to nothing) is said as a broken link and left out', async () => {
    const dir = tempDir('lamport-analyze-');
    writeScriptedRun(dir, { rates: { 1: 2, 2: 1 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.5, seed: 8 });
    rmSync(join(dir, 'machine-2.jsonl'));
    symlinkSync('machine-2.jsonl', join(dir, 'machine-2.jsonl'));
    const { stderr, exitCode } = await runScript('analyze', [dir]);
    expect([exitCode, lines(stderr as string)]).toEqual([0, [`analyze: ${dir}/machine-2.jsonl: not a regular file (a pipe, a device, a folder or a broken link): read without it`]]);
    rmSync(dir, { recursive: true });
  });
});

describe('npm run analyze on a log that breaks the clock rule', () => {
  test('a receive whose clock is not max(clock, message clock) + 1: one row says the jumps and drift mean little, and points to check', async () => {
    const row = (what: string) => new RegExp(`^clock rule broken +machine 2 \\(${what}\\): a receive did not set the clock to max\\(clock, message clock\\) \\+ 1, so the jumps and drift above mean little; npm run check names the records$`, 'm');
    // The fixture's machine 2 set its clock to 7 on a receive of clock 5 after 3: above max(3, 5) + 1.
    const unedited = await runScript('analyze', ['--json', fixture('check', 'receive-clock')]);
    expect(JSON.parse(String(unedited.stdout)).runs[0].machines.map((m: { receivesOffRule: number }) => m.receivesOffRule)).toEqual([0, 1]);
    expect((await runScript('analyze', [fixture('check', 'receive-clock')])).stdout).toMatch(row('1 receive'));
    // 2: below max(3, 5) + 1, a jump of -2. 4: the clock + 1, the message's clock left out (a machine that forgot the
    // max), a jump of 0, which the jumps alone cannot tell from a receive that kept the rule.
    for (const clock of [2, 4]) {
      const dir = join(tempDir(), 'run');
      cpSync(fixture('check', 'receive-clock'), dir, { recursive: true });
      const log = join(dir, 'machine-2.jsonl');
      // Machine 2's second receive hand-edited to the clock it should have had (6), then to a wrong one.
      writeFileSync(log, readFileSync(log, 'utf8').replace('"clock":7,"tick":3', '"clock":6,"tick":3'));
      expect((await runScript('analyze', [dir])).stdout).not.toContain('clock rule broken');
      writeFileSync(log, readFileSync(log, 'utf8').replace('"clock":6,"tick":3', `"clock":${clock},"tick":3`));
      const r = await runScript('analyze', [dir]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(row('1 receive'));
    }
  });
});

describe('npm run check', () => {
  test('--strict: a log that ends without its stop record breaks stop-last (exit 1), where plain check calls it a crash', async () => {
    const dir = join(tempDir(), 'run');
    cpSync(fixture('basic'), dir, { recursive: true });
    rmSync(join(dir, 'run.json'));
    const log = join(dir, 'machine-2.jsonl');
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    writeFileSync(log, lines.slice(0, -1).join('\n') + '\n');
    const plain = await runScript('check', [dir]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain('crashed:');
    const strict = await runScript('check', ['--strict', dir]);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(/FAIL +stop-last .*\(1 violation\)/);
    expect(strict.stdout).toContain(`  - machine 2's log ends without a stop record (--strict: every log must end with one)\n      ${log}:${lines.length - 1}`);
    expect(strict.stdout).not.toContain('crashed:');
    expect(strict.stdout).toContain('conservation not checked: machine 2 ended without a stop record');
    expect(strict.stdout).not.toContain('machine 2 crashed');
    const json = JSON.parse(String((await runScript('check', ['--strict', '--json', dir])).stdout));
    expect(json.runs[0]).toMatchObject({ ok: false, violationCount: 1 });
    expect(json.runs[0].rules.find((r: { rule: string }) => r.rule === 'stop-last')).toMatchObject({ status: 'FAIL', violationCount: 1 });
    // Every log without its stop record: not an unknown end, as plain check reads it, but three violations.
    writeFileSync(join(dir, 'machine-1.jsonl'), readFileSync(join(dir, 'machine-1.jsonl'), 'utf8').trimEnd().split('\n').slice(0, -1).join('\n') + '\n');
    expect((await runScript('check', [dir])).exitCode).toBe(0);
    const none = await runScript('check', ['--strict', dir]);
    expect([none.exitCode, none.stdout]).toEqual([1, expect.stringMatching(/FAIL +stop-last .*\(2 violations\)/)]);
  });

  test('--strict excepts an incarnation the fault schedule killed, restarted or not; one that ended on its own breaks stop-last', async () => {
    // The class demo: machine 2 killed at 8 s and restarted at 10 s; its incarnation 1 has no stop record.
    const dir = join(tempDir(), 'run');
    expect((await runScript('simulate', ['-f', 'examples/faults-class.json', '-d', '14', '-r', '1,3,6', '-s', '7', '-q', '-l', dir])).exitCode).toBe(0);
    const strict = await runScript('check', ['--strict', dir]);
    expect([strict.exitCode, String(strict.stdout).split('\n').at(-1)]).toEqual([0, 'OK: every rule holds.']);
    expect(strict.stdout).toContain("crashed:\n  - machine 2's incarnation 1 was killed by the fault schedule (so no stop record), then it restarted as incarnation 2");
    // The same logs without the schedule's kill: incarnation 1 ended on its own, which --strict fails, in its own words.
    const faults = join(dir, 'faults.jsonl');
    writeFileSync(faults, readFileSync(faults, 'utf8').split('\n').filter((l) => !l.includes('"action":"kill"')).join('\n'));
    const unkilled = await runScript('check', ['--strict', dir]);
    expect(unkilled.exitCode).toBe(1);
    expect(unkilled.stdout).toContain("  - machine 2's incarnation 1 ended without a stop record before it restarted as incarnation 2 (--strict: every incarnation must end with one)\n");
  });

  test('a run stopped before any machine started: one line saying so, exit 2, from check and analyze', async () => {
    const dir = tempDir();
    const machine = { exitCode: null, signal: null, started: false };
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'real', seed: 1, rates: { 1: 1, 2: 1 }, interrupted: true, machines: { 1: machine, 2: machine } }));
    for (const cli of ['check', 'analyze']) {
      const r = await runScript(cli, [dir]);
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', `${cli}: error: ${dir}: no machine started before the run was stopped (run.json): nothing to read`]);
    }
  });

  test('a run stopped by a machine that failed before it logged (its port taken by a run started at the same moment): its last words', async () => {
    const dir = tempDir();
    const tail = 'machine: error: machine 1: cannot listen on 127.0.0.1:5001: the port is already in use (by another program, or by a run still going)';
    const never = { exitCode: null, signal: null, started: false };
    const machines = { 1: { exitCode: 2, signal: null, stderrTail: tail }, 2: never, 3: never };
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'real', seed: 1, rates: { 1: 1, 2: 1, 3: 1 }, stoppedEarly: 'machine 1 failed', machines }));
    for (const cli of ['check', 'analyze']) {
      const r = await runScript(cli, [dir]);
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', `${cli}: error: ${dir}: no machine started before the run was stopped (run.json: it stopped early: machine 1 failed (${tail})): nothing to read`]);
    }
  });

  test('a finished run whose logs are gone (a published run, a copy of its run.json): why there is nothing to read, not "no machine started"', async () => {
    const dir = tempDir();
    const ended = { exitCode: 0, signal: null };
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'real', seed: 1, rates: { 1: 1, 2: 1, 3: 1 }, machines: { 1: ended, 2: ended, 3: ended } }));
    for (const cli of ['check', 'analyze']) {
      const r = await runScript(cli, [dir]);
      expect([r.exitCode, r.stderr]).toEqual([2, `${cli}: error: ${dir} holds no machine logs (run.json names machines 1-3, but none of their logs is here): nothing to read`]);
    }
    const published = fromRoot('experiments', 'real', 'random-1');
    const r = await runScript('analyze', [published]);
    expect([r.exitCode, r.stderr]).toEqual([2, expect.stringMatching(/^analyze: error: \S+random-1 holds no machine logs, only a run's published summaries \(analysis\.json, .*\): nothing to read \(its numbers are in analysis\.json\)$/)]);
  });

  test('logs with no readable record: only readable is checked (FAIL), every other rule skip, not ok over nothing', async () => {
    const dir = tempDir('lamport-check-');
    for (const id of [1, 2]) writeFileSync(join(dir, `machine-${id}.jsonl`), 'not a record\n\u0000\u00ff garbage\n');
    const r = await runScript('check', [dir]);
    expect(r.exitCode).toBe(1);
    const rows = lines(r.stdout as string).filter((l) => /^ {2}(ok|FAIL|skip) /.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'FAIL readable', 'skip start-first', 'skip stop-last', 'skip tick-numbering', 'skip clock-increment', 'skip receive-clock',
      'skip queue-empty', 'skip link-clock', 'skip link-order', 'skip conservation', 'skip tick-rate',
    ]);
    expect(lines(r.stdout as string)).toContain('  - conservation not checked: no record could be read');
    expect(lines(r.stdout as string)[0]).toBe(`Checked ${dir}: 0 records from 2 machine logs (1, 2)`);
  });

  test('a good run: every rule ok, exit 0', async () => {
    const { stdout, exitCode } = await runScript('check', [fixture('basic')]);
    expect(exitCode).toBe(0);
    expect(lines(stdout as string).filter((l) => /^ {2}(ok|FAIL|skip) /.test(l))).toHaveLength(11);
    expect(lines(stdout as string).at(-1)).toBe('OK: every rule holds.');
  });

  test('several run folders: each checked in turn, a last line over all, exit 1 if one breaks a rule, 2 if one is not a run', async () => {
    const good = fixture('basic');
    const bad = fixture('check', 'receive-clock');
    const { stdout, exitCode } = await runScript('check', [good, bad, good]);
    expect(exitCode).toBe(1);
    const out = lines(stdout as string);
    expect(out.filter((l) => l.startsWith('Checked '))).toHaveLength(2);
    expect(out.filter((l) => /^(OK|FAILED):/.test(l))).toEqual(['OK: every rule holds.', 'FAILED: 1 violation.', 'FAILED: 1 of 2 runs breaks a rule.']);
    // A folder that is not a run is named on stderr and the others are still checked; exit 2.
    const missing = await runScript('check', [good, join(good, 'nothing')]);
    expect([missing.exitCode, missing.stderr]).toEqual([2, `check: error: ${join(good, 'nothing')}: no such run folder`]);
    expect(lines(missing.stdout as string).at(-1)).toBe('OK: every rule holds in 1 run; 1 of the 2 folders not a run (see stderr).');
    // Runs that pass: `in both runs` (it read `in all 2 runs`), `in all 3 runs`.
    const copies = [1, 2, 3].map((n) => join(tempDir(), `run${n}`));
    for (const copy of copies) cpSync(good, copy, { recursive: true });
    expect(lines((await runScript('check', copies.slice(0, 2))).stdout as string).at(-1)).toBe('OK: every rule holds in both runs.');
    expect(lines((await runScript('check', copies)).stdout as string).at(-1)).toBe('OK: every rule holds in all 3 runs.');
    // No folder a run: no verdict (an `OK ... in 0 runs` read as a pass).
    const none = await runScript('check', [join(good, 'nothing'), join(good, 'none')]);
    expect(none.exitCode).toBe(2);
    expect(lines(none.stdout as string).at(-1)).toBe('Nothing checked: none of the 2 folders is a run (see stderr).');
  });

  test('a violation: the rule fails, the counterexample names file, line and record; exit 1', async () => {
    const dir = fixture('check', 'receive-clock');
    const { stdout, exitCode } = await runScript('check', [dir]);
    expect(exitCode).toBe(1);
    const out = lines(stdout as string);
    expect(out).toContain('  FAIL  receive-clock    per machine: clock = max(clock, message clock) + 1 on receive (1 violation)');
    const at = out.indexOf('receive-clock:');
    expect(out.slice(at, at + 4)).toEqual([
      'receive-clock:',
      '  - machine 2 received message clock 5 with clock 3 and set its clock to 7, expected max(3, 5) + 1 = 6',
      `      ${dir}/machine-2.jsonl:3  {"time":"2026-01-01T00:00:02.000Z","machine":2,"event":"receive","clock":3,"tick":2,"from":1,"msgClock":2,"queue":0}`,
      `      ${dir}/machine-2.jsonl:4  {"time":"2026-01-01T00:00:03.000Z","machine":2,"event":"receive","clock":7,"tick":3,"from":1,"msgClock":5,"queue":0}`,
    ]);
    expect(out.at(-1)).toBe('FAILED: 1 violation.');
  });

  test('a crashed machine: reported as crashed, exit 0; its cut-off line on stderr', async () => {
    const dir = fixture('check', 'crashed');
    const { stdout, stderr, exitCode } = await runScript('check', [dir]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe(`check: ${dir}/machine-2.jsonl:6: truncated last line (no newline at the end, not valid JSON); skipped`);
    expect(stdout).toContain('crashed:\n  - machine 2 crashed: its log ends without a stop record (and with a cut-off last line)\n');
    expect(stdout).toContain('  skip  conservation');
  });

  test('a run with a kill and restart: every rule ok, the lost messages listed with their sends, exit 0', async () => {
    const dir = fixture('faults', 'kill-restart');
    const { stdout, stderr, exitCode } = await runScript('check', [dir]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const out = lines(stdout as string);
    expect(out.filter((l) => l.startsWith('  FAIL'))).toEqual([]);
    const at = out.indexOf('lost messages: 2 (not violations: a crash or a broken connection lost them)');
    expect(out.slice(at + 1, at + 4)).toEqual([
      '  - 2 messages from machine 1 to machine 2 (incarnation 1) lost: machine 2 (incarnation 1) ended without a stop record (killed or crashed) before receiving them',
      `      ${dir}/machine-1.jsonl:7  {"time":"2026-01-01T00:00:02.500Z","machine":1,"event":"send","clock":6,"tick":5,"to":[2],"dropped":[],"queue":0}`,
      `      ${dir}/machine-1.jsonl:8  {"time":"2026-01-01T00:00:03.000Z","machine":1,"event":"send","clock":7,"tick":6,"to":[2],"dropped":[],"queue":0}`,
    ]);
    expect(out).toContain("  - machine 2's incarnation 1 was killed by the fault schedule (so no stop record), then it restarted as incarnation 2");
    expect(out.at(-1)).toBe('OK: every rule holds.');
  });

  test('a log from another run (seed 6 in a seed-5 run): named first by check and analyze; its violations still reported', async () => {
    const root = tempDir('lamport-foreign-');
    for (const seed of ['5', '6']) expect((await runScript('simulate', ['-s', seed, '-d', '20', '-q', '-l', join(root, seed)])).exitCode).toBe(0);
    const dir = join(root, '5');
    cpSync(join(root, '6', 'machine-2.jsonl'), join(dir, 'machine-2.jsonl'));
    // The seed-6 run drew other rates too: both are named.
    const reason = 'its start record has seed 6 but run.json says 5, and has rate 3/s but run.json says 1/s: a log from another run?';
    const problem = `${dir}/machine-2.jsonl:1: ${reason}`;
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(lines(check.stderr as string)).toEqual([`check: ${problem}`]);
    const out = lines(check.stdout as string);
    expect(out.slice(0, 3)).toEqual([
      `Checked ${dir}: ${out[0]!.split(': ')[1]}`,
      `  ! ${problem} (the violations below may come from it)`,
      '  FAIL  readable         every machine log is present, of this run (its seed and start as run.json has them, if any), and every line is a valid record (1 violation)',
    ]);
    expect(out).toContainEqual(expect.stringMatching(/^ {2}FAIL {2}link-clock .*\(\d+ violations\)$/));
    expect(out[out.indexOf('readable:') + 1]).toBe(`  - ${reason}`);
    const analyze = await runScript('analyze', [dir]);
    expect(lines(analyze.stderr as string)).toEqual([`analyze: ${problem}`]);
    // In the run's table, the first row.
    const out2 = lines(analyze.stdout as string);
    expect(out2[out2.findIndex((l) => l.startsWith('messages')) - 1]).toMatch(/^another run\? +machine-2\.jsonl: its start record has seed 6 but run\.json says 5, and has rate 3\/s but run\.json says 1\/s: a log from another run\?$/);
    expect(JSON.parse((await runScript('analyze', ['--json', dir])).stdout as string).runs[0].problems).toEqual([
      expect.objectContaining({ kind: 'foreign-log', file: `${dir}/machine-2.jsonl`, line: 1 }),
    ]);
    // Without run.json (machines started by hand) nothing says which run a log belongs to: nothing is named.
    rmSync(join(dir, 'run.json'));
    expect((await runScript('check', [dir])).stderr).toBe('');
  });

  test('a log of a machine run.json does not name (machine-4.jsonl beside a 3-machine run) is named by check and analyze, and read all the same', async () => {
    const dir = join(tempDir('lamport-extra-'), 'run');
    expect((await runScript('simulate', ['-s', '5', '-d', '10', '-q', '-l', dir])).exitCode).toBe(0);
    // A made-up fourth machine that only ever did internal events: no rule but readable can catch it.
    const t = (s: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + s * 1000).toISOString();
    const made = [
      { time: t(0), machine: 4, event: 'start', clock: 0, rate: 1, peers: [1, 2, 3], internalProbability: 1, seed: 5 },
      { time: t(1), machine: 4, event: 'internal', clock: 1, tick: 1, queue: 0 },
      { time: t(2), machine: 4, event: 'stop', clock: 1, ticks: 1, queue: 0, maxLagMs: 0, tickingMs: 1000 },
    ];
    writeFileSync(join(dir, 'machine-4.jsonl'), made.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const problem = `${dir}/machine-4.jsonl: run.json names machines 1-3, not machine 4: a log from another run?`;
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(lines(check.stderr as string)).toEqual([`check: ${problem}`]);
    const out = lines(check.stdout as string);
    expect(out[out.indexOf('readable:') + 1]).toBe('  - run.json names machines 1-3, not machine 4: a log from another run?');
    expect(out.at(-1)).toBe('FAILED: 1 violation.');
    const analyze = await runScript('analyze', ['--json', dir]);
    const run = JSON.parse(analyze.stdout as string).runs[0];
    expect(run.problems).toEqual([expect.objectContaining({ kind: 'foreign-log', file: `${dir}/machine-4.jsonl` })]);
    expect(run.machines.map((m: { machine: number }) => m.machine)).toEqual([1, 2, 3, 4]);
  });

  test('a UTF-16 log (PowerShell\'s >) is one line saying so and how to convert it, not a "not valid JSON" per line; analyze\'s heading counts it as a machine with no readable record', async () => {
    const dir = join(tempDir('lamport-utf16-'), 'run');
    expect((await runScript('simulate', ['-s', '5', '-d', '10', '-q', '-l', dir])).exitCode).toBe(0);
    const log = join(dir, 'machine-2.jsonl');
    writeFileSync(log, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(log, 'utf8'), 'utf16le')]));
    const problem = `${log}: UTF-16 text, not UTF-8 (Windows PowerShell's > and Out-File write UTF-16): convert it in its place, as with iconv -f UTF-16 -t UTF-8 ${log} > ${log}.utf8 && mv ${log}.utf8 ${log}; read without it`;
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    expect(lines(check.stderr as string)).toEqual([`check: ${problem}`]);
    expect(String(check.stdout)).toContain("machine 2's log has no readable record (see readable): no other rule is checked for it");
    const analyze = await runScript('analyze', [dir]);
    expect(lines(analyze.stderr as string)).toEqual([`analyze: ${problem}`]);
    expect(lines(analyze.stdout as string)[0]).toMatch(/^Run run \(.*\): simulated, 2 of 3 machines \(1 with no readable record\), /);
    // The messages sent to it are said to have gone with its log, not lost.
    expect(lines(analyze.stdout as string).find((l) => l.startsWith('messages'))).toMatch(/sent but neither received, queued, refused nor lost: the log of machine 2 has no readable record, and its receives with it$/);
    // Without its byte order mark (UTF-16LE), the same.
    writeFileSync(log, readFileSync(log).subarray(2));
    expect(lines((await runScript('check', [dir])).stderr as string)).toEqual([`check: ${problem}`]);
    // NUL bytes alone are not UTF-16: a first line a crash zeroed is one unreadable line, and the lines after it are read.
    const text = Buffer.from(readFileSync(log).toString('utf16le'), 'utf8');
    text.fill(0, 0, text.indexOf('\n'));
    writeFileSync(log, text);
    const zeroed = await runScript('check', [dir]);
    expect(lines(zeroed.stderr as string)).toEqual([`check: ${log}:1: not valid JSON; line skipped`]);
    expect(String(zeroed.stdout)).not.toContain('no readable record');
  });

  test('a record earlier than the one before it in its log is named on stderr and counted as an input problem; the figures still come', async () => {
    const dir = join(tempDir(), 'run');
    cpSync(fixture('basic'), dir, { recursive: true });
    const log = join(dir, 'machine-1.jsonl');
    // Machine 1's tick 4 (line 5), 2 s after the start, moved to 2 s before it: 3.5 s before line 4.
    writeFileSync(log, readFileSync(log, 'utf8').replace('"time":"2026-01-01T00:00:02.000Z"', '"time":"2025-12-31T23:59:58.000Z"'));
    const r = await runScript('analyze', [dir]);
    expect([r.exitCode, r.stderr]).toEqual([0, `analyze: ${log}:5: record time 3.5 s earlier than line 4's; drift, latency and rates around it are off`]);
    expect(lines(r.stdout as string)).toContain('input problems  1 (see the messages on stderr)');
  });

  test('corrupted lines with terminal escapes are printed escaped (\\u001b), on stdout and stderr, by check and analyze', async () => {
    const dir = join(tempDir(), 'run');
    cpSync(fixture('basic'), dir, { recursive: true });
    const log = join(dir, 'machine-1.jsonl');
    const [first, ...rest] = readFileSync(log, 'utf8').split('\n');
    // A title change, a bell and a screen clear; then a C1 CSI (U+009B) that JSON.stringify leaves raw, in a message.
    writeFileSync(log, [first, '\x1b]0;PWNED\x07\x1b[2J', '{"event":"\u009b2J"}', ...rest].join('\n'));
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(1);
    const analyze = await runScript('analyze', [dir]);
    for (const text of [check.stdout, check.stderr, analyze.stdout, analyze.stderr] as string[]) expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(lines(check.stdout as string)).toContain(`      ${log}:2  \\u001b]0;PWNED\\u0007\\u001b[2J`);
    for (const [tool, stderr] of [['check', check.stderr], ['analyze', analyze.stderr]]) {
      expect(lines(stderr as string)).toEqual([`${tool}: ${log}:2: not valid JSON; line skipped`, `${tool}: ${log}:3: unknown event "\\u009b2J"; line skipped`]);
    }
  });

  test('not a run folder: one line, exit 2', async () => {
    const { stderr, exitCode } = await runScript('check', [fixture('no-such-run')]);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(`check: error: ${fixture('no-such-run')}: no such run folder`);
  });
});

describe('a run still going (run.json has no end time yet, the logs no stop records)', () => {
  /** A run cut at 2.5 s as if still running: run.json as start-all writes it at the start, logs without stop records. */
  function runningRun(): string {
    const dir = tempDir('lamport-running-');
    const logs = writeScriptedRun(dir, { rates: { 1: 4, 2: 2, 3: 3 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.5, seed: 4 });
    const cut = Date.parse('2026-01-01T00:00:02.500Z');
    for (const [id, records] of logs) {
      const kept = readFileSync(join(dir, `machine-${id}.jsonl`), 'utf8').split('\n').filter(Boolean).slice(0, records.filter((r) => r.time < cut).length);
      writeFileSync(join(dir, `machine-${id}.jsonl`), `${kept.join('\n')}\n`);
    }
    const info = { mode: 'real', seed: 4, rates: { 1: 4, 2: 2, 3: 3 }, internalProbability: 0.5, startTime: '2026-01-01T00:00:00.000Z', endTime: null };
    writeFileSync(join(dir, 'run.json'), JSON.stringify(info));
    return dir;
  }
  const note = (cli: string, dir: string) =>
    `${cli}: note: ${dir}: run.json has no end time: the run may still be going (or the command running it was killed), so a machine without a stop record may still be running rather than crashed`;

  test('analyze: one note on stderr, "no stop record" instead of "crashed", and mayStillBeRunning in --json', async () => {
    const dir = runningRun();
    const { stdout, stderr, exitCode } = await runScript('analyze', [dir]);
    expect([exitCode, stderr]).toEqual([0, note('analyze', dir)]);
    const out = lines(stdout as string);
    expect(out.filter((l) => /^ *\d+ \(/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['1 (no stop record)', '2 (no stop record)', '3 (no stop record)']);
    expect(out).toContain('no stop record  machines 1-3 (still running, or crashed)');
    expect(stdout).not.toMatch(/\d \(crashed\)|\(crash\)|^crashed/m);
    const json = await runScript('analyze', ['--json', dir]);
    const run = JSON.parse(json.stdout as string).runs[0];
    expect([run.mayStillBeRunning, run.machines.map((m: { crashed: boolean }) => m.crashed)]).toEqual([true, [true, true, true]]);
    // A finished run says false.
    expect(JSON.parse((await runScript('analyze', ['--json', fixture('basic')])).stdout as string).runs[0].mayStillBeRunning).toBe(false);
    rmSync(dir, { recursive: true });
  });

  test('check: the same note, and its machines listed as without a stop record, not as crashed; exit 0', async () => {
    const dir = runningRun();
    const { stdout, stderr, exitCode } = await runScript('check', [dir]);
    expect([exitCode, stderr]).toEqual([0, note('check', dir)]);
    const out = lines(stdout as string);
    expect(out).toContain('no stop record (still running, or crashed):');
    expect(out).toContain('  - machine 1 has no stop record: it may still be running (run.json has no end time), or it crashed');
    expect(out).toContain('  - conservation not checked: machines 1-3: no stop record (still running, or crashed)');
    expect(out).not.toContain('crashed:');
    // Their stop records may yet come: stop-last is not judged (it read ok), and a note says why.
    expect(out.find((l) => / stop-last /.test(l))).toMatch(/^ {2}skip {2}stop-last /);
    expect(out).toContain('  - stop-last not checked: machines 1-3: no stop record yet (run.json has no end time: the run may still be going)');
    // One machine stopped already: judged for it, not for the others.
    const one = join(dir, 'machine-1.jsonl');
    writeFileSync(one, `${readFileSync(one, 'utf8')}${JSON.stringify({ time: '2026-01-01T00:00:09.000Z', machine: 1, event: 'stop', clock: 0, ticks: 0, queue: 0 })}\n`);
    const partly = lines((await runScript('check', ['--json', dir])).stdout as string).join('\n');
    expect(JSON.parse(partly).runs[0].rules.find((r: { rule: string }) => r.rule === 'stop-last')).toMatchObject({ status: 'ok', uncheckedFor: [2, 3] });
    rmSync(dir, { recursive: true });
  });

  test('start-all killed after every machine stopped: no note, since no machine can still be running', async () => {
    const dir = tempDir('lamport-killed-runner-');
    cpSync(fixture('basic'), dir, { recursive: true });
    const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...info, endTime: null }));
    const analyze = await runScript('analyze', ['--json', dir]);
    expect([analyze.exitCode, analyze.stderr, JSON.parse(analyze.stdout as string).runs[0].mayStillBeRunning]).toEqual([0, '', false]);
    const check = await runScript('check', [dir]);
    expect([check.exitCode, check.stderr]).toEqual([0, '']);
  });
});
