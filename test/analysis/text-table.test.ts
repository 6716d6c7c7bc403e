// The analysis tables: shares in percent, and rows that end in a note spanning the columns left.
import { fitTable } from '../../src/analysis/fit-table.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { experimentTable, machineTable, runTable } from '../../src/analysis/summary-rows.js';
import { formatTable, lagText, latencyText, percent, rateText, ratio } from '../../src/analysis/text-table.js';
import { tempDir } from '../helpers/cli.js';
import { secondClaimWarning } from '../../src/net/second-claim.js';

describe('percent', () => {
  test.each([
    [15.234, '15.2%'],
    // One decimal always, as the tables' shares (`7 (70.0%)`): the event mix's labels read as they do.
    [70, '70.0%'],
    [0, '0.0%'],
    // 12,129,621 of 444,837,422,472 pairs: not none, so not '0.0%'.
    [(12_129_621 / 444_837_422_472) * 100, 'under 0.1%'],
    [0.05, '0.1%'],
    [null, '-'],
  ])('%p reads %p', (value, text) => {
    expect(percent(value)).toBe(text);
  });
});

test('a row with fewer cells than columns ends in a note spanning the rest: it widens no column, and stays whole when split', () => {
  const columns = [{ header: 'machine' }, { header: 'rate' }, { header: 'ticks', group: 'a' }, { header: 'clock', group: 'a' }, { header: 'queue', group: 'b' }];
  const rows = [['1', '2', '120', '240', '3'], ['3', '4', 'not started']];
  expect(formatTable(columns, rows).split('\n')).toEqual(['machine  rate  ticks  clock  queue', '1        2     120    240    3', '3        4     not started']);
  expect(fitTable(columns, rows, 30).split('\n')).toEqual([
    'machine  rate  ticks  clock',
    '1        2     120    240',
    '3        4     not started',
    '',
    'machine  queue',
    '1        3',
    '3',
  ]);
});

describe('rates and lags', () => {
  test('a rate keeps its digits (0.001 is not 0); a lag is always to 0.1 ms; thousands grouped', () => {
    expect([0.001, 3.48, 1 / 3, 6, 1_000_000, null].map(rateText)).toEqual(['0.001', '3.48', '0.333333', '6', '1,000,000', '-']);
    expect([71.9, 68.421, 0.86, 0, 4985.123].map(lagText)).toEqual(['71.9', '68.4', '0.9', '0.0', '4,985.1']);
    // The log entries' ratio of a machine at 1,000,000/s beside two at 1/s.
    expect(ratio([318_080, 3, 3])).toBe('106,026.67 : 1 : 1');
  });

  test("analyze's tables show a rate of 0.001 as 0.001", async () => {
    const dir = tempDir('lamport-rate-');
    for (const name of ['machine-1.jsonl', 'machine-2.jsonl']) {
      writeFileSync(join(dir, name), readFileSync(fromRoot('test', 'fixtures', 'analysis', 'basic', name), 'utf8').replace('"rate":2,', '"rate":0.001,'));
    }
    const run = await analyzeRun(dir);
    expect(machineTable(run).rows[0]![1]).toBe('0.001');
    expect(experimentTable({ runs: [run] }).rows[0]![3]).toBe('0.001');
    expect(runTable(run).rows.find((r) => r[0] === 'rates')![1]).toMatch(/^0\.001 : 1 = /);
  });
});

