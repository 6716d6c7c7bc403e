// The machine's startup snapshot (what start-all runs): chosen only when this Node built it, and it behaves as the bundle does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { JIT_BUILD, JITLESS_BUILD, MACHINE_BUNDLE, machineLaunchArgs, snapshotVersionFile, type MachineBuild } from '../../src/runner/machine-script.js';
import { trackChild } from '../helpers/children.js';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { readLog } from '../helpers/run-logs.js';
import type { StopRecord } from '../../src/core/records.js';

/** The two builds as `npm run build` made them (src's own paths point beside src, not into dist). */
const builtJit: MachineBuild = { ...JIT_BUILD, blob: fromRoot('dist', 'bundle', 'machine.blob') };
const builtJitless: MachineBuild = { ...JITLESS_BUILD, blob: fromRoot('dist', 'bundle', 'machine-jitless.blob') };
const builds: [string, MachineBuild][] = [
  ['with V8 compilers', builtJit],
  ['jitless', builtJitless],
];

/** Runs a machine from a built snapshot, as start-all does, to its end. */
const runFromSnapshot = (build: MachineBuild, args: string[], cwd?: string) =>
  trackChild(execa(process.execPath, [...machineLaunchArgs(build), ...args], { reject: false, stdin: 'ignore', cwd }));

describe('machineLaunchArgs', () => {
  const fakeBlob = (builtBy?: string, withBlob = true): string => {
    const dir = tempDir();
    const blob = join(dir, 'machine.blob');
    if (withBlob) writeFileSync(blob, 'not really a snapshot');
    if (builtBy) writeFileSync(snapshotVersionFile(blob), `${builtBy}\n`);
    return blob;
  };

  test.each(builds)('uses the snapshot built by this Node (%s), with -- so that the machine options are not taken as Node options', (_name, build) => {
    const blob = fakeBlob('v20.99.0');
    expect(machineLaunchArgs({ ...build, blob }, 'v20.99.0')).toEqual([...build.flags, '--snapshot-blob', blob, '--']);
  });

  test.each([
    ['built by another Node', 'v18.0.0', true],
    ['with no version file', undefined, true],
    ['whose blob is gone', 'v20.99.0', false],
  ])('falls back to the bundle, with the same flags, for a snapshot %s', (_case, builtBy, withBlob) => {
    for (const [, build] of builds) {
      expect(machineLaunchArgs({ ...build, blob: fakeBlob(builtBy, withBlob) }, 'v20.99.0')).toEqual([...build.flags, MACHINE_BUNDLE]);
    }
  });

  test.each(builds)('npm run build made a snapshot for this Node (%s), so start-all and its tests run machines from it', (_name, build) => {
    expect(machineLaunchArgs(build)).toContain(build.blob);
  });
});

describe.each(builds)('a machine started from the snapshot (%s)', (_name, build) => {
  test.each([[['--help']], [['--version']], [['1', '--bogus']], [['1', '--rate', 'abc']], [['-p', '0.5']], [['1', '--config', 'none.json']]])(
    'answers %p exactly as the bundle does',
    async (args) => {
      const [snap, bundle] = await Promise.all([runFromSnapshot(build, args), runScript('machine', args)]);
      expect({ out: snap.stdout, err: snap.stderr, code: snap.exitCode }).toEqual({ out: bundle.stdout, err: bundle.stderr, code: bundle.exitCode });
      // --version names the project's version from the snapshot too (it has no module url to find package.json by).
      expect(snap.stdout + snap.stderr).toMatch(/Usage: machine|error: |^lamport-lab \d+\.\d+\.\d+ /);
    },
  );

  test('runs a real pair of machines: current times, its own working folder, a run the checker passes', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    mkdirSync(join(dir, 'work'));
    const before = Date.now();
    const runs = await Promise.all(
      [1, 2].map((id) => runFromSnapshot(build, [String(id), '-c', config, '--log-dir', 'logs', '--duration', '0.5', '--rate', '20', '--quiet'], join(dir, 'work'))),
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
