// The machine's startup snapshot (what start-all runs): chosen only when this Node built it, and it behaves as the bundle does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { MACHINE_BUNDLE, MACHINE_NODE_FLAGS, machineLaunchArgs, snapshotVersionFile } from '../../src/runner/machine-script.js';
import { trackChild } from '../helpers/children.js';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { readLog } from '../helpers/run-logs.js';
import type { StopRecord } from '../../src/core/records.js';

const builtBlob = fromRoot('dist', 'bundle', 'machine.blob');

/** Runs a machine from the built snapshot, as start-all does, to its end. */
const runFromSnapshot = (args: string[], cwd?: string) =>
  trackChild(execa(process.execPath, [...machineLaunchArgs(builtBlob), ...args], { reject: false, stdin: 'ignore', cwd }));

describe('machineLaunchArgs', () => {
  const fakeBlob = (builtBy?: string, withBlob = true): string => {
    const dir = tempDir();
    const blob = join(dir, 'machine.blob');
    if (withBlob) writeFileSync(blob, 'not really a snapshot');
    if (builtBy) writeFileSync(snapshotVersionFile(blob), `${builtBy}\n`);
    return blob;
  };

  test('uses the snapshot built by this Node, with -- so that the machine options are not taken as Node options', () => {
    const blob = fakeBlob('v20.99.0');
    expect(machineLaunchArgs(blob, 'v20.99.0')).toEqual([...MACHINE_NODE_FLAGS, '--snapshot-blob', blob, '--']);
  });

  test.each([
    ['built by another Node', 'v18.0.0', true],
    ['with no version file', undefined, true],
    ['whose blob is gone', 'v20.99.0', false],
  ])('falls back to the bundle for a snapshot %s', (_case, builtBy, withBlob) => {
    expect(machineLaunchArgs(fakeBlob(builtBy, withBlob), 'v20.99.0')).toEqual([...MACHINE_NODE_FLAGS, MACHINE_BUNDLE]);
  });

  test('npm run build made a snapshot for this Node, so start-all and its tests run machines from it', () => {
    expect(machineLaunchArgs(builtBlob)).toContain(builtBlob);
  });
});

describe('a machine started from the snapshot', () => {
  test.each([[['--help']], [['1', '--bogus']], [['1', '--rate', 'abc']], [['-p', '0.5']], [['1', '--config', 'none.json']]])(
    'answers %p exactly as the bundle does',
    async (args) => {
      const [snap, bundle] = await Promise.all([runFromSnapshot(args), runScript('machine', args)]);
      expect({ out: snap.stdout, err: snap.stderr, code: snap.exitCode }).toEqual({ out: bundle.stdout, err: bundle.stderr, code: bundle.exitCode });
      expect(snap.stdout + snap.stderr).toMatch(/Usage: machine|error: /);
    },
  );

  test('runs a real pair of machines: current times, its own working folder, a run the checker passes', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    mkdirSync(join(dir, 'work'));
    const before = Date.now();
    const runs = await Promise.all(
      [1, 2].map((id) => runFromSnapshot([String(id), '-c', config, '--log-dir', 'logs', '--duration', '0.5', '--rate', '20', '--quiet'], join(dir, 'work'))),
    );
    const after = Date.now();
    expect(runs.map((r) => [r.exitCode, r.stderr])).toEqual([[0, ''], [0, '']]);
    const logs = join(dir, 'work', 'logs');
    for (const id of [1, 2]) {
      const records = readLog(logs, id);
      // Wall times come from the process's own start, not from when the snapshot was built.
      const start = Date.parse(records[0]!.time);
      expect(start).toBeGreaterThanOrEqual(before);
      expect(start).toBeLessThanOrEqual(after);
      expect(records.at(-1)!.event).toBe('stop');
      expect((records.at(-1) as StopRecord).ticks).toBeGreaterThan(0);
    }
    const check = await runScript('check', [logs]);
    expect([check.exitCode, String(check.stdout).trim().split('\n').at(-1)]).toEqual([0, 'OK: every rule holds.']);
  });
});
