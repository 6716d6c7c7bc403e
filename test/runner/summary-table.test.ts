// start-all's summary table: one table when it fits (or with no width), two halves each with the machine column when not.
import { formatSummary, type MachineSummary } from '../../src/runner/summary.js';

const machine = (id: number, over: Partial<MachineSummary> = {}): MachineSummary => ({
  id, rate: 2, ticks: 120, clock: 240, maxQueue: 3, endQueue: 0, maxLagMs: 1.25, incarnations: 1, stopped: true, refused: 0, ...over,
});

describe('formatSummary', () => {
  const summaries = [machine(1), machine(2, { incarnations: 2, stopped: false }), machine(3, { incarnations: 0 })];

  test('without a width, or when it fits, one table', () => {
    const whole = formatSummary(summaries);
    expect(whole.split('\n')[0]).toBe('machine  rate  ticks  final clock  max queue       end queue  max lag ms  incarnations');
    expect(formatSummary(summaries, 200)).toBe(whole);
  });

  test('narrower than its lines: two tables, the second repeating the machine column, nothing over the width', () => {
    const lines = formatSummary(summaries, 60).split('\n');
    expect(lines).toEqual([
      'machine  rate  ticks  final clock',
      '      1     2    120          240',
      '      2     2    120          240',
      '      3     2  not started',
      '',
      'machine  max queue       end queue  max lag ms  incarnations',
      '      1          3               0         1.3             1',
      '      2          3  no stop record         1.3             2',
      '      3',
    ]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60);
  });

  test('max lag ms: every machine to 0.1 ms, whatever its stop record holds; a rate as given', () => {
    const lags = [71.9, 68.421, 0.86].map((maxLagMs, i) => machine(i + 1, { maxLagMs, rate: [0.001, 3.48, 6][i]! }));
    const rows = formatSummary(lags).split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => [r[1], r.at(-1)])).toEqual([['0.001', '71.9'], ['3.48', '68.4'], ['6', '0.9']]);
  });

  test('frames a full queue refused: a refused column, only in a run where some were', () => {
    const full = formatSummary([machine(1), machine(2, { refused: 217_922, maxQueue: 1_000_000, endQueue: 1_000_000 })]).split('\n');
    expect(full).toEqual([
      'machine  rate  ticks  final clock  max queue  end queue  refused (queue full)  max lag ms',
      '      1     2    120          240          3          0                     0         1.3',
      '      2     2    120          240  1,000,000  1,000,000               217,922         1.3',
    ]);
    expect(formatSummary([machine(1)])).not.toContain('refused');
  });
});
