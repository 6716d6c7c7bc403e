// FIFO pairing of sends with receives when a full queue refused some frames: in whatever order the records come.
import { LinkMatcher } from '../../src/analysis/link-matcher.js';

/** A matcher over one link 1 -> 2, recording pairs as `send clock -> receive clock` and refused sends by clock. */
function link() {
  const pairs: string[] = [];
  const refused: number[] = [];
  const matcher = new LinkMatcher<number, number>({
    match: (_l, s, r) => pairs.push(`${s.clock}->${r.msgClock}`),
    refuse: (_l, s) => refused.push(s.clock),
  });
  const only = () => [...matcher.all()][0]!;
  return {
    send: (clock: number) => matcher.send(1, 2, clock, clock),
    receive: (clock: number) => matcher.receive(1, 2, clock, clock),
    refuse: (clock: number, count: number) => matcher.refuse(1, 2, clock, count, clock),
    pairs,
    refused,
    only,
  };
}

describe('LinkMatcher with refused frames', () => {
  test('a refusal takes its sends out of the FIFO, after sends still queued ahead of them', () => {
    const l = link();
    for (const c of [1, 2, 3, 4, 5]) l.send(c);
    l.refuse(2, 2); // 1 was queued, 2 and 3 refused, 4 and 5 queued
    for (const c of [1, 4, 5]) l.receive(c);
    expect(l.pairs).toEqual(['1->1', '4->4', '5->5']);
    expect(l.refused).toEqual([2, 3]);
    expect(l.only()).toMatchObject({ refused: 2, refusals: [] });
    expect(l.only().sends.length).toBe(0);
  });

  test('a refusal read before its sends (one millisecond, clocks of two hosts) takes them as they come', () => {
    const l = link();
    l.refuse(2, 3);
    l.receive(1);
    for (const c of [1, 2, 3, 4, 5]) l.send(c);
    l.receive(5);
    expect(l.pairs).toEqual(['1->1', '5->5']);
    expect(l.refused).toEqual([2, 3, 4]);
    expect(l.only().refusals).toEqual([]);
  });

  test('a run whose first send was read goes on with the sends read after it', () => {
    const l = link();
    l.send(1);
    l.send(2);
    l.refuse(2, 3);
    expect(l.only().refusals).toMatchObject([{ msgClock: 2, left: 2, started: true }]);
    for (const c of [3, 4, 5]) l.send(c);
    l.receive(1);
    l.receive(5);
    expect(l.refused).toEqual([2, 3, 4]);
    expect(l.pairs).toEqual(['1->1', '5->5']);
  });

  test('a refusal naming no send waits, and the receives around it still pair in order', () => {
    const l = link();
    for (const c of [1, 2]) l.send(c);
    l.refuse(9, 1);
    for (const c of [1, 2]) l.receive(c);
    expect(l.pairs).toEqual(['1->1', '2->2']);
    expect(l.only().refusals).toMatchObject([{ msgClock: 9, left: 1, started: false }]);
  });
});
