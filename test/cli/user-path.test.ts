// Paths on the command line are read from the folder the user typed them in, also when npm runs the script from the
// project root; processes that merely inherit npm's variables keep their paths as given.
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { repoRoot } from '../helpers/repo.js';
import { execa } from 'execa';
import { npmRun, projectPath, userPath } from '../../src/cli/user-path.js';
import { runScript, script, tempDir, writeConfig } from '../helpers/cli.js';

describe('userPath', () => {
  const root = '/project';
  const npmRan = (script: string) => ({ INIT_CWD: '/project/logs', npm_lifecycle_script: script });

  test('the script npm ran reads a relative path from the folder npm was started in', () => {
    expect(userPath('run-1', npmRan('node dist/scripts/check.js'), '/project/dist/scripts/check.js', root)).toBe('/project/logs/run-1');
    expect(userPath('../config.json', npmRan('node --no-memory-reducer dist/bundle/machine.mjs'), '/project/dist/bundle/machine.mjs', root)).toBe(
      '/project/config.json',
    );
  });

  test('absolute paths, npm started in the root, no npm, or a process npm did not run itself: the path as given', () => {
    expect(userPath('/tmp/run', npmRan('node dist/scripts/check.js'), '/project/dist/scripts/check.js', root)).toBe('/tmp/run');
    expect(userPath('run-1', { ...npmRan('node dist/scripts/check.js'), INIT_CWD: root }, '/project/dist/scripts/check.js', root)).toBe('run-1');
    expect(userPath('run-1', {}, '/project/dist/scripts/check.js', root)).toBe('run-1');
    // A machine that start-all spawned, or a CLI a test runs, inherits npm's variables of another script.
    expect(userPath('run-1', npmRan('node dist/scripts/start-all.js'), '/project/dist/bundle/machine.mjs', root)).toBe('run-1');
  });
});

describe('projectPath', () => {
  const root = '/project';
  const npmRan = { INIT_CWD: '/project/logs', npm_lifecycle_script: 'node dist/scripts/simulate.js' };

  test("a path the tool chose is made absolute when npm was started in another folder, so a printed path works there", () => {
    expect(projectPath('logs/sim-1', npmRan, '/project/dist/scripts/simulate.js', root)).toBe('/project/logs/sim-1');
    expect(projectPath('/tmp/run', npmRan, '/project/dist/scripts/simulate.js', root)).toBe('/tmp/run');
    expect(projectPath('logs/sim-1', { ...npmRan, INIT_CWD: root }, '/project/dist/scripts/simulate.js', root)).toBe('logs/sim-1');
    expect(projectPath('logs/sim-1', {}, '/project/dist/scripts/simulate.js', root)).toBe('logs/sim-1');
    expect(projectPath('logs/sim-1', npmRan, '/project/dist/bundle/machine.mjs', root)).toBe('logs/sim-1');
  });
});

describe('npmRun', () => {
  const script = '/project/dist/scripts/sweep.js';
  const npmRan = (from: string) => ({ INIT_CWD: from, npm_lifecycle_script: 'node dist/scripts/sweep.js' });

  test('typed inside the project, `npm run`; typed outside it (npm --prefix), the same --prefix, which works there', () => {
    expect(npmRun('sweep', npmRan('/project'), script, '/project')).toBe('npm run sweep');
    expect(npmRun('sweep', npmRan('/project/logs'), script, '/project')).toBe('npm run sweep');
    expect(npmRun('sweep', {}, script, '/project')).toBe('npm run sweep');
    expect(npmRun('sweep', npmRan('/home/me/study'), script, '/project')).toBe('npm --prefix /project run sweep');
    expect(npmRun('sweep', npmRan('/project-b'), '/my project/dist/scripts/sweep.js', '/my project')).toBe("npm --prefix '/my project' run sweep");
  });
});

