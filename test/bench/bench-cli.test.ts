// `npm run bench`: --quick, the mode users run, measures every section of its whole plan to the end, writes well-formed
// results and rewrites only its own block of BENCHMARKS.md; the smallest mode (--smoke) serves the tests of a partial
// run and of Ctrl+C. No test judges a figure: the goals are the benchmark's to report, met or not.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import type { BenchResults } from '../../src/bench/results.js';
import type { Figure } from '../../src/bench/figure.js';
import { processesMentioning } from '../helpers/processes.js';
import { waitUntil, waitForOutput } from '../helpers/wait.js';

/** A figure is well formed when min <= median <= max and there is one value per run. */
function expectFigure(value: unknown, runs = 1): void {
  const f = value as Figure;
  expect(f).toEqual({ median: expect.any(Number), medianExact: expect.any(Number), min: expect.any(Number), max: expect.any(Number), runs: expect.any(Array) });
  expect(f.runs).toHaveLength(runs);
  expect(f.min).toBeLessThanOrEqual(f.median);
  expect(f.median).toBeLessThanOrEqual(f.max);
}

const FOREIGN = '## Simulator\n\nsimulator text that is not ours\n\n## Analysis\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n';

describe('npm run bench', () => {
  test('--quick (what a user runs for a quick look) measures every section of the published plan, writes results.json and only its block of BENCHMARKS.md, and judges every goal', async () => {
    const dir = tempDir('lamport-bench-quick-');
    const results = join(dir, 'out', 'results.json');
    const markdown = join(dir, 'BENCHMARKS.md');
    writeFileSync(markdown, `# Benchmarks\n\nintro\n\n<!-- bench:start -->\nold tables\n<!-- bench:end -->\n\n${FOREIGN}`);

    const r = await runScript('bench', ['--quick', '--results', results, '--markdown', markdown]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`wrote ${results} and ${markdown}`);

    const out = JSON.parse(readFileSync(results, 'utf8')) as BenchResults;
    expect(out).toMatchObject({ version: 1, mode: 'quick', system: { node: process.version, cores: expect.any(Number), cpuModel: expect.any(String) } });
    // The code that was measured: this checkout's commit, in the results and the header.
    expect(out.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(markdown, 'utf8')).toContain(`with the code of commit ${out.commit!.slice(0, 7)} in `);
    // Its goal lines are introduced as a smoke run's, not the published verdict.
    expect(r.stdout).toMatch(/^goals, as judged on this quick run's shorter runs \(the published verdict comes from a full run\):\n(met|MISSED|not measured): /m);
    // The host's speed as each measurement started, one figure per measurement, and said in the markdown.
    const speeds = Object.values(out.system.speedCheckMsBySection ?? {});
    expect(speeds).toHaveLength(7);
    for (const ms of speeds) expect(ms).toBeGreaterThan(0);
    expect(readFileSync(markdown, 'utf8')).toMatch(/Speed check \(ms to format 20,000 log records, lower is a faster host\) as each measurement started: fidelity [\d.]+, /);
    // The CPU of a timer wake-up as each measurement started: a positive figure per measurement, said in the markdown.
    const wakeUps = Object.values(out.system.wakeUpUsBySection ?? {});
    expect(wakeUps).toHaveLength(7);
    for (const us of wakeUps) expect(us).toBeGreaterThan(0);
    expect(readFileSync(markdown, 'utf8')).toMatch(/Wake-up check \(µs of CPU per timer wake-up of an idle Node process, [^)]*\) as each measurement started: fidelity [\d.]+, /);
    // The kernel's memory threads (kdamond and the like) while each measurement ran, where this host shows any.
    const memoryThreads = out.system.memoryThreadsBySection;
    if (memoryThreads) {
      expect(Object.keys(memoryThreads)).toHaveLength(7);
      for (const use of Object.values(memoryThreads)) expect(use.cpuMsPerSecond).toBeGreaterThanOrEqual(0);
      expect(readFileSync(markdown, 'utf8')).toMatch(/Kernel memory threads \([^)]*\), ms of CPU per second while each measurement ran, [^)]*\): fidelity [\d.]+/);
    } else expect(readFileSync(markdown, 'utf8')).not.toContain('Kernel memory threads');
    if ('notMeasured' in out.fidelity) throw new Error(`fidelity: ${out.fidelity.notMeasured}`);
    expect(out.fidelity.rows.map((row) => row.rate)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const row of out.fidelity.rows) {
      if ('notMeasured' in row) throw new Error(`fidelity ${row.rate}: ${row.notMeasured}`);
      for (const f of [row.tickDeviation, row.expectedTicks, row.lagP50Ms, row.lagP99Ms, row.lagMaxMs]) expectFigure(f);
      // 10 s of ticking at each rate.
      expect(row.expectedTicks.median).toBeGreaterThanOrEqual(row.rate * 9);
    }
    if ('notMeasured' in out.highRates) throw new Error(`high rates: ${out.highRates.notMeasured}`);
    expect(out.highRates.rows.map((row) => row.rate)).toEqual([1000, 5000]);
    for (const row of out.highRates.rows) {
      if ('notMeasured' in row) throw new Error(`high rate ${row.rate}: ${row.notMeasured}`);
      for (const f of [row.tickErrorPercent, row.lagP99Ms, row.logLines]) expectFigure(f);
      expect(row.logsComplete).toBe(true);
      expect(row.logLines.median).toBeGreaterThan(row.rate);
    }
    if ('notMeasured' in out.scale) throw new Error(`scale: ${out.scale.notMeasured}`);
    expect(out.scale.rows.map((row) => row.machines)).toEqual([10, 25, 50]);
    for (const mesh of out.scale.rows) {
      if ('notMeasured' in mesh) throw new Error(`mesh of ${mesh.machines}: ${mesh.notMeasured}`);
      for (const f of [mesh.lagP99Ms, mesh.connectMs, mesh.meshUpMs, mesh.spawnSpreadMs]) expectFigure(f);
      // The kernel's memory threads during the mesh run: a figure where the host shows them, else the reason.
      if (memoryThreads) expectFigure(mesh.memoryThreadsMsPerSecond);
      else expect(mesh.memoryThreadsMsPerSecond).toEqual({ notMeasured: 'no kernel memory threads visible on this host' });
      // Memory needs only one /proc sample, so it is there even in a one-second run.
      expectFigure(mesh.rssMbMax);
      expect((mesh.rssMbMax as Figure).median).toBeGreaterThan(10);
    }
    if ('notMeasured' in out.latency) throw new Error(`latency: ${out.latency.notMeasured}`);
    expect(out.latency.frames).toBe(2 * 1000);
    for (const f of [out.latency.p50Ms, out.latency.p99Ms, out.latency.maxMs]) expectFigure(f);
    if ('notMeasured' in out.framing) throw new Error(`framing: ${out.framing.notMeasured}`);
    // Framing: three runs even in a quick run.
    for (const f of [out.framing.machineFramesPerSecond, out.framing.bareFramesPerSecond, out.framing.ratio]) expectFigure(f, 3);
    // The receive path as a jitless machine runs it, timed in a child run with --jitless.
    for (const f of [out.framing.jitlessFramesPerSecond, out.framing.jitlessMBPerSecond, out.framing.jitlessRatio]) expectFigure(f, 3);
    for (const external of [out.simulator, out.analysis]) {
      if ('notMeasured' in external) expect(external.notMeasured).toMatch(/\S/);
      else expect(external.source).toMatch(/^bench\/\w+\.ts \w+$/);
    }
    // Every goal is judged: met or missed, none left unmeasured.
    expect(out.goals).toHaveLength(8);
    for (const g of out.goals) expect(typeof g.met).toBe('boolean');
    // The simulator's and the analysis's own goals too, on their lines and in a table of their own.
    expect(out.otherGoals).toHaveLength(6);
    for (const g of out.otherGoals!) expect(typeof g.met).toBe('boolean');
    expect(r.stdout).toMatch(/^the simulator's and the analysis's own goals:\n(met|MISSED): Simulator: at least 2,000,000 events per second/m);

    const text = readFileSync(markdown, 'utf8');
    expect(text.startsWith('# Benchmarks\n\nintro\n\n<!-- bench:start -->\n')).toBe(true);
    expect(text.endsWith(`<!-- bench:end -->\n\n${FOREIGN}`)).toBe(true);
    expect(text).not.toContain('old tables');
    expect(text).toContain(`Node ${process.version}`);
    expect(text).toContain('(mode: quick)');
    expect(text).toMatch(/### Goals of the simulator's and the analysis's issues\n\n\| goal \| measured \| met \|\n[^]*\| Sweep: 1,000 runs of 60 s on 2 workers in under 6 s, end to end \| /);
    expect(text).toMatch(/^\| 50 \| /m);
    expect(text).toMatch(/^\| 5000 \| /m);
    expect(text).toMatch(/^\| machine receive path, jitless \| \d+ /m);
    expect(text).toMatch(/^\| ratio jitless machine \/ bare \| [\d.]+ /m);
  }, 180_000);

  test.each([
    ['SIGINT', 'its process group, as a terminal\'s Ctrl+C', true],
    ['SIGINT', 'bench alone', false],
    ['SIGTERM', 'bench alone (timeout, a cancelled job)', false],
  ] as const)('%s to %s: one line says nothing was written, the runs stop, the scratch folders are gone, and the exit is the signal\'s', async (signal, _, toGroup) => {
    const dir = tempDir('lamport-bench-interrupt-');
    const scratch = join(dir, 'tmp');
    mkdirSync(scratch);
    const results = join(dir, 'results.json');
    const markdown = join(dir, 'BENCHMARKS.md');
    writeFileSync(markdown, '<!-- bench:start -->\ntables of an earlier run\n<!-- bench:end -->\n');
    const child = runScript('bench', ['--smoke', '--only', 'scale', '--results', results, '--markdown', markdown], { env: { TMPDIR: scratch }, detached: toGroup });
    // Interrupt it while the mesh runs: its scratch folder holds the config and the machines' logs then.
    await waitForOutput(child, 'scale: full mesh');
    expect(readdirSync(scratch)).toHaveLength(1);
    // start-all and a machine at least (their command lines name the scratch folder): stopping, they still write logs.
    await waitUntil(() => processesMentioning(scratch).length >= 2, 'start-all to spawn a machine');
    if (toGroup) process.kill(-child.pid!, signal);
    else child.kill(signal);
    const r = await child;
    expect(r.signal).toBe(signal);
    expect(r.stderr).toBe(`bench: interrupted; ${results} and ${markdown} are unchanged`);
    expect(existsSync(results)).toBe(false);
    expect(readFileSync(markdown, 'utf8')).toBe('<!-- bench:start -->\ntables of an earlier run\n<!-- bench:end -->\n');
    // Bench waited for them before removing the scratch folder, so nothing can write into it again.
    expect(processesMentioning(scratch)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 60_000);

  test('a partial run (--only) writes under bench/partial/ and leaves the published results and tables alone', async () => {
    const dir = tempDir('lamport-bench-partial-');
    mkdirSync(join(dir, 'bench'));
    writeFileSync(join(dir, 'bench', 'results.json'), '{"published":true}\n');
    writeFileSync(join(dir, 'BENCHMARKS.md'), 'published tables\n');
    // Two --only options add up.
    const r = await runScript('bench', ['--smoke', '--only', 'simulator', '--only', 'analysis'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).split('\n')[0]).toBe('bench: at the end, rewrites bench/partial/results.json and the generated block of bench/partial/BENCHMARKS.md');
    expect(r.stdout).toMatch(/^wrote bench\/partial\/results\.json and bench\/partial\/BENCHMARKS\.md in \d+ s$/m);
    // What it measured, and one line per goal it did not.
    expect(r.stdout).toMatch(/^simulator: noLogFiles\.eventsPerSecond \d+; bothLogFiles\.eventsPerSecond \d+; sweep\.runsPerSecond \d+$/m);
    expect(r.stdout).toMatch(/^analysis: /m);
    expect(r.stdout).toMatch(/^not measured: Loopback latency p99 under 2 ms$/m);
    expect(readFileSync(join(dir, 'bench', 'results.json'), 'utf8')).toBe('{"published":true}\n');
    expect(readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8')).toBe('published tables\n');
    const partial = JSON.parse(readFileSync(join(dir, 'bench', 'partial', 'results.json'), 'utf8')) as BenchResults;
    expect(partial.mode).toBe('smoke');
    expect(partial.only).toEqual(['simulator', 'analysis']);
    // The header says which measurements ran, and the command that ran them.
    const tables = readFileSync(join(dir, 'bench', 'partial', 'BENCHMARKS.md'), 'utf8');
    expect(tables).toContain('<!-- bench:start -->');
    expect(tables).toMatch(/Generated by `npm run bench -- --smoke --only simulator,analysis` on [\d-]+ with the code of commit [0-9a-f]{7} in \d+ s \(mode: smoke; measured only simulator, analysis, the rest skipped\)\./);
  }, 60_000);

  test('--quick with the published paths says first that it rewrites the published figures', async () => {
    const dir = tempDir('lamport-bench-published-');
    const child = runScript('bench', ['--quick'], { cwd: dir });
    const stdout = await waitForOutput(child, '\n');
    child.kill('SIGTERM');
    await child;
    expect(stdout.split('\n')[0]).toBe(
      'bench: at the end, rewrites bench/results.json and the generated block of BENCHMARKS.md (the published figures; give --results and --markdown to keep them)',
    );
    expect(existsSync(join(dir, 'BENCHMARKS.md'))).toBe(false);
  });

  test('an output it cannot write is one line and exit 2 before anything is measured', async () => {
    const dir = tempDir('lamport-bench-output-');
    const folder = await runScript('bench', ['--only', 'simulator', '--results', dir]);
    expect([folder.exitCode, folder.stderr, folder.stdout]).toEqual([2, `bench: error: --results ${dir} is a folder; give a file`, '']);
    writeFileSync(join(dir, 'file'), '');
    const markdown = join(dir, 'file', 'BENCHMARKS.md');
    const blocked = await runScript('bench', ['--only', 'simulator', '--results', join(dir, 'results.json'), '--markdown', markdown]);
    expect([blocked.exitCode, blocked.stderr, blocked.stdout]).toEqual([2, `bench: error: cannot create the folder for ${markdown}: a file is in the way`, '']);
    expect(readdirSync(dir)).toEqual(['file']);
    // Where no file can be made although permissions allow it (root in /proc): caught before measuring too.
    const proc = await runScript('bench', ['--only', 'simulator', '--results', '/proc/lamport-lab-bench.json', '--markdown', join(dir, 'B.md')]);
    expect([proc.exitCode, proc.stderr, proc.stdout]).toEqual([2, 'bench: error: cannot write --results /proc/lamport-lab-bench.json: files cannot be made there', '']);
    expect(readdirSync(dir)).toEqual(['file']);
    // A Markdown file without the generated block's markers (README.md by mistake) is refused, and the folders made to
    // check --results are gone again.
    writeFileSync(join(dir, 'README.md'), '# A project\n\n## Use\n');
    const readme = await runScript('bench', ['--only', 'simulator', '--results', join(dir, 'new', 'sub', 'results.json'), '--markdown', join(dir, 'README.md')]);
    expect([readme.exitCode, readme.stderr, readme.stdout]).toEqual([
      2,
      `bench: error: --markdown ${join(dir, 'README.md')} has no generated block; give a new file, or add the lines <!-- bench:start --> and <!-- bench:end --> where the tables should go`,
      '',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'file']);
  });

  test('an unknown measurement name in --only is one line on stderr and exit 2', async () => {
    const r = await runScript('bench', ['--only', 'fidelity,nonsense']);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim()).toMatch(/^bench: error: option '--only <list>' argument 'fidelity,nonsense' is invalid\. Must be a comma-separated list of: fidelity, highRates, latency/);
  });
});
