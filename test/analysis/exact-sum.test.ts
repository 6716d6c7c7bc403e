// ExactSum against BigInt: sums of integer products past 2^53 subtract exactly, where plain doubles lose units.
import fc from 'fast-check';
import { ExactSum } from '../../src/analysis/exact-sum.js';

/** Integers up to 2^52 (the largest clock a frame may carry) and spans of up to a day in ms. */
const clock = fc.integer({ min: 0, max: 2 ** 52 });
const span = fc.integer({ min: 0, max: 86_400_000 });

describe('ExactSum', () => {
  test('a sum of products, less an earlier snapshot and one more product, equals the exact integer result', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(clock, span), { minLength: 1, maxLength: 30 }), fc.nat({ max: 29 }), clock, span, (steps, at, c, dt) => {
        const sum = new ExactSum();
        const snapshot = new ExactSum();
        let exact = 0n;
        let exactAtSnapshot = 0n;
        steps.forEach(([a, b], i) => {
          sum.addProduct(a, b);
          exact += BigInt(a) * BigInt(b);
          if (i === at % steps.length) {
            snapshot.copy(sum);
            exactAtSnapshot = exact;
          }
        });
        const expected = exact - exactAtSnapshot - BigInt(c) * BigInt(dt);
        // Exact while the result itself fits a double's 53 bits, as a drift integral does.
        fc.pre(expected >= -(2n ** 53n) && expected <= 2n ** 53n);
        expect(sum.minus(snapshot, c, dt)).toBe(Number(expected));
      }),
    );
  });

  test('a drift of 1 over a day at clock 2^52: a double says 0 or thousands, ExactSum 86,400,000', () => {
    const leader = 2 ** 52;
    const sum = new ExactSum().addProduct(leader, 5).addProduct(leader + 1, 86_400_000);
    const before = new ExactSum().addProduct(leader, 5);
    expect(sum.minus(before, leader, 86_400_000)).toBe(86_400_000);
    const plain = leader * 5 + (leader + 1) * 86_400_000 - leader * 5 - leader * 86_400_000;
    expect(plain).not.toBe(86_400_000);
  });
});
