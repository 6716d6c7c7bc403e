// The table simulate prints: start-all's layout, an overflow column only when needed, long tables cut in the middle.
import { simulatedMachineTable } from '../../src/sim/summary.js';
import type { SimMachineSummary } from '../../src/sim/simulation.js';

const machine = (id: number, overflow = 0): SimMachineSummary => ({ id, rate: id / 2, ticks: id * 10, clock: 100 + id, maxQueue: id % 4, endQueue: id % 3, overflow });

describe('simulatedMachineTable', () => {
  it('lists every machine of a short run under start-all\'s column names', () => {
    expect(simulatedMachineTable([1, 2, 3].map((id) => machine(id))).split('\n')).toEqual([
      'machine  rate  ticks  final clock  max queue  end queue',
      '      1   0.5     10          101          1          1',
      '      2     1     20          102          2          2',
      '      3   1.5     30          103          3          0',
    ]);
  });

  it("adds start-all's refused column when a queue refused messages", () => {
    const lines = simulatedMachineTable([machine(1), machine(2, 7)]).split('\n');
    expect(lines[0]).toMatch(/end queue {2}refused \(queue full\)$/);
    expect(lines[2]).toMatch(/^ +2 +1 +20 +102 +2 +2 +7$/);
  });

  it('keeps the first and last 15 rows of a long table and says how many are hidden', () => {
    const lines = simulatedMachineTable(Array.from({ length: 100 }, (_, i) => machine(i + 1))).split('\n');
    expect(lines).toHaveLength(32);
    expect(lines[15]!.trimStart().startsWith('15 ')).toBe(true);
    expect(lines[16]).toBe('... 70 more machines (see run.json and the logs)');
    expect(lines[17]!.trimStart().startsWith('86 ')).toBe(true);
    expect(lines[31]!.trimStart().startsWith('100 ')).toBe(true);
  });
});
