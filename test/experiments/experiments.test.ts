// The experiment plan is validated, and `npm run experiments -- --sim --quick` produces a complete, well-formed result set.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadPlan, parsePlan } from '../../src/experiments/plan.js';
import type { ExperimentSummary } from '../../src/experiments/summarize.js';
import { runFailures } from '../../src/experiments/run-failures.js';
import { MAX_QUEUE_NOTE } from '../../src/analysis/summary-rows.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';
import { waitForOutput } from '../helpers/wait.js';

describe('experiment plan', () => {
  test('the published plan is valid and covers the exercise', () => {
    const plan = loadPlan(fromRoot('experiments', 'plan.json'));
    expect(plan.durationSeconds).toBeGreaterThanOrEqual(60);
    expect(plan.experiments.filter((e) => e.group === 'random rates 1..6')).toHaveLength(5);
    expect(plan.experiments.map((e) => e.rates?.join(','))).toEqual(expect.arrayContaining(['3,4,3', '3.48,3.78,3.25', '1,2', '3,4', '5,60,5', '1,6,6']));
    expect(plan.experiments.filter((e) => e.internalProbability !== undefined).map((e) => e.internalProbability)).toEqual([0.4, 0.2]);
    expect(plan.experiments.some((e) => e.delayMs?.[0] === 100 && e.delayMs[1] === 500)).toBe(true);
  });

  test.each([
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [] }, 'plan: experiments: should have at least 1 item, has 0'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', group: 'g', seed: 1, rates: [1, 0] }] }, 'plan: experiments[0].rates[1]: should be greater than 0, is 0'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', group: 'g', seed: 1, machines: 3, rates: [1, 2] }] }, 'plan: experiments[0]: rates must list one rate per machine'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', group: 'g', seed: 1 }, { name: 'a', group: 'g', seed: 2 }] }, 'plan: experiments: "a" names experiments[0] and experiments[1]: experiment names must be unique'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'A b', group: 'g', seed: 1 }] }, 'plan: experiments[0].name: names are lower-case'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', group: 'g' }] }, 'plan: experiments[0].seed: missing (expected a number)'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', group: 'g', seed: 1, delayMs: [5, 1] }] }, 'plan: experiments[0].delayMs: the first value must not exceed the second, is [5,1]'],
    [{ durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'hypothesis', group: 'g', seed: 1 }] }, 'plan: experiments[0].name: hypothesis names the hypothesis study (--only hypothesis): give the experiment another name'],
  ])('rejects a bad plan with one line naming the field: %j', (raw, message) => {
    expect(() => parsePlan(raw)).toThrow(message);
  });

  test('a misspelt field is named first, with its did-you-mean, not hidden in "and 2 more" behind the fields it left missing', () => {
    const raw = { durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'a', internalProbability: 2, delayMs: [5, 1], rate: [1, 2] }] };
    expect(() => parsePlan(raw)).toThrow(
      new Error('plan: experiments[0]: unknown field "rate" (did you mean "rates"?); experiments[0].group: missing (expected a string); experiments[0].seed: missing (expected a number); and 2 more'),
    );
  });
});

