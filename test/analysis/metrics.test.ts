// Known answers for every metric on the hand-made basic fixture, and the collector fed directly (as a simulator does).
import { fromRoot } from '../helpers/repo.js';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { RunMetricsCollector } from '../../src/analysis/metrics.js';
import { summariseMetrics } from '../../src/sweep/sweep-metrics.js';
import type { CoreRecord } from '../../src/core/records.js';
import type { RunInfo } from '../../src/log/run-info.js';
import { scriptedRecords } from './helpers/scripted-run.js';

const fixture = (name: string) => fromRoot('test', 'fixtures', 'analysis', name);

describe('metrics of the basic fixture (worked out by hand in its README)', () => {
  let run: Awaited<ReturnType<typeof analyzeRun>>;
  beforeAll(async () => {
    run = await analyzeRun(fixture('basic'));
  });

  test('per machine: rate, ticks, events, clocks, queues', () => {
    const [m1, m2] = run.metrics.machines;
    expect(m1).toMatchObject({ machine: 1, rate: 2, records: 10, ticks: 8, events: { internal: 6, send: 2, receive: 0 }, finalClock: 8, behind: 0, maxQueue: 1, endQueue: 1, crashed: false });
    expect(m2).toMatchObject({ machine: 2, rate: 1, records: 6, ticks: 4, events: { internal: 1, send: 1, receive: 2 }, finalClock: 7, behind: 1, maxQueue: 1, endQueue: 0, crashed: false });
    expect(run.metrics.highestFinalClock).toBe(8);
  });

  test('jumps on receive: none on machine 1; 1 and 2 on machine 2', () => {
    const [m1, m2] = run.metrics.machines;
    expect(m1!.jumps).toEqual({ count: 0, mean: null, max: null, p50: null, p95: null, p99: null });
    expect(m2!.jumps).toEqual({ count: 2, mean: 1.5, max: 2, p50: 1, p95: 2, p99: 2 });
    expect(m2!.jumpHistogram).toEqual([[1, 1], [2, 1]]);
  });

  test('drift: machine 1 always leads; machine 2 max 2, time-weighted mean 4100/4100 = 1', () => {
    const [m1, m2] = run.metrics.machines;
    expect(m1!.drift).toEqual({ max: 0, mean: 0 });
    expect(m2!.drift.max).toBe(2);
    expect(m2!.drift.mean).toBeCloseTo(1, 10);
  });

  test('run: messages, FIFO latency (1000 and 500 ms), time span', () => {
    expect(run.metrics.messages).toEqual({
      sent: 3, dropped: 0, received: 2, leftInQueues: 1, matched: 2, unknownSender: 0, unmatchedReceives: 0, lost: 0, refused: 0, unloggedSends: 0, unaccounted: 0, sentToStopped: 0, sentToStoppedMachines: [],
    });
    expect(run.metrics.latency).toEqual({ count: 2, mean: 750, max: 1000, p50: 500, p95: 1000, p99: 1000 });
    expect(run.metrics.endTime! - run.metrics.startTime!).toBe(4100);
  });

  test('vector clocks: 46 happened-before pairs of 66, 20 concurrent, 16 of them with different Lamport clocks', () => {
    expect(run.causality).toEqual({
      events: 12,
      happenedBeforePairs: 46,
      concurrentPairs: 20,
      lamportOrderedPairs: 62,
      concurrentLamportOrderedPairs: 16,
      unmatchedReceives: 0,
    });
  });
});

