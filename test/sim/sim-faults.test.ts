// simulate with a fault schedule: the records each fault kind leaves (down/up, latency toxics, kill and restart).
import type { CoreRecord, ReceiveRecord, SendRecord } from '../../src/core/records.js';
import { parseFaultSchedule } from '../../src/faults/schedule.js';
import { planFaults } from '../../src/faults/plan.js';
import { REDIAL_MS } from '../../src/sim/sim-faults.js';
import { unsupportedFault } from '../../src/sim/fault-support.js';
import { simulate, type SimSetup } from '../../src/sim/simulation.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const IDS = [1, 2, 3];

/** A setup with the schedule's events planned for machines 1-3. */
function setup(events: unknown[], overrides: Partial<SimSetup> = {}): SimSetup {
  const schedule = parseFaultSchedule({ seed: 5, events });
  return {
    machines: IDS.map((id) => ({ id, rate: 10 })),
    internalProbability: 0.2,
    seed: 42,
    durationSeconds: 10,
    delayMs: [1, 1],
    startTime: T0,
    faults: { steps: planFaults(schedule, IDS), seed: 5 },
    ...overrides,
  };
}

function run(s: SimSetup) {
  const records: CoreRecord[] = [];
  const applied: { action: string; time: number }[] = [];
  const result = simulate(s, (r) => records.push(r), (step, time) => applied.push({ action: step.action, time }));
  return { records, result, applied };
}

const links = (records: CoreRecord[], machine: number) =>
  records.filter((r) => r.machine === machine && (r.event === 'connect' || r.event === 'disconnect')).map((r) => [r.event, 'peer' in r ? r.peer : 0, r.time - T0]);
const sends = (records: CoreRecord[], machine: number) => records.filter((r): r is SendRecord<number> => r.machine === machine && r.event === 'send');
const receives = (records: CoreRecord[], machine: number, from: number) =>
  records.filter((r): r is ReceiveRecord<number> => r.machine === machine && r.event === 'receive' && r.from === from);

/** Sends to each machine = its receives + its end queue + the messages the faults lost (in `lost`). */
function expectBalance(records: CoreRecord[], lost: Record<number, number>): void {
  for (const id of IDS) {
    const sent = records.filter((r) => r.event === 'send' && r.to.includes(id)).length;
    const got = records.filter((r) => r.event === 'receive' && r.machine === id).length;
    const stop = records.find((r) => r.event === 'stop' && r.machine === id);
    expect([id, sent]).toEqual([id, got + (stop && stop.event === 'stop' ? stop.queue : 0) + (lost[id] ?? 0)]);
  }
}