describe('latencies', () => {
  test('read as the other figures do: thousands separators, and seconds from 10,000 ms up', () => {
    expect([0.5, 250, 1234.567, 9999.99, 10_000, 12_345, 999_940, 3_707_000, 3_849_749, null].map(latencyText)).toEqual([
      '0.5 ms', '250 ms', '1,234.57 ms', '9,999.99 ms', '10 s', '12.3 s', '999.9 s', '3,707 s', '3,850 s', '-',
    ]);
  });

  test("analyze's run table (and the report, which shows it) gives a 12,000 s simulation's latencies in seconds", async () => {
    const run = await analyzeRun(fromRoot('test', 'fixtures', 'analysis', 'basic'));
    run.metrics.latency = { ...run.metrics.latency, count: 162_918, p50: 250, p99: 3_707_000, max: 3_981_000 };
    expect(runTable(run).rows.find((r) => r[0] === 'latency')![1]).toBe(
      'p50 250 ms, p99 3,707 s, max 3,981 s, from a send to the tick that takes it off the queue (162,918 sends matched to receives)',
    );
  });
  test('receives logged before their sends (machine 1\'s clock 1.5 s ahead) are counted and blamed on the clocks', async () => {
    const dir = tempDir('lamport-skew-');
    const basic = fromRoot('test', 'fixtures', 'analysis', 'basic');
    const ahead = (text: string) =>
      text.replace(/"time":"([^"]+)"/g, (_all, time: string) => `"time":"${new Date(Date.parse(time) + 1500).toISOString()}"`);
    writeFileSync(join(dir, 'machine-1.jsonl'), ahead(readFileSync(join(basic, 'machine-1.jsonl'), 'utf8')));
    writeFileSync(join(dir, 'machine-2.jsonl'), readFileSync(join(basic, 'machine-2.jsonl'), 'utf8'));
    const row = runTable(await analyzeRun(dir)).rows.find((r) => r[0] === 'latency')![1];
    expect(row).toMatch(/^p50 -\d/);
    expect(row).toMatch(
      /\(2 sends matched to receives\); 2 receives were logged before their sends: the machines' clocks disagree \(on several hosts\?\), or a machine logs a send after its frames went out, so latency is off by that much$/,
    );
    // The fixture as it is: no such note.
    expect(runTable(await analyzeRun(basic)).rows.find((r) => r[0] === 'latency')![1]).not.toMatch(/logged before/);
  });

  test('receives before their sends at a machine that logged a second connection claiming their sender: latency names the claim, then the clocks', async () => {
    const dir = tempDir('lamport-claim-');
    const basic = fromRoot('test', 'fixtures', 'analysis', 'basic');
    const ahead = (text: string) =>
      text.replace(/"time":"([^"]+)"/g, (_all, time: string) => `"time":"${new Date(Date.parse(time) + 1500).toISOString()}"`);
    const [start, ...rest] = readFileSync(join(basic, 'machine-2.jsonl'), 'utf8').split('\n');
    const warn = JSON.stringify({ time: '2026-01-01T00:00:00.500Z', machine: 2, event: 'warn', reason: secondClaimWarning(1, '127.0.0.1:40000') });
    writeFileSync(join(dir, 'machine-2.jsonl'), [start, warn, ...rest].join('\n'));
    const latency = async () => runTable(await analyzeRun(dir)).rows.find((r) => r[0] === 'latency')![1];
    const claimed = "machine 2 logged a second connection claiming machine 1 (a stranger, or a second copy of it), whose frames may pair with machine 1's sends";
    // No receive before its send: the claim alone is no sign (a restarted machine's new connection is one for a while).
    writeFileSync(join(dir, 'machine-1.jsonl'), readFileSync(join(basic, 'machine-1.jsonl'), 'utf8'));
    expect(await latency()).toMatch(/\(2 sends matched to receives\)$/);
    writeFileSync(join(dir, 'machine-1.jsonl'), ahead(readFileSync(join(basic, 'machine-1.jsonl'), 'utf8')));
    expect(await latency()).toContain(`; 2 receives were logged before their sends: ${claimed}; or the machines' clocks disagree (on several hosts?), or a machine logs a send after its frames went out, so latency is off by that much`);
    // A claim at the other end (machine 1 claiming machine 2, whose frames to it pair with nothing early) is not named.
    const [start1, ...rest1] = ahead(readFileSync(join(basic, 'machine-1.jsonl'), 'utf8')).split('\n');
    const other = JSON.stringify({ time: '2026-01-01T00:00:01.600Z', machine: 1, event: 'warn', reason: secondClaimWarning(2, '127.0.0.1:40001') });
    writeFileSync(join(dir, 'machine-1.jsonl'), [start1, other, ...rest1].join('\n'));
    writeFileSync(join(dir, 'machine-2.jsonl'), readFileSync(join(basic, 'machine-2.jsonl'), 'utf8'));
    expect(await latency()).toMatch(/; 2 receives were logged before their sends: the machines' clocks disagree \(on several hosts\?\), or a machine logs a send after its frames went out, so latency is off by that much$/);
  });
});

describe('cells of letters that take two terminal columns', () => {
  test('a run named in CJK letters pads to the same column as one in ASCII and one with accents', () => {
    const text = formatTable([{ header: 'run' }, { header: 'ticks', align: 'right' }], [['run-b', '18'], ['ünïcode-c', '6'], ['実験-一', '15']]);
    // 実験-一 is 5 characters but 7 columns wide: 2 spaces bring it to ünïcode-c's 9, then the 2 between columns.
    expect(text.split('\n')).toEqual(['run        ticks', 'run-b         18', 'ünïcode-c      6', '実験-一       15']);
  });
});
