// The virtual-time driver: schedule, one draw per tick, FIFO links with latency, conservation at the end, determinism.
import { chooseTarget } from '../../src/core/choice.js';
import { createDrawSource } from '../../src/core/random.js';
import type { CoreRecord, ReceiveRecord, SendRecord, StopRecord } from '../../src/core/records.js';
import { ticksDueBy } from '../../src/core/schedule.js';
import { simulate, Simulation, type SimSetup } from '../../src/sim/simulation.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function setup(overrides: Partial<SimSetup> = {}): SimSetup {
  return {
    machines: [
      { id: 1, rate: 1 },
      { id: 2, rate: 3 },
      { id: 3, rate: 6 },
    ],
    internalProbability: 0.7,
    seed: 42,
    durationSeconds: 60,
    delayMs: [1, 1],
    startTime: T0,
    ...overrides,
  };
}

function run(s: SimSetup): { records: CoreRecord[]; result: ReturnType<typeof simulate> } {
  const records: CoreRecord[] = [];
  const result = simulate(s, (r) => records.push(r));
  return { records, result };
}

const of = <E extends CoreRecord['event']>(records: CoreRecord[], event: E, machine?: number) =>
  records.filter((r) => r.event === event && (machine === undefined || r.machine === machine)) as Extract<CoreRecord, { event: E }>[];

/** Recipients named by send records = receives + messages left in queues + refused messages, per machine. */
function expectConserved(records: CoreRecord[]): void {
  const sentTo = new Map<number, number>();
  const received = new Map<number, number>();
  const count = (map: Map<number, number>, id: number) => map.set(id, (map.get(id) ?? 0) + 1);
  for (const r of records) {
    if (r.event === 'send') for (const to of r.to) count(sentTo, to);
    if (r.event === 'receive') count(received, r.machine);
  }
  const stops = of(records, 'stop');
  expect(stops.map((s) => sentTo.get(s.machine) ?? 0)).toEqual(
    stops.map((s) => (received.get(s.machine) ?? 0) + s.queue + (s.overflow ?? 0)),
  );
}