describe('npm run experiments -- --sim --quick', () => {
  test('an experiment needing more machines than the base config has is one line before any experiment runs', async () => {
    const dir = tempDir();
    const plan = { durationSeconds: 60, quickDurationSeconds: 1, experiments: [{ name: 'three', group: 'g', seed: 1, machines: 3 }, { name: 'five', group: 'g', seed: 2, machines: 5 }] };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const r = await runScript('experiments', ['--sim', '--quick', '--no-hypothesis', '--plan', join(dir, 'plan.json'), '--out', join(dir, 'out')]);
    expect([r.exitCode, r.stderr, r.stdout]).toEqual([2, 'experiments: error: experiment five needs 5 machines but the base config has 3', '']);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('--only takes names apart, with commas, or both (as bench --only does); an unknown one is one line naming it', async () => {
    const dir = tempDir();
    const experiments = ['one', 'two', 'three', 'four'].map((name, i) => ({ name, group: 'g', seed: i + 1 }));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ durationSeconds: 60, quickDurationSeconds: 1, experiments }));
    const args = ['--sim', '--quick', '--no-hypothesis', '--plan', join(dir, 'plan.json'), '--out', join(dir, 'out')];
    const r = await runScript('experiments', [...args, '--only', 'one,three', 'four']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(String(r.stdout).split('\n').filter((l) => l.startsWith('['))).toEqual(['[1/3] one: simulating', '[2/3] three: simulating', '[3/3] four: simulating']);
    // What the tables' max queue counts is said once, under the last of them, as analyze says it under its table.
    const lines = String(r.stdout).split('\n');
    expect(lines.filter((l) => l.startsWith('max queue:'))).toEqual([MAX_QUEUE_NOTE]);
    expect(lines.indexOf(MAX_QUEUE_NOTE)).toBe(lines.findIndex((l) => l.startsWith('3 of 3 experiments')) - 1);
    // summary.md names the plan, which decided what ran (not --out or --only, which choose only where and which).
    expect(readFileSync(join(dir, 'out', 'sim-quick', 'summary.md'), 'utf8')).toContain(
      `Generated by \`npm run experiments -- --sim --quick --plan ${join(dir, 'plan.json')}\`; do not edit by hand.`,
    );
    const unknown = await runScript('experiments', [...args, '--only', 'two,five']);
    expect([unknown.exitCode, unknown.stderr]).toEqual([2, `experiments: error: no experiment named five in ${join(dir, 'plan.json')} (it has one, two, three, four; hypothesis names the hypothesis study)`]);
  });

  test('--only hypothesis runs the study alone and touches none of the experiments; --only without it leaves the study out', async () => {
    const out = tempDir();
    // An experiment named with --only runs without the study.
    const one = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', 'random-1']);
    expect([one.exitCode, one.stderr]).toEqual([0, '']);
    expect(one.stdout).not.toContain('hypothesis:');
    expect(readdirSync(out)).toEqual(['sim-quick']);
    const root = join(out, 'sim-quick');
    const before = readdirSync(root).map((f) => [f, f.endsWith('.json') || f.endsWith('.md') ? readFileSync(join(root, f), 'utf8') : '']);
    const r = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', 'hypothesis']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    // The study's lines only: its thresholds and where they are.
    const lines = String(r.stdout).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^hypothesis: \d+ simulated runs; the slow machine's queue stops draining at a fast\/slow rate ratio of$/);
    expect(lines.slice(1, -1).every((l) => /^ {2}[23] machines, internal probability [\d.]+: predicted [\d.]+, measured /.test(l))).toBe(true);
    expect(lines.at(-1)).toBe(`results in ${join(out, 'hypothesis-quick')}`);
    expect(readdirSync(out).sort()).toEqual(['hypothesis-quick', 'sim-quick']);
    expect(readdirSync(root).map((f) => [f, f.endsWith('.json') || f.endsWith('.md') ? readFileSync(join(root, f), 'utf8') : ''])).toEqual(before);
    // Contradictions are one line, before anything runs.
    const skipped = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', 'hypothesis', '--no-hypothesis']);
    expect([skipped.exitCode, skipped.stderr, skipped.stdout]).toEqual([2, 'experiments: error: --only hypothesis runs the hypothesis study and --no-hypothesis skips it: give one of them', '']);
    const nothing = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', 'random-1,hypothesis', '--analyze-only']);
    expect([nothing.exitCode, nothing.stderr]).toEqual([2, 'experiments: error: --analyze-only runs nothing, the hypothesis study included: leave hypothesis out of --only, or leave out --analyze-only']);
  });

  test('runs the whole plan and writes run.json, analysis.json, summaries and a report; --only and --analyze-only keep the other rows', async () => {
    const out = tempDir();
    const r = await runScript('experiments', ['--sim', '--quick', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const plan = loadPlan(fromRoot('experiments', 'plan.json'));
    const root = join(out, 'sim-quick');
    expect(r.stdout).toContain(`${plan.experiments.length} of ${plan.experiments.length} experiments; results in ${root}`);
    const summaries = JSON.parse(readFileSync(join(root, 'summary.json'), 'utf8')) as ExperimentSummary[];
    expect(summaries.map((s) => s.name)).toEqual(plan.experiments.map((e) => e.name));
    for (const s of summaries) {
      const e = plan.experiments.find((x) => x.name === s.name)!;
      expect(s).toMatchObject({ mode: 'simulated', seed: e.seed, durationSeconds: plan.quickDurationSeconds, failures: [] });
      expect(s.machines).toHaveLength(e.rates?.length ?? 3);
      if (e.rates) expect(s.machines.map((m) => m.rate)).toEqual(e.rates);
      // Every message is accounted for in a simulated run.
      expect(s.messages.received + s.messages.leftInQueues).toBe(s.messages.sent);
      // A machine that received nothing has no jumps to report, not jumps of 0.
      for (const m of s.machines) expect(m.jumpMax === null).toBe(m.receive === 0);
      for (const f of ['run.json', 'analysis.json', 'config.json', 'machine-1.jsonl', 'clock.svg', 'drift.svg', 'queue.svg']) expect(existsSync(join(root, s.name, f))).toBe(true);
    }
    expect(readFileSync(join(root, 'summary.md'), 'utf8')).toContain('| machine | rate | ticks | max jump |');
    expect(readFileSync(join(root, 'report.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(root, 'max-queue-vs-rate-ratio.svg'), 'utf8')).toMatch(/^<svg/);
    // The hypothesis study ran too, in its quick form.
    expect(r.stdout).toMatch(/hypothesis: \d+ simulated runs; the slow machine's queue stops draining at a fast\/slow rate ratio of/);
    expect(r.stdout).toContain('2 machines, internal probability 0.7: predicted 3.333, measured');
    const limits = JSON.parse(readFileSync(join(out, 'hypothesis-quick', 'thresholds.json'), 'utf8')) as { predicted: number }[];
    expect(limits).toHaveLength(6);
    for (const f of ['points.csv', 'growth.svg', 'draining.svg', 'thresholds.md']) expect(existsSync(join(out, 'hypothesis-quick', f))).toBe(true);

    // --analyze-only reads a folder back and says so: nothing is simulated again.
    const first = plan.experiments[0]!.name;
    const again = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', first, '--analyze-only']);
    expect([again.exitCode, again.stderr]).toEqual([0, '']);
    expect(again.stdout).not.toContain('hypothesis:');
    expect(again.stdout).toContain(`[1/1] ${first}: analysing the run folder again\n`);
    expect(again.stdout).not.toContain('simulating');
    // The other experiments' rows stay: --only updates its own, and the summaries still cover the whole plan.
    expect(again.stdout).toContain(`1 of 1 experiments, ${plan.experiments.length - 1} kept from earlier runs; results in ${root}`);
    expect((JSON.parse(readFileSync(join(root, 'summary.json'), 'utf8')) as ExperimentSummary[]).map((s) => s.name)).toEqual(plan.experiments.map((e) => e.name));

    // A folder without its logs (as in a clone): its row comes from summary.json, and the report is left as it was.
    const second = plan.experiments[1]!.name;
    for (const f of readdirSync(join(root, second)).filter((f) => /^machine-\d+\.(jsonl|log)$/.test(f))) rmSync(join(root, second, f));
    const report = readFileSync(join(root, 'report.html'), 'utf8');
    const rerun = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', first, '--no-hypothesis']);
    expect([rerun.exitCode, rerun.stderr]).toEqual([0, '']);
    expect(rerun.stdout).toContain(`1 of 1 experiments, ${plan.experiments.length - 1} kept from earlier runs (1 without their logs here: report.html and the cross-run chart not rewritten)`);
    const rows = JSON.parse(readFileSync(join(root, 'summary.json'), 'utf8')) as ExperimentSummary[];
    expect(rows.map((s) => s.name)).toEqual(plan.experiments.map((e) => e.name));
    expect(rows[1]).toEqual(summaries[1]);
    expect(readFileSync(join(root, 'report.html'), 'utf8')).toBe(report);
    // A summary.json that cannot be read is said before anything runs, not read as no rows (which would drop them all).
    const summaryFile = join(root, 'summary.json');
    const good = readFileSync(summaryFile, 'utf8');
    writeFileSync(summaryFile, good.replace('"machines"', '"machine"'));
    const broken = readFileSync(summaryFile, 'utf8');
    const refused = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', first, '--no-hypothesis']);
    expect([refused.exitCode, refused.stderr, refused.stdout]).toEqual([
      2,
      `experiments: error: ${summaryFile}: cannot read the earlier summary (its entry 0 is not an experiment's row (a name and a list of machines)): fix it, or move it away to start the summaries afresh`,
      '',
    ]);
    expect(readFileSync(summaryFile, 'utf8')).toBe(broken);
    writeFileSync(summaryFile, good);
    const stale = await runScript('experiments', ['--sim', '--quick', '--out', out, '--only', second, '--no-hypothesis', '--analyze-only']);
    expect([stale.exitCode, stale.stderr]).toEqual([2, `experiments: error: ${join(root, second)} holds no machine logs (a clone has only the published summaries): run the experiments first`]);
    // --analyze-only without --quick, where only the --quick runs are: the error says where they are.
    const mode = await runScript('experiments', ['--sim', '--out', out, '--only', first, '--no-hypothesis', '--analyze-only']);
    expect([mode.exitCode, mode.stderr]).toEqual([
      2,
      `experiments: error: no run of ${first} here (${join(out, 'sim', first)} does not exist): run it first, or leave it out (--only names the experiments to analyse); ${join(root, first)} holds one: run with --quick?`,
    ]);
  });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops it: the experiments done are summarised, one line names what was not run, and the exit is %i', async (signal, code) => {
    const out = tempDir();
    const plan = loadPlan(fromRoot('experiments', 'plan.json'));
    const child = runScript('experiments', ['--sim', '--quick', '--out', out]);
    await waitForOutput(child, '[1/');
    child.kill(signal);
    const r = await child;
    expect(r.exitCode).toBe(code);
    const complete = Number(/^(\d+) of \d+ experiments complete; /m.exec(String(r.stdout))?.[1]);
    expect(complete).toBeGreaterThanOrEqual(1);
    expect(complete).toBeLessThan(plan.experiments.length);
    expect(r.stdout).toContain(`${complete} of ${plan.experiments.length} experiments complete; results in ${join(out, 'sim-quick')}`);
    expect(r.stdout).not.toContain('hypothesis:');
    // Named: what was not run (the first three experiments and how many more) and the study, with where it would have written.
    const names = plan.experiments.slice(complete).map((e) => e.name);
    const listed = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
    expect(r.stderr).toBe(
      `experiments: interrupted; not run: ${names.length} experiment${names.length === 1 ? '' : 's'} (${listed}); the hypothesis study (nothing written in ${join(out, 'hypothesis-quick')})`,
    );
    const summaries = JSON.parse(readFileSync(join(out, 'sim-quick', 'summary.json'), 'utf8')) as ExperimentSummary[];
    expect(summaries.map((s) => s.name)).toEqual(plan.experiments.slice(0, complete).map((e) => e.name));
    // summary.md says the command that made it.
    expect(readFileSync(join(out, 'sim-quick', 'summary.md'), 'utf8')).toContain('Generated by `npm run experiments -- --sim --quick`; do not edit by hand.');
    expect(existsSync(join(out, 'hypothesis-quick'))).toBe(false);
  }, 60_000);

  test('Ctrl+C during the hypothesis study (after the experiments): the study stops between its points and writes nothing; exit 130', async () => {
    const out = tempDir();
    // An earlier study's folder (here a stand-in): left as it was.
    mkdirSync(join(out, 'hypothesis'));
    writeFileSync(join(out, 'hypothesis', 'summary.md'), 'earlier\n');
    const child = runScript('experiments', ['--sim', '--out', out, '--only', 'random-1,hypothesis']);
    // The experiments' last line comes just before the study (a few seconds of simulations) begins.
    await waitForOutput(child, 'results in ');
    child.kill('SIGINT');
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([130, `experiments: interrupted; not run: the hypothesis study (${join(out, 'hypothesis')} unchanged)`]);
    expect(r.stdout).not.toContain('hypothesis:');
    expect(readdirSync(join(out, 'hypothesis'))).toEqual(['summary.md']);
    expect(readFileSync(join(out, 'hypothesis', 'summary.md'), 'utf8')).toBe('earlier\n');
    expect(existsSync(join(out, 'sim', 'summary.json'))).toBe(true);
  }, 60_000);

  test('a bad plan file is one line and exit 2', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, '{"durationSeconds": 60}');
    const r = await runScript('experiments', ['--sim', '--plan', plan, '--out', dir]);
    expect([r.exitCode, r.stderr]).toEqual([2, `experiments: error: ${plan}: quickDurationSeconds: missing (expected a number); experiments: missing (expected a list)`]);
    // Not the config's words (`0 runs until Ctrl+C`): a plan's runs end, simulated ones as real ones.
    writeFileSync(plan, JSON.stringify({ durationSeconds: 1e300, quickDurationSeconds: 5, experiments: [{ name: 'a', group: 'g', seed: 1 }] }));
    const long = await runScript('experiments', ['--sim', '--plan', plan, '--out', dir]);
    expect([long.exitCode, long.stderr]).toEqual([2, `experiments: error: ${plan}: durationSeconds: at most 2147483 s (24.8 days, the longest timer, as long as a real run can be)`]);
  });
});

/** A fresh folder with a config of 2 machines and `plan` written as plan.json in it. */
async function planFolder(plan: unknown): Promise<{ dir: string; config: string; plan: string }> {
  const dir = tempDir();
  const config = await writeConfig(dir, 2);
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return { dir, config, plan: file };
}

// util-linux's `script` gives the command a terminal for stderr while stdout goes to a file, as `| tee` typed at one does.
describe.each(existsSync('/usr/bin/script') ? ['/usr/bin/script'] : [])('experiments on a terminal with stdout redirected (%s)', (scriptTool) => {
  test('each experiment\'s line and table still reach stdout: the bar on the terminal does not replace them', () => {
    const out = tempDir();
    const file = join(out, 'stdout.txt');
    const command = `'${process.execPath}' '${fromRoot('dist', 'scripts', 'experiments.js')}' --sim --quick --no-hypothesis --out '${out}' --only random-1 > '${file}'`;
    // -e: script exits with the command's code.
    const result = spawnSync(scriptTool, ['-qec', command, '/dev/null'], { cwd: fromRoot(), encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    // The bar went to the terminal (script's own stdout), and the lines to the file.
    expect(result.stdout).toContain('1/1 experiments');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\[1\/1\] random-1: simulating\nmachine +rate +ticks/);
    expect(text).toContain(`1 of 1 experiments; results in ${join(out, 'sim-quick')}`);
  });
});

describe('npm run experiments -- --sim on a long or large plan', () => {
  test('logs that would not fit are refused before anything is written, as simulate refuses them', async () => {
    const { dir, config, plan } = await planFolder({ durationSeconds: 100000, quickDurationSeconds: 5, experiments: [{ name: 'huge', group: 'g', seed: 1, rates: [1e6, 1e6] }] });
    const r = await runScript('experiments', ['--sim', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^experiments: error: the simulated runs of experiment huge would write about [\d.]+ TB of logs; .+ has [\d.]+ [kMGT]B free: run fewer with --only, or shorten them in the plan$/);
    expect(existsSync(join(dir, 'sim'))).toBe(false);
  });

  test('a plan whose later experiment would not fit is refused before its first one runs: no run replaced, no summary left stale', async () => {
    const small = { name: 'small', group: 'g', seed: 1, rates: [2, 3] };
    const huge = { name: 'huge', group: 'g', seed: 1, durationSeconds: 100000, rates: [1e6, 1e6] };
    const { dir, config, plan } = await planFolder({ durationSeconds: 5, quickDurationSeconds: 5, experiments: [small, huge] });
    const r = await runScript('experiments', ['--sim', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis']);
    expect([r.exitCode, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^experiments: error: the simulated runs of 2 experiments \(small and huge\) would write about [\d.]+ TB of logs; .+ has [\d.]+ [kMGT]B free: run fewer with --only, or shorten them in the plan$/);
    expect(existsSync(join(dir, 'sim'))).toBe(false);
    // The small one alone runs.
    const alone = await runScript('experiments', ['--sim', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis', '--only', 'small']);
    expect(alone.exitCode).toBe(0);
    expect(readdirSync(join(dir, 'sim')).sort()).toEqual(expect.arrayContaining(['small', 'summary.json']));
  });

  test('Ctrl+C during a simulated experiment ends it at once: its partial run in its staging folder, the rest not run', async () => {
    // About 30 s of work: only a Ctrl+C ends it within the test's time.
    const experiment = (name: string) => ({ name, group: 'g', seed: 1, rates: [1e5, 1e5] });
    const { dir, config, plan } = await planFolder({ durationSeconds: 30, quickDurationSeconds: 5, experiments: [experiment('long'), experiment('next')] });
    const child = runScript('experiments', ['--sim', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis']);
    await waitForOutput(child, '[1/2] long: simulating');
    child.kill('SIGINT');
    const r = await child;
    const staging = join(dir, 'sim', '.long.running');
    expect([r.exitCode, r.stderr]).toEqual([130, `experiments: interrupted; not run: long (stopped early: its partial run is in ${staging}; it has no earlier results); 1 experiment (next)`]);
    expect(existsSync(join(dir, 'sim', 'long'))).toBe(false);
    expect(JSON.parse(readFileSync(join(staging, 'run.json'), 'utf8'))).toMatchObject({ interrupted: true, interruptedBy: 'SIGINT' });
  });
});

describe('npm run experiments -- --quick (real runs)', () => {
  test('Ctrl+C (twice, as npm run delivers it) during the second real run says "stopping every machine..." once', async () => {
    const two = (name: string) => ({ name, group: 'g', seed: 1, rates: [5, 5] });
    const { dir, config, plan } = await planFolder({ durationSeconds: 60, quickDurationSeconds: 1, experiments: [two('first'), two('second')] });
    const child = runScript('experiments', ['--quick', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis']);
    await waitForOutput(child, '[2/2] second');
    child.kill('SIGINT');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    // The first run, over, has nothing to stop: only the second one says so.
    expect(String(r.stdout).match(/stopping every machine\.\.\./g)).toHaveLength(1);
    expect(r.stdout).toContain(`1 of 2 experiments complete; results in ${join(dir, 'real-quick')}`);
    // Its run folder says which signal stopped it, as start-all's does.
    // Its partial run is in its staging folder (it had no earlier results), which says which signal stopped it.
    expect(r.stderr).toBe(`experiments: interrupted; not run: second (stopped early: its partial run is in ${join(dir, 'real-quick', '.second.running')}; it has no earlier results)`);
    expect(existsSync(join(dir, 'real-quick', 'second'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'real-quick', '.second.running', 'run.json'), 'utf8'))).toMatchObject({ interrupted: true, interruptedBy: 'SIGINT' });

    // Later runs leave the partial run out of the summaries, and say so; --analyze-only refuses it.
    const again = await runScript('experiments', ['--quick', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis', '--only', 'first']);
    expect([again.exitCode, again.stderr]).toEqual([0, '']);
    // The command that runs it again is the one given, with the plan, mode, config and folder it ran with.
    const partway = `second (its only run was interrupted partway: run it again: npm run experiments -- --quick --plan ${plan} -c ${config} --out ${dir} --no-hypothesis --only second)`;
    expect(again.stdout).toContain(`1 of 1 experiments, 1 left out: ${partway}; results in ${join(dir, 'real-quick')}`);
    const rows = JSON.parse(readFileSync(join(dir, 'real-quick', 'summary.json'), 'utf8')) as ExperimentSummary[];
    expect(rows.map((r) => r.name)).toEqual(['first']);
    // --analyze-only leaves it out the same way, and analyses the others again.
    const analyzed = await runScript('experiments', ['--quick', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis', '--analyze-only']);
    expect([analyzed.exitCode, analyzed.stderr]).toEqual([0, '']);
    expect(analyzed.stdout).toContain(`1 of 2 experiments, 1 left out: ${partway}; results in ${join(dir, 'real-quick')}`);
    const alone = await runScript('experiments', ['--quick', '--plan', plan, '-c', config, '--out', dir, '--no-hypothesis', '--analyze-only', '--only', 'second']);
    expect(alone.stdout).toContain(`0 of 1 experiments, 1 left out: ${partway}; nothing written in ${join(dir, 'real-quick')}`);
  }, 60_000);

  test('Ctrl+C during a real run that is run again: its earlier results stay as they were, and the line says where the partial run is', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const plan = (seconds: number) => {
      const file = join(dir, `plan-${seconds}.json`);
      writeFileSync(file, JSON.stringify({ durationSeconds: 60, quickDurationSeconds: seconds, experiments: [{ name: 'only', group: 'g', seed: 1, rates: [5, 5] }] }));
      return file;
    };
    const args = (file: string) => ['--quick', '--plan', file, '-c', config, '--out', dir, '--no-hypothesis'];
    const root = join(dir, 'real-quick');
    // A first, complete run: its results, as a clone has them published.
    const first = await runScript('experiments', args(plan(1)));
    expect(first.exitCode).toBe(0);
    const published = ['run.json', 'analysis.json', 'clock.svg'].map((f) => readFileSync(join(root, 'only', f), 'utf8'));
    const summary = readFileSync(join(root, 'summary.json'), 'utf8');

    const child = runScript('experiments', args(plan(30)));
    await waitForOutput(child, '[1/1] only');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    const staging = join(root, '.only.running');
    expect(r.stdout).toContain(`0 of 1 experiments complete; no summaries written in ${root} (only: its partial run is in ${staging}; its earlier results are kept)`);
    expect(r.stderr).toBe(`experiments: interrupted; not run: only (stopped early: its partial run is in ${staging}; its earlier results are kept)`);
    expect(['run.json', 'analysis.json', 'clock.svg'].map((f) => readFileSync(join(root, 'only', f), 'utf8'))).toEqual(published);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe(summary);
    expect(JSON.parse(readFileSync(join(staging, 'run.json'), 'utf8'))).toMatchObject({ interrupted: true, durationSeconds: 30 });
    // The earlier result still counts: --analyze-only reads it, and the partial run is not mistaken for it.
    const analyzed = await runScript('experiments', [...args(plan(1)), '--analyze-only']);
    expect([analyzed.exitCode, analyzed.stderr]).toEqual([0, '']);
    expect(analyzed.stdout).toContain(`1 of 1 experiments; results in ${root}`);
  }, 90_000);
});

describe('comparison of simulated and real runs', () => {
  test('sets the figures of the same experiment and machine side by side', async () => {
    const { comparisonMarkdown } = await import('../../src/experiments/compare.js');
    const machine = (id: number, ticks: number) => ({ machine: id, rate: 2, ticks, internal: 0, send: 0, receive: 0, jumpMax: 0, jumpMean: 0, maxQueue: id, endQueue: 0, driftMax: 0, driftMean: 0.5, clockDifference: 3, finalClock: 9 });
    const summary = (mode: 'real' | 'simulated', ticks: number) => ({
      name: 'pair', group: 'g', mode, seed: 1, durationSeconds: 60, internalProbability: 0.7, delayMs: null, messages: { sent: ticks, received: ticks, leftInQueues: 0 },
      latencyMs: null, concurrentButOrdered: 0, failures: [], machines: [machine(1, ticks), machine(2, ticks + 1)],
    });
    const md = comparisonMarkdown([summary('real', 120)], [summary('simulated', 121)]);
    expect(md.split('\n')).toEqual([
      '| experiment | machine | rate | ticks real / sim | max queue real / sim | end queue real / sim | mean drift real / sim | clock diff real / sim | messages real / sim |',
      '|---|---|---|---|---|---|---|---|---|',
      '| pair | 1 | 2 | 120 / 121 | 1 / 1 | 0 / 0 | 0.5 / 0.5 | 3 / 3 | 120 / 121 |',
      '|  | 2 | 2 | 121 / 122 | 2 / 2 | 0 / 0 | 0.5 / 0.5 | 3 / 3 |  |',
    ]);
  });
});

describe('experiment summaries', () => {
  const machine = (id: number, receive: number, jump: number | null) => ({ machine: id, rate: 5, ticks: 300, internal: 0, send: 0, receive, jumpMax: jump, jumpMean: jump, maxQueue: 0, endQueue: 0, driftMax: 0, driftMean: 0, clockDifference: 0, finalClock: 300 });
  const summary = (machines: ReturnType<typeof machine>[], delayMs: [number, number] | null): ExperimentSummary => ({
    name: 'imbalance', group: 'g', mode: 'simulated', seed: 1, durationSeconds: 60, internalProbability: 0.7, delayMs, messages: { sent: 10, received: 10, leftInQueues: 0 },
    latencyMs: null, concurrentButOrdered: 0, failures: [], machines,
  });

  test("show '-' for the jumps of a machine that received nothing, numbers as analyze's tables do, and a fixed delay as one figure", async () => {
    const { experimentSummaryTable, writeSummaries } = await import('../../src/experiments/summarize.js');
    const s = summary([machine(1, 10, 24), machine(2, 0, null)], [1, 1]);
    // As analyze's tables: right-aligned, thousands grouped, means to 0.01 (summary.md keeps plain numbers).
    const wide = { ...machine(3, 5, 1234.5), driftMax: 1.5, driftMean: 0.5, clockDifference: 12000 };
    expect(experimentSummaryTable({ ...s, machines: [...s.machines, wide] }).split('\n')).toEqual([
      'machine  rate  ticks  max jump  mean jump  max queue  end queue  max drift  mean drift  clock diff',
      '      1     5    300        24      24.00          0          0          0        0.00           0',
      '      2     5    300         -          -          0          0          0        0.00           0',
      '      3     5    300   1,234.5   1,234.50          0          0        1.5        0.50      12,000',
    ]);
    const root = tempDir();
    writeSummaries(root, [s, { ...summary([machine(1, 0, null)], [100, 500]), name: 'delayed' }, { ...summary([machine(1, 0, null)], null), name: 'plain' }]);
    const md = readFileSync(join(root, 'summary.md'), 'utf8');
    expect(md).toContain('| 2 | 5 | 300 | - | - | 0 |');
    expect(md).toContain('internal probability 0.7, delay 1 ms;');
    expect(md).toContain('internal probability 0.7, delay 100-500 ms;');
    expect(md).toContain('internal probability 0.7, no added delay;');
  });

  test('the first lines of a run into the published results say how many, how long, and that each replaces its results once complete', async () => {
    const { publishedRunLine, publishedStudyLine, rerunCommand } = await import('../../src/experiments/experiments-command.js');
    expect(publishedRunLine(Array(14).fill(60), false, 'experiments/real')).toBe(
      'experiments: 14 real experiments (about 16 minutes) into experiments/real, each replacing its published results once it has completed; Ctrl+C keeps those of the one running and the rest',
    );
    expect(publishedRunLine([60], true, 'experiments/sim')).toBe(
      'experiments: 1 simulated experiment into experiments/sim, each replacing its published results once it has completed; Ctrl+C keeps those of the one running and the rest',
    );
    // The hypothesis study into its published folder (`--only hypothesis`, or the whole plan) has a line of its own.
    expect(publishedStudyLine('experiments/hypothesis')).toBe(
      'experiments: the hypothesis study (simulated, a few seconds) into experiments/hypothesis, replacing its published results once it has completed; Ctrl+C keeps them',
    );
    // The command that runs one experiment again: as given, without --only and --analyze-only, with --only <name>.
    expect(rerunCommand(['--quick', '--only', 'a', 'b', '--analyze-only', '--out', 'my runs'], 'b')).toBe("npm run experiments -- --quick --out 'my runs' --only b");
    expect(rerunCommand(['--only=a,b', '--sim'], 'a')).toBe('npm run experiments -- --sim --only a');
  });

  test('rows kept from a summary.json written before jumps could be null read a machine without receives as having none', async () => {
    const { keptRuns, readEarlierRows } = await import('../../src/experiments/earlier-runs.js');
    const root = tempDir();
    writeFileSync(join(root, 'summary.json'), JSON.stringify([summary([machine(1, 10, 3), machine(2, 0, 0)], null)]));
    const rows = readEarlierRows(root);
    const { kept } = await keptRuns([{ name: 'imbalance', group: 'g', seed: 1 }], root, rows, () => 60, (name) => `npm run experiments -- --only ${name}`);
    expect(kept.map((k) => k.summary.machines.map((m) => [m.jumpMax, m.jumpMean]))).toEqual([[[3, 3], [null, null]]]);
  });
});

describe('runFailures', () => {
  test('names machines that did not exit cleanly; a run stopped early with none failed says why; a clean run has none', () => {
    const clean = { '1': { exitCode: 0, signal: null }, '2': { exitCode: 0, signal: null } };
    expect(runFailures({ machines: clean })).toEqual([]);
    expect(runFailures({ machines: { ...clean, '2': { exitCode: null, signal: 'SIGKILL' } }, stoppedEarly: 'machine 2 failed' })).toEqual(['machine 2 exited with SIGKILL']);
    // Stopped from outside, machine 2 exits 0: not a failed machine, but the run did not run its length.
    expect(runFailures({ machines: clean, stoppedEarly: 'machine 2 stopped (SIGTERM)' })).toEqual(['run stopped early: machine 2 stopped (SIGTERM)']);
  });
});
