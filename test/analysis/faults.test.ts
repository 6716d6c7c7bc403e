// Runs with faults: a killed and restarted machine, a link taken down; lost messages reported, not violations.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { checkRun } from '../../src/analysis/check-run.js';
import { RunMetricsCollector } from '../../src/analysis/metrics.js';
import { VectorClockTracker, type CausalEvent } from '../../src/analysis/vector-clocks.js';
import type { CoreRecord } from '../../src/core/records.js';
import { tempDir } from '../helpers/cli.js';

const fixture = (...parts: string[]) => fromRoot('test', 'fixtures', 'analysis', 'faults', ...parts);

/** The records of a fixture, merged in time order (ties: lower machine first), `time` in epoch ms. */
function records(dir: string, machines: number[]): CoreRecord[] {
  return machines
    .flatMap((m) =>
      readFileSync(join(dir, `machine-${m}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const r = JSON.parse(line);
          return { ...r, time: Date.parse(r.time) } as CoreRecord;
        }),
    )
    .sort((a, b) => a.time - b.time || a.machine - b.machine);
}

const where = (dir: string, refs: Array<{ file: string; line: number }>) => refs.map((r) => `${r.file.slice(dir.length + 1)}:${r.line}`);

/** Adds a kill of `machine` by the fault schedule to a copied run folder: its faults.jsonl line, and run.json's SIGKILL exit. */
function recordKill(dir: string, machine: number, time: string, at: number): void {
  const line = { time, at, elapsed: at, action: 'kill', description: `kill machine ${machine} (SIGKILL)`, machine };
  writeFileSync(join(dir, 'faults.jsonl'), readFileSync(join(dir, 'faults.jsonl'), 'utf8') + JSON.stringify(line) + '\n');
  const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  info.machines[String(machine)] = { exitCode: null, signal: 'SIGKILL' };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(info));
}

describe('kill and restart (fixture faults/kill-restart, worked out in its README)', () => {
  const dir = fixture('kill-restart');

  test('check: every rule holds; the restart is a crash note; 2 messages lost to the kill, with their sends', async () => {
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.crashed).toHaveLength(1);
    expect(result.crashed[0]!.message).toBe("machine 2's incarnation 1 was killed by the fault schedule (so no stop record), then it restarted as incarnation 2");
    expect(result.lost).toHaveLength(1);
    const [lost] = result.lost;
    expect(lost).toMatchObject({ from: 1, to: 2, incarnation: 1, count: 2, reason: 'crash' });
    // The send still in machine 2's queue at the kill (line 7) and the one in flight through the 300 ms latency (line 8).
    expect(where(dir, lost!.records)).toEqual(['machine-1.jsonl:7', 'machine-1.jsonl:8']);
    expect(result.notes).toEqual([]);
  });

  test('metrics: ticks and events over both incarnations, last incarnation final clock, incarnations and lost', async () => {
    const run = await analyzeRun(dir);
    const [m1, m2] = run.metrics.machines;
    expect(m1).toMatchObject({ machine: 1, ticks: 13, events: { internal: 4, send: 7, receive: 2 }, finalClock: 14, incarnations: 1, lost: 0, crashed: false, messagesDropped: 1 });
    expect(m2).toMatchObject({ machine: 2, records: 16, ticks: 10, events: { internal: 5, send: 2, receive: 3 }, finalClock: 14, endQueue: 1, incarnations: 2, lost: 2, crashed: false });
    // Incarnation 2's first receive (6.25 s) caught its clock up from 0 by 10: kept apart, not one of its jumps.
    expect(m2!.jumps).toMatchObject({ count: 2, max: 0 });
    expect(m2!.jumpHistogram).toEqual([[0, 2]]);
    expect(m2!.catchUpJumps).toEqual([{ incarnation: 2, restartTime: Date.parse('2026-01-01T00:00:05.000Z'), time: Date.parse('2026-01-01T00:00:06.250Z'), jump: 10, firstTickTime: Date.parse('2026-01-01T00:00:05.250Z') }]);
    expect(m1!.catchUpJumps).toEqual([]);
    expect(run.metrics.messages).toEqual({ sent: 8, dropped: 1, received: 5, leftInQueues: 1, matched: 5, unknownSender: 0, unmatchedReceives: 0, lost: 2, refused: 0, unloggedSends: 0, unaccounted: 0, sentToStopped: 0, sentToStoppedMachines: [] });
    expect(run.metrics.lostMessages).toEqual([{ from: 1, to: 2, incarnation: 1, count: 2, reason: 'crash' }]);
    expect(run.metrics.latency).toMatchObject({ count: 5, p50: 250, max: 750, mean: 450 });
  });

  test('fault windows from faults.jsonl, labelled from run.json: latency to the end, the kill until the restart', async () => {
    const run = await analyzeRun(dir);
    const at = (s: number) => Date.parse('2026-01-01T00:00:00.000Z') + s * 1000;
    expect(run.faults).toEqual([
      { from: at(1.9), to: null, kind: 'toxic', label: 'latency 300 ms on 1->2', links: [[1, 2]], source: 'applied' },
      { from: at(3.2), to: at(5), kind: 'kill', label: 'machine 2 killed', links: [], machine: 2, source: 'applied' },
    ]);
  });

  test('chart series: machine 2 has no value while dead (one null point breaks its line), then starts again from 0', async () => {
    const run = await analyzeRun(dir);
    const m2 = run.series.points.filter((p) => p.machine === 2);
    const gap = m2.filter((p) => p.clock === null);
    expect(gap).toHaveLength(1);
    expect(gap[0]!.t).toBeGreaterThan(2.75);
    const after = m2.filter((p) => p.t > gap[0]!.t);
    expect(after[0]!.t).toBeGreaterThanOrEqual(5);
    expect(after[0]!.clock).toBe(0);
    expect(m2.filter((p) => p.t > 3.3 && p.t < 4.9)).toEqual([]);
  });

  test('vector clocks: incarnation 2 is its own process; its receive merges what machine 1 knew of incarnation 1', () => {
    const events: CausalEvent[] = [];
    const tracker = new VectorClockTracker(new Set([1, 2]), (e) => events.push({ ...e, vector: [...e.vector], processes: [...e.processes] }));
    for (const r of records(dir, [1, 2])) tracker.add(r);
    const summary = tracker.finish();
    expect(summary).toMatchObject({ events: 23, unmatchedReceives: 0 });
    const named = (e: CausalEvent) => Object.fromEntries(e.processes.map((p, i) => [`${p.machine}.${p.incarnation}`, e.vector[i] ?? 0]).filter(([, n]) => n !== 0));
    const receive = events.find((e) => e.process.incarnation === 2 && e.record.event === 'receive')!;
    // Machine 1's 11th event sent clock 12; machine 1 had heard from incarnation 1's 3rd event (its send at 1.25 s).
    expect(named(receive)).toEqual({ '1.1': 11, '2.1': 3, '2.2': 3 });
    expect(receive.from).toEqual({ machine: 1, incarnation: 1 });
    const firstOfTwo = events.find((e) => e.process.incarnation === 2)!;
    expect(named(firstOfTwo)).toEqual({ '2.2': 1 });
    // Brute force: happened-before over processes (program order per incarnation, each receive after the send on its
    // link with the same clock), against the tracker's counts.
    const order = events.map((e) => e.record);
    const proc = (i: number) => `${events[i]!.process.machine}.${events[i]!.process.incarnation}`;
    const next = order.map(() => [] as number[]);
    order.forEach((r, i) => {
      let previous = -1;
      let send = -1;
      for (let j = 0; j < i; j++) {
        const s = order[j]!;
        if (proc(j) === proc(i)) previous = j;
        if (r.event === 'receive' && s.event === 'send' && s.machine === r.from && s.clock === r.msgClock && s.to.includes(r.machine)) send = j;
      }
      if (previous >= 0) next[previous]!.push(i);
      if (send >= 0) next[send]!.push(i);
    });
    let pairs = 0;
    order.forEach((_, i) => {
      const seen = new Set<number>();
      const stack = [...next[i]!];
      while (stack.length) {
        const j = stack.pop()!;
        if (!seen.has(j)) stack.push(...next[j]!), seen.add(j);
      }
      pairs += seen.size;
    });
    expect(summary.happenedBeforePairs).toBe(pairs);
    expect(summary.concurrentPairs).toBe((23 * 22) / 2 - pairs);
  });

  test('ShiViz: incarnation 2 is host machine-2.inc2, and every host obeys the ShiViz rules', async () => {
    const out = tempDir('lamport-faults-');
    const file = join(out, 'run.shiviz.log');
    await analyzeRun(dir, { shiviz: file });
    const body = readFileSync(file, 'utf8').split('\n').slice(2, -1);
    const counts = new Map<string, number>();
    for (let i = 0; i < body.length; i += 2) {
      const [, host, clock] = /^(\S*) ({.*})$/.exec(body[i]!)!;
      const vector = JSON.parse(clock!) as Record<string, number>;
      const own = (counts.get(host!) ?? 0) + 1;
      counts.set(host!, own);
      expect(vector[host!]).toBe(own);
      for (const [other, n] of Object.entries(vector)) if (other !== host) expect(n).toBeLessThanOrEqual(counts.get(other) ?? 0);
    }
    expect(Object.fromEntries(counts)).toEqual({ 'machine-1': 13, 'machine-2': 6, 'machine-2.inc2': 4 });
    expect(body).toContain('receive from machine-1 (message clock 12); Lamport clock 13, tick 3, queue 0, 2026-01-01T00:00:06.250Z');
    rmSync(out, { recursive: true });
  });
});

describe('a link taken down (fixture faults/link-down, worked out in its README)', () => {
  const dir = fixture('link-down');

  test('check: every rule holds; the send cut with the connection is lost, the later one still pairs', async () => {
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.crashed).toEqual([]);
    expect(result.lost).toHaveLength(1);
    expect(result.lost[0]).toMatchObject({ from: 1, to: 2, incarnation: 1, count: 1, reason: 'connection' });
    expect(where(dir, result.lost[0]!.records)).toEqual(['machine-1.jsonl:6']);
  });

  test('metrics: sends while the link was down are dropped, the cut one is lost', async () => {
    const run = await analyzeRun(dir);
    expect(run.metrics.messages).toEqual({ sent: 4, dropped: 2, received: 3, leftInQueues: 0, matched: 3, unknownSender: 0, unmatchedReceives: 0, lost: 1, refused: 0, unloggedSends: 0, unaccounted: 0, sentToStopped: 0, sentToStoppedMachines: [] });
    expect(run.metrics.machines.map((m) => [m.messagesDropped, m.lost, m.incarnations])).toEqual([[2, 0, 1], [0, 1, 1]]);
    expect(run.metrics.latency).toMatchObject({ count: 3, p50: 750, max: 750 });
    expect(run.faults.map((w) => [w.label, w.kind, w.to === null])).toEqual([
      ['latency 300 ms on 1->2', 'toxic', true],
      ['down 1->2', 'down', false],
    ]);
  });

  test('the link cut, then the receiver killed before it came back: the send cut with the connection is lost to the cut, not the kill', async () => {
    const copy = tempDir('lamport-faults-');
    cpSync(dir, copy, { recursive: true });
    // Machine 2 killed at 4.28 s, after its tick at 4.25 s and before the link came back: no disconnect, no stop record.
    const two = readFileSync(join(copy, 'machine-2.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(copy, 'machine-2.jsonl'), two.filter((line) => JSON.parse(line).time <= '2026-01-01T00:00:04.250Z').join('\n') + '\n');
    // Machine 1 never connects again: its later send is dropped, and it stops without a connection to close.
    const one = readFileSync(join(copy, 'machine-1.jsonl'), 'utf8').trim().split('\n');
    const after = one
      .filter((line) => !(JSON.parse(line).time >= '2026-01-01T00:00:04.300Z' && /"(dis)?connect"/.test(line)))
      .map((line) => (line.includes('"clock":10,') ? line.replace('"to":[2],"dropped":[]', '"to":[],"dropped":[2]') : line));
    writeFileSync(join(copy, 'machine-1.jsonl'), after.join('\n') + '\n');
    recordKill(copy, 2, '2026-01-01T00:00:04.280Z', 3.88);
    const result = await checkRun(copy);
    expect(result.violations).toEqual([]);
    expect(result.lost.map((l) => [l.reason, l.count, where(copy, l.records)])).toEqual([['connection', 1, ['machine-1.jsonl:6']]]);
    expect(result.lost[0]!.message).toBe("1 message from machine 1 to machine 2 lost: machine 1's connection to machine 2 broke before it was delivered");
    // The kill is said as the schedule's, as analyze says it.
    expect(result.crashed.map((c) => c.message)).toEqual(['machine 2 was killed by the fault schedule: its log ends without a stop record']);
    rmSync(copy, { recursive: true });
  });

  test('the sender killed with a send in flight: lost with its connection, said as the sender\'s end, not a link cut', async () => {
    const copy = tempDir('lamport-faults-');
    cpSync(dir, copy, { recursive: true });
    // Machine 1's tick at 5.5 s sends to 2; machine 1 is killed at 5.6 s (no stop record), machine 2 stops as planned.
    const one = readFileSync(join(copy, 'machine-1.jsonl'), 'utf8').trim().split('\n');
    const kept = one
      .filter((line) => JSON.parse(line).time <= '2026-01-01T00:00:05.500Z')
      .map((line) => (line.includes('"clock":12,') ? line.replace('"event":"internal","clock":12,"tick":11,"queue":0', '"event":"send","clock":12,"tick":11,"to":[2],"dropped":[],"queue":0') : line));
    writeFileSync(join(copy, 'machine-1.jsonl'), kept.join('\n') + '\n');
    recordKill(copy, 1, '2026-01-01T00:00:05.600Z', 5.2);
    const result = await checkRun(copy);
    expect(result.violations).toEqual([]);
    expect(result.lost.map((l) => [l.reason, l.count, l.senderEnded ?? false, where(copy, l.records)])).toEqual([
      ['connection', 1, false, ['machine-1.jsonl:6']],
      ['connection', 1, true, ['machine-1.jsonl:15']],
    ]);
    expect(result.lost[1]!.message).toBe(
      '1 message from machine 1 to machine 2 lost: machine 1 ended without a stop record (killed or crashed) before it was delivered: its connection to machine 2 ended with it',
    );
    const run = await analyzeRun(copy);
    expect(run.metrics.lostMessages).toEqual([
      { from: 1, to: 2, incarnation: 1, count: 1, reason: 'connection' },
      { from: 1, to: 2, incarnation: 1, count: 1, reason: 'connection', senderEnded: true },
    ]);
    rmSync(copy, { recursive: true });
  });

  test('the same logs without a fault schedule: as strict as ever, the missing message is a violation', async () => {
    const copy = tempDir('lamport-faults-');
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, 'faults.jsonl'));
    const info = JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8'));
    delete info.faults;
    writeFileSync(join(copy, 'run.json'), JSON.stringify(info));
    const result = await checkRun(copy);
    expect(result.ok).toBe(false);
    expect(result.lost).toEqual([]);
    expect(result.counts).toEqual({ 'link-clock': 1, conservation: 1 });
    expect(result.violations[0]!.message).toBe("receive #2 at machine 2 from machine 1 carries clock 10, but machine 1's send #2 to it had clock 4");
    rmSync(copy, { recursive: true });
  });
});

describe('real start-all runs with faults (trimmed copies: logs, run.json, faults.jsonl)', () => {
  test('faults/real-kill: machine 2 killed and restarted under 700 ms latency; 2 messages lost, none wrongly', async () => {
    const dir = fixture('real-kill');
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.lost.map((l) => [l.from, l.to, l.incarnation, l.count, l.reason])).toEqual([
      [1, 2, 1, 1, 'crash'],
      [3, 2, 1, 1, 'crash'],
    ]);
    const run = await analyzeRun(dir);
    expect(run.metrics.machines.map((m) => [m.machine, m.incarnations, m.lost])).toEqual([[1, 1, 0], [2, 2, 2], [3, 1, 0]]);
    expect(run.metrics.messages.lost).toBe(2);
    expect(run.faults.map((w) => w.label)).toEqual(['latency 700 ms on 1->2, 3->2', 'machine 2 killed']);
  });

  test('faults/real-down: a link cut under latency; the message held in the proxy is lost', async () => {
    const dir = fixture('real-down');
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.lost.map((l) => [l.from, l.to, l.count, l.reason])).toEqual([[1, 3, 1, 'connection']]);
    expect(where(dir, result.lost[0]!.records)).toEqual(['machine-1.jsonl:33']);
  });
});

describe('a killed machine whose last send never reached its log', () => {
  // Machine 2 logs up to clock 4 and is killed with its send of clock 5 (received by machine 1) not yet written to
  // its log; it restarts at 3 s and its new incarnation's send of clock 1 pairs as usual.
  const t = (s: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + s * 1000).toISOString();
  const line = (r: object) => `${JSON.stringify(r)}\n`;
  const start = (machine: number, s: number, incarnation?: number) =>
    line({ time: t(s), machine, event: 'start', clock: 0, rate: 2, peers: [3 - machine], internalProbability: 0.5, seed: 1, ...(incarnation ? { incarnation } : {}) });
  const internal = (machine: number, s: number, clock: number, tick: number) => line({ time: t(s), machine, event: 'internal', clock, tick, queue: 0 });
  const send = (machine: number, s: number, clock: number, tick: number) => line({ time: t(s), machine, event: 'send', clock, tick, to: [3 - machine], dropped: [], queue: 0 });
  const receive = (machine: number, s: number, clock: number, tick: number, msgClock: number) =>
    line({ time: t(s), machine, event: 'receive', clock, tick, from: 3 - machine, msgClock, queue: 0 });
  const stop = (machine: number, s: number, clock: number, ticks: number) => line({ time: t(s), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0 });
  /** A run folder holding the two machines' logs and faults.jsonl: machine 2 killed at 1.9 s and restarted at 3 s. */
  const writeKilledAndRestarted = (folder: string, m1: string[], m2: string[]) => {
    writeFileSync(join(folder, 'machine-1.jsonl'), m1.join(''));
    writeFileSync(join(folder, 'machine-2.jsonl'), m2.join(''));
    writeFileSync(
      join(folder, 'faults.jsonl'),
      line({ time: t(1.9), at: 1, action: 'kill', description: 'kill machine 2 (SIGKILL)', machine: 2 }) +
        line({ time: t(3), at: 2, action: 'restart', description: 'restart machine 2', machine: 2 }),
    );
  };
  let dir: string;

  beforeAll(() => {
    dir = tempDir('lamport-unlogged-');
    const m1 = [start(1, 0), internal(1, 0.5, 1, 1), internal(1, 1, 2, 2), internal(1, 1.5, 3, 3), receive(1, 2, 6, 4, 5), internal(1, 2.5, 7, 5)];
    m1.push(internal(1, 3, 8, 6), receive(1, 3.5, 9, 7, 1), internal(1, 4, 10, 8), stop(1, 4.1, 10, 8));
    const m2 = [start(2, 0), internal(2, 0.25, 1, 1), internal(2, 0.75, 2, 2), internal(2, 1.25, 3, 3), internal(2, 1.75, 4, 4)];
    m2.push(start(2, 3, 2), send(2, 3.25, 1, 1), internal(2, 3.75, 2, 2), stop(2, 4.1, 2, 2));
    writeKilledAndRestarted(dir, m1, m2);
  });
  afterAll(() => rmSync(dir, { recursive: true }));

  test("check: the old connection's backlog delivered after the next incarnation's first frames (a toxic held it) pairs with its logged sends", async () => {
    // Machine 2's incarnation 1 sends clocks 1 and 2, both held on the old connection when it is killed at 1.9 s; its
    // incarnation 2 sends clock 4 on a new connection, which machine 1 receives first, then the old connection's two.
    // Machine 1's receives arrive interleaved across two connections; each connection is FIFO.
    const folder = tempDir('lamport-interleave-');
    const m2 = [start(2, 0), send(2, 0.5, 1, 1), send(2, 1, 2, 2), internal(2, 1.5, 3, 3)];
    m2.push(start(2, 3, 2), internal(2, 3.5, 1, 1), internal(2, 4, 2, 2), internal(2, 4.5, 3, 3), send(2, 5, 4, 4), stop(2, 5.1, 4, 4));
    const m1 = [start(1, 0), ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => internal(1, n / 2, n, n))];
    m1.push(receive(1, 5.5, 11, 11, 4), receive(1, 6, 12, 12, 1), receive(1, 6.5, 13, 13, 2), stop(1, 7.1, 13, 13));
    writeKilledAndRestarted(folder, m1, m2);
    const result = await checkRun(folder);
    // Before, the clock 4 above incarnation 1's last logged clock read as a send it never logged, its two sends as lost,
    // and their receives as a link-clock violation.
    expect(result.violations).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.ok).toBe(true);
    const run = await analyzeRun(folder);
    expect(run.metrics.messages).toMatchObject({ sent: 3, received: 3, matched: 3, lost: 0, unloggedSends: 0, unaccounted: 0, unmatchedReceives: 0 });

    // The same with a third send of incarnation 1 (clock 3) that it never logged, arriving last: a note, as when the
    // old connection's frames come first.
    const tail = tempDir('lamport-interleave-unlogged-');
    writeKilledAndRestarted(tail, [...m1.slice(0, -1), receive(1, 7, 14, 14, 3), stop(1, 7.1, 14, 14)], [...m2.slice(0, 3), ...m2.slice(4)]);
    const withTail = await checkRun(tail);
    expect(withTail.violations).toEqual([]);
    expect(withTail.lost).toEqual([]);
    expect(withTail.notes).toEqual([
      `1 receive at machine 1 from machine 2 with a message clock above the last clock machine 2 logged before it crashed: sends it made but never wrote to its log (it was killed before writing its last records); first at ${join(tail, 'machine-1.jsonl')}:15`,
    ]);
  });

  test('after a restart, a receive with a wrong clock, or one received twice, is still a link-clock violation, not a send never logged', async () => {
    // Machine 2's incarnation 1 sends clock 1 and is killed; incarnation 2 sends clocks 3, 4 and 5 (all above 1).
    const m2 = [start(2, 0), send(2, 0.5, 1, 1), internal(2, 1, 2, 2), internal(2, 1.5, 3, 3)];
    m2.push(start(2, 3, 2), internal(2, 3.5, 1, 1), internal(2, 4, 2, 2), send(2, 4.5, 3, 3), send(2, 5, 4, 4), send(2, 5.5, 5, 5), stop(2, 5.6, 5, 5));
    const ticks = [start(1, 0), internal(1, 0.5, 1, 1), receive(1, 1, 2, 2, 1), ...[3, 4, 5, 6, 7, 8, 9].map((n) => internal(1, n / 2, n, n))];
    const judge = async (m1: string[]) => {
      const folder = tempDir('lamport-after-restart-');
      writeKilledAndRestarted(folder, m1, m2);
      const result = await checkRun(folder);
      return { rules: result.violations.map((v) => v.rule), notes: result.notes };
    };
    // 99 where clock 4 was sent.
    const wrong = await judge([...ticks, receive(1, 5, 10, 10, 3), receive(1, 5.5, 100, 11, 99), receive(1, 6, 101, 12, 5), stop(1, 6.1, 101, 12)]);
    expect(wrong).toEqual({ rules: ['link-clock'], notes: [] });
    // Clock 5 received twice: the second has no send.
    const twice = await judge([...ticks, receive(1, 5, 10, 10, 3), receive(1, 5.5, 11, 11, 4), receive(1, 6, 12, 12, 5), receive(1, 6.5, 13, 13, 5), stop(1, 6.6, 13, 13)]);
    expect(twice.rules).toContain('link-clock');
    expect(twice.notes.filter((n) => n.includes('never wrote to its log'))).toEqual([]);
    // 99 logged in the same ms as the send of 4, so read before it.
    const early = await judge([...ticks, receive(1, 5, 10, 10, 3), receive(1, 5, 100, 11, 99), receive(1, 6, 101, 12, 5), stop(1, 6.1, 101, 12)]);
    expect(early).toEqual({ rules: ['link-clock'], notes: [] });
  });

  test('check: not a violation but a note naming the receive; the next incarnation pairs; conservation holds', async () => {
    const result = await checkRun(dir);
    expect(result.violations).toEqual([]);
    expect(result.notes).toEqual([
      `1 receive at machine 1 from machine 2 with a message clock above the last clock machine 2 logged before it crashed: sends it made but never wrote to its log (it was killed before writing its last records); first at ${join(dir, 'machine-1.jsonl')}:5`,
    ]);
    expect(result.lost).toEqual([]);
  });

  test('check: an unlogged send still queued at the end, its sender killed for good, is a note, not a conservation violation', async () => {
    // Machine 2 is killed at 1.9 s with its send of clock 5 unwritten, and stays down; machine 1 stops with it queued.
    const queued = tempDir('lamport-unlogged-queued-');
    const m1 = [start(1, 0), internal(1, 0.5, 1, 1), internal(1, 1, 2, 2), internal(1, 1.5, 3, 3), internal(1, 2, 4, 4)];
    m1.push(line({ time: t(2.1), machine: 1, event: 'stop', clock: 4, ticks: 4, queue: 1, maxLagMs: 0 }));
    const m2 = [start(2, 0), internal(2, 0.25, 1, 1), internal(2, 0.75, 2, 2), internal(2, 1.25, 3, 3), internal(2, 1.75, 4, 4)];
    writeFileSync(join(queued, 'machine-1.jsonl'), m1.join(''));
    writeFileSync(join(queued, 'machine-2.jsonl'), m2.join(''));
    writeFileSync(join(queued, 'faults.jsonl'), line({ time: t(1.9), at: 1, action: 'kill', description: 'kill machine 2 (SIGKILL)', machine: 2 }));
    const result = await checkRun(queued);
    expect(result.violations).toEqual([]);
    expect(result.notes).toContain(
      '1 message more received, queued or refused at machine 1 than logged sends to it: sends of machine 2, which ended without a stop record before writing its last records',
    );
  });

  test('check: an unlogged send still queued at the end from a killed sender that restarted and stopped is a note too', async () => {
    // A fast machine that only sends: nothing is sent to machine 2 in either incarnation, so only its restart without a
    // stop record says it was killed. Machine 2 is killed at 1.9 s with its send of clock 5 unwritten, restarts at 3 s
    // and stops at 4.1 s; machine 1 stops with that message queued.
    const restarted = tempDir('lamport-unlogged-restarted-');
    const m1 = [start(1, 0), internal(1, 0.5, 1, 1), internal(1, 1, 2, 2), internal(1, 1.5, 3, 3), internal(1, 2, 4, 4)];
    m1.push(line({ time: t(4.2), machine: 1, event: 'stop', clock: 4, ticks: 4, queue: 1, maxLagMs: 0 }));
    const m2 = [start(2, 0), internal(2, 0.25, 1, 1), internal(2, 0.75, 2, 2), internal(2, 1.25, 3, 3), internal(2, 1.75, 4, 4)];
    m2.push(start(2, 3, 2), internal(2, 3.25, 1, 1), stop(2, 4.1, 1, 1));
    writeKilledAndRestarted(restarted, m1, m2);
    const result = await checkRun(restarted);
    expect(result.violations).toEqual([]);
    expect(result.notes).toContain(
      '1 message more received, queued or refused at machine 1 than logged sends to it: sends of machine 2, which ended without a stop record before writing its last records',
    );
  });

  test('check: a machine killed by hand (no fault schedule, no restart) is judged the same way; a sender that stopped is not', async () => {
    // Machine 2 dies at 1.9 s without a stop record and with its send of clock 5 unwritten; machine 1 received it.
    const byHand = tempDir('lamport-unlogged-by-hand-');
    const m1 = [start(1, 0), internal(1, 0.5, 1, 1), internal(1, 1, 2, 2), internal(1, 1.5, 3, 3), receive(1, 2, 6, 4, 5), stop(1, 2.5, 6, 4)];
    const m2 = [start(2, 0), internal(2, 0.25, 1, 1), internal(2, 0.75, 2, 2), internal(2, 1.25, 3, 3), internal(2, 1.75, 4, 4)];
    writeFileSync(join(byHand, 'machine-1.jsonl'), m1.join(''));
    writeFileSync(join(byHand, 'machine-2.jsonl'), m2.join(''));
    const result = await checkRun(byHand);
    expect(result.violations).toEqual([]);
    expect(result.notes).toContain(
      `1 receive at machine 1 from machine 2 with a message clock above the last clock machine 2 logged before it crashed: sends it made but never wrote to its log (it was killed before writing its last records); first at ${join(byHand, 'machine-1.jsonl')}:5`,
    );
    // With no stop record in any log and no run.json, the end is unknown (logs of a run still going, or killed whole):
    // the same receive is a send not yet in machine 2's log, not one it never wrote before it crashed.
    writeFileSync(join(byHand, 'machine-1.jsonl'), m1.slice(0, -1).join(''));
    expect((await checkRun(byHand)).notes).toContain(
      `1 receive at machine 1 from machine 2 with a message clock above the last clock machine 2 logged: sends it made but had not written to its log where the logs end (the run may still be going, or the logs were copied from a killed run); first at ${join(byHand, 'machine-1.jsonl')}:5`,
    );
    writeFileSync(join(byHand, 'machine-1.jsonl'), m1.join(''));
    // The same receive from a machine whose log ends with its stop record has no excuse: link-clock and conservation fail.
    writeFileSync(join(byHand, 'machine-2.jsonl'), [...m2, stop(2, 2, 4, 4)].join(''));
    expect((await checkRun(byHand)).violations.map((v) => v.rule)).toEqual(['link-clock', 'conservation']);
  });

  test('metrics and vector clocks count it as an unmatched receive and pair the rest', async () => {
    const run = await analyzeRun(dir);
    expect(run.metrics.messages).toMatchObject({ sent: 1, received: 2, matched: 1, unmatchedReceives: 1, lost: 0 });
    expect(run.metrics.latency).toMatchObject({ count: 1, max: 250 });
    expect(run.causality).toMatchObject({ events: 14, unmatchedReceives: 1 });
    const c = new RunMetricsCollector();
    for (const r of records(dir, [1, 2])) c.add(r);
    expect(c.result().messages.matched).toBe(1);
  });
});
