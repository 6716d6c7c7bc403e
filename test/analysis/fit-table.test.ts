// Tables split to fit a terminal's width: groups kept together, the key columns repeated, nothing lost.
import { fitKeyValues, fitLine, fitTable } from '../../src/analysis/fit-table.js';
import type { Column } from '../../src/analysis/text-table.js';

const columns: Column[] = [
  { header: 'machine', align: 'right' },
  { header: 'ticks', align: 'right', group: 'events' },
  { header: 'send', align: 'right', group: 'events' },
  { header: 'max queue', align: 'right', group: 'queues' },
  { header: 'end queue', align: 'right', group: 'queues' },
];
const rows = [
  ['1', '10', '4', '3', '0'],
  ['2', '200', '40', '12', '1'],
];
const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('fitTable', () => {
  test('without a width, or when it fits: one table', () => {
    const one = fitTable(columns, rows, null);
    expect(one.split('\n')[0]).toBe('machine  ticks  send  max queue  end queue');
    expect(fitTable(columns, rows, 80)).toBe(one);
  });

  test('too wide: one table per group that fits, each starting with the key column', () => {
    const text = fitTable(columns, rows, 30);
    expect(text.split('\n\n')).toEqual([
      'machine  ticks  send\n      1     10     4\n      2    200    40',
      'machine  max queue  end queue\n      1          3          0\n      2         12          1',
    ]);
    expect(longest(text)).toBeLessThanOrEqual(30);
  });

  test('a group too wide on its own is split column by column; consecutive groups share a table when they fit', () => {
    const tables = fitTable(columns, rows, 20).split('\n\n').map((t) => t.split('\n')[0]);
    expect(tables).toEqual(['machine  ticks  send', 'machine  max queue', 'machine  end queue']);
    expect(fitTable(columns, rows, 41).split('\n\n')).toHaveLength(2);
  });

  test('several key columns are all repeated', () => {
    const tables = fitTable(columns, rows, 36, 2).split('\n\n').map((t) => t.split('\n')[0]);
    expect(tables).toEqual(['machine  ticks  send', 'machine  ticks  max queue  end queue']);
  });
});

describe('fitKeyValues and fitLine', () => {
  const kv = [
    ['messages', 'sent 9, received 9, left in queues 0'],
    ['vector clocks', '27 events, 122 concurrent pairs; 111 of them have different Lamport clocks'],
  ];

  test('values wrap at spaces under the value column; without a width one line each', () => {
    expect(fitKeyValues(kv, null).split('\n')).toHaveLength(2);
    expect(fitKeyValues(kv, 60).split('\n')).toEqual([
      'messages       sent 9, received 9, left in queues 0',
      'vector clocks  27 events, 122 concurrent pairs; 111 of them',
      '               have different Lamport clocks',
    ]);
  });

  test('a heading wraps at spaces', () => {
    expect(fitLine('Run a (logs/a): real, 3 machines', 20)).toBe('Run a (logs/a):\nreal, 3 machines');
    expect(fitLine('Run a (logs/a): real, 3 machines', null)).toBe('Run a (logs/a): real, 3 machines');
  });
});
