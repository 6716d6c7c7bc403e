// Options given to `npm run` without `--`: npm keeps them and leaves their values, and the CLI's error says where options go.
import { Command } from 'commander';
import { execa } from 'execa';
import { npmHint } from '../../src/cli/parse-args.js';
import { takenOptions } from '../../src/cli/npm-taken.js';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runScript, script, tempDir } from '../helpers/cli.js';
import { fromRoot, repoRoot as root } from '../helpers/repo.js';

/**
 * npm's variables in the script it ran for `npm run <name>`, and that script's own file. npm names the script relative
 * to where it runs it (the project's root, which is then the current directory): here, relative to the test's own.
 */
const ranAs = (name: string) => {
  const script = join(root, 'dist', 'scripts', `${name}.js`);
  return { env: { npm_lifecycle_script: `node ${relative(process.cwd(), script)}` }, script };
};
/** `npm run -s <args>` from the project root, as a user types it (npm's own variables replace the test runner's). */
const npmRun = (...args: string[]) => execa('npm', ['--prefix', root, 'run', '-s', ...args], { reject: false, stdin: 'ignore' });
/** The lines of `out` a CLI wrote itself (`<name>: ...`), without npm's. */
const own = (out: string, name: string) => out.split('\n').filter((l) => l.startsWith(`${name}:`));

