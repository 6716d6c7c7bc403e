// The simulation run in steps between turns of the event loop: its progress heard at each turn, and the same result.
import { simulate } from '../../src/sim/simulation.js';
import { simulateUntilStopped } from '../../src/sim/interruptible.js';

const setup = {
  machines: [
    { id: 1, rate: 20000 },
    { id: 2, rate: 20000 },
  ],
  internalProbability: 0.7,
  seed: 9,
  durationSeconds: 20,
  delayMs: [1, 1] as const,
  startTime: Date.parse('2026-01-01T00:00:00.000Z'),
};

test('onProgress hears the virtual seconds simulated so far, rising within the duration, and the run is the same', async () => {
  const heard: number[] = [];
  const stepped = await simulateUntilStopped(setup, () => {}, new AbortController().signal, undefined, (seconds) => heard.push(seconds));
  // 800,000 ticks take far more than one 20 ms step on any host: progress is heard along the way.
  expect(heard.length).toBeGreaterThan(0);
  expect(heard).toEqual([...heard].sort((a, b) => a - b));
  expect(heard.every((s) => s > 0 && s <= setup.durationSeconds)).toBe(true);
  expect([stepped.interrupted, stepped.result]).toEqual([false, simulate(setup, () => {})]);
});