describe('simulate --faults', () => {
  it('down/up: the sender logs disconnect and connect at the steps, drops its sends meanwhile, and the link loses what was in flight', () => {
    const s = setup([{ at: 2, until: 4, action: 'down', links: '1->2' }], { delayMs: [300, 300] });
    const { records, applied } = run(s);
    expect(applied).toEqual([
      { action: 'down', time: T0 + 2000 },
      { action: 'up', time: T0 + 4000 },
    ]);
    expect(links(records, 1)).toEqual([
      ['connect', 2, 0],
      ['connect', 3, 0],
      ['disconnect', 2, 2000],
      ['connect', 2, 4000],
      ['disconnect', 2, 10_000],
      ['disconnect', 3, 10_000],
    ]);
    // The receiver's side logs nothing: only outbound links have records.
    expect(links(records, 2).filter(([, , t]) => t !== 0 && t !== 10_000)).toEqual([]);
    const during = sends(records, 1).filter((r) => r.time >= T0 + 2000 && r.time < T0 + 4000);
    expect(during.some((r) => r.dropped.includes(2))).toBe(true);
    for (const r of during) expect(r.to).not.toContain(2);
    // Sends to 2 within 300 ms before the cut were in flight: never received; the rest were, in order.
    const inFlight = sends(records, 1).filter((r) => r.to.includes(2) && r.time > T0 + 1700 && r.time < T0 + 2000);
    expect(inFlight.length).toBeGreaterThan(0);
    const got = receives(records, 2, 1).map((r) => r.msgClock);
    for (const r of inFlight) expect(got).not.toContain(r.clock);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expectBalance(records, { 2: inFlight.length });
  });

  it('a latency toxic delays the link\'s messages by latency +/- jitter from its own seeded stream, FIFO kept', () => {
    const events = [{ at: 1, until: 5, action: 'add', links: '1->2', toxic: { type: 'latency', name: 'lag', attributes: { latency: 700, jitter: 200 } } }];
    const { records } = run(setup(events));
    const sentAt = new Map(sends(records, 1).map((r) => [r.clock, r.time]));
    const lagged = receives(records, 2, 1).filter((r) => sentAt.get(r.msgClock)! >= T0 + 1000 && sentAt.get(r.msgClock)! < T0 + 4000);
    expect(lagged.length).toBeGreaterThan(3);
    // Received at the first tick after arrival: at least 500 ms (700 - 200) after the send.
    for (const r of lagged) expect(r.time - sentAt.get(r.msgClock)!).toBeGreaterThanOrEqual(500);
    const clocks = receives(records, 2, 1).map((r) => r.msgClock);
    expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
    // Other links are not delayed (what they wait is only the queue: less than the toxic's least delay).
    for (const r of receives(records, 3, 1)) expect(r.time - sentAt.get(r.msgClock)!).toBeLessThan(500);
    expectBalance(records, {});
    // The jitter comes from the schedule's seed: another one delays differently, the same one the same.
    const again = run(setup(events)).records;
    expect(again).toEqual(records);
    const other = run({ ...setup(events), faults: { ...setup(events).faults!, seed: 6 } }).records;
    expect(receives(other, 2, 1).map((r) => r.time)).not.toEqual(receives(records, 2, 1).map((r) => r.time));
  });

  it('removing a latency toxic lets every message it held go on at once, in order', () => {
    const events = [{ at: 0.5, until: 5, action: 'add', links: '1->2', toxic: { type: 'latency', attributes: { latency: 8000 } } }];
    const { records } = run(setup(events));
    const sentAt = new Map(sends(records, 1).map((r) => [r.clock, r.time]));
    const held = receives(records, 2, 1).filter((r) => sentAt.get(r.msgClock)! >= T0 + 500 && sentAt.get(r.msgClock)! < T0 + 5000);
    expect(held.length).toBeGreaterThan(3);
    // Without the removal they would arrive from 8.5 s on; they reach the queue at 5 s and are taken one a tick (10/s).
    held.forEach((r, i) => expect(r.time).toBeLessThanOrEqual(T0 + 5000 + 100 * (i + 1 + receives(records, 2, 3).length)));
    expect(held[0]!.time).toBeLessThan(T0 + 5200);
    const clocks = receives(records, 2, 1).map((r) => r.msgClock);
    expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
    expectBalance(records, {});
  });

  it('kill and restart: no records and no stop for the killed incarnation, a start with incarnation 2 and clock 0, peers disconnect and reconnect', () => {
    const { records, result } = run(setup([{ at: 3, until: 6, action: 'kill', machine: 3 }], { delayMs: [150, 150] }));
    const own = records.filter((r) => r.machine === 3);
    expect(own.filter((r) => r.time > T0 + 3000 && r.time < T0 + 6000)).toEqual([]);
    expect(own.filter((r) => r.event === 'stop')).toHaveLength(1);
    const starts = own.filter((r) => r.event === 'start');
    expect(starts).toHaveLength(2);
    expect(starts[0]).not.toHaveProperty('incarnation');
    expect(starts[1]).toMatchObject({ time: T0 + 6000, clock: 0, incarnation: 2, peers: [1, 2] });
    const after = own.filter((r) => r.time > T0 + 6000 && 'tick' in r) as { tick: number; clock: number; time: number }[];
    expect(after[0]).toMatchObject({ tick: 1, time: T0 + 6100 });
    expect(own.at(-1)).toMatchObject({ event: 'stop', ticks: 40, tickingMs: 4000 });
    expect(links(records, 3).filter(([, , t]) => t === 6000)).toEqual([
      ['connect', 1, 6000],
      ['connect', 2, 6000],
    ]);
    for (const peer of [1, 2]) {
      expect(links(records, peer).filter(([, p]) => p === 3)).toEqual([
        ['connect', 3, 0],
        ['disconnect', 3, 3000],
        ['connect', 3, 6000 + REDIAL_MS],
        ['disconnect', 3, 10_000],
      ]);
      const whileDead = sends(records, peer).filter((r) => r.time >= T0 + 3000 && r.time <= T0 + 6000 + REDIAL_MS);
      expect(whileDead.some((r) => r.dropped.includes(3))).toBe(true);
      for (const r of whileDead) expect(r.to).not.toContain(3);
    }
    expect(result.machines.find((m) => m.id === 3)).toMatchObject({ incarnations: 2, killed: false });
  });

  it('a machine killed for good leaves no stop record; its own messages in flight still arrive', () => {
    const { records, result } = run(setup([{ at: 4, action: 'kill', machine: 2 }], { delayMs: [250, 250] }));
    expect(records.filter((r) => r.machine === 2 && r.event === 'stop')).toEqual([]);
    expect(records.filter((r) => r.machine === 2).at(-1)!.time).toBeLessThanOrEqual(T0 + 4000);
    const last = sends(records, 2).filter((r) => r.time > T0 + 3750 && r.to.includes(1));
    const got = receives(records, 1, 2).map((r) => r.msgClock);
    for (const r of last) expect(got).toContain(r.clock);
    expect(result.machines.find((m) => m.id === 2)).toMatchObject({ incarnations: 1, killed: true });
  });

  it('with no step run, the records are those of a run without faults; steps at or after the end never run', () => {
    const plain = run(setup([], { faults: undefined })).records;
    expect(run(setup([])).records).toEqual(plain);
    const late = run(setup([{ at: 10, action: 'down', links: '*' }]));
    expect(late.records).toEqual(plain);
    expect(late.applied).toEqual([]);
  });

  it('refuses toxics it has no model for, naming the event (1-based and as events.N) and the type', () => {
    const schedule = parseFaultSchedule({
      events: [
        { at: 1, action: 'add', links: '*', toxic: { type: 'latency', attributes: { latency: 5 } } },
        { at: 2, action: 'add', links: '1->2', toxic: { type: 'bandwidth', attributes: { rate: 1 } } },
      ],
    });
    expect(unsupportedFault(schedule)).toBe('event 2 (events[1]): the simulator cannot model a bandwidth toxic (latency, down/up, kill and restart only)');
    expect(unsupportedFault(parseFaultSchedule({ events: [{ at: 1, action: 'down', links: '*' }] }))).toBeNull();
  });
});