describe('RunMetricsCollector fed records directly', () => {
  const at = (ms: number) => Date.parse('2026-01-01T00:00:00.000Z') + ms;
  const start = (machine: number, ms: number): CoreRecord => ({ time: at(ms), machine, event: 'start', clock: 0, rate: 1, peers: [], internalProbability: 0.5, seed: 1 });
  const internal = (machine: number, ms: number, clock: number, tick: number): CoreRecord => ({ time: at(ms), machine, event: 'internal', clock, tick, queue: 0 });
  const stop = (machine: number, ms: number, clock: number, ticks: number): CoreRecord => ({ time: at(ms), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0 });
  /** A stop record with the time the machine ticked. */
  const timed = (machine: number, ms: number, clock: number, ticks: number, tickingMs: number) => ({ ...stop(machine, ms, clock, ticks), tickingMs }) as CoreRecord;

  test("jumps.count and the mean take every receive, a jump of 0 included; sweep's jumps only those above 0 (README)", () => {
    const c = new RunMetricsCollector();
    const send = (ms: number, clock: number, tick: number): CoreRecord => ({ time: at(ms), machine: 1, event: 'send', clock, tick, to: [2], dropped: [], queue: 0 });
    const receive = (ms: number, clock: number, msgClock: number, tick: number): CoreRecord => ({ time: at(ms), machine: 2, event: 'receive', clock, tick, from: 1, msgClock, queue: 0 });
    // Machine 2 receives clock 1 at its clock 1 (to 2: jump 0), then clock 6 at clock 2 (to 7: jump 7 - 2 - 1 = 4).
    const list = [start(1, 0), start(2, 0), internal(2, 500, 1, 1), send(1000, 1, 1), receive(1001, 2, 1, 2), send(2000, 6, 2), receive(2001, 7, 6, 3), stop(1, 3000, 6, 2), stop(2, 3000, 7, 3)];
    for (const r of list) c.add(r);
    const metrics = c.result();
    expect(metrics.machines[1]!.jumps).toMatchObject({ count: 2, mean: 2, max: 4 });
    expect(summariseMetrics(metrics).jumps).toBe(1);
  });

  test('drift does not depend on the order of records that share a millisecond', () => {
    const records: CoreRecord[] = [start(1, 0), start(2, 0), internal(1, 1000, 5, 1), internal(2, 1000, 5, 1), internal(1, 2000, 6, 2), internal(2, 3000, 6, 2)];
    const swapped = [records[0]!, records[1]!, records[3]!, records[2]!, records[4]!, records[5]!];
    const results = [records, swapped].map((list) => {
      const c = new RunMetricsCollector();
      for (const r of list) c.add(r);
      return c.result().machines.map((m) => m.drift);
    });
    // Machine 2 is 1 behind from 2000 to 3000 ms of its 3000 ms lifetime: max 1, mean 1/3; never 5 behind.
    expect(results[0]).toEqual(results[1]);
    expect(results[0]![1]!.max).toBe(1);
    expect(results[0]![1]!.mean).toBeCloseTo(1 / 3, 10);
  });

  test("tick phase: a machine's schedule started at the least of its ticks' times minus k periods; the spread is last minus first", () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      start(1, 0),
      start(2, 0),
      start(3, 0),
      // Machine 1's tick 1 ran 3 ms late, its tick 2 on time: its schedule started at 0. Machine 2's at 4 ms.
      internal(1, 1003, 1, 1),
      internal(2, 1004, 1, 1),
      internal(1, 2000, 2, 2),
      internal(2, 2006, 2, 2),
      // Machine 2 restarts: its new incarnation's schedule is not its first, and does not count.
      { ...start(2, 2500), incarnation: 2 } as CoreRecord,
      internal(2, 2700, 1, 1),
    ];
    for (const r of list) c.add(r);
    const result = c.result();
    // Machine 3 never ticked: no schedule.
    expect(result.machines.map((m) => m.tickingStart)).toEqual([at(0), at(4), null]);
    expect(result.tickPhaseSpreadMs).toBe(4);
    const alone = new RunMetricsCollector();
    for (const r of [start(1, 0), internal(1, 1000, 1, 1)]) alone.add(r);
    expect(alone.result().tickPhaseSpreadMs).toBeNull();
  });

  test('clocks near 2^52 (a hostile peer\'s maximum): a machine that always leads has drift 0', () => {
    const c = new RunMetricsCollector();
    const big = 2 ** 52;
    const list: CoreRecord[] = [start(1, 0), internal(1, 7, big, 1)];
    for (let k = 2; k <= 200; k++) list.push(internal(1, 7 + k * 997, big + k, k));
    for (const r of list) c.add(r);
    const m1 = c.result().machines[0]!;
    expect(m1.drift.max).toBe(0);
    expect(m1.drift.mean).toBe(0);
  });

  test('clocks near 2^52 give the drift that the same run with small clocks gives (the leader integral passes 2^53)', () => {
    // Both jump to `base` at their first tick, at 7 ms; then machine 1 ticks every 997 ms, and machine 2 half a period
    // later, 3 behind after its tick and 4 behind after machine 1's.
    const drift = (base: number) => {
      const c = new RunMetricsCollector();
      const list: CoreRecord[] = [start(1, 0), start(2, 0), internal(1, 7, base + 1, 1), internal(2, 7, base - 2, 1)];
      for (let k = 2; k <= 300; k++) list.push(internal(1, 7 + (k - 1) * 997, base + k, k), internal(2, 500 + (k - 1) * 997, base + k - 3, k));
      list.push(stop(1, 300_000, base + 300, 300), stop(2, 300_000, base + 297, 300));
      for (const r of list) c.add(r);
      return c.result().machines.map((m) => m.drift);
    };
    const small = drift(1000);
    expect(small[1]!.max).toBe(4);
    expect(small[1]!.mean).toBeGreaterThan(3);
    expect(small[1]!.mean).toBeLessThan(4);
    expect(drift(2 ** 52 - 1000)).toEqual(small);
  });

  test('a stopped machine no longer leads: drift is measured against running machines only', () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      start(1, 0),
      start(2, 0),
      internal(1, 100, 10, 1),
      stop(1, 200, 10, 1),
      internal(2, 1000, 1, 1),
    ];
    for (const r of list) c.add(r);
    const m2 = c.result().machines[1]!;
    // Behind by 10 from 100 to 200 ms, then alone: max 10, mean 10 * 100 / 1000.
    expect(m2.drift.max).toBe(10);
    expect(m2.drift.mean).toBeCloseTo(1, 10);
    expect(m2.crashed).toBe(true);
  });

  test('the wait before a machine ticks (connecting, all clocks 0) is not part of its drift: a machine started 5 s early has the figures of one started with the others', () => {
    const run = (firstStart: number) => {
      const c = new RunMetricsCollector();
      // Machine 1 starts at firstStart and waits; both tick schedules start at 5000 ms (tick k at 5000 + k * 1000).
      const list: CoreRecord[] = [start(1, firstStart), start(2, 5000)];
      for (let k = 1; k <= 10; k++) list.push(internal(1, 5000 + k * 1000, k, k), internal(2, 5000 + k * 1000 + 500, 2 * k, k));
      list.push(stop(1, 16_000, 10, 10), stop(2, 16_000, 20, 10));
      for (const r of list) c.add(r);
      return c.result().machines[0]!.drift;
    };
    const together = run(5000);
    expect(together.max).toBe(10);
    expect(run(0)).toEqual(together);
    // Started 5 s early, its mean is not diluted by the 5 s at clock 0 (it was 5/11 of it before).
    expect(run(0).mean).toBeCloseTo(together.mean!, 10);
  });

  test('a restart: drift leaves out the time the machine was dead and counts again from its new start', () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      start(1, 0),
      start(2, 0),
      internal(1, 1000, 10, 1),
      internal(2, 1000, 10, 1),
      internal(1, 3000, 20, 2),
      // Machine 2 died after 1000 ms (no stop record) and starts again at 4000 ms, its clock back at 0.
      { ...start(2, 4000), incarnation: 2 } as CoreRecord,
      internal(2, 5000, 1, 1),
      stop(1, 6000, 20, 2),
      stop(2, 6000, 1, 1),
    ];
    for (const r of list) c.add(r);
    const m2 = c.result().machines[1]!;
    // Lifetime 0-1000 ms (0 behind) and 4000-6000 ms (20 behind, then 19): max 20, mean (20 + 19) * 1000 / 3000.
    expect(m2.drift.max).toBe(20);
    expect(m2.drift.mean).toBeCloseTo(13, 10);
    expect(m2).toMatchObject({ incarnations: 2, ticks: 2, finalClock: 1, crashed: false, lost: 0 });
  });

  test("tickingMs sums the stop records' times, and is null (unknown) when an incarnation that ticked has no stop record: its ticks count, its time does not", () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      // Machine 1: one incarnation, stopped. Machine 2: killed after a tick, then a second incarnation that stopped.
      // Machine 3: stopped once before it ticked (a start that never connected), then ticked and stopped. Machine 4:
      // stopped, then a second incarnation that ticks and is still going (or crashed) at the end.
      ...[1, 2, 3, 4].map((m) => start(m, 0)),
      internal(1, 1000, 1, 1),
      internal(2, 1000, 1, 1),
      timed(3, 500, 0, 0, 0),
      internal(4, 1000, 1, 1),
      timed(4, 1500, 1, 1, 1500),
      ...[2, 3, 4].map((m) => ({ ...start(m, 2000), incarnation: 2 }) as CoreRecord),
      ...[1, 2, 3, 4].map((m) => internal(m, 3000, m === 1 ? 2 : 1, m === 1 ? 2 : 1)),
      timed(1, 4000, 2, 2, 4000),
      timed(2, 4000, 1, 1, 2000),
      timed(3, 4000, 1, 1, 2000),
    ];
    for (const r of list) c.add(r);
    expect(c.result().machines.map((m) => [m.machine, m.ticks, m.tickingMs])).toEqual([
      [1, 2, 4000],
      [2, 2, null],
      [3, 1, 2000],
      [4, 2, null],
    ]);
  });

  test('tickingMs: an incarnation with no tick adds no unknown time, with or without a stop record; ticks before a stop record without the field do', () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      // Machine 1: ticked and stopped, then a second incarnation that died before its first tick (no stop record).
      // Machine 2: killed before its first tick, then a second incarnation that ticked and stopped.
      // Machine 3: ticked and stopped without the field (a log from before it), then ticked and stopped with it.
      ...[1, 2, 3].map((m) => start(m, 0)),
      internal(1, 1000, 1, 1),
      internal(3, 1000, 1, 1),
      timed(1, 1500, 1, 1, 1500),
      stop(3, 1500, 1, 1),
      ...[1, 2, 3].map((m) => ({ ...start(m, 2000), incarnation: 2 }) as CoreRecord),
      internal(2, 3000, 1, 1),
      internal(3, 3000, 1, 1),
      timed(2, 4000, 1, 1, 2000),
      timed(3, 4000, 1, 1, 2000),
    ];
    for (const r of list) c.add(r);
    expect(c.result().machines.map((m) => [m.machine, m.ticks, m.tickingMs])).toEqual([
      [1, 1, 1500],
      [2, 1, 2000],
      [3, 2, null],
    ]);
  });

  /** Machine 1 ticks every 500 ms to clock 20 and stops at 10 s; machine 2 ticks once at 1200 ms and dies, `last` its last record if given. */
  const oneDies = (last?: CoreRecord) => {
    const c = new RunMetricsCollector();
    c.add(start(1, 0));
    c.add(start(2, 0));
    for (let k = 1; k <= 20; k++) {
      c.add(internal(1, 500 * k, k, k));
      if (k === 2) c.add(internal(2, 1200, 1, 1));
      if (last && k === 6) c.add(last);
    }
    c.add(stop(1, 10_000, 20, 20));
    return c.result().machines;
  };

  test('a machine that died (no stop record) has no drift after its last record; behind is its lag at that record', () => {
    const [m1, m2] = oneDies();
    // Its tick schedule started at 200 ms (tick 1 at 1200 ms at 1/s): lifetime 200-1200 ms at clock 0, the leader at 0,
    // 1 from 500 ms and 2 from 1000 ms: max 2, mean 900 / 1000.
    expect(m2!.drift.max).toBe(2);
    expect(m2!.drift.mean).toBeCloseTo(0.9, 10);
    // At its last record it was at 1 with the leader at 2; the 19 of 'highest final clock - final clock' is not its lag.
    expect(m2).toMatchObject({ crashed: true, finalClock: 1, behind: 1 });
    expect(m1).toMatchObject({ crashed: false, behind: 0, drift: { max: 0, mean: 0 } });
  });

  test("a died machine's behind is its lag at its last record, also when that record is not a tick (a disconnect)", () => {
    // Machine 2's last record: its link to machine 1 broke at 3200 ms, with machine 1 at clock 6.
    const m2 = oneDies({ time: at(3200), machine: 2, event: 'disconnect', peer: 1 } as CoreRecord)[1]!;
    // 6 - 1, not the 1 of its last tick; its drift counts up to that record too (5 from 3000 ms).
    expect(m2).toMatchObject({ crashed: true, finalClock: 1, behind: 5, drift: { max: 5 } });
  });

  test('a restart: the first receive of each new incarnation is its catch-up from 0, kept out of the jumps', () => {
    const c = new RunMetricsCollector();
    const receive = (ms: number, clock: number, tick: number, msgClock: number): CoreRecord => ({ time: at(ms), machine: 2, event: 'receive', clock, tick, from: 1, msgClock, queue: 0 });
    const list: CoreRecord[] = [
      start(1, 0),
      start(2, 0),
      internal(2, 500, 1, 1),
      receive(1000, 5, 2, 4), // jump 3, a jump of incarnation 1
      { ...start(2, 2000), incarnation: 2 } as CoreRecord,
      internal(2, 2500, 1, 1),
      receive(3000, 41, 2, 40), // catch-up: 41 - 1 - 1 = 39
      receive(3500, 43, 3, 42), // jump 1
      { ...start(2, 4000), incarnation: 3 } as CoreRecord, // never receives
      internal(2, 4500, 1, 1),
    ];
    for (const r of list) c.add(r);
    const [m1, m2] = c.result().machines;
    expect(m2!.jumps).toMatchObject({ count: 2, max: 3, mean: 2 });
    expect(m2!.jumpHistogram).toEqual([[1, 1], [3, 1]]);
    expect(m2!.catchUpJumps).toEqual([
      { incarnation: 2, restartTime: at(2000), time: at(3000), jump: 39, firstTickTime: at(2500) },
      { incarnation: 3, restartTime: at(4000), time: null, jump: null, firstTickTime: at(4500) },
    ]);
    expect(m2!.events.receive).toBe(3);
    expect(m1!.catchUpJumps).toEqual([]);
  });

  test('a restart: a machine stopping while another is dead adds nothing to the dead one', () => {
    const c = new RunMetricsCollector();
    const list: CoreRecord[] = [
      start(1, 0),
      start(2, 0),
      start(3, 0),
      internal(1, 1000, 10, 1),
      internal(2, 1000, 10, 1),
      internal(3, 1000, 10, 1),
      internal(1, 1500, 15, 2),
      // Machine 3 stops while machine 2 is dead (after 1000 ms, until its restart at 4000 ms).
      stop(3, 2000, 10, 1),
      { ...start(2, 4000), incarnation: 2 } as CoreRecord,
      internal(2, 5000, 1, 1),
      stop(1, 6000, 15, 2),
      stop(2, 6000, 1, 1),
    ];
    for (const r of list) c.add(r);
    const m2 = c.result().machines[1]!;
    // Lifetime 0-1000 ms (0 behind) and 4000-6000 ms (15 behind, then 14): max 15, mean (15 + 14) * 1000 / 3000.
    expect(m2.drift.max).toBe(15);
    expect(m2.drift.mean).toBeCloseTo(29 / 3, 10);
  });

  test('a machine that never ticked has no drift (null), not a drift of 0', () => {
    const c = new RunMetricsCollector();
    c.add(start(1, 0));
    c.add(start(2, 0));
    c.add(internal(1, 1000, 1, 1));
    c.add(stop(1, 2000, 1, 1));
    c.add(stop(2, 2000, 0, 0));
    const [m1, m2] = c.result().machines;
    expect(m1!.drift).toEqual({ max: 0, mean: 0 });
    expect(m2).toMatchObject({ ticks: 0, drift: { max: null, mean: null } });
  });

  test('a log without a stop record is cut short, not crashed, when run.json says the machine exited with code 0', () => {
    const info = { mode: 'real', machines: { 1: { exitCode: 0, signal: null }, 2: { exitCode: null, signal: 'SIGKILL' } } } as unknown as RunInfo;
    for (const [collector, cut] of [[new RunMetricsCollector(info), [true, false]], [new RunMetricsCollector(), [false, false]]] as const) {
      collector.add(start(1, 0));
      collector.add(start(2, 0));
      collector.add(internal(1, 1000, 1, 1));
      collector.add(internal(2, 1000, 1, 1));
      expect(collector.result().machines.map((m) => [m.crashed, m.logCutShort])).toEqual([[true, cut[0]], [true, cut[1]]]);
    }
  });

  test("queue growth: the slope of a machine's queue over its last incarnation, in messages per second; sweep's the fastest", () => {
    const c = new RunMetricsCollector();
    const queued = (machine: number, ms: number, tick: number, queue: number): CoreRecord => ({ time: at(ms), machine, event: 'internal', clock: tick, tick, queue });
    c.add(start(1, 0));
    c.add(start(2, 0));
    // Machine 1's queue grows by 3 a second; machine 2's holds at 10, then, restarted, grows by 1 a second.
    for (let k = 1; k <= 20; k++) c.add(queued(1, k * 1000, k, 3 * k));
    for (let k = 1; k <= 10; k++) c.add(queued(2, k * 1000, k, 10));
    expect(c.result().machines.map((m) => m.queueGrowth)).toEqual([3, 0]);
    c.add({ ...start(2, 10_500), incarnation: 2 } as CoreRecord);
    expect(c.result().machines[1]!.queueGrowth).toBeNull();
    for (let k = 1; k <= 10; k++) c.add(queued(2, 10_500 + k * 1000, k, k));
    const metrics = c.result();
    expect(metrics.machines[1]!.queueGrowth).toBeCloseTo(1, 10);
    expect(summariseMetrics(metrics).queueGrowth).toBe(3);
    // No machine ticked twice: no queue grew.
    const once = new RunMetricsCollector();
    for (const r of [start(1, 0), queued(1, 1000, 1, 5)]) once.add(r);
    expect(summariseMetrics(once.result()).queueGrowth).toBe(0);
  });

  test('a crashed machine (no stop record) keeps its last queue as end queue and is marked crashed', () => {
    const c = new RunMetricsCollector();
    c.add(start(1, 0));
    c.add({ time: at(500), machine: 1, event: 'receive', clock: 3, tick: 1, from: 2, msgClock: 2, queue: 4 });
    const m = c.result().machines[0]!;
    expect(m).toMatchObject({ crashed: true, endQueue: 4, maxQueue: 5, finalClock: 3 });
    expect(c.result().messages).toMatchObject({ received: 1, unmatchedReceives: 1, matched: 0 });
  });

  test('receives from an unknown sender are counted apart and not matched', () => {
    const c = new RunMetricsCollector();
    c.add(start(1, 0));
    c.add({ time: at(500), machine: 1, event: 'receive', clock: 3, tick: 1, from: null, msgClock: 2, queue: 0 });
    expect(c.result().messages).toMatchObject({ received: 1, unknownSender: 1, unmatchedReceives: 0, matched: 0 });
    expect(c.result().latency.count).toBe(0);
  });

  test('on a MachineCore run: counts agree with the records and with the stop records', () => {
    const logs = scriptedRecords({ rates: { 1: 4, 2: 2, 3: 1 }, durationMs: 20_000, latencyMs: 30, internalProbability: 0.4, seed: 11 });
    const all = [...logs.values()].flat().sort((a, b) => a.time - b.time);
    const c = new RunMetricsCollector();
    for (const r of all) c.add(r);
    const result = c.result();
    for (const m of result.machines) {
      const records = logs.get(m.machine)!;
      const stop = records.at(-1)!;
      if (stop.event !== 'stop') throw new Error('no stop');
      expect(m.records).toBe(records.length);
      expect(m.ticks).toBe(stop.ticks);
      expect(m.finalClock).toBe(stop.clock);
      expect(m.maxQueue).toBe(stop.maxQueue);
      expect(m.endQueue).toBe(stop.queue);
      expect(m.events.internal + m.events.send + m.events.receive).toBe(m.ticks);
    }
    const { sent, received, leftInQueues, matched } = result.messages;
    expect(sent).toBe(received + leftInQueues);
    expect(matched).toBe(received);
    // Every message waits at least the link latency.
    expect(result.latency.p50).toBeGreaterThanOrEqual(30);
  });
});
