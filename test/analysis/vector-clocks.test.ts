// Vector clocks against a brute-force happened-before relation, and the ShiViz export against ShiViz's rules.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { SHIVIZ_REGEX } from '../../src/analysis/shiviz.js';
import { VectorClockTracker, type CausalEvent } from '../../src/analysis/vector-clocks.js';
import { isTickRecord, type CoreRecord, type TickRecord } from '../../src/core/records.js';
import { tempDir } from '../helpers/cli.js';
import { scriptedRecords, writeScriptedRun } from './helpers/scripted-run.js';

const fixture = (name: string) => fromRoot('test', 'fixtures', 'analysis', name);

/** Happened-before by graph search: program order plus k-th send a->b to k-th receive at b from a. */
function bruteForce(logs: Map<number, CoreRecord[]>) {
  const events: Array<{ machine: number; record: TickRecord<number> }> = [];
  const next: number[][] = [];
  const sends = new Map<string, number[]>();
  const received = new Map<string, number>();
  for (const [machine, records] of logs) {
    let previous = -1;
    for (const record of records.filter(isTickRecord)) {
      const i = events.push({ machine, record }) - 1;
      next.push([]);
      if (previous >= 0) next[previous]!.push(i);
      previous = i;
      if (record.event === 'send') for (const to of record.to) sends.set(`${machine}>${to}`, [...(sends.get(`${machine}>${to}`) ?? []), i]);
    }
  }
  events.forEach((e, i) => {
    if (e.record.event !== 'receive' || e.record.from === null) return;
    const key = `${e.record.from}>${e.machine}`;
    const k = received.get(key) ?? 0;
    received.set(key, k + 1);
    next[sends.get(key)![k]!]!.push(i);
  });
  const reach = events.map((_, i) => {
    const seen = new Set<number>();
    const stack = [...next[i]!];
    while (stack.length) {
      const j = stack.pop()!;
      if (!seen.has(j)) {
        seen.add(j);
        stack.push(...next[j]!);
      }
    }
    return seen;
  });
  let before = 0;
  let concurrent = 0;
  let concurrentLamportOrdered = 0;
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      if (reach[i]!.has(j) || reach[j]!.has(i)) before++;
      else {
        concurrent++;
        if (events[i]!.record.clock !== events[j]!.record.clock) concurrentLamportOrdered++;
      }
    }
  }
  return { events, reach, before, concurrent, concurrentLamportOrdered };
}

