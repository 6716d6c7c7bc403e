// Run and output folders: a named run folder is created, or reused only when it is empty; a stamped one is always new, and
// a folder that cannot be made is one line in words.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { claimNewRunFolder, claimRunFolder } from '../../src/log/claim-run-folder.js';
import { makeFolder } from '../../src/log/make-folder.js';

describe('claimRunFolder', () => {
  test('creates a missing folder with its parents, and accepts an existing one that is empty but for hidden files', () => {
    const dir = tempDir();
    expect(claimRunFolder(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
    expect(readdirSync(join(dir, 'a'))).toEqual(['b']);
    writeFileSync(join(dir, 'a', 'b', '.gitkeep'), '');
    expect(claimRunFolder(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
  });

  test('refuses a folder that holds other files or folders (`-l /`, `-l examples`), naming a few, and writes nothing', () => {
    const dir = tempDir();
    for (const name of ['notes.txt', 'b.json', 'c.json', 'd.json']) writeFileSync(join(dir, name), 'mine\n');
    mkdirSync(join(dir, 'sub'));
    expect(() => claimRunFolder(dir)).toThrow(
      expect.objectContaining({ exitCode: 2, message: `${dir} is not empty (it holds b.json, c.json, d.json and 2 more); --log-dir names a run's own folder: choose a new or empty one` }),
    );
    expect(readdirSync(dir).sort()).toEqual(['b.json', 'c.json', 'd.json', 'notes.txt', 'sub']);
    expect(() => claimRunFolder('/')).toThrow(/^\/ is not empty \(it holds .+\); --log-dir names a run's own folder: choose a new or empty one$/);
  });

  test.each(['run.json', 'machine-3.log', 'machine-12.jsonl'])('refuses a folder holding %s', (name) => {
    const dir = tempDir();
    writeFileSync(join(dir, name), '');
    expect(() => claimRunFolder(dir)).toThrow(`${dir} already holds a run (${name}); choose another --log-dir`);
  });

  test("refuses the folder the stamped run folders go in (logs/), even before it holds one or exists, and names every run folder of one that has them", () => {
    const logs = join(tempDir(), 'logs');
    const refused = `${logs} is where runs get their folders of their own (${join(logs, '<stamp>-<seed>')}); --log-dir names a run's own folder: choose a new one, such as ${join(logs, 'demo')}`;
    expect(() => claimRunFolder(logs, logs)).toThrow(refused);
    expect(existsSync(logs)).toBe(false);
    mkdirSync(logs);
    writeFileSync(join(logs, '.gitkeep'), '');
    expect(() => claimRunFolder(`${logs}/`, logs)).toThrow(refused.replace(`${logs} is`, `${logs}/ is`));
    expect(readdirSync(logs)).toEqual(['.gitkeep']);
    // Any other folder holding run folders (logs/ of another checkout) names them all.
    for (const run of ['sim-a', 'sim-b']) {
      mkdirSync(join(logs, run));
      writeFileSync(join(logs, run, 'run.json'), '{}\n');
    }
    expect(() => claimRunFolder(logs)).toThrow(`${logs} holds run folders (sim-a/ and sim-b/); --log-dir names a run's own folder: choose a new one, such as ${join(logs, 'demo')}`);
    // A folder named logs that is not where this run's stamped folders go is only a name: taken, as any empty folder.
    const plain = join(tempDir(), 'logs');
    mkdirSync(plain);
    expect(claimRunFolder(plain)).toBe(plain);
  });

  test('a file where the folder or one of its parents should be is a usage error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    for (const target of [join(dir, 'file'), join(dir, 'file', 'run')]) {
      expect(() => claimRunFolder(target)).toThrow(expect.objectContaining({ name: 'UsageError', exitCode: 2, message: `cannot create the run folder ${target}: a file is in the way` }));
    }
  });
});

describe('claimNewRunFolder', () => {
  test('two runs stamped in the same second get the name, then -2, then -3', () => {
    const dir = tempDir();
    const base = join(dir, 'logs', '20261203-040000-7');
    expect([claimNewRunFolder(base), claimNewRunFolder(base), claimNewRunFolder(base)]).toEqual([base, `${base}-2`, `${base}-3`]);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['20261203-040000-7', '20261203-040000-7-2', '20261203-040000-7-3']);
  });

  test('a file in the way of the parent folder is a usage error', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'logs'), '');
    expect(() => claimNewRunFolder(join(dir, 'x', 'logs', 'run'))).toThrow(`cannot create the run folder ${join(dir, 'x', 'logs', 'run')}: a file is in the way`);
  });
});

describe('makeFolder', () => {
  test('makes the missing folders one level at a time, and accepts a folder that is already there', () => {
    const dir = tempDir();
    makeFolder('output folder', join(dir, 'a', 'b', 'c'));
    makeFolder('output folder', join(dir, 'a', 'b', 'c'));
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c']);
  });

  test('a path where folders cannot be made (under /proc) is one line, not a hang', () => {
    expect(() => makeFolder('run folder', '/proc/lamport-nope/run')).toThrow('cannot create the run folder /proc/lamport-nope/run: folders cannot be made there');
  });
});
