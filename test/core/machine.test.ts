// The no-I/O machine core: every branch driven by scripted draws, with 3 and 5 machines.
import { MachineCore } from '../../src/core/machine.js';
import { chooseTarget, drawForRoll, sendTargets } from '../../src/core/choice.js';

const core = (id: number, peers: number[], internalProbability = 0.7) =>
  new MachineCore({ id, peers, rate: 1, internalProbability, seed: 1, assumeConnected: true });

describe('MachineCore with 3 machines', () => {
  test('the start record opens with clock 0 and the peers in id order', () => {
    expect(core(2, [3, 1]).start(1000)).toEqual({
      time: 1000, machine: 2, event: 'start', clock: 0, rate: 1, peers: [1, 3], internalProbability: 0.7, seed: 1,
    });
  });

  test('rolls 1, 2, 3 send to the lower peer, the higher peer, both; 4..10 are internal', () => {
    const m = core(2, [1, 3]);
    const events = [1, 2, 3, 4, 7, 10].map((roll) => m.handleTick(0, drawForRoll(roll)));
    expect(events.map((e) => e.event)).toEqual(['send', 'send', 'send', 'internal', 'internal', 'internal']);
    expect(events.slice(0, 3).map((e) => (e.event === 'send' ? e.to : null))).toEqual([[1], [3], [1, 3]]);
    expect(events.map((e) => e.clock)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.map((e) => e.tick)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a send to both peers increments the clock once and is one record', () => {
    const m = core(1, [2, 3]);
    const r = m.handleTick(5, drawForRoll(3));
    expect(r).toEqual({ time: 5, machine: 1, event: 'send', clock: 1, tick: 1, to: [2, 3], dropped: [], queue: 0 });
    expect(m.clock).toBe(1);
  });

  test('a queued message is taken before anything else, with max(clock, msgClock) + 1', () => {
    const m = core(1, [2, 3]);
    m.handleMessage(2, 10);
    m.handleMessage(3, 4);
    const first = m.handleTick(0, drawForRoll(1));
    expect(first).toEqual({ time: 0, machine: 1, event: 'receive', clock: 11, tick: 1, from: 2, msgClock: 10, queue: 1 });
    const second = m.handleTick(0, drawForRoll(1));
    expect(second).toMatchObject({ event: 'receive', clock: 12, from: 3, msgClock: 4, queue: 0 });
    expect(m.handleTick(0, drawForRoll(1))).toMatchObject({ event: 'send', clock: 13, to: [2] });
  });

  test('a message from an unknown sender keeps from: null', () => {
    const m = core(1, [2, 3]);
    m.handleMessage(null, 3);
    expect(m.handleTick(0, 0.99)).toMatchObject({ event: 'receive', from: null, clock: 4 });
  });

  test('sends to peers that are not connected are recorded as dropped', () => {
    const m = new MachineCore({ id: 1, peers: [2, 3], rate: 1, internalProbability: 0.7, seed: 1 });
    expect(m.handlePeerUp(3, 7)).toEqual({ time: 7, machine: 1, event: 'connect', peer: 3 });
    expect(m.handlePeerUp(3, 8)).toBeUndefined();
    expect(m.handleTick(9, drawForRoll(3))).toMatchObject({ event: 'send', to: [3], dropped: [2] });
    expect(m.handlePeerDown(3, 10)).toEqual({ time: 10, machine: 1, event: 'disconnect', peer: 3 });
    expect(m.handleTick(11, drawForRoll(2))).toMatchObject({ event: 'send', to: [], dropped: [3] });
  });

  test('the stop record reports unprocessed messages, ticks, the largest lag and queue', () => {
    const m = core(1, [2, 3]);
    m.handleTick(0, 0.9);
    m.handleMessage(2, 1);
    m.handleMessage(2, 2);
    expect(m.stop(50, 1.23456)).toEqual({
      time: 50, machine: 1, event: 'stop', clock: 1, ticks: 1, queue: 2, maxLagMs: 1.235, maxQueue: 2, overflow: 0,
    });
  });

  test('a full queue refuses and counts messages', () => {
    const m = new MachineCore({ id: 1, peers: [2], rate: 1, internalProbability: 0.5, seed: 1, maxQueue: 2 });
    expect([m.handleMessage(2, 1), m.handleMessage(2, 2), m.handleMessage(2, 3)]).toEqual([true, true, false]);
    expect(m.overflow).toBe(1);
    expect(m.queueLength).toBe(2);
  });

  test('a batch of messages is queued in order up to the capacity; the rest are refused and counted', () => {
    const m = new MachineCore({ id: 1, peers: [2, 3], rate: 1, internalProbability: 1, seed: 1, maxQueue: 3 });
    expect(m.handleMessages(3, Float64Array.of(7, 8), 2)).toBe(2);
    expect(m.handleMessages(2, Float64Array.of(20, 30, 40, 99), 3)).toBe(1);
    expect(m.overflow).toBe(2);
    expect(m.queueLength).toBe(3);
    expect(m.handleTick(10, 0.99)).toMatchObject({ event: 'receive', from: 3, clock: 8 });
    expect(m.handleTick(20, 0.99)).toMatchObject({ event: 'receive', from: 3, clock: 9 });
    expect(m.handleTick(30, 0.99)).toMatchObject({ event: 'receive', from: 2, clock: 21 });
    expect(m.handleTick(40, 0.99)).toMatchObject({ event: 'internal' });
  });

  test('refused frames become one warn record per run of a sender on one connection, naming the first clock', () => {
    const m = new MachineCore({ id: 1, peers: [2, 3], rate: 1, internalProbability: 1, seed: 1, maxQueue: 2 });
    expect(m.handleMessages(2, Float64Array.of(1, 2, 3, 4), 4, 7)).toBe(2);
    m.handleMessage(3, 10, 8);
    m.handleMessage(2, 5, 9); // machine 2 again, on a new connection: a new run
    expect(m.refusalsPending).toBe(true);
    expect(m.takeRefusals(100)).toEqual([
      { time: 100, machine: 1, event: 'warn', reason: 'queue full (2): 2 messages from machine 2 refused, clock:3 and the next 1', from: 2, msgClock: 3, refused: 2 },
    ]);
    m.handleTick(150, 0.99); // one slot free: machine 3's next frame is queued, which ends its run
    m.handleMessage(3, 11, 8);
    m.handleMessage(null, 40, 10);
    expect(m.takeRefusals(200)).toEqual([expect.objectContaining({ from: 3, msgClock: 10, refused: 1, reason: 'queue full (2): message clock:10 from machine 3 refused' })]);
    expect(m.takeRefusals(300, true)).toEqual([
      expect.objectContaining({ time: 300, from: 2, msgClock: 5, refused: 1 }),
      expect.objectContaining({ from: null, msgClock: 40, refused: 1, reason: 'queue full (2): message clock:40 from an unknown sender refused' }),
    ]);
    expect(m.refusalsPending).toBe(false);
    expect(m.takeRefusals(400, true)).toEqual([]);
    expect(m.overflow).toBe(5);
  });

  test('the stop record takes the lag figures and the ticking time, rounded to microseconds', () => {
    const m = core(1, [2, 3]);
    expect(m.stop(50, { maxLagMs: 2.00049, lagP50Ms: 0.12345, lagP99Ms: 1.5, tickingMs: 1000.0004 })).toEqual({
      time: 50, machine: 1, event: 'stop', clock: 0, ticks: 0, queue: 0, maxLagMs: 2, maxQueue: 0, overflow: 0, lagP50Ms: 0.123, lagP99Ms: 1.5, tickingMs: 1000,
    });
    expect(m.stop(50, { maxLagMs: 0, lagP50Ms: 0, lagP99Ms: 0 })).not.toHaveProperty('tickingMs');
  });

  test('internal probability 1 never sends; 0 always sends', () => {
    const never = core(1, [2, 3], 1);
    const always = core(1, [2, 3], 0);
    for (let i = 0; i < 100; i++) {
      expect(never.handleTick(0, i / 100).event).toBe('internal');
      expect(always.handleTick(0, i / 100).event).toBe('send');
    }
  });
});

describe('MachineCore with 5 machines', () => {
  test('equal odds over each single peer and all peers', () => {
    const m = core(3, [5, 1, 4, 2], 0.5);
    // 5 targets share the send probability 0.5: each gets a 0.1 slice of the draw.
    const targets = [0.05, 0.15, 0.25, 0.35, 0.45].map((d) => m.handleTick(0, d)).map((r) => (r.event === 'send' ? r.to : r.event));
    expect(targets).toEqual([[1], [2], [4], [5], [1, 2, 4, 5]]);
    expect(m.handleTick(0, 0.5).event).toBe('internal');
    expect(m.clock).toBe(6);
  });

  test('the choice function covers [0, 1) without gaps', () => {
    expect(sendTargets([1, 2, 4, 5])).toEqual([[1], [2], [4], [5], [1, 2, 4, 5]]);
    const counts = new Map<number, number>();
    for (let i = 0; i < 10000; i++) {
      const c = chooseTarget(i / 10000, 0.5, 5);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([[-1, 5000], [0, 1000], [1, 1000], [2, 1000], [3, 1000], [4, 1000]]);
  });
});