describe('vector clocks', () => {
  test('the basic fixture: the vectors worked out by hand', async () => {
    const seen: string[] = [];
    const logs = new Map<number, CoreRecord[]>();
    const run = await analyzeRun(fixture('basic'));
    expect(run.causality.events).toBe(12);
    const tracker = new VectorClockTracker(new Set([1, 2]), (e: CausalEvent) => {
      if (e.record.machine === 2) seen.push(e.processes.map((p, i) => `${p.machine}:${e.vector[i] ?? 0}`).join(' '));
    });
    for (const m of [1, 2]) {
      const records = readFileSync(join(fixture('basic'), `machine-${m}.jsonl`), 'utf8').trim().split('\n').map((l) => {
        const r = JSON.parse(l);
        return { ...r, time: Date.parse(r.time) } as CoreRecord;
      });
      logs.set(m, records);
    }
    for (const r of [...logs.values()].flat().sort((a, b) => a.time - b.time)) tracker.add(r);
    tracker.finish();
    expect(seen).toEqual(['1:0 2:1', '1:2 2:2', '1:5 2:3', '1:5 2:4']);
  });

  test.each([4, 9])('MachineCore run (seed %i): every vector and every pair count equals the brute-force relation', (seed) => {
    const logs = scriptedRecords({ rates: { 1: 4, 2: 2, 3: 1 }, durationMs: 15_000, latencyMs: 300, internalProbability: 0.3, seed });
    const truth = bruteForce(logs);
    const vectors: CausalEvent[] = [];
    const tracker = new VectorClockTracker(new Set([1, 2, 3]), (e) => vectors.push({ ...e, vector: [...e.vector] }));
    for (const r of [...logs.values()].flat().sort((a, b) => a.time - b.time)) tracker.add(r);
    const summary = tracker.finish();
    expect(summary.events).toBe(truth.events.length);
    expect(summary.happenedBeforePairs).toBe(truth.before);
    expect(summary.concurrentPairs).toBe(truth.concurrent);
    expect(summary.concurrentLamportOrderedPairs).toBe(truth.concurrentLamportOrdered);
    expect(summary.concurrentLamportOrderedPairs).toBeGreaterThan(0);
    expect(summary.unmatchedReceives).toBe(0);
    // V_f[m] = number of events of machine m that happened before f, plus f itself.
    const index = new Map(truth.events.map((e, i) => [e.record, i]));
    for (const e of vectors) {
      const f = index.get(e.record)!;
      e.processes.forEach(({ machine: m }, k) => {
        const expected = truth.events.filter((g, i) => g.machine === m && (i === f || truth.reach[i]!.has(f))).length;
        expect(e.vector[k] ?? 0).toBe(expected);
      });
    }
  });

  test('no events: every pair count is 0 (not -0, which the tables printed as "-0")', () => {
    const summary = new VectorClockTracker(new Set([1, 2])).finish();
    expect(summary).toEqual({ events: 0, happenedBeforePairs: 0, concurrentPairs: 0, lamportOrderedPairs: 0, concurrentLamportOrderedPairs: 0, unmatchedReceives: 0 });
    for (const n of Object.values(summary)) expect(Object.is(n, -0)).toBe(false);
  });

  test('a receive read before its send (same millisecond) waits for it, so events stay in causal order', () => {
    const t = 1000;
    const order: string[] = [];
    const tracker = new VectorClockTracker(new Set([1, 2]), (e) =>
      order.push(`${e.record.machine} ${e.record.event} ${[1, 2].map((id) => `${id}:${e.vector[e.processes.findIndex((p) => p.machine === id)] ?? 0}`).join(' ')}`),
    );
    tracker.add({ time: t, machine: 2, event: 'receive', clock: 2, tick: 1, from: 1, msgClock: 1, queue: 0 });
    tracker.add({ time: t, machine: 2, event: 'internal', clock: 3, tick: 2, queue: 0 });
    tracker.add({ time: t, machine: 1, event: 'send', clock: 1, tick: 1, to: [2], dropped: [], queue: 0 });
    expect(tracker.finish()).toMatchObject({ events: 3, happenedBeforePairs: 3, unmatchedReceives: 0 });
    expect(order).toEqual(['1 send 1:1 2:0', '2 receive 1:1 2:1', '2 internal 1:1 2:2']);
  });

  test('a receive whose send never comes, or from an unknown sender, becomes a local event', () => {
    const tracker = new VectorClockTracker(new Set([1, 2]));
    tracker.add({ time: 1, machine: 2, event: 'receive', clock: 5, tick: 1, from: 1, msgClock: 4, queue: 0 });
    tracker.add({ time: 2, machine: 2, event: 'receive', clock: 6, tick: 2, from: null, msgClock: 4, queue: 0 });
    tracker.add({ time: 3, machine: 2, event: 'receive', clock: 7, tick: 3, from: 9, msgClock: 4, queue: 0 });
    expect(tracker.finish()).toMatchObject({ events: 3, happenedBeforePairs: 3, unmatchedReceives: 3 });
  });
});

describe('ShiViz export', () => {
  test('obeys the ShiViz rules: header, own entries 1, 2, 3, ..., entries for others name existing events', async () => {
    const dir = tempDir('lamport-shiviz-');
    const logs = writeScriptedRun(dir, { rates: { 1: 5, 2: 2, 3: 1 }, durationMs: 20_000, latencyMs: 50, internalProbability: 0.3, seed: 21 });
    const file = join(dir, 'out.log');
    await analyzeRun(dir, { shiviz: file });
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)');
    expect(lines[1]).toBe('');
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(2, -1);
    expect(body.length % 2).toBe(0);
    // The file's own regex (JS syntax is the same) splits every event into host, clock and description.
    const regex = new RegExp(SHIVIZ_REGEX.replace('\\n', '\n'));
    const counts = new Map<string, number>();
    const ticks = [...logs.values()].flat().filter(isTickRecord).length;
    expect(body.length / 2).toBe(ticks);
    for (let i = 0; i < body.length; i += 2) {
      const match = regex.exec(`${body[i]}\n${body[i + 1]}`);
      expect(match).not.toBeNull();
      const { host, clock, event } = match!.groups!;
      const vector = JSON.parse(clock!) as Record<string, number>;
      const own = (counts.get(host!) ?? 0) + 1;
      counts.set(host!, own);
      expect(vector[host!]).toBe(own);
      for (const [other, n] of Object.entries(vector)) {
        if (other === host) continue;
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(counts.get(other) ?? 0);
      }
      expect(event).toMatch(/^(internal event|send to machine-\d( and machine-\d)*|receive from machine-\d \(message clock \d+\)); Lamport clock \d+, tick \d+, queue \d+, 2026-/);
    }
    expect([...counts.keys()].sort()).toEqual(['machine-1', 'machine-2', 'machine-3']);
    rmSync(dir, { recursive: true });
  });
});