describe('simulate', () => {
  it('runs tick k of each machine at t0 + k*1000/rate, up to and including the end, fractional rates too', () => {
    const machines = [
      { id: 1, rate: 3.48 },
      { id: 2, rate: 3.78 },
      { id: 5, rate: 0.7 },
    ];
    const { records, result } = run(setup({ machines, durationSeconds: 10 }));
    for (const m of machines) {
      const ticks = records.filter((r) => r.machine === m.id && 'tick' in r) as { time: number; tick: number }[];
      expect(ticks.map((t) => t.tick)).toEqual(ticks.map((_, i) => i + 1));
      expect(ticks.map((t) => t.time)).toEqual(ticks.map((t) => T0 + (t.tick * 1000) / m.rate));
      expect(ticks.length).toBe(ticksDueBy(T0, m.rate, T0 + 10_000));
      expect(result.machines.find((s) => s.id === m.id)!.ticks).toBe(ticks.length);
    }
    expect(ticksDueBy(T0, 1, T0 + 60_000)).toBe(60);
    expect(run(setup()).result.machines[0]!.ticks).toBe(60);
  });

  it('logs start and a connect per peer at t0, then at t0 + duration a disconnect per peer and the stop, for every machine', () => {
    const { records } = run(setup({ durationSeconds: 5 }));
    for (const id of [1, 2, 3]) {
      const own = records.filter((r) => r.machine === id);
      expect(own.slice(0, 3).map((r) => [r.event, r.time, 'peer' in r ? r.peer : null])).toEqual([
        ['start', T0, null],
        ['connect', T0, id === 1 ? 2 : 1],
        ['connect', T0, id === 3 ? 2 : 3],
      ]);
      expect(own.slice(-3).map((r) => [r.event, r.time, 'peer' in r ? r.peer : null])).toEqual([
        ['disconnect', T0 + 5000, id === 1 ? 2 : 1],
        ['disconnect', T0 + 5000, id === 3 ? 2 : 3],
        ['stop', T0 + 5000, null],
      ]);
      expect(own.at(-1)).toMatchObject({ maxLagMs: 0 });
      expect(own.map((r) => r.time)).toEqual([...own.map((r) => r.time)].sort((a, b) => a - b));
    }
    expect(run(setup({ connectRecords: false })).records.filter((r) => r.event === 'connect' || r.event === 'disconnect')).toEqual([]);
  });

  it('takes exactly one draw per tick from the machine\'s own stream, used or not', () => {
    const machines = [1, 2, 3].map((id) => ({ id, rate: 4 }));
    const { records } = run(setup({ machines, internalProbability: 0.4 }));
    for (const id of [1, 2, 3]) {
      const source = createDrawSource(42, id);
      const draws = Array.from({ length: 400 }, () => source.next());
      const decided = records.filter((r) => r.machine === id && (r.event === 'send' || r.event === 'internal')) as
        (SendRecord<number> | { event: 'internal'; tick: number })[];
      expect(decided.length).toBeGreaterThan(10);
      for (const r of decided) {
        const target = chooseTarget(draws[r.tick - 1]!, 0.4, 3);
        expect(r.event === 'internal' ? target : -2).toBe(r.event === 'internal' ? -1 : -2);
        if (r.event === 'send') {
          const peers = [1, 2, 3].filter((p) => p !== id);
          expect(r.to).toEqual([[peers[0]], [peers[1]], peers][target]);
        }
      }
    }
  });

  it('keeps FIFO order per link and never delivers before the latency', () => {
    const { records } = run(setup({ delayMs: [0, 800], durationSeconds: 120, internalProbability: 0.3 }));
    const sends = of(records, 'send') as SendRecord<number>[];
    const sendTime = new Map(sends.map((s) => [`${s.machine}:${s.clock}`, s.time]));
    const receives = of(records, 'receive') as ReceiveRecord<number>[];
    expect(receives.length).toBeGreaterThan(100);
    for (const to of [1, 2, 3]) {
      for (const from of [1, 2, 3].filter((f) => f !== to)) {
        const clocks = receives.filter((r) => r.machine === to && r.from === from).map((r) => r.msgClock);
        expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
      }
    }
    for (const r of receives) expect(r.time).toBeGreaterThanOrEqual(sendTime.get(`${r.from}:${r.msgClock}`)!);
  });

  it('a message arriving at the same instant as a tick waits for a later tick (latency 0)', () => {
    const { records } = run(setup({ delayMs: [0, 0], machines: [{ id: 1, rate: 2 }, { id: 2, rate: 2 }], internalProbability: 0 }));
    const receives = of(records, 'receive') as ReceiveRecord<number>[];
    const sendTime = new Map((of(records, 'send') as SendRecord<number>[]).map((s) => [`${s.machine}:${s.clock}`, s.time]));
    expect(receives.length).toBeGreaterThan(0);
    for (const r of receives) expect(r.time).toBeGreaterThan(sendTime.get(`${r.from}:${r.msgClock}`)!);
  });

  it('delivers messages still in flight at the end into the queues: recipients = receives + end queues', () => {
    const slow = run(setup({ delayMs: [5000, 5000], durationSeconds: 3 }));
    expect(of(slow.records, 'receive')).toEqual([]);
    expect(of(slow.records, 'send').length).toBeGreaterThan(0);
    expectConserved(slow.records);
    for (const delayMs of [[1, 1], [0, 300]] as [number, number][]) expectConserved(run(setup({ delayMs })).records);
  });

  it('counts refused messages when a queue is full, and still conserves them', () => {
    const { records, result } = run(setup({ maxQueue: 2, durationSeconds: 120, internalProbability: 0.2 }));
    const stop1 = of(records, 'stop', 1)[0] as StopRecord<number>;
    expect(stop1.overflow).toBeGreaterThan(0);
    expect(stop1.maxQueue).toBe(2);
    expect(result.machines[0]!.overflow).toBe(stop1.overflow);
    expectConserved(records);
  });

  it('logs which messages a full queue refused: each warn record names consecutive sends that were never received', () => {
    const { records } = run(setup({ maxQueue: 2, durationSeconds: 120, internalProbability: 0.2 }));
    for (const stop of of(records, 'stop')) {
      const refusals = of(records, 'warn', stop.machine);
      expect(refusals.reduce((n, r) => n + r.refused!, 0)).toBe(stop.overflow);
      const received = new Set(of(records, 'receive', stop.machine).map((r) => `${r.from}:${r.msgClock}`));
      for (const r of refusals) {
        expect(r.reason).toMatch(/^queue full \(2\): /);
        const sends = of(records, 'send', r.from!).filter((s) => s.to.includes(stop.machine));
        const first = sends.findIndex((s) => s.clock === r.msgClock);
        expect(first).toBeGreaterThanOrEqual(0);
        const refused = sends.slice(first, first + r.refused!);
        expect(refused).toHaveLength(r.refused!);
        expect(refused.filter((s) => received.has(`${s.machine}:${s.clock}`))).toEqual([]);
        expect(r.time).toBeGreaterThanOrEqual(refused.at(-1)!.time);
      }
    }
  });

  it('stop records say the virtual ticks were never late and how long each machine ticked', () => {
    const { records } = run(setup({ durationSeconds: 7 }));
    for (const stop of of(records, 'stop')) expect(stop).toMatchObject({ maxLagMs: 0, lagP50Ms: 0, lagP99Ms: 0, tickingMs: 7000 });
  });

  it('gives the same records for the same setup and other records for another seed', () => {
    const a = run(setup({ delayMs: [0, 50] })).records;
    expect(run(setup({ delayMs: [0, 50] })).records).toEqual(a);
    expect(run(setup({ delayMs: [0, 50], seed: 43 })).records).not.toEqual(a);
  });

  it('ended early, in steps, writes exactly the records of a run that ends at that instant', () => {
    for (const [steps, delayMs] of [[1, [1, 1]], [37, [0, 300]], [5000, [2, 2]]] as [number, [number, number]][]) {
      const s = setup({ delayMs, durationSeconds: 1e6 });
      const records: CoreRecord[] = [];
      const simulation = new Simulation(s, (r) => records.push(r));
      for (let i = 0; i < steps; i++) expect(simulation.advance(3)).toBe(false);
      simulation.endEarly();
      const result = simulation.finish();
      const seconds = simulation.simulatedSeconds;
      expect(seconds).toBeGreaterThan(0);
      expect(result.endTime).toBe(T0 + seconds * 1000);
      const whole = run(setup({ delayMs, durationSeconds: seconds }));
      expect(records).toEqual(whole.records);
      expect(result).toEqual(whole.result);
      expectConserved(records);
    }
  });

  it('tick offsets: each schedule starts that late, the run lasts its duration from the latest; ended before one starts, that machine has no tickingMs', () => {
    const { records, result } = run(setup({ tickOffsetsMs: [0, 200, 500], durationSeconds: 2 }));
    const firstTick = (id: number) => records.find((r) => r.machine === id && 'tick' in r)!.time - T0;
    [1000, 200 + 1000 / 3, 500 + 1000 / 6].forEach((due, i) => expect(firstTick(i + 1)).toBeCloseTo(due, 3));
    expect(result.endTime).toBe(T0 + 2500);
    expect(result.machines.map((m) => m.ticks)).toEqual([2, 6, 12]);
    expect(of(records, 'stop').map((r) => r.tickingMs)).toEqual([2500, 2300, 2000]);
    expectConserved(records);
    // Stopped at the start (Ctrl+C before any event), before machines 2 and 3's schedules began: they ticked for no time.
    const early: CoreRecord[] = [];
    const simulation = new Simulation(setup({ tickOffsetsMs: [0, 200, 500], durationSeconds: 2 }), (r) => early.push(r));
    simulation.endEarly();
    simulation.finish();
    const stops = of(early, 'stop');
    expect(stops.map((r) => [r.ticks, r.tickingMs])).toEqual([[0, 0], [0, undefined], [0, undefined]]);
    expect(stops[2]).not.toHaveProperty('tickingMs');
  });

  it('runs 1000 machines and a run of zero seconds', () => {
    const machines = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, rate: 1 + (i % 6) }));
    const { records, result } = run(setup({ machines, durationSeconds: 2 }));
    expect(result.machines.map((m) => m.ticks)).toEqual(machines.map((m) => 2 * m.rate));
    expect(of(records, 'stop').length).toBe(1000);
    expectConserved(records);
    const empty = run(setup({ durationSeconds: 0 }));
    expect(empty.records.map((r) => r.event)).toEqual([
      ...Array(3).fill(['start', 'connect', 'connect']).flat(),
      ...Array(3).fill(['disconnect', 'disconnect', 'stop']).flat(),
    ]);
  });
});
