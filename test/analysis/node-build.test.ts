// The start records' node and jitless fields through the real analyze and check CLIs: the run table's `node` row,
// --json's per-machine values, and a field of the wrong type named and read as absent.
import { runScript } from '../helpers/cli.js';
import { editedRun } from './helpers/edited-run.js';

/** A run whose start records say `fields` (per machine; none for a machine left out), as a real machine's would. */
const runWith = (fields: Record<number, string>): string =>
  editedRun('lamport-node-', (line, id) => (fields[id] !== undefined && line.includes('"event":"start"') ? line.replace(/}$/, `,${fields[id]}}`) : line));

const jitless = '"node":"v20.1.0","jitless":true';

describe('the node row of analyze', () => {
  test('one line when every machine ran the same way', async () => {
    const r = await runScript('analyze', [runWith({ 1: jitless, 2: jitless, 3: jitless })]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^node +v20\.1\.0, jitless \(V8's compilers off\)$/m);
  });

  test('grouped by machine when they differ: by hand, start-all, or a log from before the fields', async () => {
    const r = await runScript('analyze', [runWith({ 1: jitless, 2: '"node":"v20.1.0","jitless":false' })]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^node +v20\.1\.0, jitless \(V8's compilers off\) for machine 1; v20\.1\.0, with V8's compilers for machine 2; not recorded for machine 3$/m);
  });

  test('no row when no start record says (a simulated run, or logs written before the fields); --json gives null', async () => {
    const dir = runWith({});
    const text = await runScript('analyze', [dir]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('vector clocks');
    expect(text.stdout).not.toMatch(/^node /m);
    const json = await runScript('analyze', ['--json', runWith({ 2: jitless })]);
    const machines = JSON.parse(String(json.stdout)).runs[0].machines as { machine: number; node: unknown; jitless: unknown }[];
    expect(machines.map((m) => [m.machine, m.node, m.jitless])).toEqual([[1, null, null], [2, 'v20.1.0', true], [3, null, null]]);
  });
});

describe('a node or jitless field of the wrong type (another tool wrote it)', () => {
  test('check names it as an ignored setting, a warning; analyze reads it as absent', async () => {
    const dir = runWith({ 2: '"node":20,"jitless":"yes"' });
    const file = `${dir}/machine-2.jsonl`;
    const check = await runScript('check', [dir]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain(
      'start-record settings ignored: 2 (a warning, not a violation: not of their type, read as absent)\n' +
        `  - ${file}:1: start record: 'node' should be a string, is 20; ignored (analysed as if absent)\n` +
        `  - ${file}:1: start record: 'jitless' should be true or false, is the string "yes"; ignored (analysed as if absent)\n`,
    );
    expect(check.stdout).toContain('OK: every rule holds.');
    const json = await runScript('analyze', ['--json', dir]);
    const run = JSON.parse(String(json.stdout)).runs[0];
    expect(run.machines[1]).toMatchObject({ machine: 2, node: null, jitless: null });
    expect(run.problems.map((p: { kind: string }) => p.kind)).toEqual(['ignored-setting', 'ignored-setting']);
  });
});
