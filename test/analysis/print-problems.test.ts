// Problems are printed one line each, up to a limit per file; machines that never started, and logs run.json names that
// are not there, are one line per run folder.
import { join } from 'node:path';
import { namedByRunJson, PRINTED_PER_FILE, printProblems, type InputProblem } from '../../src/analysis/problems.js';

const notStarted = (dir: string, id: number): InputProblem => ({
  kind: 'not-started',
  file: join(dir, `machine-${id}.jsonl`),
  message: 'not started (run.json: the run was stopped first); read without it',
});

function sink(): { lines: string[]; report: ReturnType<typeof printProblems> } {
  const lines: string[] = [];
  return { lines, report: printProblems('check: ', (line) => lines.push(line)) };
}

describe('printProblems', () => {
  test('the machines of a run that never started: one line naming them, once reported', async () => {
    const { lines, report } = sink();
    for (const id of [5, 6, 7, 9]) report(notStarted('logs/a', id));
    report(notStarted('logs/b', 2));
    await Promise.resolve();
    expect(lines).toEqual([
      'check: logs/a: machines 5-7, 9 not started (run.json: the run was stopped first); read without them\n',
      // One machine alone: the folder named too, not a file that was never written.
      'check: logs/b: machine 2 not started (run.json: the run was stopped first); read without it\n',
    ]);
  });

  test('logs run.json names but the folder lacks: one line naming the machines; a log a record names, its own line', async () => {
    const { lines, report } = sink();
    for (let id = 4; id <= 2000; id++) report({ kind: 'missing-file', file: join('logs/a', `machine-${id}.jsonl`), message: namedByRunJson(id) });
    report({ kind: 'missing-file', file: 'logs/a/machine-7000.jsonl', message: 'missing (machine 1 names machine 7000 as a peer); read without it' });
    await Promise.resolve();
    expect(lines).toEqual([
      'check: logs/a/machine-7000.jsonl: missing (machine 1 names machine 7000 as a peer); read without it\n',
      'check: logs/a: no log of machines 4-2000 (run.json names them); read without them\n',
    ]);
  });

  test("a file's problems past the limit are counted in one line", () => {
    const { lines, report } = sink();
    for (let line = 1; line <= PRINTED_PER_FILE + 5; line++) report({ kind: 'invalid', file: 'm.jsonl', line, message: 'not valid JSON; line skipped' });
    expect(lines).toHaveLength(PRINTED_PER_FILE + 1);
    expect(lines[0]).toBe('check: m.jsonl:1: not valid JSON; line skipped\n');
    expect(lines.at(-1)).toBe(`check: m.jsonl: more problems; only the first ${PRINTED_PER_FILE} are shown\n`);
  });
});