describe('npm run from another folder', () => {
  test('the default folders simulate and sweep make are printed so that they can be typed where the user is', async () => {
    // As npm runs a script typed in <root>/logs: from the project root, with INIT_CWD and the script's command line.
    const root = tempDir();
    const sub = join(root, 'logs');
    mkdirSync(sub);
    const asNpm = (name: string) => ({ cwd: root, env: { INIT_CWD: sub, npm_lifecycle_script: `node ${script(name)}` } });
    const sim = await runScript('simulate', ['-d', '1', '-s', '4', '-q'], asNpm('simulate'));
    expect([sim.exitCode, sim.stderr]).toEqual([0, '']);
    const folder = String(sim.stdout);
    expect(isAbsolute(folder)).toBe(true);
    expect(folder).toMatch(new RegExp(`^${join(root, 'logs', 'sim-')}\\d{8}-\\d{6}-seed4$`));
    // The printed folder is what the user types next, in the folder they are in.
    expect((await runScript('check', [folder], { cwd: sub })).exitCode).toBe(0);
    // The project's config.json, when simulate takes it, is named so too.
    writeFileSync(join(root, 'config.json'), JSON.stringify({ machines: { '1': { host: 'h', port: 1 }, '2': { host: 'h', port: 2 } } }));
    const named = await runScript('simulate', ['-d', '1', '-s', '4', '-l', join(root, 'named')], asNpm('simulate'));
    expect(String(named.stdout)).toContain(`; config: ${join(root, 'config.json')}; `);
    writeFileSync(join(root, 'tiny.json'), JSON.stringify({ name: 'tiny', seeds: 2, grid: { durationSeconds: 1 } }));
    const sweep = await runScript('sweep', [join(root, 'tiny.json'), '-q', '--workers', '1'], asNpm('sweep'));
    expect([sweep.exitCode, String(sweep.stdout).startsWith(join(root, 'logs', 'sweep-tiny-'))]).toEqual([0, true]);
  });

  test('--help names the default folders and files absolute too', async () => {
    const root = tempDir();
    const sub = join(root, 'logs');
    mkdirSync(sub);
    const asNpm = (name: string) => ({ cwd: root, env: { INIT_CWD: sub, npm_lifecycle_script: `node ${script(name)}` } });
    const help = async (name: string) => {
      const r = await runScript(name, ['--help'], asNpm(name));
      expect(r.exitCode).toBe(0);
      return String(r.stdout).replace(/\s+/g, ' ');
    };
    const [bench, sweep, startAll, simulate] = await Promise.all(['bench', 'sweep', 'start-all', 'simulate'].map(help));
    expect(bench).toContain(`(default: ${join(root, 'bench', 'results.json')}, or ${join(root, 'bench', 'partial', 'results.json')}`);
    expect(bench).toContain(`(default: ${join(root, 'BENCHMARKS.md')}, or`);
    expect(sweep).toContain(`(default: ${sub}/sweep-<name>-<time>)`);
    expect(startAll).toContain(`(default: a new ${sub}/<YYYYMMDD-HHMMSS>-<seed>/)`);
    expect(startAll).toContain(`(default: "${join(root, 'config.json')}")`);
    expect(simulate).toContain(`(default: a new ${sub}/sim-<time>-seed<seed>)`);
  });

  test('check and analyze find a run folder named relative to where npm was started', async () => {
    const dir = tempDir();
    const sim = await runScript('simulate', ['-d', '2', '-q', '-l', join(dir, 'run')]);
    expect(sim.exitCode).toBe(0);
    const npm = (args: string[]) => execa('npm', ['--prefix', repoRoot, 'run', '-s', ...args], { cwd: dir, reject: false, stdin: 'ignore' });
    const [check, analyze] = await Promise.all([npm(['check', '--', 'run']), npm(['analyze', '--', 'run', '--json'])]);
    expect([check.exitCode, check.stderr]).toEqual([0, '']);
    expect(check.stdout).toContain(`Checked ${join(dir, 'run')}:`);
    expect([analyze.exitCode, JSON.parse(analyze.stdout).runs[0].dir]).toEqual([0, join(dir, 'run')]);
  });

  test('a path option never takes the next option as its value', async () => {
    const dir = tempDir();
    const r = await runScript('analyze', ['no-run', '--report', '--json'], { cwd: dir });
    expect([r.exitCode, r.stderr]).toEqual([2, "analyze: error: option '--report <file>' argument '--json' is invalid. It looks like an option, not a path (a file whose name starts with - is written ./--json)."]);
    const sim = await runScript('simulate', ['-d', '1', '-l', '-q'], { cwd: dir });
    expect(sim.exitCode).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a run named without its logs/ folder, or with it twice: the error says where it is', async () => {
    const dir = tempDir();
    expect((await runScript('simulate', ['-d', '1', '-q', '-l', join(dir, 'logs', 'run')])).exitCode).toBe(0);
    const check = await runScript('check', ['run'], { cwd: dir });
    expect([check.exitCode, check.stderr]).toEqual([2, 'check: error: run: no such run folder (did you mean logs/run?)']);
    // The README's `logs/<run folder>` filled in with the `logs:` line's whole path: logs/ twice.
    const twice = await runScript('check', ['logs/logs/run'], { cwd: dir });
    expect([twice.exitCode, twice.stderr]).toEqual([2, 'check: error: logs/logs/run: no such run folder (did you mean logs/run?)']);
    // Another folder that ends in the same name is not taken for it.
    const elsewhere = await runScript('check', ['somewhere/run'], { cwd: dir });
    expect([elsewhere.exitCode, elsewhere.stderr]).toEqual([2, 'check: error: somewhere/run: no such run folder']);
    // Typed in a subfolder (npm runs the script from the root, the path read from where it was typed): the project's
    // logs/ is looked in too, and named so that it works there.
    mkdirSync(join(dir, 'src'));
    const sub = await runScript('check', ['run'], { cwd: dir, env: { INIT_CWD: join(dir, 'src'), npm_lifecycle_script: `node ${script('check')}` } });
    expect([sub.exitCode, sub.stderr]).toEqual([2, `check: error: ${join(dir, 'src', 'run')}: no such run folder (did you mean ${join(dir, 'logs', 'run')}?)`]);
    // A name with a space: the path meant is quoted, so that it can be pasted into a shell as one word.
    expect((await runScript('simulate', ['-d', '1', '-q', '-l', join(dir, 'logs', 'my run')])).exitCode).toBe(0);
    const spaced = await runScript('check', ['my run'], { cwd: dir });
    expect([spaced.exitCode, spaced.stderr]).toEqual([2, "check: error: my run: no such run folder (did you mean 'logs/my run'?)"]);
  });

  test('a file typed in a subfolder that is at the project root: the error says where it is', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'examples'));
    writeFileSync(join(dir, 'examples', 'faults.json'), '{ "steps": [] }\n');
    const inSrc = (name: string) => ({ cwd: dir, env: { INIT_CWD: join(dir, 'src'), npm_lifecycle_script: `node ${script(name)}` } });
    const sim = await runScript('simulate', ['-d', '1', '-q', '-f', 'examples/faults.json'], inSrc('simulate'));
    expect([sim.exitCode, sim.stderr]).toEqual([
      2,
      `simulate: error: cannot read fault schedule ${join(dir, 'src', 'examples', 'faults.json')}: no such file (did you mean ${join(dir, 'examples', 'faults.json')}?)`,
    ]);
    // Typed where it is not anywhere: no guess.
    const none = await runScript('simulate', ['-d', '1', '-q', '-f', 'examples/nothing.json'], inSrc('simulate'));
    expect([none.exitCode, none.stderr]).toEqual([2, `simulate: error: cannot read fault schedule ${join(dir, 'src', 'examples', 'nothing.json')}: no such file`]);
    expect(readdirSync(dir).sort()).toEqual(['examples', 'src']);
    // A name with a space: the path meant is quoted, to paste as one word.
    writeFileSync(join(dir, 'examples', 'my faults.json'), '{ "steps": [] }\n');
    const spaced = await runScript('simulate', ['-d', '1', '-q', '-f', 'examples/my faults.json'], inSrc('simulate'));
    expect(spaced.stderr).toBe(`simulate: error: cannot read fault schedule ${join(dir, 'src', 'examples', 'my faults.json')}: no such file (did you mean '${join(dir, 'examples', 'my faults.json')}'?)`);
  });
});

