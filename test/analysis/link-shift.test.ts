// Runs of mismatched pairs on a link: a missing send or receive is told apart by how the clocks are shifted.
import { LinkShifts } from '../../src/analysis/link-shift.js';

/**
 * Feeds FIFO pairs of these send clocks and receive clocks on the link 1 -> 2 and returns the notes; `broken`: the
 * machines whose logs break their tick numbering.
 */
function notes(sends: number[], receives: number[], broken = [1, 2]): string[] {
  const shifts = new LinkShifts((machine) => broken.includes(machine));
  const n = Math.min(sends.length, receives.length);
  const link = { from: 1, to: 2, incarnation: 1 };
  for (let i = 0; i < n; i++) shifts.pair(link, sends[i]!, receives[i]!, i + 1, { file: 'machine-2.jsonl', line: 10 + i });
  shifts.finish();
  return shifts.notes;
}

const clocks = [1, 4, 7, 9, 12, 15, 20];
const without = (list: number[], clock: number) => list.filter((c) => c !== clock);

describe('LinkShifts', () => {
  test('a send missing from the sender\'s log: each later receive carries the clock of the send paired before it', () => {
    expect(notes(without(clocks, 7), clocks, [1])).toEqual([
      "link-clock: 4 receives in a row at machine 2 from machine 1 (#3 to #6, the first at machine-2.jsonl:12) carry clocks other than their sends': " +
        "each after the first carries the clock of the send paired before it, as one send missing from machine 1's log (or one receive logged twice) just before the first would make them, " +
        "and machine 1's log breaks its tick numbering; these 4 violations may have that one cause",
    ]);
  });

  test('a receive missing from the receiver\'s log: each receive carries the clock of the send paired after it', () => {
    const [note] = notes(clocks, without(clocks, 7));
    expect(note).toContain('4 receives in a row at machine 2 from machine 1 (#3 to #6, the first at machine-2.jsonl:12)');
    expect(note).toContain("each but the last carries the clock of the send paired after it, as one receive missing from machine 2's log");
  });

  test('wrong clocks that do not shift the pairs: no note under three in a row, a plain one past it', () => {
    expect(notes(clocks, [1, 5, 7, 10, 12, 16, 20])).toEqual([]);
    expect(notes(clocks, [1, 5, 8, 9, 12, 16, 20])).toEqual([]);
    const [note] = notes(clocks, [1, 5, 8, 10, 13, 15, 20]);
    expect(note).toContain('4 receives in a row at machine 2 from machine 1 (#2 to #5');
    expect(note).toContain('a send or receive missing from a log, or lines out of order, would shift every later pair');
  });

  test('neither log breaks its tick numbering: no note, however the clocks are shifted (a sender whose frames carry its clock + 1)', () => {
    expect(notes(clocks, clocks.map((c) => c + 1), [])).toEqual([]);
    expect(notes([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7], [])).toEqual([]);
    expect(notes([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7], [2])[0]).toContain("and machine 2's log breaks its tick numbering;");
    expect(notes(without(clocks, 7), clocks)[0]).toContain('and the logs of machines 1 and 2 break their tick numbering;');
  });

  test('a matching pair ends a run: two shifts on one link are two notes', () => {
    const sends = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const receives = [1, 3, 4, 5, 6, 6, 7, 9, 10, 11, 12, 12];
    expect(notes(sends, receives).map((n) => n.slice(0, n.indexOf(')') + 1))).toEqual([
      'link-clock: 4 receives in a row at machine 2 from machine 1 (#2 to #5, the first at machine-2.jsonl:11)',
      'link-clock: 4 receives in a row at machine 2 from machine 1 (#8 to #11, the first at machine-2.jsonl:17)',
    ]);
  });
});
