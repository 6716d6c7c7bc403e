// start-all with real processes: a short run whose logs obey every rule, Ctrl+C in the middle, bad input.
import net from 'node:net';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { processCommand } from '../../src/net/port-holder.js';
import { runScript, script, tempDir, writeConfig } from '../helpers/cli.js';
import { logMatches, messageCounts, readLog } from '../helpers/run-logs.js';
import { checkRun } from '../../src/analysis/check-run.js';
import { waitUntil, waitForOutput } from '../helpers/wait.js';
import { machinePid, processesMentioning } from '../helpers/processes.js';
import { freeConsecutivePorts } from '../helpers/ports.js';
import { isTickRecord, type MachineRecord } from '../../src/core/records.js';
import type { RunInfo } from '../../src/log/run-info.js';
import { toolVersion } from '../../src/log/tool-version.js';
import { trackChild } from '../helpers/children.js';
import { execa } from 'execa';

const logsOf = (dir: string, ids: number[]) => new Map(ids.map((id) => [id, readLog(dir, id)]));

/** start-all as a child process with this config and run folder, for tests that signal or read it while it runs. */
const startAll = (config: string, runDir: string, ...args: string[]) =>
  execa(process.execPath, [script('start-all'), '-c', config, '--log-dir', runDir, ...args], { reject: false });

