// The simulator's event queue: earliest time first, and events at the same time in the order they were pushed.
import fc from 'fast-check';
import { DELIVER, EventQueue, TICK } from '../../src/sim/event-queue.js';

function drain(queue: EventQueue): { time: number; a: number }[] {
  const out: { time: number; a: number }[] = [];
  while (queue.size > 0) {
    out.push({ time: queue.peekTime(), a: queue.peekA() });
    queue.pop();
  }
  return out;
}

describe('EventQueue', () => {
  it('hands back every field of the earliest event', () => {
    const queue = new EventQueue();
    queue.push(5, DELIVER, 1, 2, 42.5);
    queue.push(3, TICK, 7, 0, 0);
    expect([queue.peekTime(), queue.peekKind(), queue.peekA()]).toEqual([3, TICK, 7]);
    queue.pop();
    expect([queue.peekTime(), queue.peekKind(), queue.peekA(), queue.peekB(), queue.peekC()]).toEqual([5, DELIVER, 1, 2, 42.5]);
    queue.pop();
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('orders by time, then by push order, whatever the pushes and pops (a stable sort is the oracle)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 300 }), (ops) => {
        const queue = new EventQueue(4);
        const pending: { time: number; a: number }[] = [];
        const popped: { time: number; a: number }[] = [];
        const expected: { time: number; a: number }[] = [];
        ops.forEach(([time, popFirst], i) => {
          if (popFirst && queue.size > 0) {
            popped.push({ time: queue.peekTime(), a: queue.peekA() });
            queue.pop();
            pending.sort((x, y) => x.time - y.time || x.a - y.a);
            expected.push(pending.shift()!);
          }
          queue.push(time, TICK, i, 0, 0);
          pending.push({ time, a: i });
        });
        pending.sort((x, y) => x.time - y.time || x.a - y.a);
        expect([...popped, ...drain(queue)]).toEqual([...expected, ...pending]);
      }),
    );
  });
});