describe('a restarted machine in the simulator', () => {
  test('draws its network delays again from the first, as a real restart (a new runtime) does', () => {
    // Machine 2 (1/s) only sends: every other link is down. Machines 1 and 3 tick at 1000/s and receive from machine 2
    // alone, so each of its messages is received within 1 ms of its arrival; delays of 100-900 ms keep them in order.
    const { records } = run(
      setup(
        [
          { at: 0, until: 20, action: 'down', links: '1->2' },
          { at: 0, until: 20, action: 'down', links: '3->2' },
          { at: 0, until: 20, action: 'down', links: '1->3' },
          { at: 0, until: 20, action: 'down', links: '3->1' },
          { at: 4.5, until: 5, action: 'kill', machine: 2 },
        ],
        { machines: [{ id: 1, rate: 1000 }, { id: 2, rate: 1 }, { id: 3, rate: 1000 }], internalProbability: 0, delayMs: [100, 900] },
      ),
    );
    const restartAt = records.findIndex((r) => r.machine === 2 && r.event === 'start' && r.incarnation === 2);
    /** Each message's delay, ms rounded down, in the order incarnation `inc` sent them. */
    const delays = (inc: 1 | 2): number[] =>
      records
        .filter((r, i): r is SendRecord<number> => r.machine === 2 && r.event === 'send' && (inc === 1 ? i < restartAt : i > restartAt))
        .flatMap((send) => send.to.map((to) => receives(records, to, 2).find((r) => r.msgClock === send.clock && r.time >= send.time)?.time ?? NaN).map((t) => Math.floor(t - send.time)));
    expect(restartAt).toBeGreaterThan(0);
    const [first, second] = [delays(1), delays(2)];
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(second.slice(0, 4)).toEqual(first.slice(0, 4));
    expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(50); // the delays do vary: equal lists are no accident
  });
});

describe('the summary of a faulted simulation', () => {
  test('a killed or restarted machine\'s max queue is the one its log shows over every incarnation, as analyze and start-all read it', () => {
    // Machine 1 is slow, so messages wait for it; it is killed at 4 s for good, machine 2 killed at 3 s and restarted at 6 s.
    const { records, result } = run(
      setup([{ at: 4, action: 'kill', machine: 1 }, { at: 3, until: 6, action: 'kill', machine: 2 }], { machines: [{ id: 1, rate: 1 }, { id: 2, rate: 4 }, { id: 3, rate: 10 }] }),
    );
    for (const id of [1, 2]) {
      const shown = records.filter((r) => r.machine === id).map((r) => (r.event === 'receive' ? r.queue + 1 : r.event === 'stop' ? (r.maxQueue ?? r.queue) : 'queue' in r ? r.queue : 0));
      expect(result.machines.find((m) => m.id === id)!.maxQueue).toBe(Math.max(...shown));
    }
    expect(result.machines.map((m) => [m.id, m.incarnations, m.killed])).toEqual([[1, 1, true], [2, 2, false], [3, 1, false]]);
  });
});
