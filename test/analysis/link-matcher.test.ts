// FIFO pairing of sends with receives, when a full queue refused some frames and when records are missing: in
// whatever order the records come.
import fc from 'fast-check';
import { LinkMatcher } from '../../src/analysis/link-matcher.js';

/**
 * A matcher over one link 1 -> 2, recording pairs as `send clock -> receive clock`, refused sends by clock, and what
 * it says is missing: `strict`, no loss tolerated (a run without faults); `skipped`, the logs skipped tick numbers.
 */
function link(strict = false, skipped = strict) {
  const pairs: string[] = [];
  const refused: number[] = [];
  const missing: string[] = [];
  const matcher = new LinkMatcher<number, number>({
    match: (_l, s, r) => pairs.push(`${s.clock}->${r.msgClock}`),
    refuse: (_l, s) => refused.push(s.clock),
    unreceived: (_l, s, later) => missing.push(`receive of ${s.clock} (a later receive: ${later.msgClock})`),
    unsent: (_l, r, next) => missing.push(`send of ${r.msgClock} (the next send: ${next.clock})`),
  });
  matcher.tolerateLoss = !strict;
  matcher.recordsMissing = () => skipped;
  const only = () => [...matcher.all()][0]!;
  return {
    send: (clock: number) => matcher.send(1, 2, clock, clock),
    receive: (clock: number) => matcher.receive(1, 2, clock, clock),
    refuse: (clock: number, count: number) => matcher.refuse(1, 2, clock, count, clock),
    pairs,
    refused,
    missing,
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

describe('LinkMatcher in a run without faults, its logs skipping tick numbers: a missing record is said once', () => {
  test('a deleted send record: its receive is said to have no send, and the later messages pair as they should', () => {
    const l = link(true);
    for (const c of [1, 7, 9, 10]) {
      if (c !== 7) l.send(c);
      l.receive(c);
    }
    expect(l.pairs).toEqual(['1->1', '9->9', '10->10']);
    expect(l.missing).toEqual(['send of 7 (the next send: 9)']);
    expect(l.only().receives.length).toBe(0);
  });

  test('a deleted receive record: its send is said never received, and the later messages pair as they should', () => {
    const l = link(true);
    for (const c of [1, 7, 9, 10]) {
      l.send(c);
      if (c !== 7) l.receive(c);
    }
    expect(l.pairs).toEqual(['1->1', '9->9', '10->10']);
    expect(l.missing).toEqual(['receive of 7 (a later receive: 9)']);
    expect(l.only().sends.length).toBe(0);
  });

  test('receives read before their sends (one millisecond): the same verdicts', () => {
    const deletedSend = link(true);
    for (const c of [7, 9]) deletedSend.receive(c);
    deletedSend.send(9);
    expect(deletedSend.pairs).toEqual(['9->9']);
    expect(deletedSend.missing).toEqual(['send of 7 (the next send: 9)']);
    const deletedReceive = link(true);
    deletedReceive.receive(9);
    for (const c of [7, 9]) deletedReceive.send(c);
    expect(deletedReceive.pairs).toEqual(['9->9']);
    expect(deletedReceive.missing).toEqual(['receive of 7 (a later receive: 9)']);
  });

  test('no tick numbers skipped: a clock that does not match is a wrong clock, paired in FIFO order', () => {
    // A sender that puts its clock + 1 in its frames, two sends in a row before the first arrives.
    const l = link(true, false);
    l.send(2);
    l.send(3);
    for (const c of [3, 4]) l.receive(c);
    expect(l.missing).toEqual([]);
    expect(l.pairs).toEqual(['2->3', '3->4']);
    const read = link(true, false);
    read.receive(3);
    read.send(2);
    expect(read.pairs).toEqual(['2->3']);
  });

  test('with loss tolerated (a run with faults) a receive pairs in FIFO order as before', () => {
    const l = link();
    for (const c of [1, 7, 9]) l.send(c);
    for (const c of [1, 9]) l.receive(c);
    expect(l.missing).toEqual([]);
    expect(l.pairs).toEqual(['1->1', '7->9']);
  });

  test('any records missing, read in any order that keeps each side in order: every surviving pair is found and each lone end is said or left waiting', () => {
    const message = fc.record({ keepSend: fc.boolean(), keepReceive: fc.boolean(), receiveFirst: fc.boolean() });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 100 }), (messages, picks) => {
        // Clocks 1, 2, 3, ...; the sends in order and the receives in order, merged as `picks` says.
        const sends = messages.flatMap((m, i) => (m.keepSend ? [i + 1] : []));
        const receives = messages.flatMap((m, i) => (m.keepReceive ? [i + 1] : []));
        const l = link(true);
        let s = 0;
        let r = 0;
        for (let i = 0; s < sends.length || r < receives.length; i++) {
          const takeReceive = s === sends.length || (r < receives.length && (picks[i] ?? receives[r]! <= sends[s]!));
          if (takeReceive) l.receive(receives[r++]!);
          else l.send(sends[s++]!);
        }
        const both = messages.flatMap((m, i) => (m.keepSend && m.keepReceive ? [`${i + 1}->${i + 1}`] : []));
        expect(l.pairs).toEqual(both);
        const lone = messages.filter((m) => m.keepSend !== m.keepReceive).length;
        const rest = l.only(); // none when no record was read
        const waiting = rest ? rest.sends.length + rest.receives.length : 0;
        expect(l.missing.length + waiting).toBe(lone);
      }),
    );
  });
});
