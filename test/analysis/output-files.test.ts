// analyze's --report and --shiviz as a user runs them: someone else's file is refused untouched, its own outputs are replaced.
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { SHIVIZ_HEADER } from '../../src/analysis/shiviz.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { runScript, script, tempDir } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { waitUntil } from '../helpers/wait.js';

const run = fromRoot('test', 'fixtures', 'analysis', 'basic');
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('npm run analyze: output files', () => {
  test.each(['--report', '--shiviz'])('%s onto an existing file analyze did not write: one line, exit 2, the file untouched', async (option) => {
    const dir = tempDir('lamport-outputs-');
    const file = join(dir, 'README.md');
    writeFileSync(file, '# notes\n\nnot a report\n');
    const { stdout, stderr, exitCode } = await runScript('analyze', [run, option, file]);
    expect([exitCode, stdout, stderr]).toEqual([2, '', `analyze: error: ${option} ${file} exists and analyze did not write it; choose another file (or remove it first)`]);
    expect(readFileSync(file, 'utf8')).toBe('# notes\n\nnot a report\n');
  });

  test('an HTML file that is not our report is refused too, and checked before the ShiViz log is written', async () => {
    const dir = tempDir('lamport-outputs-');
    const page = join(dir, 'page.html');
    writeFileSync(page, '<!doctype html>\n<title>my page</title>\n');
    const shiviz = join(dir, 'new', 'run.log');
    const { exitCode, stderr } = await runScript('analyze', [run, '--shiviz', shiviz, '--report', page]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: --report ${page} exists and analyze did not write it; choose another file (or remove it first)`]);
    expect(readFileSync(page, 'utf8')).toBe('<!doctype html>\n<title>my page</title>\n');
    expect(() => readFileSync(shiviz)).toThrow(/ENOENT/);
  });

  test('its own report and ShiViz log are replaced when analyze runs again with the same paths, and an empty file is fine', async () => {
    const dir = tempDir('lamport-outputs-');
    const report = join(dir, 'report.html');
    const shiviz = join(dir, 'run.log');
    writeFileSync(report, '');
    for (let i = 0; i < 2; i++) {
      const { stdout, stderr, exitCode } = await runScript('analyze', [run, '--report', report, '--shiviz', shiviz]);
      expect([exitCode, stderr]).toEqual([0, '']);
      expect(lines(stdout as string).slice(-2)).toEqual([`ShiViz log: ${shiviz}`, `report: ${report}`]);
    }
    expect(readFileSync(report, 'utf8')).toContain('<meta name="generator" content="lamport-lab analyze">');
    expect(lines(readFileSync(shiviz, 'utf8'))).toHaveLength(1 + 12 * 2);
  });

  test('a report written before the generator tag was added (same title) is replaced too', async () => {
    const dir = tempDir('lamport-outputs-');
    const report = join(dir, 'report.html');
    writeFileSync(report, '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>lamport-lab report: basic</title>\n</head>\n');
    const { exitCode, stderr } = await runScript('analyze', [run, '--report', report]);
    expect([exitCode, stderr]).toEqual([0, '']);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
  });

  test('--report and --shiviz naming the same file: one line, exit 2, nothing written', async () => {
    const dir = tempDir('lamport-outputs-');
    const file = join(dir, 'out', 'x.html');
    const { stdout, stderr, exitCode } = await runScript('analyze', [run, '--report', file, '--shiviz', join(dir, 'out', '..', 'out', 'x.html')]);
    expect([exitCode, stdout, stderr]).toEqual([2, '', `analyze: error: --report and --shiviz name the same file (${file}); give each its own file`]);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  test.each([
    ['--shiviz', 'report.html', '--report', 'an HTML report analyze wrote, not a ShiViz log'],
    ['--report', 'run.log', '--shiviz', 'a ShiViz log analyze wrote, not an HTML report'],
  ])('%s onto analyze\'s other kind of output (%s): one line, exit 2, the file untouched', async (option, name, other, what) => {
    const dir = tempDir('lamport-outputs-');
    const file = join(dir, name);
    expect((await runScript('analyze', [run, other, file])).exitCode).toBe(0);
    const before = readFileSync(file, 'utf8');
    const { stdout, stderr, exitCode } = await runScript('analyze', [run, option, file]);
    expect([exitCode, stdout, stderr]).toEqual([2, '', `analyze: error: ${option} ${file} is ${what}; choose another file (or remove it first)`]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test.each(['--report', '--shiviz'])('%s where no file can be made (/proc): one clear line before anything is read, exit 2', async (option) => {
    const file = '/proc/lamport-lab-analyze-output';
    const { stdout, stderr, exitCode } = await runScript('analyze', [run, 'no-such-run-folder', option, file]);
    expect([exitCode, stdout, stderr]).toEqual([2, '', `analyze: error: cannot write ${option} ${file}: files cannot be made there`]);
  });

  test('trying the output file leaves nothing behind when the analysis then fails', async () => {
    const dir = tempDir('lamport-outputs-');
    const report = join(dir, 'report.html');
    const { exitCode } = await runScript('analyze', [join(dir, 'no-such-run'), '--report', report]);
    expect(exitCode).toBe(2);
    expect(existsSync(report)).toBe(false);
  });

  test('Ctrl+C during a ShiViz export leaves the earlier export as it was and no partial file: one line, exit 130', async () => {
    const dir = tempDir('lamport-outputs-');
    const big = join(dir, 'big');
    // About 300,000 records: seconds of reading, long enough to be stopped partway.
    expect((await runScript('simulate', ['-r', '100,100,100', '-d', '1000', '-s', '3', '-q', '-l', big])).exitCode).toBe(0);
    const shiviz = join(dir, 'run.log');
    const earlier = await runScript('analyze', [run, '--shiviz', shiviz]);
    expect(earlier.exitCode).toBe(0);
    const before = readFileSync(shiviz, 'utf8');
    const child = runScript('analyze', [big, '--shiviz', shiviz]);
    // Written beside it until complete: there once the logs are being read (and the stop handlers are in place).
    await waitUntil(() => existsSync(join(dir, '.run.log.partial')), 'the export to begin');
    child.kill('SIGINT');
    const r = await child;
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([130, '', `analyze: interrupted while reading the logs; nothing written (${shiviz} is the earlier export, as it was)`]);
    expect(readFileSync(shiviz, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['big', 'run.log']);
  });

  test('--shiviz onto a symbolic link (as /dev/stdout is one) writes through it: the link stays a link, its file gets the log', async () => {
    const dir = tempDir('lamport-outputs-');
    const target = join(dir, 'kept', 'run.log');
    mkdirSync(join(dir, 'kept'));
    writeFileSync(target, '');
    const link = join(dir, 'run.log');
    symlinkSync(target, link);
    const { exitCode, stdout } = await runScript('analyze', [run, '--shiviz', link]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`ShiViz log: ${link}`);
    // A rename onto the path would have replaced the link with a regular file (and /dev/stdout, machine-wide).
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8').startsWith(SHIVIZ_HEADER)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['kept', 'run.log']);
  });

  test('--report onto a symbolic link to /dev/full: one line, exit 2, and the link and the device stay as they were', async () => {
    // A failed write used to remove the path it was given: the link here, /dev/full itself given directly (as root).
    const dir = tempDir('lamport-outputs-');
    const link = join(dir, 'report.html');
    symlinkSync('/dev/full', link);
    const { exitCode, stderr } = await runScript('analyze', [run, '--report', link]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: cannot write --report ${link}: no space left on the disk`]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  test('a report that cannot be written whole (ulimit -f) leaves the earlier report as it was and no partial file', async () => {
    const dir = tempDir('lamport-outputs-');
    const report = join(dir, 'report.html');
    expect((await runScript('analyze', [run, '--report', report])).exitCode).toBe(0);
    const earlier = `${readFileSync(report, 'utf8')}<!-- the earlier report -->\n`;
    writeFileSync(report, earlier);
    // 16 KB at most per file: the report is larger. bash sets the limit, then becomes analyze.
    const limited = spawnSync('bash', ['-c', `ulimit -f 16 && exec "$0" "$@"`, process.execPath, script('analyze'), run, '--report', report], { encoding: 'utf8' });
    expect([limited.status, limited.stderr]).toEqual([2, `analyze: error: cannot write --report ${report}: file too large (over the limit on file size, ulimit -f)\n`]);
    expect(readFileSync(report, 'utf8')).toBe(earlier);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  test('a link planted under the hidden partial names is not written through: the files they point to stay as they were', async () => {
    const dir = tempDir('lamport-outputs-');
    const target = join(dir, 'precious.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(dir, '.report.html.partial'));
    symlinkSync(target, join(dir, '.run.log.partial'));
    const r = await runScript('analyze', [run, '--report', join(dir, 'report.html'), '--shiviz', join(dir, 'run.log')]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(dir, 'run.log'), 'utf8').startsWith(SHIVIZ_HEADER)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['precious.txt', 'report.html', 'run.log']);
  });

  test('an earlier report in a folder that takes no new file (only its own file writable) is written in place', async () => {
    const dir = tempDir('lamport-outputs-');
    const report = join(dir, 'report.html');
    expect((await runScript('analyze', [run, '--report', report])).exitCode).toBe(0);
    writeFileSync(report, `${readFileSync(report, 'utf8')}<!-- the earlier report -->\n`);
    const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'no-new-file.mjs')).href;
    const r = await runScript('analyze', [run, '--report', report], { env: { NODE_OPTIONS: `--import ${preload}` } });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(readFileSync(report, 'utf8')).not.toContain('the earlier report');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  test('--shiviz /dev/stdout with stdout redirected to a file (> out.txt): the log, then the tables, neither written over the other', () => {
    const dir = tempDir('lamport-outputs-');
    const out = join(dir, 'out.txt');
    const fd = openSync(out, 'w');
    try {
      const r = spawnSync(process.execPath, [script('analyze'), run, '--shiviz', '/dev/stdout'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect([r.status, r.stderr]).toEqual([0, '']);
    } finally {
      closeSync(fd);
    }
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(SHIVIZ_HEADER)).toBe(true);
    expect(text).toMatch(/\nRun basic \(.*\): simulated, 2 machines,/);
    expect(text.endsWith('ShiViz log: /dev/stdout\n')).toBe(true);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  test('a folder given as the output file: one line, exit 2', async () => {
    const dir = tempDir('lamport-outputs-');
    const { stderr, exitCode } = await runScript('analyze', [run, '--report', dir]);
    expect([exitCode, stderr]).toEqual([2, `analyze: error: --report ${dir} is a folder; give a file name`]);
  });
});
