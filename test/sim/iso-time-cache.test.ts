// The cached ISO formatter gives exactly isoTime's text, whether times arrive in order or jump around.
import fc from 'fast-check';
import { isoTime } from '../../src/log/format.js';
import { IsoTimeCache } from '../../src/sim/iso-time-cache.js';

describe('IsoTimeCache', () => {
  it('matches isoTime for any sequence of times, fractional and before 1970 included', () => {
    const epoch = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e12, max: 4e12, noNaN: true }), { maxLength: 50 }), (times) => {
        const cache = new IsoTimeCache();
        for (const t of [...times, epoch, epoch + 999.9, epoch + 1000, epoch + 7.25]) expect(cache.format(t)).toBe(isoTime(t));
      }),
    );
  });

  it('matches isoTime across second boundaries when times ascend', () => {
    const cache = new IsoTimeCache();
    const t0 = Date.parse('2026-12-31T23:59:58.000Z');
    for (let t = t0; t < t0 + 4000; t += 0.75) expect(cache.format(t)).toBe(isoTime(t));
  });
});
