// A sweep's journal of finished runs: written whole at the start, a line per run after; a line cut short is left out.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_FILE, readJournal, startJournal } from '../../../src/sweep/journal.js';
import type { RunRow } from '../../../src/sweep/run-point.js';
import type { SweepSpec } from '../../../src/sweep/spec.js';

const spec = { seeds: 2, grid: { durationSeconds: 1 } } as unknown as SweepSpec;
const commits = ['a'.repeat(40), 'b'.repeat(40)];
const row = (run: number): RunRow => ({
  run,
  point: 0,
  seed: run + 1,
  rates: '1/2/3',
  rateRatio: 3,
  metrics: { maxQueue: 1, endQueue: 0, maxJump: 2, jumps: 3, maxDrift: 4, meanDriftWorst: 0.25, clockSpread: 1, messages: 9, refused: 0, lost: 0, dropped: 0, queueGrowth: 0.5 },
});

describe('sweep journal', () => {
  const dirs: string[] = [];
  const tempDir = () => dirs[dirs.push(mkdtempSync(join(tmpdir(), 'journal-'))) - 1]!;
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('holds the spec, the commits and the rows it started from and was given; a last line cut short is left out', () => {
    const out = tempDir();
    const journal = startJournal(out, spec, commits, [row(0)], () => {});
    journal.add([row(1), row(2)]);
    journal.add([]);
    appendFileSync(join(out, JOURNAL_FILE), JSON.stringify(row(3)).slice(0, 20));
    expect(readJournal(out)).toEqual({ spec, commits, rows: [row(0), row(1), row(2)] });
    journal.remove();
    expect(readJournal(out)).toBeUndefined();
  });

  test('a resumed sweep starts a fresh journal with every row so far', () => {
    const out = tempDir();
    startJournal(out, spec, [], [], () => {}).add([row(5)]);
    startJournal(out, spec, [], [row(5), row(6)], () => {});
    expect(readFileSync(join(out, JOURNAL_FILE), 'utf8').split('\n')).toHaveLength(4);
    expect(readJournal(out)?.rows).toEqual([row(5), row(6)]);
  });

  test("an older version's journal, without commits (or with something else there), reads as none", () => {
    const out = tempDir();
    writeFileSync(join(out, JOURNAL_FILE), `${JSON.stringify({ spec })}\n${JSON.stringify(row(0))}\n`);
    expect(readJournal(out)).toEqual({ spec, commits: [], rows: [row(0)] });
    writeFileSync(join(out, JOURNAL_FILE), `${JSON.stringify({ spec, commits: ['not a commit', 7, commits[0]] })}\n`);
    expect(readJournal(out)?.commits).toEqual([commits[0]]);
  });

  test('a journal that cannot be written is said once, and the sweep goes on', () => {
    const warnings: string[] = [];
    const out = join(tempDir(), 'gone');
    const journal = startJournal(out, spec, [], [], (line) => warnings.push(line));
    journal.add([row(0)]);
    expect(warnings).toEqual([`sweep: warning: cannot write ${join(out, JOURNAL_FILE)} (ENOENT): the sweep goes on, but if it is killed outright, --resume cannot take it up\n`]);
  });
});