describe('options forgotten after npm run without --', () => {
  test('npm run start-all -r 1 3 6: npm takes -r as a flag of its own and leaves the items; the hint gives them back as one list', async () => {
    const { stderr, exitCode } = await npmRun('start-all', '-r', '1', '3', '6');
    expect(exitCode).toBe(2);
    expect(own(stderr, 'start-all')).toEqual([
      "start-all: error: too many arguments. Expected 0 arguments but got 3: unexpected arguments '1', '3', '6'.",
      'start-all: options go after --, as in: npm run -s start-all -- -r 1,3,6 (npm keeps those before it for itself)',
    ]);
  });

  test('npm run simulate -d 5 -r 1,2,3: of two values left, the one with commas is the list\'s, the other the duration', async () => {
    const { stderr, exitCode } = await npmRun('simulate', '-d', '5', '-r', '1,2,3');
    expect(exitCode).toBe(2);
    expect(own(stderr, 'simulate')).toEqual([
      "simulate: error: too many arguments. Expected 0 arguments but got 2: unexpected arguments '5', '1,2,3'.",
      'simulate: options go after --, as in: npm run simulate -- -r 1,2,3 -d 5 (npm keeps those before it for itself)',
    ]);
  });

  test('placeholders are words to fill in that a shell passes on (SECONDS, not <seconds>, which bash reads as a file to read from)', async () => {
    // `npm run machine 1 -d 5 --seed 7`: which value is whose cannot be told. Pasted as given, the command reaches
    // the machine, whose own error says what to put in the first place left to fill in.
    const hint = own((await npmRun('machine', '1', '-d', '5', '--seed', '7')).stderr, 'machine').at(-1)!;
    expect(hint).toBe('machine: options go after --, as in: npm run machine -- ID --seed N -d SECONDS (npm keeps those before it for itself)');
    const pasted = hint.replace(/^machine: options go after --, as in: npm run (.*) \(npm keeps.*$/, '$1').split(' ');
    const r = await npmRun(...pasted);
    expect([r.exitCode, own(r.stderr, 'machine')]).toEqual([2, ["machine: error: option '-s, --seed <n>' argument 'N' is invalid. Not a number."]]);
  });

  test('npm run start-all -d 5: too many arguments, then where options go', async () => {
    const { stderr, stdout, exitCode } = await npmRun('start-all', '-d', '5');
    expect(exitCode).toBe(2);
    // npm takes -d as its own --loglevel info (so it shows the command it runs, with the 5 it left): our lines only.
    expect(stdout).toContain('node --import ./scripts/needs-build.mjs dist/scripts/start-all.js 5');
    expect(stderr.split('\n').filter((l) => l.startsWith('start-all:'))).toEqual([
      "start-all: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '5'.",
      'start-all: options go after --, as in: npm run start-all -- -d 5 (npm keeps those before it for itself)',
    ]);
  });

  test('npm run machine 1 -d 5 -l /tmp/x: every option npm took, with placeholders (a fixed example dropped -l)', async () => {
    const { stderr, exitCode } = await npmRun('machine', '1', '-d', '5', '-l', '/tmp/x');
    expect(exitCode).toBe(2);
    expect(stderr.split('\n').filter((l) => l.startsWith('machine:'))).toEqual([
      "machine: error: too many arguments. Expected 1 argument but got 3: unexpected arguments '5', '/tmp/x'.",
      'machine: options go after --, as in: npm run machine -- ID -l DIR -d SECONDS (npm keeps those before it for itself)',
    ]);
  });

  test('not under npm, or an unknown option (which npm would have kept): the error alone', async () => {
    const env = { npm_lifecycle_script: '' };
    const direct = await runScript('start-all', ['5'], { env });
    expect([direct.exitCode, direct.stderr]).toEqual([2, "start-all: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '5'."]);
    const unknown = await npmRun('start-all', '--', '--durtion', '5');
    expect([unknown.exitCode, unknown.stderr]).toEqual([2, "start-all: error: unknown option '--durtion' (did you mean --duration?)"]);
  });

  test('npm run simulate -- extra: the extra argument is the user\'s own, so the error names it and no hint follows', async () => {
    const simulate = await npmRun('simulate', '--', 'extra');
    expect([simulate.exitCode, own(simulate.stderr, 'simulate')]).toEqual([2, ["simulate: error: too many arguments. Expected 0 arguments but got 1: unexpected argument 'extra'."]]);
    const machine = await npmRun('machine', '--', '1', '2');
    expect([machine.exitCode, own(machine.stderr, 'machine')]).toEqual([2, ["machine: error: too many arguments. Expected 1 argument but got 2: unexpected argument '2'."]]);
  });

  test('sweep -- a.json a.json and experiments -- extra under npm, npm having taken nothing: the error alone', async () => {
    const env = (name: string) => ({ env: { npm_lifecycle_script: `node dist/scripts/${name}.js`, npm_config_loglevel: 'notice' } });
    const sweep = await runScript('sweep', ['a.json', 'a.json'], env('sweep'));
    expect([sweep.exitCode, sweep.stderr]).toEqual([2, "sweep: error: too many arguments. Expected 1 argument but got 2: unexpected argument 'a.json'."]);
    const experiments = await runScript('experiments', ['extra'], env('experiments'));
    expect([experiments.exitCode, experiments.stderr]).toEqual([2, "experiments: error: too many arguments. Expected 0 arguments but got 1: unexpected argument 'extra'."]);
  });

  test('npm run analyze <run> --json and check <run> --json: npm takes the flag and leaves nothing behind; refused, as the text report is not JSON', async () => {
    const dir = join(tempDir(), 'run');
    expect((await runScript('simulate', ['-d', '1', '-q', '-l', dir])).exitCode).toBe(0);
    for (const cli of ['analyze', 'check']) {
      const { stderr, stdout, exitCode } = await npmRun(cli, dir, '--json');
      // (npm, in its --json mode, prints an error object of its own on stdout: none of the command's output is there.)
      expect([cli, exitCode, /rate\/s|Checked|OK:/.test(stdout)]).toEqual([cli, 2, false]);
      expect(own(stderr, cli)).toEqual([`${cli}: error: npm took --json for itself; without it this would print the text report where JSON was asked for: options go after --, as in: npm run -s ${cli} -- ${dir} --json`]);
    }
    // Typed without -s, the command given back has it all the same: npm's banner would go first into the JSON's reader.
    const loud = await runScript('check', [dir], { env: { npm_lifecycle_script: 'node dist/scripts/check.js', npm_config_loglevel: 'notice', npm_config_json: 'true' } });
    expect([loud.exitCode, loud.stderr]).toEqual([2, `check: error: npm took --json for itself; without it this would print the text report where JSON was asked for: options go after --, as in: npm run -s check -- ${dir} --json`]);
  });

  test('npm run simulate --no-link-records: npm takes the flag whole, and a note names it (the run is the same but for its link records)', async () => {
    const dir = join(tempDir(), 'run');
    const { stderr, exitCode } = await npmRun('simulate', '--no-link-records', '--', '-d', '1', '-q', '-l', dir);
    expect(exitCode).toBe(0);
    expect(own(stderr, 'simulate')).toEqual([`simulate: note: npm took --no-link-records for itself, so it was not applied: options go after --, as in: npm run -s simulate -- -d 1 -q -l ${dir} --no-link-records`]);
  });

  test('npm run start-all --seed 42: npm reads --seed as a flag and leaves 42, and the hint gives the user\'s own option back', async () => {
    const { stderr, stdout, exitCode } = await npmRun('start-all', '--seed', '42');
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter((l) => l.startsWith('start-all:'))).toEqual([
      "start-all: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '42'.",
      'start-all: options go after --, as in: npm run -s start-all -- --seed 42 (npm keeps those before it for itself)',
    ]);
  });

  test("npm's variables as npm sets them: each CLI's hint or note names the options and values the user typed", async () => {
    // `npm run <cli> --seed 42 ...`: npm_config_seed=true and 42 left; `--log-dir="my runs"`: the value in the variable.
    const env = (name: string, vars: Record<string, string>) => ({ env: { npm_lifecycle_script: `node dist/scripts/${name}.js`, npm_config_loglevel: 'notice', ...vars } });
    const simulate = await runScript('simulate', ['42'], env('simulate', { npm_config_seed: 'true' }));
    expect([simulate.exitCode, String(simulate.stderr).split('\n').at(-1)]).toEqual([2, 'simulate: options go after --, as in: npm run simulate -- --seed 42 (npm keeps those before it for itself)']);
    // `npm run start-all --seed=42 --log-dir="my runs" --json -- -c <missing>`: the note, then the run's own error.
    const missing = join(tempDir(), 'none.json');
    const vars = { npm_config_seed: '42', npm_config_log_dir: 'my runs', npm_config_analysis: '' };
    const note = await runScript('start-all', ['-c', missing], env('start-all', vars));
    expect(note.exitCode).toBe(2);
    expect(String(note.stderr).split('\n')[0]).toBe(
      `start-all: note: npm took --seed --log-dir --no-analysis for itself, so they were not applied: options go after --, as in: npm run start-all -- -c ${missing} --seed 42 --log-dir 'my runs' --no-analysis`,
    );
    // `npm run start-all --seed`: no value typed, none left: its placeholder.
    const bare = await runScript('start-all', ['-c', missing], env('start-all', { npm_config_seed: 'true' }));
    expect(String(bare.stderr).split('\n')[0]).toBe(`start-all: note: npm took --seed for itself, so it was not applied: options go after --, as in: npm run start-all -- -c ${missing} --seed N`);
  });

  test('npm run simulate -c my.json: npm keeps the value as its --call, and the command refuses to run with config.json instead', async () => {
    const dir = tempDir();
    const mine = join(dir, 'one.json');
    const { stderr, stdout, exitCode } = await npmRun('simulate', '-c', mine, '--', '-d', '1', '-l', join(dir, 'run'));
    expect([exitCode, stdout]).toEqual([2, '']);
    expect(stderr.split('\n').filter((l) => l.startsWith('simulate:'))).toEqual([
      `simulate: error: npm took -c for itself; without it this would use config.json instead of the config you named: options go after --, as in: npm run -s simulate -- -d 1 -l ${join(dir, 'run')} -c ${mine}`,
    ]);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  test('npm run start-all -m 5: npm keeps the value as its --message, and a note names the option (the run goes on)', async () => {
    const dir = tempDir();
    const env = { env: { npm_lifecycle_script: 'node dist/scripts/start-all.js', npm_config_loglevel: 'notice', npm_config_message: '5' } };
    const missing = join(dir, 'none.json');
    const machines = await runScript('start-all', ['-c', missing], env);
    expect(String(machines.stderr).split('\n')[0]).toBe(`start-all: note: npm took -m for itself, so it was not applied: options go after --, as in: npm run start-all -- -c ${missing} -m 5`);
  });

  test('npm run start-all -c my.json / machine -c my.json 1: refused, with nothing started (config.json names other ports)', async () => {
    const dir = tempDir();
    const env = (name: string) => ({ env: { npm_lifecycle_script: `node ${script(name)}`, npm_config_loglevel: 'notice', npm_config_call: join(dir, 'my.json') } });
    const run = join(dir, 'run');
    const startAll = await runScript('start-all', ['-d', '1', '-l', run], env('start-all'));
    expect([startAll.exitCode, startAll.stdout, startAll.stderr]).toEqual([
      2,
      '',
      `start-all: error: npm took -c for itself; without it this would use config.json instead of the config you named: options go after --, as in: npm run start-all -- -d 1 -l ${run} -c ${join(dir, 'my.json')}`,
    ]);
    const machine = await runScript('machine', ['1', '-d', '1', '-l', run], env('machine'));
    expect([machine.exitCode, machine.stdout]).toEqual([2, '']);
    expect(machine.stderr).toMatch(/^machine: error: npm took -c for itself; without it this would use config\.json instead of the config you named: options go after --, as in: npm run machine -- 1 -d 1 -l \S+ -c \S+my\.json$/);
    expect(existsSync(run)).toBe(false);
  });

  test('npm run start-all -c my.json -d 5: the hint keeps the config npm took with the -d value it left (else it would run on config.json\'s ports)', async () => {
    const dir = tempDir();
    const mine = join(dir, 'my.json');
    const r = await runScript('start-all', ['5'], { env: { npm_lifecycle_script: `node ${script('start-all')}`, npm_config_loglevel: 'info', npm_config_call: mine } });
    expect([r.exitCode, r.stdout]).toEqual([2, '']);
    expect(String(r.stderr).split('\n').filter((l) => l.startsWith('start-all:'))).toEqual([
      "start-all: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '5'.",
      `start-all: options go after --, as in: npm run start-all -- -c ${mine} -d 5 (npm keeps those before it for itself)`,
    ]);
  });

  test('npm run experiments --sim --quick / bench --quick: refused, since without them they would replace the published results, saying what would run with the options that reached them', async () => {
    const experiments = await npmRun('experiments', '--sim', '--quick');
    expect([experiments.exitCode, experiments.stdout, experiments.stderr]).toEqual([
      2,
      '',
      'experiments: error: npm took --sim --quick for itself; without them this would run the whole real plan (about 16 minutes) and the hypothesis study, replacing the results in experiments/real and experiments/hypothesis: options go after --, as in: npm run -s experiments -- --sim --quick',
    ]);
    const bench = await npmRun('bench', '--quick');
    expect([bench.exitCode, bench.stdout, bench.stderr]).toEqual([
      2,
      '',
      'bench: error: npm took --quick for itself; without it this would run the full benchmark (about 15 minutes) and replace the published figures in bench/results.json and BENCHMARKS.md: options go after --, as in: npm run -s bench -- --quick',
    ]);
    // The line says what would run with the options that did reach it: the simulated plan, or the quick benchmark.
    const sim = await npmRun('experiments', '--quick', '--', '--sim');
    expect([sim.exitCode, sim.stdout, sim.stderr]).toEqual([
      2,
      '',
      'experiments: error: npm took --quick for itself; without it this would run the whole simulated plan and the hypothesis study, replacing the results in experiments/sim and experiments/hypothesis: options go after --, as in: npm run -s experiments -- --sim --quick',
    ]);
    const quick = await npmRun('bench', '--results=bench/partial/mine.json', '--', '--quick');
    expect([quick.exitCode, quick.stdout, quick.stderr]).toEqual([
      2,
      '',
      'bench: error: npm took --results for itself; without it this would run the quick benchmark and replace the published figures in bench/results.json and BENCHMARKS.md: options go after --, as in: npm run -s bench -- --quick --results bench/partial/mine.json',
    ]);
  });

  test("npm run simulate -s 7: npm's -s (silent) took the seed's letter; the hint gives it back, but not to a run quieted on purpose (npm run -s simulate -- ...)", async () => {
    const silent = { env: { npm_lifecycle_script: `node ${script('simulate')}`, npm_config_loglevel: 'silent' } };
    const seed = await runScript('simulate', ['7'], silent);
    expect([seed.exitCode, seed.stdout]).toEqual([2, '']);
    expect(String(seed.stderr).split('\n')).toEqual([
      "simulate: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '7'.",
      "simulate: options go after --, as in: npm run simulate -- -s 7 (npm keeps those before it for itself; it reads a -s as its own --silent, which also hides a -d or -q typed before it: this line takes your -s as simulate's seed)",
    ]);
    // The handout's command with -- forgotten: the seed and the duration are not merged into the rates' list.
    const handout = await runScript('simulate', ['1,3,6', '20', '7'], { env: { ...silent.env, npm_config_r: 'true' } });
    expect(String(handout.stderr).split('\n').at(-1)).toBe(
      "simulate: options go after --, as in: npm run simulate -- -r LIST -s N (npm keeps those before it for itself; it reads a -s as its own --silent, which also hides a -d or -q typed before it: this line takes your -s as simulate's seed)",
    );
    // Options of ours reached it, so they came after --: the extra word is the user's own, and -s was npm's. So is a
    // word that is no seed.
    const own = await runScript('simulate', ['-d', '1', '7'], silent);
    expect([own.exitCode, own.stderr]).toEqual([2, "simulate: error: too many arguments. Expected 0 arguments but got 1: unexpected argument '7'."]);
    const word = await runScript('simulate', ['extra'], silent);
    expect([word.exitCode, word.stderr]).toEqual([2, "simulate: error: too many arguments. Expected 0 arguments but got 1: unexpected argument 'extra'."]);
  });

  test('values npm left that cannot be told apart: the options typed, with placeholders (a fixed example, -d 5, named another option)', async () => {
    const env = (name: string, vars: Record<string, string>) => ({ env: { npm_lifecycle_script: `node dist/scripts/${name}.js`, npm_config_loglevel: 'notice', ...vars } });
    // `npm run simulate --seed 42 --duration 3`: which value is whose is not in the variables.
    const two = await runScript('simulate', ['42', '3'], env('simulate', { npm_config_seed: 'true', npm_config_duration: 'true' }));
    expect(String(two.stderr).split('\n').at(-1)).toBe('simulate: options go after --, as in: npm run simulate -- --duration SECONDS --seed N (npm keeps those before it for itself)');
    // `npm run machine 2 --seed 42` or `npm run machine --seed 42 2`: the id and the value look the same.
    const machine = await runScript('machine', ['2', '42'], { env: { npm_lifecycle_script: 'node --no-memory-reducer dist/bundle/machine.mjs', npm_config_loglevel: 'notice', npm_config_seed: 'true' } });
    // A CLI of arguments gets its own options with placeholders, not a fixed example naming another option (or spec).
    expect(String(machine.stderr).split('\n').at(-1)).toBe('machine: options go after --, as in: npm run machine -- ID --seed N (npm keeps those before it for itself)');
    // `npm run sweep my.json --workers 1`: the hint named examples/sweep-rates.json --workers 2, another sweep.
    const sweep = await runScript('sweep', ['my.json', '1'], { env: { npm_lifecycle_script: 'node dist/scripts/sweep.js', npm_config_loglevel: 'notice', npm_config_workers: 'true' } });
    expect(String(sweep.stderr).split('\n').at(-1)).toBe('sweep: options go after --, as in: npm run sweep -- SPEC --workers N (npm keeps those before it for itself)');
  });

  test('npm run check <run> --strict: refused, since the plain check would pass what --strict fails (a grader reads the exit code)', async () => {
    const check = await runScript('check', [fromRoot('test', 'fixtures', 'analysis', 'basic')], { env: { npm_lifecycle_script: 'node dist/scripts/check.js', npm_config_loglevel: 'notice', npm_config_strict: 'true' } });
    expect(check.exitCode).toBe(2);
    expect(check.stdout).toBe('');
    expect(check.stderr).toMatch(/^check: error: npm took --strict for itself; without it this would be the plain check, which passes a log that ends without its stop record \(--strict fails it\): options go after --, as in: npm run check -- .*basic --strict$/);
  });

  test('takenOptions: our options npm exported, in the script npm ran, and not given to us', () => {
    const npmTakenOptions = (...args: Parameters<typeof takenOptions>) => takenOptions(...args).map((t) => t.long);
    const program = new Command('analyze').option('--json').option('--no-analysis').option('--log-dir <dir>').argument('[dirs...]');
    program.parse(['--log-dir', 'x'], { from: 'user' });
    const { env: npm, script } = ranAs('analyze');
    const env = { ...npm, npm_config_json: 'true', npm_config_analysis: '', npm_config_log_dir: 'true' };
    expect(npmTakenOptions(program, env, script)).toEqual(['--json', '--no-analysis']);
    expect(npmTakenOptions(program, { ...env, ...ranAs('bench').env }, script)).toEqual([]);
    // npm reads -q and --quiet as its own loglevel.
    const quiet = new Command('sweep').option('-q, --quiet').argument('<spec>');
    quiet.parse(['spec.json'], { from: 'user' });
    const sweep = ranAs('sweep');
    expect(npmTakenOptions(quiet, { ...sweep.env, npm_config_loglevel: 'warn' }, sweep.script)).toEqual(['--quiet']);
    expect(npmTakenOptions(quiet, { ...sweep.env, npm_config_loglevel: 'notice' }, sweep.script)).toEqual([]);
  });

  test('npmHint: only for too many arguments, only in the script npm ran, only when npm took one of our options', () => {
    const program = new Command('sweep').option('-q, --quiet').option('-o, --out <dir>').argument('<spec>');
    const { env: npm, script } = ranAs('sweep');
    // `npm run sweep spec.json -q`: npm's loglevel warn (--quiet given back); `-o x`: npm_config_o=true, x left (no
    // arguments reached sweep here, so the option is named with its placeholder).
    const meant = ['npm run sweep -- --quiet', 'npm run sweep -- -o DIR'];
    for (const [i, took] of [{ npm_config_loglevel: 'warn' }, { npm_config_o: 'true' }].entries()) {
      const env = { ...npm, ...took };
      expect(npmHint(program, 'commander.excessArguments', env, script)).toBe(`options go after --, as in: ${meant[i]} (npm keeps those before it for itself)`);
      expect(npmHint(program, 'commander.unknownOption', env, script)).toBeNull();
      // bench's start-all children, or a test under npm test: another script's command line.
      expect(npmHint(program, 'commander.excessArguments', { ...ranAs('bench').env, ...took }, script)).toBeNull();
    }
    // npm took nothing of ours (`npm run sweep -- a.json extra`, or npm's own -d where sweep has none): the argument is the user's.
    expect(npmHint(program, 'commander.excessArguments', npm, script)).toBeNull();
    expect(npmHint(program, 'commander.excessArguments', { ...npm, npm_config_loglevel: 'info' }, script)).toBeNull();
    // `npm run -s sweep -- a.json extra`: npm's -s is how npm itself is quieted, not taken for a -s of ours.
    const seeded = new Command('simulate').option('-s, --seed <n>');
    expect(npmHint(seeded, 'commander.excessArguments', { ...ranAs('simulate').env, npm_config_loglevel: 'silent' }, ranAs('simulate').script)).toBeNull();
  });
});
