// The message queue (a growing ring of typed arrays) against a plain array: same order, same refusals, null senders,
// whether messages come one at a time or in runs.
import fc from 'fast-check';
import { MessageQueue, type QueuedMessage } from '../../src/core/message-queue.js';

describe('MessageQueue', () => {
  test('any mix of pushes, runs of pushes and shifts behaves like a bounded FIFO array', () => {
    const op = fc.oneof(
      fc.record({ push: fc.constant(true), from: fc.option(fc.integer({ min: 1, max: 999_999_999 }), { nil: null }), clock: fc.integer({ min: 0, max: 2 ** 52 }), times: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ push: fc.constant(false), times: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ pushMany: fc.constant(true), from: fc.option(fc.integer({ min: 1, max: 999_999_999 }), { nil: null }), clock: fc.integer({ min: 0, max: 2 ** 52 }), count: fc.integer({ min: 0, max: 5000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9000 }), fc.array(op, { maxLength: 40 }), (capacity, ops) => {
        const queue = new MessageQueue(capacity);
        const model: QueuedMessage[] = [];
        const got: unknown[] = [];
        const expected: unknown[] = [];
        for (const o of ops) {
          if ('pushMany' in o) {
            // A run of messages in one call, past a block's end (4,096) at times: as many as there is room for.
            const clocks = Float64Array.from({ length: o.count + 1 }, (_, i) => o.clock + i); // one more than `count`: not queued
            const room = Math.min(o.count, capacity - model.length);
            got.push(queue.pushMany(o.from, clocks, o.count), queue.length);
            expected.push(room, model.length + room);
            for (let i = 0; i < room; i++) model.push({ from: o.from, clock: o.clock + i });
            continue;
          }
          for (let i = 0; i < o.times; i++) {
            if (o.push) {
              const message = { from: o.from, clock: o.clock + i };
              got.push(queue.push(message.from, message.clock));
              expected.push(model.length < capacity);
              if (model.length < capacity) model.push(message);
            } else {
              got.push(queue.shift());
              expected.push(model.shift());
            }
            got.push(queue.length);
            expected.push(model.length);
          }
        }
        while (queue.length) got.push(queue.shift());
        expected.push(...model);
        expect(queue.shift()).toBeUndefined();
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('a burst far past the first ring size comes out in order, and the emptied queue takes new messages', () => {
    const queue = new MessageQueue(1_000_000);
    let refused = 0;
    for (let k = 0; k < 200_000; k++) if (!queue.push(k % 3 === 0 ? null : 2, k)) refused++;
    expect(refused).toBe(0);
    let outOfOrder = 0;
    for (let k = 0; k < 200_000; k++) {
      const m = queue.shift();
      if (m?.clock !== k || m.from !== (k % 3 === 0 ? null : 2)) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
    expect(queue.length).toBe(0);
    expect(queue.push(5, 7)).toBe(true);
    expect(queue.shift()).toEqual({ from: 5, clock: 7 });
  });
});
