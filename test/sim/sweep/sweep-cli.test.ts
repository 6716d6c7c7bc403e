// `npm run sweep` as a user runs it: result files, the same bytes on 1 or 2 workers, bad specs, Ctrl+C and SIGTERM keeping results.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../run-script.js';
import { trackChild } from '../../helpers/children.js';
import { script, tempDir } from '../../helpers/cli.js';
import { fromRoot } from '../../helpers/repo.js';
import { waitUntil } from '../../helpers/wait.js';
import { toolVersion } from '../../../src/log/tool-version.js';

describe('sweep CLI', () => {
  let cwd: string;
  // Removed after the file (test/setup/remove-temp-dirs.ts), once the children a failed test left have been ended.
  beforeEach(() => (cwd = tempDir('sweep-cli-')));

  const writeSpec = (spec: object, name = 'spec.json') => {
    writeFileSync(join(cwd, name), JSON.stringify(spec));
    return name;
  };
  const read = (...parts: string[]) => readFileSync(join(cwd, ...parts), 'utf8');
  const hasRecords = (...parts: string[]) => existsSync(join(cwd, ...parts)) && readFileSync(join(cwd, ...parts)).length > 0;

  /**
   * Starts `sweep <spec> --out out --workers 1`, waits until `ready` (failing if the sweep ends first), sends `signal`
   * and returns the exit code and stderr.
   */
  async function stopSweep(spec: string, ready: (stderr: string) => boolean, what: string, signal: NodeJS.Signals = 'SIGINT', extra: string[] = []) {
    const child = trackChild(spawn(process.execPath, [script('sweep'), spec, '--out', 'out', '--workers', '1', ...extra], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve((exitCode = c))));
    await waitUntil(() => exitCode !== undefined || ready(stderr), what);
    expect(exitCode).toBeUndefined();
    child.kill(signal);
    return { code: await exited, stderr, stdout };
  }

  it("prints the spec's name with its control characters escaped, never obeyed by the terminal", () => {
    const spec = writeSpec({ name: 'a/b\u0000c\u001b[31m\u009b2J', seeds: 1, grid: { durationSeconds: 1 } });
    const r = runScript('sweep', [spec, '--out', 'out', '--workers', '1'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Sweep a\/b\\u0000c\\u001b\[31m\\u009b2J: 1 run \(1 point x 1 seed\)/);
    expect(r.stdout).not.toMatch(/[\u0000\u001b\u009b]/);
  });

  it('writes results.csv, results.json and a self-contained report.html, byte for byte the same on 1 or 2 workers', () => {
    const spec = writeSpec({ name: 'demo', seeds: 3, grid: { rates: [[1, 2, 3], [2, 2, 5]], internalProbability: [0.4, 0.8], durationSeconds: 20 } });
    const one = runScript('sweep', [spec, '--out', 'one', '--workers', '1'], cwd);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Sweep demo: 12 runs \(4 points x 3 seeds\) in [\d.]+ s on 1 worker thread\.\nSwept: rates, internalProbability\.\nResults: one\/results\.csv, results\.json, machines\.csv, report\.html\n$/);
    // Quiet: only the results folder, for scripts (and, on a host of one CPU, the warning that 2 threads are too many).
    const two = runScript('sweep', [spec, '--out', 'two', '--workers', '2', '-q'], cwd);
    expect(two).toMatchObject({ code: 0, stdout: 'two\n' });
    expect(two.stderr).toBe(availableParallelism() >= 2 ? '' : expect.stringMatching(/^sweep: warning: 2 worker threads on 1 CPU: /));
    for (const file of ['results.csv', 'results.json', 'machines.csv', 'report.html']) expect(read('two', file)).toBe(read('one', file));

    // More threads than CPUs: a warning before the sweep, the same results.
    const cpus = availableParallelism();
    const many = runScript('sweep', [spec, '--out', 'many', '--workers', String(cpus + 1), '-q'], cwd);
    expect(many).toMatchObject({ code: 0, stdout: 'many\n' });
    expect(many.stderr).toBe(
      `sweep: warning: ${cpus + 1} worker threads on ${cpus} CPU${cpus === 1 ? '' : 's'}: threads beyond the CPU count only take turns and slow the sweep (its results are the same); -w ${cpus} is the quickest here\n`,
    );
    for (const file of ['results.csv', 'results.json', 'machines.csv']) expect(read('many', file)).toBe(read('one', file));
    // -w 64 for 12 runs starts 12 threads: the warning names those.
    const most = runScript('sweep', [spec, '--out', 'most', '--workers', '64', '-q'], cwd);
    expect(most.stderr).toMatch(/^sweep: warning: 12 worker threads on \d+ CPUs?: /);

    const csv = read('one', 'results.csv').trimEnd().split('\n');
    expect(csv).toHaveLength(13);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
      Array.from({ length: 12 }, (_, run) => `${run},${Math.floor(run / 3)},${(run % 3) + 1}`),
    );
    const json = JSON.parse(read('one', 'results.json'));
    expect(json).toMatchObject({ name: 'demo', swept: ['rates', 'internalProbability'], runs: { planned: 12, finished: 12 }, interrupted: false });
    expect(json.tool).toEqual({ name: 'lamport-lab', version: JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')).version });
    expect(json.results).toHaveLength(12);
    expect(json.points[0]).toMatchObject({ point: 0, runs: 3, params: { rates: '1/2/3', internalProbability: 0.4 } });
    // machines.csv: a line per run per machine (12 runs of 3), in run order then machine id order, with each run's rates.
    const [machinesHeader, ...machineLines] = read('one', 'machines.csv').trimEnd().split('\n').map((line) => line.split(','));
    expect(machinesHeader!.join(',')).toBe('run,point,seed,machine,rate,ticks,maxQueue,endQueue,maxJump,jumps,maxDrift,meanDrift,finalClock,crashed');
    expect(machineLines.map((l) => l.slice(0, 5).join(','))).toEqual(
      csv.slice(1).flatMap((line) => {
        const [run, point, seed] = line.split(',');
        const rates = json.results[Number(run)].rates.split('/');
        return [1, 2, 3].map((machine) => `${run},${point},${seed},${machine},${rates[machine - 1]}`);
      }),
    );
    // A machine's ticks are its rate times the 20 s, and no machine of these runs crashed.
    expect(machineLines.every((l) => Number(l[5]) === Number(l[4]) * 20 && l[13] === 'false')).toBe(true);

    const html = read('one', 'report.html');
    expect(html.match(/<svg/g)).toHaveLength(3); // rates, internal probability, rate ratio
    // Against a category (the rate vectors) each chart's mean is a dot, not a tick spanning the band.
    const ratesSvg = html.split('<svg')[1]!;
    expect(ratesSvg.match(/class="mark-symbol role-mark/g)).toHaveLength(10); // one chart per metric (the legend has its own symbols)
    expect(ratesSvg).not.toContain('mark-tick');
    expect(html).toContain('Metrics against internal probability');
    expect(html).not.toMatch(/<script|<link|src=/);
    // The report numbers its points as results.csv and results.json do, in the points table and the per-machine one.
    const [points, perMachine] = html.split('<h2>Per machine, mean over seeds</h2>') as [string, string];
    expect([...points.matchAll(/<tr><th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]))).toEqual([0, 1, 2, 3]);
    expect([...perMachine.matchAll(/<tr><th scope="row">(\d+)<\/th><th scope="row">(\d+)<\/th><td>3<\/td>/g)].map((m) => `${m[1]}.${m[2]}`)).toEqual(
      ['0.1', '0.2', '0.3', '1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3'],
    );
  });

  it('keeps every run\'s folder when the spec asks for logs, identical to simulate\'s for the same settings', () => {
    const spec = writeSpec({ seeds: 2, firstSeed: 5, logs: true, grid: { rates: [[1, 3, 6]], durationSeconds: 10 } });
    expect(runScript('sweep', [spec, '-o', 'out', '-q'], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, 'out', 'runs'))).toEqual(['run-000000', 'run-000001']);
    expect(JSON.parse(read('out', 'runs', 'run-000001', 'run.json'))).toMatchObject({ mode: 'simulated', seed: 6, rates: { '1': 1, '2': 3, '3': 6 } });
    expect(runScript('simulate', ['--rates', '1,3,6', '--seed', '6', '--duration', '10', '-l', 'sim', '-q'], cwd).code).toBe(0);
    for (const f of ['machine-1.jsonl', 'machine-2.log', 'machine-3.jsonl']) expect(read('out', 'runs', 'run-000001', f)).toBe(read('sim', f));
  });

  it('grid.tickPhaseMs: each run\'s logs are simulate --tick-offsets\'s with the offsets its run.json records; the report has the spread as a column and an axis', () => {
    const spec = writeSpec({ seeds: 1, firstSeed: 9, logs: true, grid: { rates: [[2, 24, 24]], durationSeconds: 5, tickPhaseMs: [0, 3] } });
    expect(runScript('sweep', [spec, '-o', 'out', '-q'], cwd).code).toBe(0);
    const info = JSON.parse(read('out', 'runs', 'run-000001', 'run.json')) as { tickOffsetsMs: Record<string, number> };
    const offsets = [1, 2, 3].map((id) => info.tickOffsetsMs[String(id)]!);
    expect(offsets.every((o) => o >= 0 && o < 3)).toBe(true);
    expect(JSON.parse(read('out', 'runs', 'run-000000', 'run.json')).tickOffsetsMs).toBeUndefined();
    expect(runScript('simulate', ['--rates', '2,24,24', '--seed', '9', '--duration', '5', '--tick-offsets', offsets.join(','), '-l', 'sim', '-q'], cwd).code).toBe(0);
    for (const f of ['machine-1.jsonl', 'machine-2.jsonl', 'machine-3.jsonl']) expect(read('out', 'runs', 'run-000001', f)).toBe(read('sim', f));
    expect(read('out', 'results.csv').split('\n')[0]!.endsWith(',queueGrowth,tickPhaseMs')).toBe(true);
    expect(read('out', 'report.html')).toContain('<th scope="col">tick phase spread (ms)</th>');
    expect(read('out', 'report.html')).toContain('>tick phase spread (ms)</text>');
  });

  it('counts the messages full queues refused, as analyze does for the same run', () => {
    const spec = writeSpec({ seeds: 1, firstSeed: 5, logs: true, maxQueue: 5, grid: { rates: [[1, 6, 6]], durationSeconds: 60 } });
    expect(runScript('sweep', [spec, '--out', 'out', '-q'], cwd).code).toBe(0);
    const [header, row] = read('out', 'results.csv').trimEnd().split('\n').map((line) => line.split(','));
    const refused = Number(row![header!.indexOf('refused')]);
    expect(refused).toBeGreaterThan(0);
    const analysis = JSON.parse(runScript('analyze', ['out/runs/run-000000', '--json'], cwd).stdout);
    expect(analysis.runs[0].messages.refused).toBe(refused);
    expect(JSON.parse(read('out', 'results.json')).points[0].mean.refused).toBe(refused);
  });

  it('sweeps fault schedules named beside its spec, counts what they lose as analyze does, and --resume refuses one changed since', () => {
    mkdirSync(join(cwd, 'study'));
    const lag = { at: 2, action: 'add', links: '1->2', toxic: { type: 'latency', name: 'lag', attributes: { latency: 500, jitter: 0 } } };
    const schedule = (killAt: number) => JSON.stringify({ events: [lag, { at: killAt, action: 'kill', machine: 2 }] });
    writeFileSync(join(cwd, 'study', 'kill.json'), schedule(5));
    const spec = writeSpec({ name: 'faults', seeds: 2, logs: true, grid: { rates: [[6, 6, 6]], internalProbability: 0.2, durationSeconds: 10, faults: [null, 'kill.json'] } }, 'study/spec.json');
    const first = runScript('sweep', [spec, '--out', 'out', '--workers', '1'], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('(2 points x 2 seeds)');
    expect(first.stdout).toContain('Swept: faults.\n');
    const [header, ...rows] = read('out', 'results.csv').trimEnd().split('\n').map((line) => line.split(','));
    const at = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[at('faults')])).toEqual(['', '', 'kill.json', 'kill.json']);
    // Lost only with the schedule, and in each run the count analyze gives for its logs (run.json names the schedule).
    const lost = rows.map((r) => Number(r[at('lost')]));
    expect(lost.slice(0, 2)).toEqual([0, 0]);
    expect(Math.min(...lost.slice(2))).toBeGreaterThan(0);
    // So is `dropped`: the messages not sent to the killed machine.
    const dropped = rows.map((r) => Number(r[at('dropped')]));
    expect(dropped.slice(0, 2)).toEqual([0, 0]);
    expect(Math.min(...dropped.slice(2))).toBeGreaterThan(0);
    lost.forEach((n, run) => {
      const { messages } = JSON.parse(runScript('analyze', [`out/runs/run-00000${run}`, '--json'], cwd).stdout).runs[0];
      expect([messages.lost, messages.dropped]).toEqual([n, dropped[run]]);
    });
    expect(JSON.parse(read('out', 'runs', 'run-000002', 'run.json')).faults).toMatchObject({ file: 'kill.json', steps: [{ action: 'add' }, { action: 'kill', machine: 2 }] });
    const results = JSON.parse(read('out', 'results.json'));
    expect(results.faultSchedules['kill.json'].events[1]).toEqual({ at: 5, action: 'kill', machine: 2 });
    expect(results.points.map((p: { mean: { lost: number } }) => p.mean.lost)).toEqual([0, (lost[2]! + lost[3]!) / 2]);
    expect(read('out', 'report.html')).toContain('Metrics against fault schedule');
    // Stopped after two runs, then the schedule edited: the runs still to come would not match those that finished.
    const whole = read('out', 'results.csv');
    writeFileSync(join(cwd, 'out', 'results.json'), JSON.stringify({ ...results, interrupted: true, results: results.results.slice(0, 2) }));
    writeFileSync(join(cwd, 'study', 'kill.json'), schedule(6));
    expect(runScript('sweep', [spec, '--out', 'out', '--resume'], cwd)).toMatchObject({
      code: 2,
      stderr:
        'sweep: error: --resume: the fault schedule kill.json changed since the sweep in out was stopped (results.json holds it as it was): ' +
        'its runs still to come would not match those that finished, so put it back, or run the sweep again with a new --out folder\n',
    });
    writeFileSync(join(cwd, 'study', 'kill.json'), schedule(5));
    expect(runScript('sweep', [spec, '--out', 'out', '--resume', '-q'], cwd).code).toBe(0);
    expect(read('out', 'results.csv')).toBe(whole);
    // A schedule missing, or one the simulator cannot model: one line naming the file, before any run.
    const missing = writeSpec({ seeds: 1, grid: { faults: 'nope.json' } }, 'study/missing.json');
    expect(runScript('sweep', [missing, '--out', 'none'], cwd)).toMatchObject({ code: 2, stderr: 'sweep: error: cannot read fault schedule study/nope.json: no such file\n' });
    writeFileSync(join(cwd, 'study', 'slow.json'), JSON.stringify({ events: [{ at: 1, action: 'add', links: '1->2', toxic: { type: 'bandwidth', attributes: { rate: 10 } } }] }));
    const slow = writeSpec({ seeds: 1, grid: { faults: 'slow.json' } }, 'study/slow-spec.json');
    expect(runScript('sweep', [slow, '--out', 'none'], cwd)).toMatchObject({
      code: 2,
      stderr: 'sweep: error: study/slow.json: event 1 (events[0]): the simulator cannot model a bandwidth toxic (latency, down/up, kill and restart only)\n',
    });
    expect(existsSync(join(cwd, 'none'))).toBe(false);
  });

  it('flags the runs whose queue reached the capacity (maxQueueCapped, a column added last) and warns of them, --quiet or not', () => {
    const spec = writeSpec({ seeds: 2, maxQueue: 20, grid: { rates: [[1, 6, 6], [6, 6, 6]], durationSeconds: 30 } });
    const result = runScript('sweep', [spec, '--out', 'out', '--workers', '1', '-q'], cwd);
    expect(result).toMatchObject({ code: 0, stdout: 'out\n' });
    expect(result.stderr).toContain(
      "sweep: warning: 2 of 4 runs had a queue at its capacity (the spec's maxQueue, 20): their maxQueue is that cap, " +
        'not how long the queue would have grown (maxQueueCapped in results.csv and results.json)\n',
    );
    const [header, ...rows] = read('out', 'results.csv').trimEnd().split('\n').map((line) => line.split(','));
    // The contract: the earlier columns keep their names and places; the flag comes after them, then the fault
    // columns, then the metrics added since.
    expect(header!.slice(-7)).toEqual(['messages', 'refused', 'maxQueueCapped', 'faults', 'lost', 'dropped', 'queueGrowth']);
    const at = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[at('pointRates')], r[at('maxQueue')], r[at('maxQueueCapped')]])).toEqual([
      ['1/6/6', '20', 'true'],
      ['1/6/6', '20', 'true'],
      ['6/6/6', expect.not.stringMatching(/^20$/), 'false'],
      ['6/6/6', expect.not.stringMatching(/^20$/), 'false'],
    ]);
    const json = JSON.parse(read('out', 'results.json'));
    expect(json.results.map((r: { maxQueueCapped: boolean }) => r.maxQueueCapped)).toEqual([true, true, false, false]);
    // Room in every queue: no flag, no warning.
    const roomy = writeSpec({ seeds: 1, maxQueue: 1000, grid: { rates: [[1, 6, 6]], durationSeconds: 30 } }, 'roomy.json');
    const quietRun = runScript('sweep', [roomy, '--out', 'roomy', '--workers', '1', '-q'], cwd);
    expect(quietRun).toMatchObject({ code: 0, stdout: 'roomy\n' });
    expect(quietRun.stderr).not.toContain('warning');
    expect(JSON.parse(read('roomy', 'results.json')).results[0].maxQueueCapped).toBe(false);
  });

  it("tells a growing queue from a steady one (queueGrowth, the last column), which the end queue alone cannot", () => {
    // Machine 1 at 1/s beside two at 6/s takes one message a second and gets several; three at 6/s keep up.
    const spec = writeSpec({ seeds: 2, grid: { rates: [[1, 6, 6], [6, 6, 6]], internalProbability: 0.3, durationSeconds: 120 } }, 'growth.json');
    expect(runScript('sweep', [spec, '--out', 'growth', '--workers', '1', '-q'], cwd)).toMatchObject({ code: 0, stdout: 'growth\n' });
    const [header, ...rows] = read('growth', 'results.csv').trimEnd().split('\n').map((line) => line.split(','));
    expect(header!.at(-1)).toBe('queueGrowth');
    const at = (name: string) => header!.indexOf(name);
    const growth = rows.map((r) => [r[at('pointRates')], Number(r[at('queueGrowth')]), Number(r[at('endQueue')])] as const);
    for (const [rates, perSecond, endQueue] of growth) {
      if (rates === '1/6/6') {
        // It grows by several a second, and its end queue is about that rate times the run's 120 s.
        expect(perSecond).toBeGreaterThan(2);
        expect(endQueue / 120).toBeGreaterThan(perSecond * 0.8);
      } else expect(Math.abs(perSecond)).toBeLessThan(0.05);
    }
    const report = read('growth', 'report.html');
    expect(report).toContain('queue growth (fastest-growing queue)');
    expect(report).toContain('messages per second');
  });

  it('refuses a sweep whose logs would not fit on the disk, with one line before any run, and names an --out that cannot be made', () => {
    const spec = writeSpec({ seeds: 1000, logs: true, grid: { rates: [[6, 5, 2]], internalProbability: [0.3, 0.7], durationSeconds: 1e9 } });
    const result = runScript('sweep', [spec, '--out', 'deep/out'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^sweep: error: this sweep would write about \d+\.\d [kMGTPEZY]B of logs in 16,000 files and folders \(2,000 runs\); (.+) has \d+\.\d [kMGTPEZY]B free: leave out "logs": true, or make the sweep smaller\n$/,
    );
    expect(readdirSync(cwd)).toEqual([spec]);
    // One run of 1e12 s: refused as simulate refuses it, and 'run' without an s.
    const one = writeSpec({ seeds: 1, logs: true, grid: { durationSeconds: 1e12 } }, 'one.json');
    expect(runScript('sweep', [one, '--out', 'one'], cwd)).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^sweep: error: this sweep would write about [\d.]+ [kMGTPEZY]B of logs in 8 files and folders \(1 run\); .+ has [\d.]+ [kMGTPEZY]B free: leave out "logs": true, or make the sweep smaller\n$/),
    });
    expect(existsSync(join(cwd, 'one'))).toBe(false);
    const proc = runScript('sweep', [spec, '--out', '/proc/lamport-lab-test/out'], cwd);
    expect([proc.code, proc.stderr]).toEqual([2, 'sweep: error: cannot create the output folder /proc/lamport-lab-test/out: folders cannot be made there\n']);
  });

  it.each([
    [{ seeds: 2, grid: { machines: [] } }, /spec\.json: grid\.machines: machines needs at least one value/],
    [{ seeds: 2, grid: { rates: [[1, 0]] } }, /spec\.json: grid\.rates\[0\]\[1\]: rates must be greater than 0/],
    [{ seeds: 2, grid: { internalProbability: 1.2 } }, /spec\.json: grid\.internalProbability: probabilities must be between 0 and 1/],
    [{ seeds: 2, grid: { delayMs: [[3, 1]] } }, /spec\.json: grid\.delayMs\[0\]: in each delayMs, min must not exceed max/],
    [{ seeds: 2, grid: { durationSeconds: ['x'] } }, /^sweep: error: spec\.json: grid\.durationSeconds\[0\]: should be a number, is the string "x"\n$/],
    [{ seeds: 2, grid: {}, maxQueue: 0 }, /^sweep: error: spec\.json: maxQueue: should be at least 1, is 0\n$/],
    [{ seeds: 1, firstSeed: 2147483648 }, /^sweep: error: spec\.json: firstSeed: must be a whole number from 0 to 2147483647\n$/],
    [{ seeds: 1, firstSeed: -1 }, /^sweep: error: spec\.json: firstSeed: must be a whole number from 0 to 2147483647\n$/],
    [{ seeds: 5, firstSeed: 2147483645 }, /^sweep: error: spec\.json: seeds: the last seed, firstSeed \+ seeds - 1 = 2147483649, is past 2147483647: seeds run from 0 to 2147483647\n$/],
  ])('rejects a bad spec %j with one line and exit 2, before any run', (raw, message) => {
    const result = runScript('sweep', [writeSpec(raw), '--out', 'out'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('a new sweep refuses an --out that holds anything: a project, a run, the run folders of logs/; an empty one is taken', () => {
    const spec = writeSpec({ seeds: 1, grid: { durationSeconds: 1 } });
    writeFileSync(join(cwd, 'package.json'), '{}');
    const project = runScript('sweep', [spec, '--out', '.'], cwd);
    expect([project.code, project.stderr]).toEqual([2, expect.stringMatching(/^sweep: error: \. is a project's folder \(it holds package\.json\); --out names a sweep's own folder: choose a new or empty one, such as logs\/sweep-spec-\d{8}-\d{6}\n$/)]);
    expect(runScript('simulate', ['-d', '1', '-q', '-l', 'run'], cwd).code).toBe(0);
    const run = runScript('sweep', [spec, '--out', 'run'], cwd);
    expect([run.code, run.stderr.split(';')[0]]).toEqual([2, 'sweep: error: run already holds files (machine-1.jsonl, machine-1.log, machine-2.jsonl and 4 more)']);
    expect(existsSync(join(cwd, 'run', 'results.csv'))).toBe(false);
    mkdirSync(join(cwd, 'empty'));
    expect(runScript('sweep', [spec, '--out', 'empty', '--quiet'], cwd).code).toBe(0);
    expect(existsSync(join(cwd, 'empty', 'results.csv'))).toBe(true);
  });

  it('rejects a missing spec, an empty spec argument, malformed JSON, a bad --workers and an --out it cannot create the same way', () => {
    writeFileSync(join(cwd, 'broken.json'), '{ "seeds": ');
    writeFileSync(join(cwd, 'a-file'), '');
    for (const [args, message] of [
      [[writeSpec({ seeds: 1, grid: {} }), '--out', 'a-file/out'], /^sweep: error: cannot create the output folder a-file\/out: a file is in the way$/m],
      [['nope.json'], /cannot read spec nope\.json: no such file/],
      [['broken.json'], /broken\.json: not valid JSON/],
      [[writeSpec({ seeds: 1, grid: {} }), '--workers', '0'], /--workers.*Must be a positive whole number/],
      [['', '--out', 'out'], /^sweep: error: argument 'spec' value '' is invalid\. Must not be empty\.$/m],
    ] as const) {
      const result = runScript('sweep', [...args], cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s (Ctrl+C, or timeout and a cancelled job) stops, writes the results of the runs that finished, and exits %i', async (signal, code) => {
    const spec = writeSpec({ name: 'long', seeds: 100_000, grid: { rates: [[2, 3, 5]], durationSeconds: 600 } });
    const child = trackChild(spawn(process.execPath, [script('sweep'), spec, '--out', 'out', '--workers', '2'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait for the first progress line (the first runs have finished); fail fast if the sweep ends first.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
        if (/sweep: \d+\/100000 runs done/.test(stderr)) resolve();
      });
      void exited.then((code) => reject(new Error(`sweep exited (${code}) before its first progress line: ${stderr}`)));
    });
    child.kill(signal);
    expect(await exited).toBe(code);
    const json = JSON.parse(read('out', 'results.json'));
    expect(json.interrupted).toBe(true);
    expect(json.runs.planned).toBe(100_000);
    expect(json.runs.finished).toBeGreaterThan(0);
    expect(json.runs.finished).toBeLessThan(100_000);
    expect(json.results.map((r: { run: number }) => r.run)).toEqual([...json.results.map((r: { run: number }) => r.run)].sort((a: number, b: number) => a - b));
    expect(read('out', 'results.csv').trimEnd().split('\n')).toHaveLength(json.runs.finished + 1);
    expect(read('out', 'report.html')).toContain(`Interrupted: ${json.runs.finished} of 100000 runs finished`);
    const finished = (json.runs.finished as number).toLocaleString('en-US');
    expect(stderr).toContain(`sweep: interrupted after ${finished} of 100,000 runs`);
    // stdout says it too, as simulate's summary does: saved alone, it shows the sweep was cut short.
    expect(stdout).toMatch(new RegExp(`^Sweep long: interrupted after ${finished} of 100,000 runs in [\\d.]+ s on 2 worker threads\\.\\nResults: out/results\\.csv, results\\.json, machines\\.csv, report\\.html\\n$`));
  });

  it('a sweep that would take hours says so before it starts (a durationSeconds of 1e8 meant as 100), and Ctrl+C still stops it', async () => {
    const spec = writeSpec({ seeds: 1, grid: { rates: [[1000, 2000]], durationSeconds: 1e8 } });
    const { code, stderr } = await stopSweep(spec, (err) => err.includes('sweep: note:'), 'the note on the sweep\'s length');
    expect(code).toBe(130);
    expect(stderr.split('\n')[0]).toMatch(
      /^sweep: note: this sweep simulates about 300 billion ticks \(rate x duration, every machine of every run\); at the [\d.]+ million a second one worker thread simulated just now, that is about [\d.,]+ (hours|days|years) on 1 thread\. Ctrl\+C stops it and keeps the runs that finished \(--resume goes on\); a shorter durationSeconds or fewer seeds makes it shorter$/,
    );
    expect(stderr).toContain('sweep: interrupted before its run finished');
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('with "logs": true, on %s removes the folder of the run it stopped mid-way, says so, and keeps the finished ones', async (signal, code) => {
    // Run 0 takes a second of virtual time; run 1 a day, still writing its logs when the signal comes.
    const spec = writeSpec({ seeds: 1, logs: true, grid: { rates: [[2, 3, 5]], durationSeconds: [1, 86_400] } });
    const ready = (stderr: string) => stderr.includes('sweep: 1/2 runs done') && hasRecords('out', 'runs', 'run-000001', 'machine-3.jsonl');
    const { code: exit, stderr } = await stopSweep(spec, ready, 'the second run to write its logs', signal);
    expect(exit).toBe(code);
    expect(stderr).toContain(
      'sweep: interrupted after 1 of 2 runs; their results are in out/results.csv, results.json, machines.csv, report.html; ' +
        "the unfinished run's logs in out/runs/run-000001 were removed\n",
    );
    expect(readdirSync(join(cwd, 'out', 'runs'))).toEqual(['run-000000']);
    expect(JSON.parse(read('out', 'runs', 'run-000000', 'run.json'))).toMatchObject({ mode: 'simulated', durationSeconds: 1 });
    expect(runScript('check', ['out/runs/run-000000'], cwd).code).toBe(0);
  });

  it('stopped early, it has results at every point: runs go out seed by seed across the points', async () => {
    const spec = writeSpec({ seeds: 100_000, grid: { rates: [[2, 3, 5]], internalProbability: [0.3, 0.6, 0.9], durationSeconds: 600 } });
    // The second progress line (2 s in, hundreds of runs done).
    const { code } = await stopSweep(spec, (stderr) => (stderr.match(/sweep: \d+\/300000 runs done/g) ?? []).length >= 2, 'two progress lines');
    expect(code).toBe(130);
    const json = JSON.parse(read('out', 'results.json'));
    const finished = json.results.map((r: { point: number; seed: number }) => [r.point, r.seed]);
    expect(new Set(finished.map(([point]: number[]) => point))).toEqual(new Set([0, 1, 2]));
    // Seed by seed: every point has its seeds from the first on, and no point is more than one seed ahead of another.
    const seedsAt = [0, 1, 2].map((p) => finished.filter(([point]: number[]) => point === p).map(([, seed]: number[]) => seed));
    for (const seeds of seedsAt) expect(seeds).toEqual(Array.from({ length: seeds.length }, (_, i) => i + 1));
    expect(Math.max(...seedsAt.map((s) => s.length)) - Math.min(...seedsAt.map((s) => s.length))).toBeLessThanOrEqual(1);
  });

  it('a resumed sweep stopped again says on stdout how many of its finished runs ran now and how many before', async () => {
    const spec = writeSpec({ name: 'again', seeds: 100_000, grid: { rates: [[2, 3, 5]], durationSeconds: 600 } });
    expect((await stopSweep(spec, (stderr) => /sweep: \d+\/100000 runs done/.test(stderr), 'the first runs')).code).toBe(130);
    const before = JSON.parse(read('out', 'results.json')).runs.finished as number;
    // Stopped once it has run some more: its first progress line counts past the runs done before.
    const more = (stderr: string) => [...stderr.matchAll(/sweep: (\d+)\/100000 runs done/g)].some((m) => Number(m[1]) > before);
    const again = await stopSweep(spec, more, 'runs of the resumed sweep', 'SIGINT', ['--resume']);
    expect(again.code).toBe(130);
    const finished = JSON.parse(read('out', 'results.json')).runs.finished as number;
    const n = (v: number) => v.toLocaleString('en-US');
    expect(again.stdout.split('\n')[0]).toMatch(
      new RegExp(`^Sweep again: interrupted after ${n(finished)} of 100,000 runs \\(resumed: ${n(finished - before)} runs? now, ${n(before)} before\\) in [\\d.]+ s on 1 worker thread\\.$`),
    );
  });

  it('--resume runs what a stopped sweep did not finish: the same files, logs included, as a sweep never stopped', async () => {
    const spec = writeSpec({ seeds: 200, logs: true, grid: { internalProbability: [0.3, 0.9], durationSeconds: 60 } });
    const ready = (stderr: string) => /sweep: \d+\/400 runs done/.test(stderr);
    expect((await stopSweep(spec, ready, 'the first runs')).code).toBe(130);
    const stopped = JSON.parse(read('out', 'results.json'));
    expect(stopped.interrupted).toBe(true);
    const resumed = runScript('sweep', [spec, '--out', 'out', '--resume'], cwd);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`(2 points x 200 seeds; resumed: ${400 - stopped.runs.finished} runs now, ${stopped.runs.finished} before)`);
    expect(runScript('sweep', [spec, '--out', 'whole', '-q'], cwd).code).toBe(0);
    for (const f of ['results.csv', 'results.json', 'machines.csv', 'report.html']) expect(read('out', f)).toBe(read('whole', f));
    // Complete: the stopped part's runs and the resumed ones, a line per machine each.
    expect(read('out', 'machines.csv').trimEnd().split('\n')).toHaveLength(1 + 400 * 3);
    expect(readdirSync(join(cwd, 'out', 'runs'))).toEqual(readdirSync(join(cwd, 'whole', 'runs')));
    expect(read('out', 'runs', 'run-000399', 'machine-2.jsonl')).toBe(read('whole', 'runs', 'run-000399', 'machine-2.jsonl'));
    // Nothing left to resume, no folder given, another spec: one line each.
    expect(runScript('sweep', [spec, '--out', 'out', '--resume'], cwd)).toEqual({ code: 0, stdout: '', stderr: `sweep: --resume: the sweep in out finished: nothing to resume (its results are in ${join('out', 'results.json')})\n` });
    // --quiet prints the results folder, as a sweep that runs does, so that a script's `out=$(... -q --resume)` has it.
    expect(runScript('sweep', [spec, '--out', 'out', '--resume', '-q'], cwd)).toEqual({ code: 0, stdout: 'out\n', stderr: `sweep: --resume: the sweep in out finished: nothing to resume (its results are in ${join('out', 'results.json')})\n` });
    expect(runScript('sweep', [spec, '--resume'], cwd)).toMatchObject({ code: 2, stderr: "sweep: error: --resume needs --out <the stopped sweep's folder>\n" });
    const other = writeSpec({ seeds: 200, logs: true, grid: { internalProbability: [0.3, 0.8], durationSeconds: 60 } }, 'other.json');
    writeFileSync(join(cwd, 'out', 'results.json'), JSON.stringify({ ...stopped }));
    expect(runScript('sweep', [other, '--out', 'out', '--resume'], cwd)).toMatchObject({
      code: 2,
      stderr:
        'sweep: error: --resume: the sweep in out was run with another spec (they differ in grid.internalProbability); ' +
        'resume it with the same spec (results.json holds it), or run this spec with a new --out folder\n',
    });
    // Rows written by a version without the refused metric cannot be mixed with new ones.
    const older = { ...stopped, results: stopped.results.map(({ refused: _, ...row }: { refused: number }) => row) };
    writeFileSync(join(cwd, 'out', 'results.json'), JSON.stringify(older));
    expect(runScript('sweep', [spec, '--out', 'out', '--resume'], cwd)).toMatchObject({
      code: 2,
      stderr: 'sweep: error: --resume: the runs in results.json lack the refused metric (an older version of lamport-lab wrote them): run the sweep again in another --out\n',
    });
  });

  it.each(['results.json', 'finished-runs.jsonl'])(
    '--resume of runs an older version finished (its %s, without per-machine figures) keeps them, leaves them out of machines.csv and says so',
    (holder) => {
      const spec = writeSpec({ seeds: 3, grid: { internalProbability: [0.3, 0.9], durationSeconds: 10 } });
      expect(runScript('sweep', [spec, '--out', 'whole', '-q'], cwd).code).toBe(0);
      const whole = JSON.parse(read('whole', 'results.json'));
      // Runs 0, 1 and 4 finished by a version before perMachine: their rows as it wrote them, the sweep stopped.
      const older = whole.results.filter((r: { run: number }) => [0, 1, 4].includes(r.run)).map(({ perMachine: _, ...row }: { perMachine: unknown }) => row);
      mkdirSync(join(cwd, 'out'));
      if (holder === 'results.json') {
        const { points: _, ...head } = whole;
        writeFileSync(join(cwd, 'out', 'results.json'), JSON.stringify({ ...head, interrupted: true, runs: { planned: 6, finished: 3 }, results: older }));
      } else {
        // A journal's rows are RunRows: the metrics apart.
        const rows = older.map((r: Record<string, unknown>) => ({ run: r.run, point: r.point, seed: r.seed, rates: r.rates, rateRatio: r.rateRatio, metrics: Object.fromEntries(Object.keys(whole.points[0].mean).map((m) => [m, r[m]])) }));
        writeFileSync(join(cwd, 'out', 'finished-runs.jsonl'), [{ spec: whole.spec }, ...rows].map((line) => `${JSON.stringify(line)}\n`).join(''));
      }
      const resumed = runScript('sweep', [spec, '--out', 'out', '--resume', '-q'], cwd);
      expect(resumed).toEqual({
        code: 0,
        stdout: 'out\n',
        stderr:
          "sweep: note: 3 runs an older lamport-lab finished before this --resume have no per-machine figures: machines.csv and results.json's perMachine " +
          "leave them out (the same spec in a new --out has every run's)\n",
      });
      // Nothing else differs: results.csv's bytes, and results.json but for those rows' perMachine and the points' figures of them.
      expect(read('out', 'results.csv')).toBe(read('whole', 'results.csv'));
      const json = JSON.parse(read('out', 'results.json'));
      expect(json.results.map((r: { run: number; perMachine?: unknown }) => [r.run, r.perMachine !== undefined])).toEqual([[0, false], [1, false], [2, true], [3, true], [4, false], [5, true]]);
      expect(json.results.filter((r: { perMachine?: unknown }) => r.perMachine)).toEqual(whole.results.filter((r: { run: number }) => [2, 3, 5].includes(r.run)));
      expect(json.points.map((p: { perMachine: { runs: number }[] }) => p.perMachine.map((m) => m.runs))).toEqual([[1, 1, 1], [2, 2, 2]]);
      const lines = (folder: string) => read(folder, 'machines.csv').trimEnd().split('\n');
      expect(lines('out')).toEqual(lines('whole').filter((line, i) => i === 0 || [2, 3, 5].includes(Number(line.split(',')[0]))));
    },
  );

  it('refuses a second sweep or a --resume in a folder whose sweep is still running, and leaves that one alone', async () => {
    // Runs of an hour: the sweep takes a minute or more, far longer than the two refusals.
    const spec = writeSpec({ seeds: 200, grid: { internalProbability: [0.3, 0.9], durationSeconds: 3600 } });
    const child = trackChild(spawn(process.execPath, [script('sweep'), spec, '--out', 'out', '--workers', '1'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve((exitCode = c))));
    await waitUntil(() => exitCode !== undefined || /sweep: \d+\/400 runs done/.test(stderr), 'the first runs');
    expect(exitCode).toBeUndefined();
    for (const [extra, verb] of [[['--resume'], 'resume'], [[], '--resume']] as const) {
      expect(runScript('sweep', [spec, '--out', 'out', ...extra], cwd)).toMatchObject({
        code: 2,
        stderr: `sweep: error: a sweep is still running in out (process ${child.pid}): let it finish, or stop it (Ctrl+C) and ${verb} it then\n`,
      });
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).not.toContain('error');
    const stopped = JSON.parse(read('out', 'results.json'));
    expect(stopped.interrupted).toBe(true);
    expect(stopped.results).toHaveLength(stopped.runs.finished);
  });

  it('of two sweeps started at the same moment into one folder, one runs and the other is refused', async () => {
    const spec = writeSpec({ seeds: 200, grid: { internalProbability: [0.3, 0.9], durationSeconds: 3600 } });
    const start = () => {
      const child = trackChild(spawn(process.execPath, [script('sweep'), spec, '--out', 'out', '--workers', '1'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] }));
      const sweep = { child, stderr: '', code: undefined as number | null | undefined, exited: Promise.resolve<number | null>(null) };
      child.stderr.on('data', (d: Buffer) => (sweep.stderr += d));
      sweep.exited = new Promise((resolve) => child.on('exit', (c) => resolve((sweep.code = c))));
      return sweep;
    };
    const both = [start(), start()];
    await waitUntil(() => both.some((s) => s.code !== undefined), 'one of the two to end');
    const refused = both.find((s) => s.code !== undefined)!;
    const running = both.find((s) => s !== refused)!;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^sweep: error: (a sweep is still running in out \(process \d+\): let it finish, or stop it \(Ctrl\+C\) and --resume it then|out was claimed by another sweep as this one started; run one sweep per folder)\n$/);
    await waitUntil(() => running.code !== undefined || /sweep: \d+\/400 runs done/.test(running.stderr), 'the other sweep\'s first runs');
    expect(running.code).toBeUndefined();
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(130);
    expect(running.stderr).not.toContain('error');
    expect(JSON.parse(read('out', 'results.json')).interrupted).toBe(true);
    expect(existsSync(join(cwd, 'out', '.sweep-running'))).toBe(false);
  });

  it('--resume after the code changed says which commits made the runs and lists them in results.json', async () => {
    const spec = writeSpec({ seeds: 200, grid: { internalProbability: [0.3, 0.9], durationSeconds: 60 } });
    expect((await stopSweep(spec, (stderr) => /sweep: \d+\/400 runs done/.test(stderr), 'the first runs')).code).toBe(130);
    const stopped = JSON.parse(read('out', 'results.json'));
    // A stopped sweep's results name the code that ran them; here, this checkout's commit.
    const running = toolVersion().commit!;
    expect(stopped.commits).toEqual([running]);
    const earlier = 'e'.repeat(40);
    writeFileSync(join(cwd, 'out', 'results.json'), JSON.stringify({ ...stopped, commits: [earlier] }));
    const resumed = runScript('sweep', [spec, '--out', 'out', '--resume', '-q'], cwd);
    expect(resumed.code).toBe(0);
    const finished = stopped.runs.finished as number;
    expect(resumed.stderr).toContain(
      `sweep: warning: the ${finished} finished ${finished === 1 ? 'run was' : 'runs were'} made by commit eeeeeee and the rest are made by ${running.slice(0, 7)}: ` +
        'results.json lists the commits under "commits"; if the change touched the simulator or the metrics, run the spec again in a new --out folder\n',
    );
    const json = JSON.parse(read('out', 'results.json'));
    expect(json).toMatchObject({ interrupted: false, runs: { planned: 400, finished: 400 }, commits: [earlier, running] });
    // An unbroken sweep of the same spec names no commit: its bytes depend on the spec alone.
    expect(runScript('sweep', [spec, '--out', 'whole', '-q'], cwd).code).toBe(0);
    expect(JSON.parse(read('whole', 'results.json')).commits).toBeUndefined();
  });

  it('--resume of a finished sweep with a changed spec names what changed and says to use a new --out, leaving the results as they were', () => {
    const spec = writeSpec({ seeds: 2, grid: { durationSeconds: 1 } });
    expect(runScript('sweep', [spec, '--out', 'out', '-q'], cwd).code).toBe(0);
    const before = read('out', 'results.json');
    const moreSeeds = writeSpec({ seeds: 3, grid: { durationSeconds: 1 } }, 'more-seeds.json');
    expect(runScript('sweep', [moreSeeds, '--out', 'out', '--resume'], cwd)).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'sweep: error: --resume: the sweep in out finished with another spec (they differ in seeds; results.json holds it): ' +
        'a finished sweep is not extended, so run this spec with a new --out folder\n',
    });
    const longer = writeSpec({ seeds: 3, grid: { durationSeconds: 2 } }, 'longer.json');
    expect(runScript('sweep', [longer, '--out', 'out', '--resume'], cwd).stderr).toMatch(/another spec \(they differ in seeds, grid\.durationSeconds; results\.json holds it\)/);
    // The same spec again: nothing to resume, as before.
    expect(runScript('sweep', [spec, '--out', 'out', '--resume'], cwd)).toEqual({ code: 0, stdout: '', stderr: `sweep: --resume: the sweep in out finished: nothing to resume (its results are in ${join('out', 'results.json')})\n` });
    expect(read('out', 'results.json')).toBe(before);
  });

  it('killed outright (kill -9), it resumes from the runs it journalled as they ended: the same files as a sweep never stopped', async () => {
    const spec = writeSpec({ seeds: 200, logs: true, grid: { internalProbability: [0.3, 0.9], durationSeconds: 60 } });
    const journalled = () => (existsSync(join(cwd, 'out', 'finished-runs.jsonl')) ? read('out', 'finished-runs.jsonl').split('\n').length - 2 : 0);
    expect((await stopSweep(spec, () => journalled() >= 2, 'two runs in the journal', 'SIGKILL')).code).toBeNull();
    expect(existsSync(join(cwd, 'out', 'results.json'))).toBe(false);
    const finished = journalled();
    const rows = read('out', 'finished-runs.jsonl').split('\n').slice(1, -1).map((line) => JSON.parse(line).run as number);
    // The folders of runs the kill cut short (one per worker at most, plus any run that ended but was not journalled
    // yet): removed and run again.
    const cut = readdirSync(join(cwd, 'out', 'runs')).filter((name) => !rows.includes(Number(name.slice(4))));
    // What the folder holds is said, and a new sweep will not write over it.
    expect(runScript('check', ['out'], cwd).stderr).toContain('out holds a sweep killed before it wrote its results (finished-runs.jsonl), not a run: sweep <its spec> --out out --resume finishes it');
    expect(runScript('sweep', [spec, '--out', 'out'], cwd)).toMatchObject({
      code: 2,
      stderr: 'sweep: error: out holds a sweep that was killed before it wrote its results (finished-runs.jsonl); --resume it, or choose another --out\n',
    });
    const resumed = runScript('sweep', [spec, '--out', 'out', '--resume'], cwd);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`(2 points x 200 seeds; resumed: ${400 - finished} runs now, ${finished} before)`);
    const removed =
      cut.length === 0 ? '' : cut.length === 1 ? `the unfinished run's logs in out/runs/${cut[0]} were removed` : `the logs of ${cut.length} unfinished runs (`;
    expect(resumed.stderr.startsWith(removed ? `sweep: resuming; ${removed}` : '')).toBe(true);
    for (const run of cut.slice(0, 3)) expect(resumed.stderr).toContain(run);
    expect(existsSync(join(cwd, 'out', 'finished-runs.jsonl'))).toBe(false);
    expect(runScript('sweep', [spec, '--out', 'whole', '-q'], cwd).code).toBe(0);
    for (const f of ['results.csv', 'results.json', 'machines.csv', 'report.html']) expect(read('out', f)).toBe(read('whole', f));
    expect(readdirSync(join(cwd, 'out', 'runs'))).toEqual(readdirSync(join(cwd, 'whole', 'runs')));
    for (const run of [...cut, 'run-000399']) expect(read('out', 'runs', run, 'machine-1.jsonl')).toBe(read('whole', 'runs', run, 'machine-1.jsonl'));
  });

  it('stopped before any run finished: says none did, and its files hold no row', async () => {
    const spec = writeSpec({ seeds: 1, logs: true, grid: { rates: [[2, 3, 5]], durationSeconds: 86_400 } });
    const { code, stderr, stdout } = await stopSweep(spec, () => hasRecords('out', 'runs', 'run-000000', 'machine-3.jsonl'), 'the run to write its logs', 'SIGINT', ['-q']);
    expect(code).toBe(130);
    // Quiet names the folder after a stop too, as simulate -q does.
    expect(stdout).toBe('out\n');
    expect(stderr).toBe(
      'sweep: interrupted before its run finished; out/results.csv, results.json, machines.csv, report.html hold none; ' +
        "the unfinished run's logs in out/runs/run-000000 were removed\n" +
        // How to take it up again, with the spec and folder as given.
        'sweep: to run the 1 run left: npm run sweep -- spec.json --out out --workers 1 --resume\n',
    );
    expect(read('out', 'results.csv').trimEnd().split('\n')).toHaveLength(1);
    expect(read('out', 'machines.csv')).toBe('run,point,seed,machine,rate,ticks,maxQueue,endQueue,maxJump,jumps,maxDrift,meanDrift,finalClock,crashed\n');
  });

  it('a sweep\'s results folder given to analyze: says what it is and where its runs\' logs are', () => {
    const spec = writeSpec({ seeds: 1, logs: true, grid: { durationSeconds: 1 } });
    expect(runScript('sweep', [spec, '-o', 'kept', '-q'], cwd).code).toBe(0);
    expect(runScript('analyze', ['kept'], cwd)).toMatchObject({ code: 2, stderr: `analyze: error: kept holds a sweep's results (results.csv, results.json, machines.csv, report.html), not a run; its runs' logs are in kept/runs/run-NNNNNN\n` });
    const bare = writeSpec({ seeds: 1, grid: { durationSeconds: 1 } });
    expect(runScript('sweep', [bare, '-o', 'bare', '-q'], cwd).code).toBe(0);
    expect(runScript('check', ['bare'], cwd).stderr).toContain(`bare holds a sweep's results (results.csv, results.json, machines.csv, report.html), not a run (the spec kept no logs: "logs": true keeps each run's folder)`);
  });

  it('keeps the runs that finished in the chunk it stopped mid-way: their rows and their folders', async () => {
    // 16 runs on one worker go in chunks [0], [1, 2], [3, 4], ...: run 1 takes 2 virtual seconds, run 2 a day.
    const durations = [1, 2, 86_400, ...Array.from({ length: 13 }, (_, i) => i + 3)];
    const spec = writeSpec({ seeds: 1, logs: true, grid: { rates: [[2, 3, 5]], durationSeconds: durations } });
    const ready = () => existsSync(join(cwd, 'out', 'runs', 'run-000001', 'run.json')) && hasRecords('out', 'runs', 'run-000002', 'machine-3.jsonl');
    const { code, stderr } = await stopSweep(spec, ready, 'the third run to write its logs');
    expect(code).toBe(130);
    expect(stderr).toContain(
      'sweep: interrupted after 2 of 16 runs; their results are in out/results.csv, results.json, machines.csv, report.html; ' +
        "the unfinished run's logs in out/runs/run-000002 were removed\n" +
        'sweep: to run the 14 runs left: npm run sweep -- spec.json --out out --workers 1 --resume\n',
    );
    const json = JSON.parse(read('out', 'results.json'));
    expect(json.results.map((r: { run: number }) => r.run)).toEqual([0, 1]);
    expect(readdirSync(join(cwd, 'out', 'runs'))).toEqual(['run-000000', 'run-000001']);
    expect(runScript('check', ['out/runs/run-000001'], cwd).code).toBe(0);
  });
});
