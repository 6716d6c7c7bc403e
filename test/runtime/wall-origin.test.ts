// The wall clock's origin is read at millisecond edges: a reading delayed after an edge only lowers that bound, and the
// largest bound is kept, so one late reading does not shift every record of the machine.
import { wallOrigin } from '../../src/runtime/clock.js';

test('the origin is the largest bound read at the millisecond edges, whatever a delayed reading says', () => {
  const trueOrigin = 1_764_000_000_000.25;
  // A monotonic clock stepping 0.01 ms per reading; the last edge's reading comes 1.5 ms late (the process was descheduled).
  let t = 0;
  let reads = 0;
  const now = () => {
    reads++;
    return (t += reads === 3 ? 1.5 : 0.01);
  };
  const date = () => Math.floor(trueOrigin + (t += 0.01));
  const origin = wallOrigin(date, now);
  expect(origin).toBeLessThanOrEqual(trueOrigin);
  expect(trueOrigin - origin).toBeLessThan(0.05);
});
