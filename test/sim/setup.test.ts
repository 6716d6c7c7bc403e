// Resolving simulate's options: same rate rules as a real run, generated machines, latency default, bad input as one line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/config/errors.js';
import { seededRate } from '../../src/core/random.js';
import { parseStartTime, resolveSimulation, type SimulateOptions } from '../../src/sim/setup.js';

const never = () => {
  throw new Error('seed should not be picked');
};

describe('resolveSimulation', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-setup-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const configFile = (body: object) => {
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const two = { '1': { host: 'a', port: 1 }, '2': { host: 'a', port: 2, rate: 2.5 } };

  it('takes rates from --rates, else the config, else the seed within rateRange', () => {
    const config = configFile({ machines: two, rateRange: [2, 5], seed: 11 });
    expect(resolveSimulation({ config }, never).setup.machines).toEqual([
      { id: 1, rate: seededRate(11, 1, [2, 5]) },
      { id: 2, rate: 2.5 },
    ]);
    expect(resolveSimulation({ config, rates: [0.5, 4.25] }, never).setup.machines.map((m) => m.rate)).toEqual([0.5, 4.25]);
  });

  it('refuses a config whose durationSeconds is 0 ("until Ctrl+C" in a real run) unless --duration is given', () => {
    const config = configFile({ machines: two, seed: 1, durationSeconds: 0 });
    expect(() => resolveSimulation({ config }, never)).toThrow(
      new UsageError('a simulation needs a duration above 0 s (0 means "until Ctrl+C" in a real run): pass --duration'),
    );
    expect(resolveSimulation({ config, duration: 2 }, never).setup.durationSeconds).toBe(2);
  });

  it('generates N machines on 127.0.0.1 from port 5001, and checks --rates against the count', () => {
    const resolved = resolveSimulation({ machines: 4, seed: 1, config: configFile({ machines: two }) }, never);
    expect(resolved.run.config.machines).toEqual({
      '1': { host: '127.0.0.1', port: 5001 },
      '2': { host: '127.0.0.1', port: 5002 },
      '3': { host: '127.0.0.1', port: 5003 },
      '4': { host: '127.0.0.1', port: 5004 },
    });
    const config = configFile({ machines: two });
    expect(() => resolveSimulation({ config, machines: 4, rates: [1, 2, 3], seed: 1 }, never)).toThrow(
      // The count was given (machines: 4): no other count is suggested, but one rate for all of them is.
      new UsageError('--rates has 3 values for 4 machines (1-4): give one rate per machine, or one rate for all of them (-r 1)'),
    );
    expect(resolveSimulation({ config, machines: 1000, seed: 1 }, never).setup.machines).toHaveLength(1000);
    expect(() => resolveSimulation({ config, machines: 1001, seed: 1 }, never)).toThrow(UsageError);
    expect(() => resolveSimulation({ config, machines: 1, seed: 1 }, never)).toThrow(UsageError);
  });

  it('simulates 1 ms of latency unless --delay or the config sets one; every machine starts at t0 (stagger 0)', () => {
    const plain = resolveSimulation({ seed: 1, config: configFile({ machines: two }) }, never);
    expect(plain.setup.delayMs).toEqual([1, 1]);
    expect(plain.run.config.delayMs).toEqual([1, 1]);
    expect(plain.run.config.staggerMs).toBe(0);
    expect(resolveSimulation({ seed: 1, delay: [0, 0], config: configFile({ machines: two }) }, never).setup.delayMs).toEqual([0, 0]);
    expect(resolveSimulation({ seed: 1, config: configFile({ machines: two, delayMs: [100, 500] }) }, never).setup.delayMs).toEqual([100, 500]);
  });

  it('starts at 2026-01-01T00:00:00.000Z unless --start-time is given, and rejects a malformed time', () => {
    const base: SimulateOptions = { seed: 1, config: configFile({ machines: two }) };
    expect(resolveSimulation(base, never).setup.startTime).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(resolveSimulation({ ...base, startTime: '2025-03-05T12:46:04.123Z' }, never).setup.startTime).toBe(Date.parse('2025-03-05T12:46:04.123Z'));
    expect(() => resolveSimulation({ ...base, startTime: 'yesterday' }, never)).toThrow(UsageError);
  });

  it('takes any duration whose run ends by the last date JavaScript holds (the simulator has no timer)', () => {
    const base: SimulateOptions = { seed: 1, config: configFile({ machines: two }) };
    expect(resolveSimulation({ ...base, duration: 3_000_000 }, never).setup.durationSeconds).toBe(3_000_000);
    expect(resolveSimulation({ ...base, duration: 8_638_232_774_400 }, never).setup.durationSeconds).toBe(8_638_232_774_400);
    expect(() => resolveSimulation({ ...base, duration: 8_638_232_774_401 }, never)).toThrow(
      new UsageError('--duration must be at most 8638232774400 s from a start at 2026-01-01T00:00:00.000Z: a run must end by the year 275760, the last date JavaScript holds'),
    );
  });

  it('reads a start time without a zone as UTC, and one with a zone as given', () => {
    expect(['2020-05-05T10:00:00', '2020-05-05T10:00', '2020-05-05 10:00:00.5', '2020-05-05', '2020-05-05T12:00:00+02:00', '2020-05-05T06:30:00-0330', '2020-05-05t10:00:00z', '2028-02-29', '0000-02-29T00:00Z'].map((t) => new Date(parseStartTime(t)).toISOString())).toEqual([
      '2020-05-05T10:00:00.000Z',
      '2020-05-05T10:00:00.000Z',
      '2020-05-05T10:00:00.500Z',
      '2020-05-05T00:00:00.000Z',
      '2020-05-05T10:00:00.000Z',
      '2020-05-05T10:00:00.000Z',
      '2020-05-05T10:00:00.000Z',
      // Leap days: 2028's, and year 0's (a leap year; Date.UTC would read it as 1900, which is not).
      '2028-02-29T00:00:00.000Z',
      '0000-02-29T00:00:00.000Z',
    ]);
    // A day the month does not have is refused, not rolled on into the next month (2026-02-30 is not 2 March).
    for (const bad of ['2020-05-05T10', '1588672800000', '2020-05-05T10:00:00 PST', '2020-13-45T10:00:00', '2026-02-30', '2026-02-29T00:00:00Z', '2026-04-31T10:00', '2026-01-01T24:00']) {
      expect(() => parseStartTime(bad)).toThrow(`--start-time must be an ISO-8601 time such as 2026-01-01T00:00:00.000Z (UTC unless it gives a zone), got "${bad}"`);
    }
  });

  it('picks a seed when neither the options nor the config give one, and says so', () => {
    const resolved = resolveSimulation({ config: configFile({ machines: two }) }, () => 1234);
    expect([resolved.run.seed, resolved.run.seedPicked, resolved.setup.seed]).toEqual([1234, true, 1234]);
  });

  it('reports a missing config file as a usage error', () => {
    expect(() => resolveSimulation({ config: join(dir, 'nope.json') }, never)).toThrow(UsageError);
  });
});
