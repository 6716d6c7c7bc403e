// externalFigure: a bench/*.ts benchmark's figures, or a not-measured line saying why (not built, failed to load, failed).
import { externalFigure } from '../../src/bench/external-figures.js';

const SOURCE = 'bench/sim.ts benchSim';

describe('externalFigure', () => {
  test('runs the loaded benchmark with quick and finds its per-second figures', async () => {
    const seen: boolean[] = [];
    const figure = await externalFigure(SOURCE, async () => async ({ quick }) => (seen.push(quick), { noLogFiles: { eventsPerSecond: 5 } }), true);
    expect(seen).toEqual([true]);
    expect(figure).toEqual({ source: SOURCE, rates: [{ field: 'noLogFiles.eventsPerSecond', value: 5 }], result: { noLogFiles: { eventsPerSecond: 5 } } });
  });

  test('a benchmark whose module is not built is not measured, and says so', async () => {
    const missing = Object.assign(new Error("Cannot find module '/x/dist/bench/sim.js'"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(await externalFigure(SOURCE, () => Promise.reject(missing), false)).toEqual({
      notMeasured: "bench/sim.ts benchSim is not built (Cannot find module '/x/dist/bench/sim.js')",
    });
  });

  test('a module that fails to load, or a benchmark that throws, is not measured, with the error', async () => {
    expect(await externalFigure(SOURCE, () => Promise.reject(new Error('boom')), false)).toEqual({ notMeasured: 'bench/sim.ts benchSim failed to load: boom' });
    const throws = async () => async () => {
      throw new Error('out of memory');
    };
    expect(await externalFigure(SOURCE, throws, false)).toEqual({ notMeasured: 'bench/sim.ts benchSim failed: out of memory' });
  });
});