describe('npm run start-all', () => {
  test('--help lists the options', async () => {
    const r = await runScript('start-all', ['--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of ['--config', '--duration', '--rates', '--seed', '--internal-prob', '--stagger', '--log-dir', '--quiet', '--no-analysis']) expect(r.stdout).toContain(flag);
    // Every option taken from the config names its default; -q says what docs/commands.md's table says.
    const help = String(r.stdout).replace(/\s+/g, ' ');
    expect(help).toContain('-p, --internal-prob <p> probability of an internal event on an empty queue (default: config internalProbability)');
    expect(help).toContain('-q, --quiet no live display or progress lines: faults, warnings, the summary and the analysis only');
    expect(readFileSync(fromRoot('docs', 'commands.md'), 'utf8')).toContain('| `-q, --quiet` | no live display or progress lines: faults, warnings, the summary and the analysis only.');
  });

  test('a short run: three processes, logs that obey every rule, every message accounted for', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '--duration', '2', '--rates', '20,30,40', '--seed', '11', '--internal-prob', '0.4', '--log-dir', runDir]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('starting 3 machines (M1 20/s, M2 30/s, M3 40/s), seed 11, for 2 s');
    expect(r.stdout).toMatch(/machine\s+rate\s+ticks\s+final clock\s+max queue\s+end queue/);
    expect(r.stdout).not.toContain('warning'); // a run without trouble says nothing of the machines' own

    const logs = logsOf(runDir, [1, 2, 3]);
    expect((await checkRun(runDir)).violations).toEqual([]);
    const { sent, received, queued } = messageCounts(logs);
    expect(sent).toBeGreaterThan(20);
    expect(received + queued).toBe(sent);
    for (const [id, rate] of [[1, 20], [2, 30], [3, 40]] as const) {
      const start = logs.get(id)![0] as MachineRecord;
      // At up to 1,000 ticks/s start-all runs a machine jitless, and its start record says so.
      expect(start).toMatchObject({ event: 'start', rate, seed: 11, internalProbability: 0.4, peers: [1, 2, 3].filter((p) => p !== id), node: process.version, jitless: true });
      const stop = logs.get(id)!.at(-1)!;
      // Two seconds of ticking at least, and more only by how long the stop took to reach it (the host's speed: the
      // exact count, against its own ticking time, is checked below).
      expect(stop.event === 'stop' && stop.ticks).toBeGreaterThanOrEqual(2 * rate - 1);
      expect(stop.event === 'stop' && stop.ticks).toBeLessThanOrEqual(3 * rate);
      expect(readFileSync(join(runDir, `machine-${id}.log`), 'utf8')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| START \| Clock: 0 .*, Node: v[\d.]+ jitless\n/);
    }
    // The end of the duration comes in two steps: every machine stops ticking before any shuts down (a machine logs a
    // disconnect for each of its links as it shuts down), and each counts exactly the ticks of the time it ticked.
    const records = [...logs.values()];
    const lastTick = Math.max(...records.map((rs) => Date.parse(rs.filter(isTickRecord).at(-1)!.time)));
    const firstDisconnect = Math.min(...records.flatMap((rs) => rs.filter((r) => r.event === 'disconnect').map((r) => Date.parse(r.time))));
    expect(lastTick).toBeLessThanOrEqual(firstDisconnect);
    for (const [id, rate] of [[1, 20], [2, 30], [3, 40]] as const) {
      const stop = logs.get(id)!.at(-1)!;
      if (stop.event !== 'stop') throw new Error(`machine ${id}: no stop record`);
      expect(Math.floor((rate * stop.tickingMs!) / 1000) - stop.ticks).toBeGreaterThanOrEqual(0);
      expect(Math.floor((rate * stop.tickingMs!) / 1000) - stop.ticks).toBeLessThanOrEqual(1);
    }
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info).toMatchObject({ mode: 'real', seed: 11, rates: { '1': 20, '2': 30, '3': 40 }, internalProbability: 0.4, stoppedTogether: true });
    expect(info.interrupted).toBeUndefined();
    expect(info.tool).toEqual(toolVersion());
    expect(Date.parse(info.endTime!)).toBeGreaterThan(Date.parse(info.startTime));
  });

  test("a machine of another run dialling this run's port (a shared host) is not read: one warning naming both run tokens, and check finds the run clean", async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '10,10');
    await waitUntil(() => logMatches(runDir, 2, /"tick":2/), 'machine 2 to tick');
    // Another run's machine 1 (its own token) dials our machine 2, as a student's run given our ports would.
    const port = (JSON.parse(readFileSync(config, 'utf8')) as { machines: Record<string, { port: number }> }).machines['2']!.port;
    const warned = waitForOutput(child, 'of another run');
    const intruder = net.connect(port, '127.0.0.1');
    await once(intruder, 'connect');
    const from = `127.0.0.1:${intruder.localPort}`;
    let reply = '';
    intruder.on('data', (chunk: Buffer) => (reply += chunk));
    intruder.end('hello:1:0ther0run\nclock:1000000\nclock:1000001\n');
    await once(intruder, 'close');
    await warned;
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.runToken).toMatch(/^[0-9a-f]{8}$/);
    // The intruder was told which run it reached.
    expect(reply).toBe(`other-run:${info.runToken}\n`);
    const warning = `hello as machine 1 of another run (run token 0ther0run; this run's is ${info.runToken}) from ${from}: nothing it sends is read (another run on this host given the same ports or faultPorts, or a machine given another --run-token?)`;
    expect(String(r.stdout).split('\n')).toContain(`M2 warning: ${warning}`);
    const log = readLog(runDir, 2);
    expect(log.filter((rec) => rec.event === 'warn')).toEqual([expect.objectContaining({ reason: warning })]);
    // Its clocks never reached machine 2: every receive is from machine 1 of this run, the clock nowhere near 10^6.
    expect(log.filter((rec) => rec.event === 'receive').every((rec) => rec.from === 1 && rec.msgClock < 1000)).toBe(true);
    const result = await checkRun(runDir);
    expect([result.violations, result.unknownSenderReceives, result.otherRunLinks]).toEqual([[], 0, 1]);
    // The rules hold, and check still says what happened, in a note and on its last line.
    const at = `${join(runDir, 'machine-2.jsonl')}:${log.findIndex((rec) => rec.event === 'warn') + 1}`;
    expect(result.notes).toContain(`machine 2 was dialled by a machine of another run saying it was machine 1 (${at}; run tokens differ): nothing it sent was read`);
    const check = await runScript('check', [runDir]);
    expect([check.exitCode, String(check.stdout).trimEnd().split('\n').at(-1)]).toEqual([0, 'OK: every rule holds (but 1 link met a machine of another run (run tokens differ): see notes).']);
  });

  test("a peer that starts too late: the machine's 'ticking anyway' warning is one line on start-all's console", async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 1000 });
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '--stagger', '2500', '--duration', '1', '--rates', '5,5', '--log-dir', runDir, '--no-analysis']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const warnings = String(r.stdout).split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual(['M1 warning: not connected to 2 after 1000 ms: ticking anyway, sends to them are dropped']);
    expect(readLog(runDir, 1).filter((rec) => rec.event === 'warn')).toEqual([expect.objectContaining({ reason: warnings[0]!.slice('M1 warning: '.length) })]);
  });

  test('Ctrl+C in the middle stops every machine cleanly and still prints the summary', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '10,10,10');
    await waitUntil(() => logMatches(runDir, 3, /"tick":2/), 'machine 3 to tick');
    // Twice at once, as under `npm run` (the terminal's signal, and npm's copy of it): still one Ctrl+C.
    child.kill('SIGINT');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('interrupted; run ended');
    expect(r.stdout.match(/stopping every machine\.\.\./g)).toHaveLength(1);
    expect(r.stdout).not.toContain('still waiting');
    const logs = logsOf(runDir, [1, 2, 3]);
    expect((await checkRun(runDir)).violations).toEqual([]);
    const { sent, received, queued } = messageCounts(logs);
    expect(received + queued).toBe(sent);
  });

  test("a terminal's Ctrl+C (SIGINT to start-all and its machines at once): the machines stopped together, so conservation is checked", async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    // Its own process group, as a terminal's foreground job: the machines are in it too, and get the SIGINT themselves.
    const child = trackChild(execa(process.execPath, [script('start-all'), '-c', config, '--log-dir', runDir, '-d', '0', '--rates', '10,10,10', '-q', '--no-analysis'], { reject: false, detached: true }));
    await waitUntil(() => [1, 2, 3].every((id) => logMatches(runDir, id, /"tick":3,/)), 'every machine to tick');
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info).toMatchObject({ interrupted: true, interruptedBy: 'SIGINT', stoppedTogether: true });
    const checked = await checkRun(runDir);
    expect(checked.violations).toEqual([]);
    expect(checked.unchecked).not.toContain('conservation');
  });

  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('quiet, %s (twice) prints no progress: one line that the run was interrupted, then the summary', async (signal) => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '10,10', '--quiet', '--no-analysis');
    await waitUntil(() => [1, 2].every((id) => logMatches(runDir, id, /"tick":2,/)), 'every machine to tick');
    child.kill(signal);
    child.kill(signal);
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^interrupted; run ended\nmachine\s+rate\s+ticks/);
    expect(r.stdout).not.toContain('stopping every machine');
    expect(r.stdout.match(/interrupted/g)).toHaveLength(1);
    // run.json names the signal (analyze says "interrupted (SIGTERM)", or "Ctrl+C" for SIGINT).
    expect((JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo).interruptedBy).toBe(signal);
  });

  /** A 3-machine run until stopped; once every machine has ticked 3 times, machine 2's process gets `signal`. */
  async function signalMachineTwo(signal: NodeJS.Signals, duration = '0') {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', duration, '--rates', '20,20,20', '--quiet', '--no-analysis');
    await waitUntil(() => [1, 2, 3].every((id) => logMatches(runDir, id, /"tick":3,/)), 'every machine to tick');
    process.kill(machinePid(config, 2), signal);
    return { r: await child, runDir };
  }

  test('a machine killed from outside ends the run for all: "run stopped early", the machine named, exit 1', async () => {
    const { r, runDir } = await signalMachineTwo('SIGKILL');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('run stopped early: machine 2 failed\n');
    expect(r.stdout).toContain('machine 2 was killed (SIGKILL) before the run ended');
    // run.json says why in the same words as the line.
    expect((JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo).stoppedEarly).toBe('machine 2 failed');
    for (const id of [1, 3]) expect(readLog(runDir, id).at(-1)).toMatchObject({ event: 'stop' });
  });

  test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('a machine stopped from outside (%s) ends the run for all: one line says which and why, run.json too, exit 0', async (signal) => {
    const { r, runDir } = await signalMachineTwo(signal);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(new RegExp(`^run stopped early: machine 2 stopped \\(${signal}\\)\nmachine\\s+rate`));
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.stoppedEarly).toBe(`machine 2 stopped (${signal})`);
    expect(info.interrupted).toBeUndefined();
    for (const id of [1, 2, 3]) expect(readLog(runDir, id).at(-1)).toMatchObject({ event: 'stop' });
  });

  test('machines not up when the first has waited connectTimeoutMs for them: one note says the host is slow to start them', async () => {
    const dir = tempDir();
    // No machine is up 1 ms after the first is released: the note comes, before the warnings it explains.
    const config = await writeConfig(dir, 3, { connectTimeoutMs: 1, staggerMs: 0 });
    const r = await runScript('start-all', ['-c', config, '-d', '1', '-r', '5,5,5', '-q', '--no-analysis', '-l', join(dir, 'run')]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const notes = String(r.stdout).split('\n').filter((l) => l.startsWith('note: '));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^note: machines? [\d, -]+ (was|were) not up 0\.001 s after the first started \(connectTimeoutMs\): this host is slow to start machines \(busy, or too many at once\), and those up tick without them$/);
  });

  test('a machine paused from outside (SIGSTOP) when the run ends is resumed and stops cleanly with the others, exit 0', async () => {
    const { r, runDir } = await signalMachineTwo('SIGSTOP', '2');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toContain('killed');
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect([info.stoppedTogether, info.machines?.['2']]).toEqual([true, { exitCode: 0, signal: null }]);
    for (const id of [1, 2, 3]) expect(readLog(runDir, id).at(-1)).toMatchObject({ event: 'stop' });
  });

  /** A quiet 1 s run of 3 machines, given SIGINT once its output shows `marker`. */
  async function interruptWhenPrinted(marker: string) {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '1', '--rates', '20,20,20', '--quiet');
    await waitForOutput(child, marker);
    child.kill('SIGINT');
    return { r: await child, runDir };
  }

  test('a machine stopped from outside shortly before the end (it exits after the end, its shutdown waiting for its peers) still stops the run early, said at once', async () => {
    // 2 s of run; machine 2 is stopped a few ticks in, and its shutdown would wait up to 3 s (shutdownGraceMs).
    const { r, runDir } = await signalMachineTwo('SIGTERM', '2');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^run stopped early: machine 2 stopped \(SIGTERM\)\n/);
    expect((JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo).stoppedEarly).toBe('machine 2 stopped (SIGTERM)');
  });

  test('Ctrl+C during the analysis stops only the analysis: one line, no report.html, the run\'s exit code, complete logs', async () => {
    // The analysis starts right after the summary; it takes a good half second (loading vega) before the tables.
    const { r, runDir } = await interruptWhenPrinted('max lag ms');
    expect([r.exitCode, r.stderr]).toEqual([0, `start-all: analysis stopped; the run's logs in ${runDir} are complete (npm run analyze -- ${runDir} --report ${join(runDir, 'report.html')} prints the tables and writes the report)`]);
    expect(r.stdout).not.toContain('report:');
    expect(existsSync(join(runDir, 'report.html'))).toBe(false);
    expect((await checkRun(runDir)).violations).toEqual([]);
  });

  test('Ctrl+C as the report is being written: report.html is whole or absent, never empty, and the line says which', async () => {
    // The tables' last line comes just before the report is rendered and written.
    const { r, runDir } = await interruptWhenPrinted('vector clocks');
    expect(r.exitCode).toBe(0);
    const report = join(runDir, 'report.html');
    // Three outcomes, by when the signal lands: before the write (no report, the line says how to make it), after it
    // (the line says it was written), or after the analysis had ended (no line).
    if (!existsSync(report)) expect(r.stderr).toContain(`--report ${report} prints the tables and writes the report`);
    else {
      expect(readFileSync(report, 'utf8')).toMatch(/<\/html>\s*$/);
      expect(r.stderr).toMatch(/^(|start-all: analysis stopped; the run's logs in \S+ are complete; report\.html was written)$/);
    }
  });

  test('its output piped into a reader that goes away (| head): the run goes on to complete logs and exit 0', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '1', '--rates', '20,20,20');
    await once(child.stdout!, 'data');
    child.stdout!.destroy();
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
    expect((await checkRun(runDir)).violations).toEqual([]);
  });

  test('start-all killed outright (SIGKILL): its machines see their output close and stop with complete logs', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '20,20,20', '--quiet');
    await waitUntil(() => [1, 2, 3].every((id) => logMatches(runDir, id, /"tick":3,/)), 'every machine to tick');
    child.kill('SIGKILL');
    await child;
    await waitUntil(() => processesMentioning(config).length === 0, 'every machine to exit');
    for (const id of [1, 2, 3]) expect(readLog(runDir, id).at(-1)).toMatchObject({ event: 'stop' });
    expect((await checkRun(runDir)).violations).toEqual([]);
    // run.json as it was written at the start: the end never came.
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.endTime).toBeNull();
    expect(info).not.toHaveProperty('machines');
  });

  test('--no-analysis: the run and its summary, without the analysis tables or report.html', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '--duration', '1', '--rates', '20,20', '--quiet', '--no-analysis', '--log-dir', runDir]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // Quiet: not even the `starting 2 machines ...` line, nor `run ended`: the summary first.
    expect(r.stdout).toMatch(/^machine\s+rate\s+ticks/);
    expect(r.stdout).not.toContain('run ended');
    expect(String(r.stdout).trimEnd().endsWith(`logs: ${runDir}`)).toBe(true);
    expect(r.stdout).not.toContain('report:');
    expect(existsSync(join(runDir, 'report.html'))).toBe(false);
    expect((await checkRun(runDir)).violations).toEqual([]);
  });

  test('Ctrl+C during the stagger: machines not yet started never start, and no process is left behind', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--stagger', '60000', '--rates', '2,3,4');
    await waitUntil(() => existsSync(join(runDir, 'machine-1.jsonl')), 'machine 1 to start');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('interrupted; run ended');
    // Starting every machine outlasts the connect timeout: said before it starts.
    expect(r.stdout).toContain(
      'note: starting every machine takes 120 s (stagger 60000 ms), more than connectTimeoutMs (15 s): the first machines will tick before the last ones start (saying whom they miss)',
    );
    expect(readLog(runDir, 1).at(-1)).toMatchObject({ event: 'stop' });
    for (const id of [2, 3]) expect(existsSync(join(runDir, `machine-${id}.jsonl`))).toBe(false);
    // The summary keeps the rates the run chose and says which machines never started; run.json says it too.
    const table = r.stdout.split('\n');
    const header = table.find((l) => l.startsWith('machine  rate'))!;
    const summary = table.slice(table.indexOf(header) + 1, table.indexOf('', table.indexOf(header)));
    const rows = summary.filter((l) => /^ +[23] /.test(l)).map((l) => l.trim().split(/\s{2,}/));
    // `not started` spans the columns after the rate, in none of them: machine 1's row keeps the header's columns.
    expect(rows).toEqual([['2', '3', 'not started'], ['3', '4', 'not started']]);
    const one = summary[0]!;
    expect(header).toMatch(/^machine  rate  ticks  final clock  max queue  end queue  max lag ms$/);
    expect(one.trim().split(/\s{2,}/)).toHaveLength(7);
    // Numbers right-aligned: the last figure ends under the end of its header.
    expect(one.length).toBe(header.length);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.machines).toEqual({ '1': { exitCode: 0, signal: null }, '2': { exitCode: null, signal: null, started: false }, '3': { exitCode: null, signal: null, started: false } });
    expect(info.interrupted).toBe(true);
    // The machine that started stopped with the run: conservation is judged among the machines that started.
    expect(info.stoppedTogether).toBe(true);
    const check = await runScript('check', [runDir]);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringMatching(/^ {2}ok {4}conservation /m)]);
    // The analysis after the run says why their logs are not there.
    expect(r.stderr.split('\n')).toContain(`start-all: ${runDir}: machines 2, 3 not started (run.json: the run was stopped first); read without them`);
    expect(r.stdout).toMatch(/^not started +machines 2, 3: the run was stopped before they started$/m);
    // report.html names them in its run table, not among the logs' problems (they have no log to have one).
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('machines 2, 3: the run was stopped before they started');
    expect(html).not.toContain('Problems in the logs');
    // Its heading counts the machines run.json planned, not only those with logs.
    expect(r.stdout).toMatch(/^Run \S+ \(.*\): real, 1 of 3 machines \(2 not started\), /m);
    expect(r.stdout).not.toContain('input problems');
    // One machine's figures make no ratio: its value alone (none when it had not ticked yet).
    expect(r.stdout).toMatch(/^log entries +(\d+ \(tick events; one machine\)|no tick events: no machine ticked)$/m);
    expect(r.stdout).toMatch(/^rates +2 \(one machine\)$/m);
    // Machines that never started break no rule: the run checks out.
    expect((await checkRun(runDir)).violations).toEqual([]);
    // Machines 2 and 3 waited, held, for their turn: none of them (nor machine 1) is still running.
    expect(processesMentioning(config)).toEqual([]);
  });

  test('with a stagger the display shows from the first start: machines whose turn has not come are waiting to start', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    // Piped, the display is a plain line every 5 s: the first comes while machine 2 still waits for its turn.
    const child = startAll(config, runDir, '--duration', '0', '--stagger', '60000', '--rates', '5,5', '--no-analysis');
    await waitForOutput(child, 'waiting to start');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\[(starting|connecting)\] M1  rate 5\/s  .* \| M2  rate 5\/s  waiting to start$/m);
  });

  test('a port in use is one clear line and exit 2, before any machine starts', async () => {
    const dir = tempDir();
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as net.AddressInfo).port;
    const config = join(dir, 'config.json');
    const other = await writeConfig(dir, 1);
    const free = (JSON.parse(readFileSync(other, 'utf8')) as { machines: Record<string, { port: number }> }).machines['1']!.port;
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port: free }, '2': { host: '127.0.0.1', port } } }));
    const r = await runScript('start-all', ['-c', config, '--log-dir', join(dir, 'run')]);
    await new Promise((resolve) => blocker.close(resolve));
    expect([r.exitCode, r.stderr]).toEqual([2, `start-all: error: machine 2: cannot listen on 127.0.0.1:${port}: the port is already in use by process ${process.pid} (${processCommand(process.pid)}); to run beside it, give the machines of ${config} other ports`]);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  test('a --log-dir that already holds a run, holds run folders (-l logs), is a file or lies under /proc, is one line and exit 2; the earlier run is untouched', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const earlier = join(dir, 'earlier');
    mkdirSync(earlier);
    writeFileSync(join(earlier, 'machine-1.jsonl'), '{"earlier":true}\n');
    writeFileSync(join(dir, 'file'), 'not a folder\n');
    const taken = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', earlier]);
    expect([taken.exitCode, taken.stderr]).toEqual([2, `start-all: error: ${earlier} already holds a run (machine-1.jsonl); choose another --log-dir`]);
    expect(readdirSync(earlier)).toEqual(['machine-1.jsonl']);
    expect(readFileSync(join(earlier, 'machine-1.jsonl'), 'utf8')).toBe('{"earlier":true}\n');
    // The folder of the runs (logs/), given for a run's own: refused, naming a folder that would do.
    const runs = join(dir, 'logs');
    mkdirSync(join(runs, '20261203-101010-7'), { recursive: true });
    writeFileSync(join(runs, '20261203-101010-7', 'run.json'), '{}\n');
    const parent = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', runs]);
    expect([parent.exitCode, parent.stderr]).toEqual([2, `start-all: error: ${runs} holds run folders (20261203-101010-7/); --log-dir names a run's own folder: choose a new one, such as ${join(runs, 'demo')}`]);
    expect(readdirSync(runs)).toEqual(['20261203-101010-7']);
    // A project's own folder (`-l .` in the project): refused, before anything is written among its files.
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{}\n');
    const root = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', project]);
    expect([root.exitCode, root.stderr]).toEqual([2, `start-all: error: ${project} is a project's folder (it holds package.json); --log-dir names a run's own folder: choose a new one, such as ${join(project, 'logs', 'demo')}`]);
    expect(readdirSync(project)).toEqual(['package.json']);
    const file = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', join(dir, 'file')]);
    expect([file.exitCode, file.stderr]).toEqual([2, `start-all: error: cannot create the run folder ${join(dir, 'file')}: a file is in the way`]);
    // Under /proc: that folders cannot be made there, not the free space statfs reads there (0 bytes).
    const proc = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', '/proc/lamport-nope/run']);
    expect([proc.exitCode, proc.stderr]).toEqual([2, 'start-all: error: cannot create the run folder /proc/lamport-nope/run: folders cannot be made there']);
  });

  test('a full disk at the start is one line and exit 2, and leaves no run.json: the folder can be used again', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    // run.json's temporary file, written first, cannot be written: as on a full disk (a preload makes it so).
    const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'full-disk.mjs')).href;
    const full = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', runDir, '-q', '--no-analysis'], { env: { NODE_OPTIONS: `--import ${preload}` } });
    expect([full.exitCode, full.stderr]).toEqual([2, `start-all: error: cannot write ${join(runDir, 'run.json')}: no space left on the disk`]);
    expect(readdirSync(runDir)).toEqual([]);
    const again = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', runDir, '-q', '--no-analysis']);
    expect([again.exitCode, again.stderr]).toEqual([0, '']);
    expect(readdirSync(runDir)).toContain('run.json');
  });

  test('logs that would not fit on the disk are refused before anything starts: one line with the estimate and what to do', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-d', '2000000', '-r', '1000000,1000000', '-l', runDir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^start-all: error: this run would write about [\d.]+ [TP]B of logs \(2e6 s at 2000000 ticks\/s in all\); \/.* has [\d.]+ [kMGT]B free: give a shorter -d, fewer machines \(-m\) or lower rates \(-r\), or a --log-dir on a disk with room$/);
    expect(existsSync(runDir)).toBe(false);
  });

  test('a disk full at the end of the run: run.json still gets its end (in the room kept for it), report.html is one line', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const preload = pathToFileURL(fromRoot('test', 'fixtures', 'start-all', 'disk-full-at-end.mjs')).href;
    const r = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', runDir, '-q'], { env: { NODE_OPTIONS: `--import ${preload}` } });
    const report = join(runDir, 'report.html');
    const later = `npm run analyze -- ${runDir} --report ${report}`;
    expect([r.exitCode, r.stderr]).toEqual([0, `start-all: cannot write ${report}: no space left on the disk (the tables above are its analysis; ${later} writes it later)`]);
    expect(r.stdout).toMatch(/^Run run \(/m);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.endTime).not.toBeNull();
    expect(info.stoppedTogether).toBe(true);
    // The room went to run.json; nothing but the run's own files is left in its folder.
    expect(readdirSync(runDir).sort()).toEqual(['machine-1.jsonl', 'machine-1.log', 'machine-2.jsonl', 'machine-2.log', 'run.json']);
  });

  test('--machines 4 runs 4 machines on consecutive ports from the config\'s first (one -r rate for all), their config kept in the run folder', async () => {
    const dir = tempDir();
    const first = await freeConsecutivePorts(4);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port: first }, '2': { host: '127.0.0.1', port: first + 1 } }, staggerMs: 20 }));
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-m', '4', '-d', '1', '-r', '5', '-l', runDir, '-q', '--no-analysis']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(String(r.stdout).split('\n').filter((l) => /^\s*[1-4]\s+5\s/.test(l))).toHaveLength(4);
    const ports = [first, first + 1, first + 2, first + 3];
    const kept = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { machines: Record<string, { port: number }> };
    expect(Object.values(kept.machines).map((m) => m.port)).toEqual(ports);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.rates).toEqual({ '1': 5, '2': 5, '3': 5, '4': 5 });
    expect((await checkRun(runDir)).violations).toEqual([]);
    // Too few, too many, or past the last port: one line, exit 2.
    const one = await runScript('start-all', ['-c', config, '-m', '1']);
    expect([one.exitCode, one.stderr]).toEqual([2, "start-all: error: option '-m, --machines <n>' argument '1' is invalid. Must be a whole number from 2 to 1000."]);
    const many = await runScript('start-all', ['-c', config, '-m', '1001']);
    expect([many.exitCode, many.stderr]).toEqual([2, "start-all: error: option '-m, --machines <n>' argument '1001' is invalid. Must be a whole number from 2 to 1000."]);
    // Ports near the top (no port 0 can give them): refused before anything listens, so never bound.
    const high = join(dir, 'high.json');
    writeFileSync(high, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port: 65000 }, '2': { host: '127.0.0.1', port: 65001 } } }));
    const past = await runScript('start-all', ['-c', high, '-m', '600']);
    expect([past.exitCode, past.stderr]).toEqual([2, 'start-all: error: 600 machines from port 65000 need ports up to 65599, past 65535: give the first machine a lower port in the config']);
  });

  test('bad options and configs are one line and exit 2', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3, { internalProbability: 1.5 });
    const cases: [string[], number, RegExp][] = [
      [['--rates', '1,0,3'], 2, /^start-all: error: option .*--rates.* argument '1,0,3' is invalid\. Must be a comma-separated list of positive numbers/],
      [['-c', config], 2, /^start-all: error: .*config\.json: internalProbability: should be at most 1, is 1\.5$/],
      [['--duration', '-5'], 2, /Must be 0 or more\.$/],
      [['--bogus'], 2, /^start-all: error: unknown option '--bogus'$/],
      // Node's timers wait at most 24.8 days: a longer run would have ended at once, as if it were done.
      [['--duration', '2200000'], 2, /^start-all: error: option '-d, --duration <seconds>' argument '2200000' is invalid\. Must be at most 2147483 \(24\.8 days, the longest timer\); 0 runs until Ctrl\+C\.$/],
      [['--stagger', '2200000000'], 2, /Must be at most 2147483647 \(24\.8 days, the longest timer\)\.$/],
      [['--log-dir', ''], 2, /^start-all: error: option '-l, --log-dir <dir>' argument '' is invalid\. Must not be empty\.$/],
      [['--config', ' '], 2, /^start-all: error: option '-c, --config <file>' argument ' ' is invalid\. Must not be empty\.$/],
      // A list typed as separate words: the words joined as the option takes them.
      [['-r', '1', '3', '6'], 2, /^start-all: error: too many arguments\. Expected 0 arguments but got 2: unexpected arguments '3', '6' \(a list is one word, with commas: -r 1,3,6\)\.$/],
      [['--rates', '1,3', '6', '-d', '2'], 2, /unexpected argument '6' \(a list is one word, with commas: --rates 1,3,6\)\.$/],
      [['-d', '2', '7'], 2, /unexpected argument '7'\.$/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runScript('start-all', args);
      expect([r.exitCode, String(r.stderr).split('\n').length]).toEqual([code, 1]);
      expect(String(r.stderr)).toMatch(message);
    }
  });
});
