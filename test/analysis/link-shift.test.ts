// Runs of pairs shifted by one on a link: a missing or doubled send or receive is told apart by the way the clocks are
// shifted and by which log breaks its tick numbering just before; wrong clocks get no note.
import { LinkShifts } from '../../src/analysis/link-shift.js';

/**
 * Feeds FIFO pairs of these send clocks and receive clocks on the link 1 -> 2 (pair i: both records on line 10 + i of
 * their logs, machine-1.jsonl and machine-2.jsonl) and returns the notes; `breaks`: per machine, the lines where its
 * log breaks its tick numbering.
 */
function notes(sends: number[], receives: number[], breaks: Record<number, number[]> = {}): string[] {
  const log = (file: string) => breaks[Number(/machine-(\d+)/.exec(file)![1])] ?? [];
  const shifts = new LinkShifts((file, after, upTo) => log(file).some((line) => line > after && line <= upTo));
  const link = { from: 1, to: 2, incarnation: 1 };
  const n = Math.min(sends.length, receives.length);
  for (let i = 0; i < n; i++) {
    shifts.pair(link, sends[i]!, { file: 'machine-1.jsonl', line: 10 + i }, receives[i]!, { file: 'machine-2.jsonl', line: 10 + i }, i + 1);
  }
  shifts.finish();
  return shifts.notes;
}

const clocks = [1, 4, 7, 9, 12, 15, 20];
const without = (list: number[], clock: number) => list.filter((c) => c !== clock);

describe('LinkShifts', () => {
  test("a send missing from the sender's log, which skips a tick there: the note names it and where the run begins", () => {
    // Send 7 missing: the third pair is send 9 (line 12) with receive 7; machine 1's log breaks at line 12.
    expect(notes(without(clocks, 7), clocks, { 1: [12] })).toEqual([
      "link-clock: 4 receives in a row at machine 2 from machine 1 (#3 to #6, the first at machine-2.jsonl:12) are shifted by one: " +
        "each after the first carries the clock of the send paired before it, as one send missing from machine 1's log would make them, " +
        'and that log breaks its tick numbering at or just before the first; these 4 link-clock violations may have that one cause',
    ]);
  });

  test("a receive missing from the receiver's log: each receive carries the clock of the send paired after it", () => {
    const [note] = notes(clocks, without(clocks, 7), { 2: [12] });
    expect(note).toContain('4 receives in a row at machine 2 from machine 1 (#3 to #6, the first at machine-2.jsonl:12)');
    expect(note).toContain("each but the last carries the clock of the send paired after it, as one receive missing from machine 2's log would make them");
  });

  test('the cause is named from the log that breaks: a receive logged twice, or a send', () => {
    const twice = (list: number[], clock: number) => list.flatMap((c) => (c === clock ? [c, c] : [c]));
    expect(notes(clocks, twice(clocks, 7), { 2: [13] })[0]).toContain("as one receive logged twice in machine 2's log would make them");
    expect(notes(twice(clocks, 7), clocks, { 1: [13] })[0]).toContain("as one send logged twice in machine 1's log would make them");
    expect(notes(without(clocks, 7), clocks, { 1: [12], 2: [12] })[0]).toContain(
      "as one send missing from machine 1's log or one receive logged twice in machine 2's log would make them, and both logs break their tick numbering",
    );
  });

  test('no note without a break just before the run: none at all (a sender whose frames carry its clock + 1), or one elsewhere', () => {
    expect(notes([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7])).toEqual([]);
    expect(notes(without(clocks, 7), clocks)).toEqual([]);
    // A break after the run began, or before the pair ahead of it.
    expect(notes(without(clocks, 7), clocks, { 1: [14] })).toEqual([]);
    expect(notes(without(clocks, 7), clocks, { 1: [11] })).toEqual([]);
  });

  test('wrong clocks that are not shifted one way get no note, whatever the logs break', () => {
    const all = { 1: [10, 11, 12, 13, 14, 15, 16], 2: [10, 11, 12, 13, 14, 15, 16] };
    expect(notes(clocks, [1, 5, 8, 10, 13, 15, 20], all)).toEqual([]);
    expect(notes(clocks, [1, 4, 14, 16, 18, 15, 20], all)).toEqual([]);
  });

  test('under three shifted pairs in a row, no note', () => {
    // Send 15 missing: receive 15 pairs with send 20, and only receive 20 (no send left) would follow.
    expect(notes(without(clocks, 15), clocks, { 1: [15] })).toEqual([]);
  });

  test('a missing receive after a missing send puts the pairs back in step: one note, for the run between them', () => {
    const sends = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    // Send 2 missing (machine 1 breaks at line 11), then receive 8 (machine 2 breaks at line 16): pair 8 matches again.
    const receives = without(sends, 8);
    const got = notes(without(sends, 2), receives, { 1: [11], 2: [16] });
    expect(got.map((n) => n.slice(0, n.indexOf(')') + 1))).toEqual([
      'link-clock: 6 receives in a row at machine 2 from machine 1 (#2 to #7, the first at machine-2.jsonl:11)',
    ]);
    expect(got[0]).toContain("one send missing from machine 1's log");
  });
});