describe('paths a user pastes or types', () => {
  test('the hint after simulate, typed with npm --prefix in another folder, is the command that works there, pasted as is; the folder is quoted', async () => {
    const dir = tempDir();
    const npm = (args: string[]) => execa('npm', ['--prefix', repoRoot, 'run', '-s', ...args], { cwd: dir, reject: false, stdin: 'ignore' });
    const sim = await npm(['simulate', '--', '-d', '1', '-l', 'my run']);
    expect(sim.exitCode).toBe(0);
    // The folder on the line before is quoted too, so that it pastes as one word.
    expect(sim.stdout.split('\n').at(-2)).toBe(`logs: '${join(dir, 'my run')}'`);
    const hint = sim.stdout.split('\n').at(-1)!;
    expect(hint).toBe(`analyze them: npm --prefix ${repoRoot} run analyze -- '${join(dir, 'my run')}' (add --report '${join(dir, 'my run', 'report.html')}' for the charts)`);
    const pasted = await execa(hint.replace(/^analyze them: /, '').replace(/ \(add .*$/, ''), { shell: '/bin/sh', cwd: dir, reject: false, stdin: 'ignore' });
    expect([pasted.exitCode, pasted.stderr]).toEqual([0, '']);
    expect(pasted.stdout).toContain(`Run my run (${join(dir, 'my run')}): simulated`);
  });

  test('start-all --no-analysis ends with the command that makes the tables later', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-d', '1', '-l', runDir, '--no-analysis']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(String(r.stdout).split('\n').slice(-2)).toEqual([`logs: ${runDir}`, `analyze them: npm run analyze -- ${runDir} (add --report ${join(runDir, 'report.html')} for the charts)`]);
  });

  test('a ~ the shell did not expand (quoted, or after =) is refused, naming the path meant; nothing is made', async () => {
    const dir = tempDir();
    for (const args of [['-l', '~/lab-run'], ['--log-dir=~/lab-run']]) {
      const r = await runScript('simulate', ['-d', '1', ...args], { cwd: dir });
      expect([r.exitCode, r.stderr]).toEqual([
        2,
        `simulate: error: option '-l, --log-dir <dir>' argument '~/lab-run' is invalid. The shell did not expand ~ (it was quoted, or came after =): write ${join(homedir(), 'lab-run')}, or ./~/lab-run for a folder named ~.`,
      ]);
    }
    // Another user's home (~nobody/...) is not expanded by the tool either: the same refusal, in their words.
    const other = await runScript('simulate', ['-d', '1', '-l', '~nobody/lab-run'], { cwd: dir });
    expect([other.exitCode, other.stderr]).toEqual([
      2,
      "simulate: error: option '-l, --log-dir <dir>' argument '~nobody/lab-run' is invalid. The shell did not expand ~nobody (it was quoted, or came after =): write the path with nobody's home folder in full, or ./~nobody/lab-run for a folder named ~nobody.",
    ]);
    expect(existsSync(join(repoRoot, '~'))).toBe(false);
    expect(existsSync(join(homedir(), 'lab-run'))).toBe(false);
  });

  test('a dangling link as --log-dir, or as --report, is said as such', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'nowhere'), join(dir, 'run'));
    const sim = await runScript('simulate', ['-d', '1', '-l', join(dir, 'run')]);
    const words = (target: string) => `a link to ${target}, which does not exist (remove the link, or make what it points to)`;
    expect([sim.exitCode, sim.stderr]).toEqual([2, `simulate: error: cannot create the run folder ${join(dir, 'run')}: it is ${words(join(dir, 'nowhere'))}`]);
    expect((await runScript('simulate', ['-d', '1', '-q', '-l', join(dir, 'real')])).exitCode).toBe(0);
    symlinkSync(join(dir, 'gone', 'r.html'), join(dir, 'r.html'));
    const report = await runScript('analyze', [join(dir, 'real'), '--report', join(dir, 'r.html')]);
    expect([report.exitCode, report.stderr]).toEqual([2, `analyze: error: cannot write --report ${join(dir, 'r.html')}: it is ${words(join(dir, 'gone', 'r.html'))}`]);
  });
});
