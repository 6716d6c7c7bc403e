// Every checker rule: a hand-made fixture that breaks it is caught with a counterexample naming file and line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { checkRun, renderCheck } from '../../src/analysis/check-run.js';
import { RULES, type RuleId } from '../../src/analysis/check-rules.js';
import { tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';
import { secondClaimWarning } from '../../src/net/second-claim.js';
import { otherRunPeerWarning } from '../../src/net/other-run-warning.js';

const fixture = (...parts: string[]) => fromRoot('test', 'fixtures', 'analysis', ...parts);

/** Fixture folder, the rule it breaks, and the file:line pairs its counterexample must name. */
const broken: Array<[string, RuleId, string[]]> = [
  ['start-first', 'start-first', ['machine-2.jsonl:1']],
  ['stop-last', 'stop-last', ['machine-1.jsonl:10', 'machine-1.jsonl:11']],
  ['tick-numbering', 'tick-numbering', ['machine-1.jsonl:4', 'machine-1.jsonl:5']],
  ['clock-increment', 'clock-increment', ['machine-1.jsonl:8', 'machine-1.jsonl:9']],
  ['receive-clock', 'receive-clock', ['machine-2.jsonl:3', 'machine-2.jsonl:4']],
  ['queue-empty', 'queue-empty', ['machine-2.jsonl:3', 'machine-2.jsonl:4']],
  ['link-clock', 'link-clock', ['machine-1.jsonl:3', 'machine-2.jsonl:3']],
  ['link-order', 'link-order', ['machine-1.jsonl:6', 'machine-2.jsonl:4']],
  ['conservation', 'conservation', ['machine-1.jsonl:10']],
  ['tick-rate', 'tick-rate', ['machine-2.jsonl:2', 'machine-2.jsonl:5']],
  ['readable', 'readable', ['machine-1.jsonl:5']],
];

describe('checkRun', () => {
  test('the basic fixture obeys every rule', async () => {
    const result = await checkRun(fixture('basic'));
    expect(result.violations).toEqual([]);
    expect(result.crashed).toEqual([]);
    expect(result.records).toBe(16);
    expect(result.ok).toBe(true);
    expect([result.backwardTimes, result.backwardTimeCount, result.unknownSenderReceives]).toEqual([[], 0, 0]);
  });

  test('a record earlier than the one before it in its log is a warning with both lines, not a violation', async () => {
    const dir = tempDir('lamport-check-');
    for (const name of ['machine-1.jsonl', 'machine-2.jsonl', 'run.json']) writeFileSync(join(dir, name), readFileSync(fixture('basic', name), 'utf8'));
    // Machine 1's tick 4 (line 5), 2 s after the start, moved to 2 s before it: 3.5 s before line 4.
    const file = join(dir, 'machine-1.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"time":"2026-01-01T00:00:02.000Z"', '"time":"2025-12-31T23:59:58.000Z"'));
    const result = await checkRun(dir);
    expect(result.ok).toBe(true);
    expect(result.backwardTimeCount).toBe(1);
    expect(result.backwardTimes[0]!.message).toBe("machine 1's record at machine-1.jsonl:5 is 3.5 s earlier than the one before it (line 4)");
    expect(result.backwardTimes[0]!.records.map((r) => r.line)).toEqual([4, 5]);
    const out = renderCheck(result);
    expect(out).toContain('record times going backwards: 1 (a warning, not a violation: a system clock stepped back, or an edited log;');
    expect(out).toContain(`${file}:5  {"time":"2025-12-31T23:59:58.000Z"`);
    expect(out).toMatch(/OK: every rule holds \(but 1 record earlier than the one before: see above\)\.\n$/);
  });

  test("queue-empty's words say how a logger of one's own gets it wrong: a receive's queue written before its pop, a frame arriving during the tick", async () => {
    const held = await checkRun(fixture('check', 'queue-empty'));
    expect(held.violations.map((v) => v.message)).toEqual([
      'machine 2 did a send event while its queue still held 1 message (left by its previous tick, a receive: if it logged its queue before taking its message off, that is 1 too many)',
    ]);
    // The same send logged with 1 in its queue after a receive that left none: the frame came in during the tick.
    const dir = tempDir('lamport-check-');
    for (const name of ['machine-1.jsonl', 'machine-2.jsonl']) writeFileSync(join(dir, name), readFileSync(fixture('check', 'queue-empty', name), 'utf8'));
    const file = join(dir, 'machine-2.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"queue":1', '"queue":0');
    lines[3] = lines[3]!.replace('"queue":0', '"queue":1');
    writeFileSync(file, lines.join('\n'));
    const during = await checkRun(dir);
    expect(during.violations.filter((v) => v.rule === 'queue-empty').map((v) => v.message)).toEqual([
      'machine 2 did a send event with 1 message in its queue (if it came in during the tick, log the length the tick found, 0: see docs/logs.md)',
    ]);
  });

  test.each(broken)('check/%s breaks exactly the rule %s, with its counterexample', async (name, rule, lines) => {
    const dir = fixture('check', name);
    const result = await checkRun(dir);
    expect(result.ok).toBe(false);
    expect(result.counts).toEqual({ [rule]: 1 });
    const [violation] = result.violations;
    expect(violation!.rule).toBe(rule);
    expect(violation!.records.map((r) => `${r.file.slice(dir.length + 1)}:${r.line}`)).toEqual(lines);
    // The records involved are quoted as they are on disk.
    for (const r of violation!.records) expect(r.text.length).toBeGreaterThan(0);
  });

  test('a run whose only violations are of tick-rate says so after its verdict: the clocks are right, the ticks were short', async () => {
    const rate = renderCheck(await checkRun(fixture('check', 'tick-rate')));
    expect(rate.trimEnd().split('\n').at(-1)).toBe(
      'FAILED: 1 violation, all of tick-rate: machines ticked short of their rates (a host too busy to keep them, or paused machines), not a Lamport clock error; every other rule holds.',
    );
    // Another rule broken: the verdict alone.
    expect(renderCheck(await checkRun(fixture('check', 'clock-increment'))).trimEnd().split('\n').at(-1)).toBe('FAILED: 1 violation.');
    // Machine 1 crashed (no stop record; no run.json saying the run ended): conservation cannot be checked, and the
    // line does not claim it holds.
    const dir = tempDir('lamport-check-');
    for (const name of ['machine-1.jsonl', 'machine-2.jsonl']) writeFileSync(join(dir, name), readFileSync(fixture('check', 'tick-rate', name), 'utf8'));
    const one = join(dir, 'machine-1.jsonl');
    writeFileSync(one, readFileSync(one, 'utf8').trimEnd().split('\n').slice(0, -1).join('\n') + '\n');
    const crashed = await checkRun(dir);
    expect(crashed.counts).toEqual({ 'tick-rate': 1 });
    expect(renderCheck(crashed).trimEnd().split('\n').at(-1)).toMatch(/^FAILED: 1 violation, all of tick-rate: .*; no other rule is broken \(\d+ not checked: see above\)\.$/);
  });

  test('an incarnation ended by its stop record is judged once for tick-rate, not again when the machine restarts', async () => {
    const dir = tempDir('lamport-check-');
    for (const name of ['machine-1.jsonl', 'machine-2.jsonl', 'run.json']) writeFileSync(join(dir, name), readFileSync(fixture('check', 'tick-rate', name), 'utf8'));
    const restart = { time: '2026-01-01T00:00:05.000Z', machine: 2, event: 'start', clock: 0, rate: 2, peers: [1], internalProbability: 0.5, seed: 7, incarnation: 2 };
    writeFileSync(join(dir, 'machine-2.jsonl'), `${readFileSync(join(dir, 'machine-2.jsonl'), 'utf8')}${JSON.stringify(restart)}\n`);
    const result = await checkRun(dir);
    expect(result.counts['tick-rate']).toBe(1);
  });

  test("tick-rate counts the ticks due over the stop record's tickingMs: a late first tick and its catch-up pass, a stall does not", async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 10, peers: [3 - machine], internalProbability: 1, seed: 1 });
    const tick = (machine: number, s: number, k: number) => line({ time: t(s), machine, event: 'internal', clock: k, tick: k, queue: 0 });
    const stop = (machine: number, ticks: number, maxLagMs = 400) =>
      line({ time: t(3.05), machine, event: 'stop', clock: ticks, ticks, queue: 0, maxLagMs, tickingMs: 2000 });
    /** Ticking from 1 s to 3 s at 10/s: tick k due at 1 + k / 10; machine 1's first five ran at once, 0.4 s late. */
    const logs = (lastTick: number, maxLagMs?: number) => ({
      1: [start(1), ...[1, 2, 3, 4, 5].map((k) => tick(1, 1.5, k)), ...Array.from({ length: lastTick - 5 }, (_, i) => tick(1, 1.6 + i / 10, i + 6)), stop(1, lastTick, maxLagMs)],
      2: [start(2), ...Array.from({ length: 20 }, (_, i) => tick(2, 1.1 + i / 10, i + 1)), stop(2, 20)],
    });
    const dir = tempDir();
    const write = (lastTick: number, maxLagMs?: number) => {
      for (const [machine, lines] of Object.entries(logs(lastTick, maxLagMs))) writeFileSync(join(dir, `machine-${machine}.jsonl`), lines.join(''));
    };
    write(20);
    expect((await checkRun(dir)).violations).toEqual([]);
    // Short of ticks with a stop record saying a tick ran 400 ms late: the message says what that means.
    write(15);
    const stalled = await checkRun(dir);
    expect(stalled.violations.map((v) => v.message)).toEqual([
      "machine 1 ran 15 ticks in 2 s of ticking (its stop record) at 10/s: expected 20 ± 2; its stop record's maxLagMs, 400.0 ms, says it was paused or short of CPU",
    ]);
    // No tick that late (under 100 ms): its ticks ran to schedule up to its last, at 2.5 s of 3 s: the rest were not run.
    write(15, 50);
    expect((await checkRun(dir)).violations.map((v) => v.message)).toEqual([
      'machine 1 ran 15 ticks in 2 s of ticking (its stop record) at 10/s: expected 20 ± 2; the 5 missing were due after its last tick (the last 0.5 s of its ticking): it was short of CPU or paused then, and ticks still due when it is told to stop are not run',
    ]);
  });

  test('tick-rate counts read with thousands grouped, as start-all and analyze write them (1,500 ticks, not 1500), the slack in whole ticks', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const ticks = Array.from({ length: 1500 }, (_, i) => line({ time: t(1 + i / 1000), machine: 1, event: 'internal', clock: i + 1, tick: i + 1, queue: 0 }));
    const dir = tempDir();
    writeFileSync(
      join(dir, 'machine-1.jsonl'),
      [line({ time: t(0), machine: 1, event: 'start', clock: 0, rate: 1000, peers: [], internalProbability: 1, seed: 1 }), ...ticks, line({ time: t(3.05), machine: 1, event: 'stop', clock: 1500, ticks: 1500, queue: 0, maxLagMs: 600, tickingMs: 2055 })].join(''),
    );
    const result = await checkRun(dir);
    const messages = result.violations.filter((v) => v.rule === 'tick-rate').map((v) => v.message);
    // 1% of the 2,055 whole ticks due is 20.55: a whole count may be 20 off, as the message says.
    expect(messages).toEqual(["machine 1 ran 1,500 ticks in 2.055 s of ticking (its stop record) at 1,000/s: expected 2,055 ± 20; its stop record's maxLagMs, 600.0 ms, says it was paused or short of CPU"]);
    // And the header's count of records.
    expect(renderCheck(result).split('\n')[0]).toBe(`Checked ${dir}: 1,502 records from 1 machine log (1)`);
  });

  test('a machine with more ticks than its rate allows (a start record edited to a lower rate) is not said to have ticked short; tiny and huge rates are written readably', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const run = (rate: number, stopFields: object = { tickingMs: 10_000 }) => {
      const ticks = Array.from({ length: 50 }, (_, i) => line({ time: t(0.1 + i / 5), machine: 1, event: 'internal', clock: i + 1, tick: i + 1, queue: 0 }));
      const dir = tempDir();
      writeFileSync(
        join(dir, 'machine-1.jsonl'),
        [line({ time: t(0), machine: 1, event: 'start', clock: 0, rate, peers: [], internalProbability: 1, seed: 1 }), ...ticks, line({ time: t(10.1), machine: 1, event: 'stop', clock: 50, ticks: 50, queue: 0, maxLagMs: 1, ...stopFields })].join(''),
      );
      return checkRun(dir);
    };
    const edited = await run(3);
    expect(edited.violations.map((v) => v.message)).toEqual([
      'machine 1 ran 50 ticks in 10 s of ticking (its stop record) at 3/s: expected 30 ± 2; more than its rate allows: a machine never ticks ahead of its schedule, so the rate in its start record is not the one it ticked at (a log edited, or written by another tool)',
    ]);
    expect(renderCheck(edited).trimEnd().split('\n').at(-1)).toBe(
      "FAILED: 1 violation, all of tick-rate: tick counts that do not match their start records' rates (see above), not a Lamport clock error; every other rule holds.",
    );
    // Without tickingMs (an older stop record) the count is over the first to the last tick, which leaves out a late
    // first tick's catch-up: more ticks than that is no sign of an edited rate.
    const older = await run(3, {});
    expect(older.violations[0]!.message).toBe('machine 1 ran 50 ticks in 9.8 s from its first to its last tick at 3/s: expected 30.4 ± 2');
    expect(renderCheck(older).trimEnd().split('\n').at(-1)).toMatch(/all of tick-rate: tick counts that do not match their start records' rates/);
    expect((await run(1e-300)).violations[0]!.message).toMatch(/^machine 1 ran 50 ticks in 10 s of ticking \(its stop record\) at 1e-300\/s: expected 0 ± 2; more than/);
    expect((await run(1e300)).violations[0]!.message).toMatch(/^machine 1 ran 50 ticks in 10 s of ticking \(its stop record\) at 1e\+300\/s: expected 1e\+301 ± 1e\+299$/);
  });

  test('conservation leaves out frames from unknown senders; those still queued at the end are a note', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, s: number, clock: number, ticks: number, queue: number) =>
      line({ time: t(s), machine, event: 'stop', clock, ticks, queue, maxLagMs: 0, tickingMs: (ticks * 1000) });
    const m2 = [start(2), line({ time: t(1), machine: 2, event: 'send', clock: 1, tick: 1, to: [1], dropped: [], queue: 0 }), stop(2, 3.1, 1, 1, 0)];
    /** Machine 1 takes machine 2's frame and one from a connection that never said hello; `queued` more wait at its end. */
    const m1 = (queued: number) => [
      start(1),
      line({ time: t(1), machine: 1, event: 'receive', clock: 2, tick: 1, from: 2, msgClock: 1, queue: 1 }),
      line({ time: t(2), machine: 1, event: 'receive', clock: 51, tick: 2, from: null, msgClock: 50, queue: queued }),
      stop(1, 3.1, 51, 2, queued),
    ];
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), m2.join(''));
    writeFileSync(join(dir, 'machine-1.jsonl'), m1(0).join(''));
    const clean = await checkRun(dir);
    expect(clean.violations).toEqual([]);
    expect(clean.notes).toEqual(['1 receive with from: null (sender unknown) could not be matched to a send']);
    // Not a violation, but the verdict says so: frames from another run on the host, dialling these ports, look like this.
    expect(clean.unknownSenderReceives).toBe(1);
    expect(renderCheck(clean).trimEnd().split('\n').at(-1)).toBe(
      "OK: every rule holds (but 1 receive from an unknown sender: a connection that named no machine of this run, or a second one claiming a connected machine: a restarted machine's new connection read before its old one closed, or another run on this host dialling these ports).",
    );
    writeFileSync(join(dir, 'machine-1.jsonl'), m1(2).join(''));
    const queued = await checkRun(dir);
    expect(queued.violations).toEqual([]);
    expect(queued.notes).toContain(
      "2 messages more queued at machine 1's end than logged sends to it account for: frames from unknown senders (it received or refused 1 such), which its queue may still hold",
    );
  });

  test('counts in the notes and violations read as people write them: 1,000 frames, and "logged no send" rather than "sent only 0"', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1000, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, clock: number, ticks: number, queue: number) => line({ time: t(1.1), machine, event: 'stop', clock, ticks, queue, maxLagMs: 0, tickingMs: ticks });
    // Machine 1 takes 1,000 frames from a connection that never said hello and one claiming machine 2, which sent none.
    const strays = Array.from({ length: 1000 }, (_, i) => line({ time: t(0.001 * (i + 1)), machine: 1, event: 'receive', clock: 2 * i + 2, tick: i + 1, from: null, msgClock: 2 * i + 1, queue: 0 }));
    const fromTwo = line({ time: t(1.05), machine: 1, event: 'receive', clock: 2002, tick: 1001, from: 2, msgClock: 5, queue: 1 });
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), [start(2), stop(2, 0, 0, 0)].join(''));
    writeFileSync(join(dir, 'machine-1.jsonl'), [start(1), ...strays, fromTwo, stop(1, 2002, 1001, 2)].join(''));
    const result = await checkRun(dir);
    expect(result.violations.map((v) => v.message)).toContain('receive #1 at machine 1 from machine 2 has no matching send: machine 2 logged no send to it (1 receive unmatched)');
    expect(result.notes).toContain(
      "3 messages more queued at machine 1's end than logged sends to it account for: frames from unknown senders (it received or refused 1,000 such), which its queue may still hold",
    );
  });

  test("conservation's count of a message gone missing says 1 frame, not 1 frames", async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, s: number, clock: number, ticks: number) => line({ time: t(s), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0, tickingMs: ticks * 1000 });
    const send = (s: number, clock: number, tick: number) => line({ time: t(s), machine: 2, event: 'send', clock, tick, to: [1], dropped: [], queue: 0 });
    const dir = tempDir();
    // Machine 2 sends twice; machine 1 takes the first and a frame from a connection that never said hello, and stops.
    writeFileSync(join(dir, 'machine-2.jsonl'), [start(2), send(1, 1, 1), send(2, 2, 2), stop(2, 3.1, 2, 2)].join(''));
    writeFileSync(
      join(dir, 'machine-1.jsonl'),
      [
        start(1),
        line({ time: t(1), machine: 1, event: 'receive', clock: 2, tick: 1, from: 2, msgClock: 1, queue: 0 }),
        line({ time: t(2), machine: 1, event: 'receive', clock: 51, tick: 2, from: null, msgClock: 50, queue: 0 }),
        stop(1, 3.1, 51, 2),
      ].join(''),
    );
    const result = await checkRun(dir);
    expect(result.violations.map((v) => v.message)).toEqual([
      '2 messages were sent to machine 1, but it received 2, left 0 in its queue and refused 0, less 1 frame from unknown senders: 1 accounted for',
    ]);
  });

  test('one refused frame from a machine with no log is "was not checked", in the singular', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const dir = tempDir();
    writeFileSync(
      join(dir, 'machine-1.jsonl'),
      [
        line({ time: t(0), machine: 1, event: 'start', clock: 0, rate: 1, peers: [2], internalProbability: 0.5, seed: 1 }),
        line({ time: t(1), machine: 1, event: 'warn', reason: 'queue full (1): 1 message from machine 2 refused, clock:1', from: 2, msgClock: 1, refused: 1 }),
        line({ time: t(1), machine: 1, event: 'internal', clock: 1, tick: 1, queue: 0 }),
        line({ time: t(1.1), machine: 1, event: 'stop', clock: 1, ticks: 1, queue: 0, maxLagMs: 0, tickingMs: 1000, maxQueue: 1, overflow: 1 }),
      ].join(''),
    );
    const result = await checkRun(dir);
    expect(result.notes.filter((n) => n.includes('refused frame'))).toEqual([expect.stringMatching(/^1 refused frame at machine 1 from machine 2, .+, was not checked$/)]);
  });

  test("a sender whose link reached another run's machine: conservation fails for the receiver, with a note naming the sender's warning", async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, s: number, clock: number, ticks: number) => line({ time: t(s), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0, tickingMs: ticks * 1000 });
    // Machine 2's first send went into a connection to another run's machine 1 before it answered; then its sends were dropped.
    const warn = line({ time: t(1.2), machine: 2, event: 'warn', clock: 1, reason: otherRunPeerWarning(1, '127.0.0.1:41000', '9f3a61c0', '0ther0run') });
    const dir = tempDir();
    writeFileSync(
      join(dir, 'machine-2.jsonl'),
      [start(2), line({ time: t(1), machine: 2, event: 'send', clock: 1, tick: 1, to: [1], dropped: [], queue: 0 }), warn, line({ time: t(2), machine: 2, event: 'send', clock: 2, tick: 2, to: [], dropped: [1], queue: 0 }), stop(2, 3.1, 2, 2)].join(''),
    );
    writeFileSync(join(dir, 'machine-1.jsonl'), [start(1), line({ time: t(1), machine: 1, event: 'internal', clock: 1, tick: 1, queue: 0 }), stop(1, 3.1, 1, 1)].join(''));
    const result = await checkRun(dir);
    expect(result.violations.map((v) => v.message)).toEqual(['1 message was sent to machine 1, but it received 0, left 0 in its queue and refused 0: 0 accounted for']);
    expect(result.notes).toContain(
      `machine 2's link to machine 1 reached a machine of another run (${join(dir, 'machine-2.jsonl')}:3): what it sent there before that machine said so went to the other run, not to machine 1`,
    );
    expect(result.notes).toContain(`machine 2's link to machine 1 reached a machine of another run (${join(dir, 'machine-2.jsonl')}:3; run tokens differ): its sends to machine 1 were dropped while that connection lasted`);
    expect(result.otherRunLinks).toBe(1);
    expect(renderCheck(result).trimEnd().split('\n').at(-1)).toBe('FAILED: 1 violation (but 1 link met a machine of another run (run tokens differ): see notes).');
  });

  test('a second connection claiming a connected machine: conservation is not checked for its receiver alone, and the note says why', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, s: number, clock: number, ticks: number, queue = 0) => line({ time: t(s), machine, event: 'stop', clock, ticks, queue, maxLagMs: 0, tickingMs: ticks * 1000 });
    const m2 = (queue = 0) => [start(2), line({ time: t(1), machine: 2, event: 'send', clock: 1, tick: 1, to: [1], dropped: [], queue: 0 }), line({ time: t(2), machine: 2, event: 'send', clock: 2, tick: 2, to: [1], dropped: [], queue: 0 }), stop(2, 3.1, 2, 2, queue)];
    // A stranger said hello as machine 2 first (and then nothing): the real machine 2's frames came as from no one.
    const warn = line({ time: t(0.5), machine: 1, event: 'warn', clock: 0, reason: 'second connection claims machine 2 (from 127.0.0.1:40000) while its first is open: its frames count as from an unknown sender' });
    const m1 = (claimed: boolean) => [
      start(1),
      ...(claimed ? [warn] : []),
      line({ time: t(1.5), machine: 1, event: 'receive', clock: 2, tick: 1, from: null, msgClock: 1, queue: 0 }),
      line({ time: t(2.5), machine: 1, event: 'receive', clock: 3, tick: 2, from: null, msgClock: 2, queue: 0 }),
      stop(1, 3.1, 3, 2),
    ];
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), m2().join(''));
    writeFileSync(join(dir, 'machine-1.jsonl'), m1(false).join(''));
    expect((await checkRun(dir)).violations.map((v) => v.rule)).toEqual(['conservation']);
    writeFileSync(join(dir, 'machine-1.jsonl'), m1(true).join(''));
    const claimed = await checkRun(dir);
    expect(claimed.violations).toEqual([]);
    const note = `conservation not checked for machine 1: a second connection claimed to be machine 2 (${join(dir, 'machine-1.jsonl')}:2); the log cannot tell which was machine 2, so its 2 frames from unknown senders may be machine 2's`;
    expect(claimed.notes).toContain(note);
    // Machine 2 was judged (no sends to it, none received or queued): the rule holds for it, it is not skipped.
    expect(claimed.unchecked).not.toContain('conservation');
    expect(claimed.uncheckedFor).toEqual({ conservation: [1] });
    const statusLine = (text: string) => text.split('\n').find((l) => / conservation /.test(l));
    expect(statusLine(renderCheck(claimed))).toBe(`  ok    conservation     ${RULES.conservation} (not checked for machine 1: see notes)`);
    // Machine 2 breaking the rule fails it, still naming machine 1 as not checked.
    writeFileSync(join(dir, 'machine-2.jsonl'), m2(1).join(''));
    const failed = await checkRun(dir);
    expect(failed.violations.map((v) => [v.rule, v.machine])).toEqual([['conservation', 2]]);
    expect(failed.notes).toContain(note);
    expect(statusLine(renderCheck(failed))).toBe(`  FAIL  conservation     ${RULES.conservation} (1 violation; not checked for machine 1: see notes)`);
  });

  test("a stranger that said hello as machine 2 first: link violations get a note naming the claim, and conservation is not checked, not called frames from no one", async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 2, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, clock: number) => line({ time: t(2.6), machine, event: 'stop', clock, ticks: 5, queue: 0, maxLagMs: 0, tickingMs: 2500 });
    const tick = (machine: number, s: number, event: string, clock: number, extra: object) => line({ time: t(s), machine, event, clock, tick: s * 2, ...extra });
    const m2 = [
      start(2),
      tick(2, 0.5, 'internal', 1, { queue: 0 }),
      tick(2, 1, 'send', 2, { to: [1], dropped: [], queue: 0 }),
      tick(2, 1.5, 'send', 3, { to: [1], dropped: [], queue: 0 }),
      tick(2, 2, 'internal', 4, { queue: 0 }),
      tick(2, 2.5, 'internal', 5, { queue: 0 }),
      stop(2, 5),
    ];
    // The stranger's three frames count as machine 2's; machine 2's own two, from its second connection, as no one's.
    const m1 = [
      start(1),
      tick(1, 0.5, 'receive', 51, { from: 2, msgClock: 50, queue: 2 }),
      line({ time: t(0.8), machine: 1, event: 'warn', reason: secondClaimWarning(2, '127.0.0.1:40000') }),
      tick(1, 1, 'receive', 61, { from: 2, msgClock: 60, queue: 1 }),
      tick(1, 1.5, 'receive', 71, { from: 2, msgClock: 70, queue: 1 }),
      tick(1, 2, 'receive', 72, { from: null, msgClock: 2, queue: 1 }),
      tick(1, 2.5, 'receive', 73, { from: null, msgClock: 3, queue: 0 }),
      stop(1, 73),
    ];
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), m2.join(''));
    writeFileSync(join(dir, 'machine-1.jsonl'), m1.join(''));
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ 'link-clock': 3, 'link-order': 2 });
    const at = `${join(dir, 'machine-1.jsonl')}:3`;
    expect(result.notes).toContain(
      `link-clock and link-order from machine 2 to machine 1: a second connection claimed to be machine 2 (${at}) while its first was open, and the log cannot tell which was machine 2: ` +
        'machine 2 restarting before its old connection closed, a second copy of it, or a stranger that said its hello first would explain these 5 violations',
    );
    expect(result.notes).toContain(
      `conservation not checked for machine 1: a second connection claimed to be machine 2 (${at}); the log cannot tell which was machine 2, so its 2 frames from unknown senders may be machine 2's`,
    );
    expect(result.notes.filter((n) => n.includes('more queued'))).toEqual([]);
  });

  test('a second claim explains violations of the incarnation that logged it only: one logged after a restart says nothing of the one before', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number, s = 0, incarnation?: number) =>
      line({ time: t(s), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1, ...(incarnation ? { incarnation } : {}) });
    const m2 = [
      start(2),
      line({ time: t(1), machine: 2, event: 'send', clock: 1, tick: 1, to: [1], dropped: [], queue: 0 }),
      line({ time: t(2), machine: 2, event: 'internal', clock: 2, tick: 2, queue: 0 }),
      line({ time: t(2.1), machine: 2, event: 'stop', clock: 2, ticks: 2, queue: 0, maxLagMs: 0, tickingMs: 2000 }),
    ];
    const claim = (s: number) => line({ time: t(s), machine: 1, event: 'warn', reason: secondClaimWarning(2, '127.0.0.1:40000') });
    /** Machine 1's incarnation 1 takes a frame no send of machine 2 carries, and is killed; `claimFirst`: it logged the claim. */
    const m1 = (claimFirst: boolean) => [
      start(1),
      ...(claimFirst ? [claim(0.5)] : []),
      line({ time: t(0.9), machine: 1, event: 'receive', clock: 51, tick: 1, from: 2, msgClock: 50, queue: 0 }),
      start(1, 1.2, 2),
      ...(claimFirst ? [] : [claim(1.3)]),
      line({ time: t(2), machine: 1, event: 'internal', clock: 1, tick: 1, queue: 0 }),
      line({ time: t(2.1), machine: 1, event: 'stop', clock: 1, ticks: 1, queue: 0, maxLagMs: 0, tickingMs: 1000 }),
    ];
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), m2.join(''));
    const claimNotes = async (claimFirst: boolean) => {
      writeFileSync(join(dir, 'machine-1.jsonl'), m1(claimFirst).join(''));
      const result = await checkRun(dir);
      expect(result.counts['link-clock']).toBeGreaterThan(0);
      return result.notes.filter((n) => n.includes('a second connection claimed'));
    };
    expect(await claimNotes(false)).toEqual([]);
    expect(await claimNotes(true)).toEqual([expect.stringMatching(/^link-clock and link-order from machine 2 to machine 1: a second connection claimed to be machine 2 \(.*machine-1\.jsonl:2\)/)]);
  });

  test('a machine without a stop record is reported as crashed, not as a violation', async () => {
    const dir = fixture('check', 'crashed');
    const result = await checkRun(dir);
    expect(result.ok).toBe(true);
    expect(result.violations).toEqual([]);
    expect(result.crashed).toHaveLength(1);
    expect(result.crashed[0]!.machine).toBe(2);
    expect(result.crashed[0]!.records.map((r) => r.line)).toEqual([5, 6]);
    expect(result.notes).toContain('conservation not checked: machine 2 crashed');
    expect(result.problems).toMatchObject([{ kind: 'truncated', file: join(dir, 'machine-2.jsonl'), line: 6 }]);
  });

  test.each([
    ['a simulated run whose machines all stopped', { mode: 'simulated', stoppedTogether: true }, 'run.json says every machine of this simulated run stopped'],
    ['a real run where machine 2 exited with 0', { mode: 'real', stoppedTogether: true, machines: { '1': { exitCode: 0, signal: null }, '2': { exitCode: 0, signal: null } } }, 'run.json says it exited with code 0'],
  ])('%s, its stop record cut off: the readable rule fails; not a crash, no lost messages', async (_, info, how) => {
    const dir = tempDir('lamport-check-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    writeFileSync(join(dir, 'run.json'), JSON.stringify(info));
    const file = join(dir, 'machine-2.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, -30));
    const result = await checkRun(dir);
    expect(result.ok).toBe(false);
    expect(result.counts).toEqual({ readable: 1 });
    expect(result.violations[0]!.message).toBe(`machine 2's log ends without a stop record, but ${how}: the log was cut short (its last line is cut off)`);
    expect(result.crashed).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.notes).toContain('conservation not checked: the log of machine 2 was cut short');
  });

  test('a missing machine log breaks the readable rule; receives from it are left unchecked; conservation is skipped', async () => {
    const dir = tempDir('lamport-check-');
    const logs = writeScriptedRun(dir, { rates: { 1: 1, 2: 1, 3: 3 }, durationMs: 5000, latencyMs: 10, internalProbability: 0.3, seed: 5 });
    const fromThree = [...logs.values()].flat().filter((r) => r.event === 'receive' && r.from === 3).length;
    expect(fromThree).toBeGreaterThan(0);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'machine-3.jsonl'));
    const result = await checkRun(dir);
    expect(result.counts.readable).toBe(1);
    expect(result.violations[0]!.records[0]!.file).toBe(join(dir, 'machine-3.jsonl'));
    const unchecked = result.notes.filter((n) => n.includes('from machine 3, which has no log')).reduce((sum, n) => sum + Number(n.split(' ')[0]), 0);
    expect(unchecked).toBe(fromThree);
    expect(result.counts.conservation).toBeUndefined();
    rmSync(dir, { recursive: true });
  });

  test.each([1, 2, 3])('runs of MachineCore (seed %i, 3 machines, broadcasts, latency) obey every rule', async (seed) => {
    const dir = tempDir('lamport-check-');
    writeScriptedRun(dir, { rates: { 1: 5, 2: 3, 3: 1 }, durationMs: 30_000, latencyMs: 40, internalProbability: 0.2, seed });
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.backwardTimeCount).toBe(0);
    expect(result.notes).toEqual([]);
    expect(result.ok).toBe(true);
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true });
  });

  test.each([
    ['send', 1, "as one send missing from machine 1's log"],
    ['receive', 3, "as one receive missing from machine 3's log"],
  ] as const)('a %s record deleted from machine %i\'s log: the shifted pairs are link-clock violations, and a note says they may have that one cause', async (event, machine, cause) => {
    const dir = tempDir('lamport-check-');
    writeScriptedRun(dir, { rates: { 1: 5, 2: 3, 3: 4 }, durationMs: 30_000, latencyMs: 40, internalProbability: 0.2, seed: 4 });
    const file = join(dir, `machine-${machine}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    // A send to machine 3 alone, or a receive from machine 1, a third of the way in.
    const picks = lines.flatMap((text, i) => {
      const r = text ? JSON.parse(text) : null;
      return (event === 'send' ? r?.event === 'send' && r.to.join() === '3' : r?.event === 'receive' && r.from === 1) ? [i] : [];
    });
    expect(picks.length).toBeGreaterThan(10);
    const deleted = picks[Math.floor(picks.length / 3)]!;
    writeFileSync(file, lines.filter((_, i) => i !== deleted).join('\n'));
    const result = await checkRun(dir);
    const shifted = result.notes.filter((n) => n.startsWith('link-clock: '));
    expect(shifted).toHaveLength(1);
    expect(shifted[0]).toMatch(/^link-clock: (\d+) receives in a row at machine 3 from machine 1 \(#\d+ to #\d+, the first at .*machine-3\.jsonl:\d+\) are shifted by one: /);
    expect(shifted[0]).toContain(cause);
    // Every pair after the deleted record is shifted: the note counts them all (an unpaired receive or send at the end aside).
    const inRow = Number(/(\d+) receives in a row/.exec(shifted[0]!)![1]);
    expect(inRow).toBeGreaterThan(10);
    expect(result.counts['link-clock']).toBeGreaterThanOrEqual(inRow);
  });

  test('wrong message clocks, one or all on a link: link-clock violations and no note of a shift', async () => {
    const dir = tempDir('lamport-check-');
    writeScriptedRun(dir, { rates: { 1: 5, 2: 3, 3: 4 }, durationMs: 30_000, latencyMs: 40, internalProbability: 0.2, seed: 4 });
    const file = join(dir, 'machine-3.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((text, i) => i > lines.length / 3 && text.includes('"event":"receive"'));
    const r = JSON.parse(lines[at]!);
    lines[at] = JSON.stringify({ ...r, msgClock: r.msgClock + 1, clock: Math.max(r.clock, r.msgClock + 2) });
    writeFileSync(file, lines.join('\n'));
    const result = await checkRun(dir);
    expect(result.counts['link-clock']).toBe(1);
    expect(result.notes.filter((n) => n.startsWith('link-clock: '))).toEqual([]);
    // Every message clock from machine 1 one too high (a sender that sends its clock + 1): wrong clocks, each said as
    // one, and no note of a missing record, since no tick number is missing.
    const every = lines.map((text) => (text.includes('"event":"receive"') && text.includes('"from":1,') ? text.replace(/"msgClock":(\d+)/, (_, c: string) => `"msgClock":${Number(c) + 1}`) : text));
    writeFileSync(file, every.join('\n'));
    const wrong = await checkRun(dir);
    expect(wrong.counts['link-clock']).toBeGreaterThan(10);
    expect(wrong.counts['tick-numbering']).toBeUndefined();
    expect(wrong.notes.filter((n) => n.startsWith('link-clock: '))).toEqual([]);
    // The same, and an internal record deleted late in machine 3's log: a break far from where the clocks go wrong.
    const late = every.map((text) => text.includes('"event":"internal"')).lastIndexOf(true);
    writeFileSync(file, every.filter((_, i) => i !== late).join('\n'));
    const alsoBroken = await checkRun(dir);
    expect(alsoBroken.counts['tick-numbering']).toBe(1);
    expect(alsoBroken.notes.filter((n) => n.startsWith('link-clock: '))).toEqual([]);
  });

  test('not a run folder: a usage error naming it', async () => {
    await expect(checkRun(fixture('no-such-run'))).rejects.toMatchObject({ name: 'UsageError', message: `${fixture('no-such-run')}: no such run folder` });
  });
});
