// The machine CLI as a user meets it: help, bad options and configs as one line, a busy port, a run to its duration.
import net from 'node:net';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { trackChild } from '../helpers/children.js';
import { fromRoot } from '../helpers/repo.js';
import { processCommand } from '../../src/net/port-holder.js';
import { runScript, script, tempDir, writeConfig } from '../helpers/cli.js';
import { logMatches, readLog } from '../helpers/run-logs.js';
import { waitUntil, waitForOutput } from '../helpers/wait.js';
import { freePort } from '../helpers/ports.js';
import { checkRun } from '../../src/analysis/check-run.js';
import { MACHINE_NODE_FLAGS } from '../../src/runner/machine-script.js';
import { controlLineText } from '../../src/runner/control-lines.js';

/** The warning a machine run by hand with --quiet gives on stderr when a peer never came up. */
const notConnected = (id: number, peer: number, ms: number) => `machine: warning: machine ${id}: not connected to ${peer} after ${ms} ms: ticking anyway, sends to them are dropped`;

describe('npm run machine', () => {
  test('--help describes the options', async () => {
    const r = await runScript('machine', ['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Usage: machine [options] <id>');
    for (const flag of ['--config', '--log-dir', '--rate', '--duration', '--seed', '--internal-prob', '--quiet']) expect(r.stdout).toContain(flag);
  });

  test.each([
    [['1', '--rate', 'abc'], /^machine: error: option .*--rate.* argument 'abc' is invalid\. Not a number\.$/],
    [['1', '--internal-prob', '2'], /Must be between 0 and 1\.$/],
    // Number() reads 0x10 as 16: a typo is refused, not taken for another value.
    [['1', '--duration', '0x10'], /^machine: error: option .*--duration.* argument '0x10' is invalid\. Not a number\.$/],
    // A number as written, past what a double holds: not called 'Not a number'.
    [['1', '--duration', '1e400'], /^machine: error: option .*--duration.* argument '1e400' is invalid\. Too large a number\.$/],
    [['1', '--rate', '0b11'], /^machine: error: option .*--rate.* argument '0b11' is invalid\. Not a number\.$/],
    // A run token goes into every hello on one line: no space, colon or newline in it.
    [['1', '--run-token', 'lab 3'], /^machine: error: option .*--run-token.* argument 'lab 3' is invalid\. Must be 1 to 32 letters, digits, "_", "\." or "-"\.$/],
    [['1', '--run-token', 'a:b'], /Must be 1 to 32 letters, digits/],
    [['1', '--rate', '1e16'], /^machine: error: option .*--rate.* argument '1e16' is invalid\. Must be at most 1,000,000 ticks per second\.$/],
    // The id argument's bad value, in the words of an option's (not commander's `command-argument value ... for argument`).
    [['abc'], /^machine: error: argument 'id' value 'abc' is invalid\. Not a number\.$/],
    [['0'], /^machine: error: argument 'id' value '0' is invalid\. Must be a positive whole number\.$/],
    // Written as no config writes an id, it would run as machine 1 while its user thought of another.
    [['01'], /^machine: error: argument 'id' value '01' is invalid\. Must be written as the config writes ids: 1\.$/],
    [['1e0'], /^machine: error: argument 'id' value '1e0' is invalid\. Must be written as the config writes ids: 1\.$/],
    [['+2'], /^machine: error: argument 'id' value '\+2' is invalid\. Must be written as the config writes ids: 2\.$/],
    [['1000000000'], /^machine: error: argument 'id' value '1000000000' is invalid\. Must be at most 999999999, as config ids are\.$/],
    [[], /^machine: error: missing required argument 'id' \(usage: machine \[options\] <id>; --help for more\)$/],
  ])('bad options %p give one line and a non-zero exit', async (args, message) => {
    const r = await runScript('machine', args);
    expect(r.exitCode).not.toBe(0);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
    expect(String(r.stderr).trim()).toMatch(message);
  });

  test('an unknown id, an invalid config and a missing config exit 2 with one line', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const bad = join(dir, 'bad.json');
    // Refused before anything listens; its port, as every test's, is one that was free.
    const port = await freePort();
    writeFileSync(bad, JSON.stringify({ machines: { '1': { host: 'localhost', port }, '2': { host: '127.0.0.1', port } } }));
    const cases: [string[], RegExp][] = [
      [['7', '-c', config], /^machine: error: machine 7 is not in .*config\.json \(machines: 1-3\)$/],
      [['1', '-c', bad], /^machine: error: .*bad\.json: machines: two machines share a host and port: 1 and 2 \(localhost:(\d+), 127\.0\.0\.1:\1\)$/],
      [['1', '-c', join(dir, 'none.json')], /^machine: error: cannot read config .*none\.json: no such file$/],
    ];
    for (const [args, message] of cases) {
      const r = await runScript('machine', args);
      expect([r.exitCode, String(r.stderr).trim()]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  test('a port in use exits 2 naming the address, and leaves no log behind', async () => {
    const dir = tempDir();
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as net.AddressInfo).port;
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port }, '2': { host: '127.0.0.1', port: port === 65535 ? 1 : port + 1 } } }));
    const r = await runScript('machine', ['1', '-c', config, '--log-dir', join(dir, 'logs')]);
    await new Promise((resolve) => blocker.close(resolve));
    expect(r.exitCode).toBe(2);
    // The test's own process holds it: named, with its command line.
    expect(String(r.stderr).trim()).toBe(`machine: error: machine 1: cannot listen on 127.0.0.1:${port}: the port is already in use by process ${process.pid} (${processCommand(process.pid)})`);
    expect(existsSync(join(dir, 'logs', 'machine-1.jsonl'))).toBe(false);
  });

  test('its own host not resolving is the line and exit 2 start-all gives, and leaves no log behind', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    const host = 'nonexistent-zz.example.invalid';
    // Its port is never bound (the name fails first), but taken as every test's is: free on this host.
    const port = await freePort();
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port: await freePort() }, '2': { host, port } } }));
    const why = /(the host name does not resolve to an address|the host name could not be looked up \(no answer from DNS\))$/;
    const machine = await runScript('machine', ['2', '-c', config, '--log-dir', join(dir, 'logs'), '-d', '1']);
    expect(machine.exitCode).toBe(2);
    expect(String(machine.stderr)).toMatch(new RegExp(`^machine: error: machine 2: cannot listen on ${host}:${port}: ${why.source}`));
    const startAll = await runScript('start-all', ['-c', config, '--log-dir', join(dir, 'run'), '-d', '1']);
    expect(startAll.exitCode).toBe(2);
    expect(String(startAll.stderr).replace(/^start-all:/, 'machine:')).toBe(String(machine.stderr));
    expect(existsSync(join(dir, 'logs', 'machine-2.jsonl'))).toBe(false);
  });

  test('a log folder that cannot be created ends the machine with one line and exit 2 (its port released)', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const r = await runScript('machine', ['1', '-c', config, '--log-dir', join(notADir, 'logs')]);
    expect([r.exitCode, String(r.stderr).trim()]).toEqual([2, `machine: error: cannot create the log folder ${join(notADir, 'logs')}: a file is in the way`]);
  });

  /** Machine 1 alone, to run for 30 s with its log `file` (machine-1.jsonl or .log) on a full disk (/dev/full). */
  async function runOnFullDisk(file: string, ...args: string[]) {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    symlinkSync('/dev/full', join(logs, file));
    return { r: await runScript('machine', ['1', '-c', config, '--log-dir', logs, '--duration', '30', '--quiet', ...args]), logs };
  }

  test('a log that cannot be written (a full disk): one line, the machine stops at once and exits 1, the other file is complete', async () => {
    const { r, logs } = await runOnFullDisk('machine-1.jsonl');
    expect(r.exitCode).toBe(1);
    // Alone, it may warn that its peer is missing before the write fails: the error is the line that matters.
    const jsonl = join(logs, 'machine-1.jsonl');
    expect(String(r.stderr).trim().split('\n').filter((line) => !line.startsWith('machine: warning:'))).toEqual([`machine: error: machine 1 cannot write its log ${jsonl}: no space left on the disk`]);
    // The other file goes on: the human log runs from the start record to the stop record.
    const human = readFileSync(join(logs, 'machine-1.log'), 'utf8').trim().split('\n');
    expect(human[0]).toContain('| START |');
    expect(human.at(-1)).toContain('| STOP |');
    // Its start record could not be written: it stopped there, before its first tick, not after its 30 s.
    expect(human).toHaveLength(2);
  });

  test('under start-all (--status-interval), a log that cannot be written is also one @logfail line on stdout, for its summary', async () => {
    const { r, logs } = await runOnFullDisk('machine-1.log', '--status-interval', '60000');
    expect(r.exitCode).toBe(1);
    const failure = { file: join(logs, 'machine-1.log'), reason: 'no space left on the disk', noRoom: true };
    expect(String(r.stdout).split('\n').filter((line) => line.startsWith('@logfail '))).toEqual([controlLineText({ kind: 'logfail', failure }).trim()]);
  });

  test('output piped into a reader that goes away (| head): one line, the machine stops with complete logs, exit 0', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    const logs = join(dir, 'logs');
    const child = runScript('machine', ['1', '-c', config, '--log-dir', logs, '--duration', '30', '--rate', '20']);
    // Read the first line, then close the pipe as `head -1` does: the machine's next console line meets EPIPE.
    await once(child.stdout!, 'data');
    child.stdout!.destroy();
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, 'machine 1: its output was closed; stopping']);
    const log = readLog(logs, 1);
    expect(log.at(-1)).toMatchObject({ event: 'stop' });
    expect(log.filter((x) => x.event === 'stop')).toHaveLength(1);
  });

  test('its logs removed, or one replaced, during the run: an error line per file naming it, and exit 1', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    const run = async (tamper: (logs: string) => void) => {
      const logs = join(dir, `logs-${readdirSync(dir).length}`);
      const child = runScript('machine', ['1', '-c', config, '--log-dir', logs, '--duration', '0', '--rate', '20', '--quiet']);
      // Its start record is on disk once the file holds a line: tamper with the files it writes, then stop it.
      await waitUntil(() => existsSync(join(logs, 'machine-1.jsonl')) && readFileSync(join(logs, 'machine-1.jsonl'), 'utf8').includes('\n'), 'the start record');
      tamper(logs);
      child.kill('SIGINT');
      const r = await child;
      return { r, logs, errors: String(r.stderr).split('\n').filter((line) => line.startsWith('machine: error:')) };
    };
    const removed = await run((logs) => rmSync(logs, { recursive: true }));
    expect(removed.r.exitCode).toBe(1);
    expect(removed.errors).toEqual(['jsonl', 'log'].map((ext) => `machine: error: machine 1's log ${join(removed.logs, `machine-1.${ext}`)} was removed or moved away during the run`));
    // Moved away, another file in its place: the log written (stop record and all) is in the moved file.
    const replaced = await run((logs) => {
      renameSync(join(logs, 'machine-1.jsonl'), join(logs, 'moved.jsonl'));
      writeFileSync(join(logs, 'machine-1.jsonl'), '{}\n');
    });
    expect(replaced.r.exitCode).toBe(1);
    expect(replaced.errors).toEqual([`machine: error: machine 1's log ${join(replaced.logs, 'machine-1.jsonl')} was replaced during the run: another file is at its path now`]);
    expect(JSON.parse(readFileSync(join(replaced.logs, 'moved.jsonl'), 'utf8').trim().split('\n').at(-1)!)).toMatchObject({ event: 'stop' });
  });

  test('SIGTERM while it starts (before it dials its peers): it stops at once with complete logs, dials no one, exit 0', async () => {
    const dir = tempDir();
    // Machine 2 is a listening server: a machine that dialed it after its stop would log a connect after its stop record.
    const peer = net.createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await once(peer, 'listening');
    let dialed = 0;
    peer.on('connection', () => dialed++);
    const peerPort = (peer.address() as net.AddressInfo).port;
    // Its own host is a name, so that its listen looks it up: the preload sends the SIGTERM during that lookup.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: 'localhost', port: await freePort() }, '2': { host: '127.0.0.1', port: peerPort } }, connectTimeoutMs: 60_000, shutdownGraceMs: 1000 }));
    const logs = join(dir, 'logs');
    const preload = pathToFileURL(fromRoot('test', 'fixtures', 'machine', 'sigterm-during-listen.mjs')).href;
    const started = Date.now();
    // Without the fix it never exits (its links redial for ever) or throws when the peer answers: bounded here.
    const r = await trackChild(execa(process.execPath, [...MACHINE_NODE_FLAGS, '--import', preload, script('machine'), '1', '-c', config, '--log-dir', logs, '-d', '0'], { reject: false, stdin: 'ignore', timeout: 20_000 }));
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => peer.close(resolve));
    expect([r.exitCode, r.signal, r.stderr]).toEqual([0, undefined, '']);
    expect(String(r.stdout)).toMatch(/^machine 1 stopped: clock 0, ticks 0, /m);
    expect(readLog(logs, 1).map((x) => x.event)).toEqual(['start', 'stop']);
    expect(dialed).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(String(r.stdout)).not.toContain('waiting for');
  });

  test('alone, it warns that its peers never came, ticks for its duration, and prints the human lines', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 200, seed: 5 });
    const r = await runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '20', '--duration', '1']);
    expect(r.exitCode).toBe(0);
    const lines = String(r.stdout).split('\n');
    expect(lines[0]).toMatch(/^M1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| START \| Clock: 0 \| Rate: 20\/s, Peers: 2, Internal probability: 0\.7, Seed: 5, Node: v[\d.]+$/);
    expect(lines).toContainEqual(expect.stringMatching(/\| WARN \| not connected to 2 after 200 ms/));
    expect(lines).toContainEqual(`machine 1 stopped: clock 20, ticks 20, unprocessed messages 0, max lag ${/max lag (\d+\.\d) ms/.exec(String(r.stdout))![1]} ms; its logs: ${join(dir, 'machine-1.jsonl')} and machine-1.log`);
    const log = readLog(dir, 1);
    expect(log.at(-1)).toMatchObject({ event: 'stop', ticks: 20, clock: 20, queue: 0 });
    // It ticked within a second of its start: no note about waiting.
    expect(r.stdout).not.toContain('waiting for');
  });

  test('with a duration its rate does not divide, it stops at the end of the duration, not at its next tick', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    // At 0.25/s its ticks are due at 4 s and 8 s: the 5 s run ends between them.
    const r = await runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '0.25', '--duration', '5', '--quiet']);
    expect([r.exitCode, r.stderr]).toEqual([0, notConnected(1, 2, 100)]);
    const stop = readLog(dir, 1).at(-1);
    expect(stop).toMatchObject({ event: 'stop', ticks: 1 });
    const tickingMs = stop?.event === 'stop' ? stop.tickingMs : undefined;
    // Never before the end; well before the 8 s tick even on a slow host (without the fix: 8,000 ms or so).
    expect(tickingMs).toBeGreaterThanOrEqual(5000);
    expect(tickingMs).toBeLessThan(7000);
  });

  test('waiting more than a second for its peers, it says which ones it still waits for and until when', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3, { connectTimeoutMs: 2500 });
    // Machine 1 listens first; machine 2 then meshes with it at once, and machine 3 never comes.
    const one = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '10', '--duration', '0.2', '--quiet']);
    await waitUntil(() => logMatches(dir, 1, /"event":"start"/), 'machine 1 to start');
    const two = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '--rate', '10', '--duration', '0.2']);
    expect([two.exitCode, (await one).exitCode]).toEqual([0, 0]);
    const notes = String(two.stdout).split('\n').filter((l) => l.includes('waiting for'));
    expect(notes).toEqual(['M2 waiting for machine 3 to connect both ways: ticking starts then, or 2.5 s after the start']);
  });
  test('waiting for many peers, its note and its warnings give them as ranges, not one by one', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 6, { connectTimeoutMs: 1500 });
    // Machine 3 alone in a 6-machine mesh: its note after a second, then the connect timeout's warnings.
    const r = await runScript('machine', ['3', '-c', config, '--log-dir', dir, '--rate', '10', '--duration', '0.1']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const lines = String(r.stdout).split('\n');
    expect(lines.filter((l) => l.includes('waiting for'))).toEqual(['M3 waiting for machines 1, 2, 4-6 to connect both ways: ticking starts then, or 1.5 s after the start']);
    expect(lines).toContainEqual(expect.stringMatching(/\| WARN \| not connected to 1, 2, 4-6 after 1500 ms: ticking anyway/));
  });

  test('at a rate the host cannot keep, it still hears its stop signal and ends with a stop record and its true lateness', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    // Alone (machine 2 never comes), it ticks after the connect timeout; 1e6/s, the highest rate taken, is beyond any
    // host: tick 100,000 is due 0.1 s in and runs far later.
    const machine = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '1e6', '--duration', '0', '--quiet']);
    await waitUntil(() => logMatches(dir, 1, /"tick":100000,/), 'machine 1 to tick');
    machine.kill('SIGTERM');
    const r = await machine;
    expect([r.exitCode, r.signal]).toEqual([0, undefined]);
    const stop = readLog(dir, 1).at(-1);
    expect(stop).toMatchObject({ event: 'stop' });
    // Ticks due long before they ran are measured as late as they were, not against the start of their callback.
    expect(stop?.event === 'stop' && stop.maxLagMs).toBeGreaterThan(10);
  });

  test('at a rate so low its next tick is past Node\'s longest timer, it waits quietly (no timer overflow) and still stops', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    // 1e-9/s: the first tick is 31 years off. A timer past 2^31 - 1 ms fires after 1 ms, with a warning each time.
    const machine = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '1e-9', '--duration', '0']);
    // The tick timer is armed in the callback that prints this line: an overflowing one would have warned on stderr
    // before the stop signal below is handled, and each millisecond after.
    await waitForOutput(machine, 'ticking anyway');
    machine.kill('SIGINT');
    const r = await machine;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(readLog(dir, 1).at(-1)).toMatchObject({ event: 'stop', ticks: 0 });
  });

  test('its terminal closed (SIGHUP), a machine stops as on Ctrl+C: a stop record and exit 0', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 100 });
    const machine = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '20', '--duration', '0', '--quiet']);
    await waitUntil(() => logMatches(dir, 1, /"tick":3,/), 'machine 1 to tick');
    machine.kill('SIGHUP');
    const r = await machine;
    expect([r.exitCode, r.signal, r.stderr]).toEqual([0, undefined, notConnected(1, 2, 100)]);
    expect(readLog(dir, 1).at(-1)).toMatchObject({ event: 'stop' });
  });

  test('at the end of its duration, its last ticks are printed before the line that says it waits for its peers', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 5000, shutdownGraceMs: 300 });
    const two = runScript('machine', ['2', '-c', config, '--log-dir', dir, '--rate', '3', '--duration', '0', '--quiet']);
    const one = await runScript('machine', ['1', '-c', config, '--log-dir', dir, '--rate', '3', '--duration', '1']);
    two.kill('SIGTERM');
    expect([one.exitCode, (await two).exitCode]).toEqual([0, 0]);
    const lines = String(one.stdout).split('\n');
    const wait = lines.findIndex((l) => l.startsWith('machine 1 stopping: closing its links, then waiting up to 0.3 s for peer 2'));
    // At 3/s, its last tick's line waited for the log's 100 ms batch, and came after that line.
    const lastTick = lines.map((l) => /^M1 .* \| (SEND|RECEIVE|INTERNAL) \|/.test(l)).lastIndexOf(true);
    expect([wait > 0, lastTick > 0]).toEqual([true, true]);
    expect(lastTick).toBeLessThan(wait);
  });

  test('stopped by hand while its peers run, it says it waits for them to close their connections; the last one to stop does not', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3, { connectTimeoutMs: 5000, shutdownGraceMs: 2000 });
    const args = (id: number, ...more: string[]) => [String(id), '-c', config, '--log-dir', dir, '--rate', '20', '--duration', '0', ...more];
    const one = runScript('machine', args(1));
    const two = runScript('machine', args(2));
    const three = runScript('machine', args(3, '--quiet'));
    let twoOut = '';
    two.stdout!.on('data', (chunk: Buffer) => (twoOut += chunk.toString()));
    for (const id of [1, 2, 3]) await waitUntil(() => logMatches(dir, id, /"tick":3,/), `machine ${id} to tick`);
    // Ctrl+C in machine 2's terminal: machines 1 and 3 still run, connected to it.
    two.kill('SIGINT');
    await waitUntil(() => twoOut.includes('stopping:'), 'machine 2 to say it waits');
    const waitLine = 'machine 2 stopping: closing its links, then waiting up to 2 s for peers 1, 3 to close their links to it (a peer does so only when it stops; messages that arrive meanwhile are queued; Ctrl+C again to stop now)';
    expect(twoOut.split('\n').filter((l) => l.includes('stopping:'))).toEqual([waitLine]);
    // The peers stop: machine 2's wait ends with their connections, before its grace.
    three.kill('SIGTERM');
    await three;
    one.kill('SIGTERM');
    const [r1, r2] = await Promise.all([one, two]);
    expect([r1.exitCode, r2.exitCode]).toEqual([0, 0]);
    const lines = String(r2.stdout).split('\n');
    expect(lines.indexOf(waitLine)).toBeLessThan(lines.findIndex((l) => l.startsWith('machine 2 stopped:')));
    // Machine 1 stopped last, its peers already gone: nothing to wait for, no such line.
    expect(String(r1.stdout)).not.toContain('stopping:');
    expect(String(r1.stdout)).toMatch(/^machine 1 stopped: /m);
  });

  test('a second Ctrl+C ends the wait for its peers: it stops at once, its log complete, the peers still running', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 5000, shutdownGraceMs: 120_000 });
    const args = (id: number) => [String(id), '-c', config, '--log-dir', dir, '--rate', '20', '--duration', '0'];
    const one = runScript('machine', [...args(1), '--quiet']);
    const two = runScript('machine', args(2));
    let twoOut = '';
    two.stdout!.on('data', (chunk: Buffer) => (twoOut += chunk.toString()));
    for (const id of [1, 2]) await waitUntil(() => logMatches(dir, id, /"tick":3,/), `machine ${id} to tick`);
    two.kill('SIGINT');
    await waitUntil(() => twoOut.includes('waiting up to 120 s for peer 1'), 'machine 2 to say it waits');
    // Ctrl+C again (npm run delivers one Ctrl+C twice within milliseconds, so one counts only from 0.3 s after the first).
    await waitUntil(() => twoOut.includes('stopping now') || !two.kill('SIGINT'), 'machine 2 to stop waiting');
    const r2 = await two;
    expect([r2.exitCode, r2.stderr]).toEqual([0, '']);
    expect(String(r2.stdout).split('\n').filter((l) => l.startsWith('machine 2 stop'))).toEqual([
      'machine 2 stopping: closing its links, then waiting up to 120 s for peer 1 to close its link to it (a peer does so only when it stops; messages that arrive meanwhile are queued; Ctrl+C again to stop now)',
      'machine 2 stopping now: not waiting for peers',
      expect.stringMatching(/^machine 2 stopped: clock \d+, ticks \d+, /),
    ]);
    expect(readLog(dir, 2).at(-1)).toMatchObject({ event: 'stop' });
    expect(one.exitCode).toBeNull(); // machine 1 still runs
    one.kill('SIGTERM');
    expect((await one).exitCode).toBe(0);
    expect((await checkRun(dir)).violations).toEqual([]);
  });

  test('killed right after it starts (a fault schedule\'s kill at 0 s), its log still holds its start record', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 60_000 });
    // Under start-all (a status interval), its first status line says it listens: its start record is written by then.
    const one = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--duration', '0', '--quiet', '--status-interval', '100000']);
    await waitForOutput(one, '@status');
    one.kill('SIGKILL');
    await one.catch(() => undefined);
    expect(readLog(dir, 1).map((r) => r.event)).toEqual(['start']);
  });

  test('started again on a log whose machine is still running (another user of the folder), it is refused: the log is not continued', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 1000 });
    const running = runScript('machine', ['2', '-c', config, '--log-dir', dir, '--duration', '0', '--quiet', '--rate', '20']);
    await waitUntil(() => logMatches(dir, 2, /"tick":3,/), 'machine 2 to tick');
    const before = readFileSync(join(dir, 'machine-2.jsonl'), 'utf8');
    const second = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '--duration', '1', '--quiet']);
    expect([second.exitCode, second.stdout]).toEqual([2, '']);
    expect(second.stderr).toBe(
      `machine: error: machine 2: ${join(dir, 'machine-2.jsonl')} is being written by a running process (pid ${running.pid}): machine 2 already runs on this folder; stop it first, or give this run a folder of its own (--log-dir ${dir}-2)`,
    );
    // Nothing was appended: the running machine's log goes on as its own.
    expect(readFileSync(join(dir, 'machine-2.jsonl'), 'utf8').startsWith(before)).toBe(true);
    running.kill('SIGTERM');
    expect((await running).exitCode).toBe(0);
    expect(readLog(dir, 2).filter((r) => r.event === 'start')).toHaveLength(1);
  });

  test('stopped and started again while its peer still runs on the folder: refused, saying it cannot rejoin and that a folder of its own is a separate run', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3, { connectTimeoutMs: 1000 });
    const peer = runScript('machine', ['1', '-c', config, '--log-dir', dir, '--duration', '0', '--quiet', '--rate', '20']);
    await waitUntil(() => existsSync(join(dir, 'machine-1.jsonl')), 'machine 1 to start its log');
    expect((await runScript('machine', ['2', '-c', config, '--log-dir', dir, '--duration', '0.3', '--quiet', '--rate', '20'])).exitCode).toBe(0);
    const before = readFileSync(join(dir, 'machine-2.jsonl'), 'utf8');
    const again = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '--duration', '1', '--quiet']);
    expect([again.exitCode, again.stdout, again.stderr]).toEqual([
      2,
      '',
      `machine: error: machine 2: ${join(dir, 'machine-2.jsonl')} ends with its stop record, so machine 2 cannot rejoin the run machine 1 is still running on that folder ` +
        `(a machine continues its run only after a crash or a kill -9, with no stop record); to run it anyway, as a separate run: --log-dir ${dir}-2`,
    ]);
    expect(readFileSync(join(dir, 'machine-2.jsonl'), 'utf8')).toBe(before);
    // A machine with no log there yet cannot join either; the run is not called finished while machine 1 still runs.
    const late = await runScript('machine', ['3', '-c', config, '--log-dir', dir, '--duration', '1', '--quiet']);
    expect([late.exitCode, late.stdout, late.stderr]).toEqual([
      2,
      '',
      `machine: error: machine 3: ${dir} holds a run that has begun to stop (machine-2.jsonl ends with its stop record; machine 1 is still running), which a machine started now cannot join; give this run a folder of its own (--log-dir ${dir}-2)`,
    ]);
    expect(existsSync(join(dir, 'machine-3.jsonl'))).toBe(false);
    peer.kill('SIGTERM');
    expect((await peer).exitCode).toBe(0);
  });

  test('killed and started again on the same log, it continues the run as the next incarnation with its rate and seed, which check reads as a restart', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 1000 });
    const args = (id: number) => [String(id), '-c', config, '--log-dir', dir, '--duration', '0', '--quiet'];
    const one = runScript('machine', [...args(1), '--rate', '20']);
    const two = runScript('machine', [...args(2), '--rate', '20', '--seed', '7']);
    await waitUntil(() => logMatches(dir, 2, /"tick":5,/), 'machine 2 to tick');
    two.kill('SIGKILL');
    await two;
    // Started again without --rate or --seed: the continued run keeps them (a fresh seed would pick another rate).
    const again = runScript('machine', args(2));
    await waitUntil(() => logMatches(dir, 2, /"incarnation":2[^]*"tick":5,/), 'machine 2 to tick again');
    one.kill('SIGTERM');
    again.kill('SIGTERM');
    const [r1, r2] = await Promise.all([one, again]);
    expect([r1.exitCode, r2.exitCode, r2.stderr]).toEqual([0, 0, '']);
    expect(String(r2.stdout).split('\n')[0]).toBe(
      `machine 2: ${join(dir, 'machine-2.jsonl')} ends without a stop record (the machine crashed or was killed): continuing that run as incarnation 2 with its rate 20/s, seed 7 and internal probability 0.7; it runs until Ctrl+C (-d 0)`,
    );
    const starts = readLog(dir, 2).flatMap((r) => (r.event === 'start' ? [r] : []));
    // Started by hand (`npm run machine`), a machine keeps V8's compilers, and each start record says so.
    expect(starts.map((r) => [r.incarnation, r.rate, r.seed, r.node, r.jitless])).toEqual([
      [undefined, 20, 7, process.version, false],
      [2, 20, 7, process.version, false],
    ]);
    const check = await checkRun(dir);
    expect(check.violations).toEqual([]);
    expect(check.crashed.map((c) => c.message)).toEqual(["machine 2's incarnation 1 ended without a stop record (crashed or killed), then it restarted as incarnation 2"]);

    // Its log now ends with a stop record: a machine started on it again is refused (a second run appended would fail
    // check, and start-all refuses a folder that holds a run), with a folder of its own to use, and the log is unchanged.
    const before = readFileSync(join(dir, 'machine-2.jsonl'), 'utf8');
    const third = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '--rate', '20', '--duration', '0.1', '--quiet']);
    expect([third.exitCode, third.stdout, third.stderr]).toEqual([
      2,
      '',
      `machine: error: machine 2: ${join(dir, 'machine-2.jsonl')} holds a finished run; give this run a folder of its own (--log-dir ${dir}-2), or remove that one`,
    ]);
    expect(readFileSync(join(dir, 'machine-2.jsonl'), 'utf8')).toBe(before);
    // A file of that name that is no log of ours (no start record in it): refused too, and left as it was.
    const other = tempDir();
    writeFileSync(join(other, 'machine-2.jsonl'), 'garbage\n');
    const foreign = await runScript('machine', ['2', '-c', config, '--log-dir', other, '--duration', '0.1', '--quiet']);
    expect([foreign.exitCode, String(foreign.stderr)]).toEqual([2, `machine: error: machine 2: ${join(other, 'machine-2.jsonl')} is not a machine log (it holds no start record); give this run a folder of its own (--log-dir ${other}-2), or remove that file`]);
    expect(readFileSync(join(other, 'machine-2.jsonl'), 'utf8')).toBe('garbage\n');
    // No log of its own, but machine 1's there is finished: a run that is over, which machine 2 cannot join.
    const over = tempDir();
    const start = { time: '2026-01-01T00:00:00.000Z', machine: 1, event: 'start', clock: 0, rate: 5, peers: [2], internalProbability: 0.7, seed: 5 };
    const stop = { time: '2026-01-01T00:00:01.000Z', machine: 1, event: 'stop', clock: 0, ticks: 0, queue: 0 };
    writeFileSync(join(over, 'machine-1.jsonl'), `${JSON.stringify(start)}\n${JSON.stringify(stop)}\n`);
    const late = await runScript('machine', ['2', '-c', config, '--log-dir', over, '--duration', '0.1', '--quiet']);
    expect([late.exitCode, String(late.stderr)]).toEqual([2, `machine: error: machine 2: ${over} holds a finished run (machine-1.jsonl ends with its stop record), which a machine started now cannot join; give this run a folder of its own (--log-dir ${over}-2)`]);
    expect(existsSync(join(over, 'machine-2.jsonl'))).toBe(false);
    // A start-all folder's name ends with its seed, not a count: the folder suggested keeps it (not `...-211347-2`).
    const stamped = join(tempDir(), '20261207-211347-7');
    mkdirSync(stamped);
    writeFileSync(join(stamped, 'machine-1.jsonl'), `${JSON.stringify(start)}\n${JSON.stringify(stop)}\n`);
    const seeded = await runScript('machine', ['2', '-c', config, '--log-dir', stamped, '--duration', '0.1', '--quiet']);
    expect([seeded.exitCode, String(seeded.stderr)]).toEqual([2, expect.stringContaining(`(--log-dir ${stamped}-2)`)]);
    // Typed with a trailing slash (a shell's completion), the folder suggested is still its sibling, not one inside it.
    const slash = await runScript('machine', ['2', '-c', config, '--log-dir', `${dir}/`, '--duration', '0.1', '--quiet']);
    expect([slash.exitCode, String(slash.stderr)]).toEqual([2, expect.stringContaining(`(--log-dir ${dir}-2)`)]);
    // A project's own folder (`-l .` typed in the project), as start-all and simulate refuse it: nothing written there.
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), '{}\n');
    const root = await runScript('machine', ['2', '-c', config, '--log-dir', project, '--duration', '0.1', '--quiet']);
    expect([root.exitCode, String(root.stderr)]).toEqual([
      2,
      `machine: error: machine 2: ${project} is a project's folder (it holds package.json); --log-dir names a run's own folder: choose a new one, such as ${join(project, 'logs', 'by-hand')}`,
    ]);
    expect(readdirSync(project)).toEqual(['package.json']);
  });

  test('continuing a crashed run with --rate given, its first line names the rate it uses, not the one of the run it continues', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 200, durationSeconds: 1 });
    // The log of a machine killed after its start record: rate 5/s, seed 5.
    const start = { time: '2026-01-01T00:00:00.000Z', machine: 2, event: 'start', clock: 0, rate: 5, peers: [1], internalProbability: 0.7, seed: 5 };
    writeFileSync(join(dir, 'machine-2.jsonl'), `${JSON.stringify(start)}\n`);
    const r = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '-r', '3', '-d', '0.1', '--quiet']);
    expect([r.exitCode, r.stderr]).toEqual([0, notConnected(2, 1, 200)]);
    expect(String(r.stdout).split('\n')[0]).toBe(
      `machine 2: ${join(dir, 'machine-2.jsonl')} ends without a stop record (the machine crashed or was killed): continuing that run as incarnation 2 with its seed 5 and internal probability 0.7, and the given rate 3/s; it runs for 0.1 s (-d 0.1)`,
    );
    const restart = readLog(dir, 2).filter((rec) => rec.event === 'start').at(-1);
    expect(restart).toMatchObject({ incarnation: 2, rate: 3, seed: 5, internalProbability: 0.7 });
    // Not quiet: the line that explains the incarnation comes before the START line that shows it. Without -d it runs
    // for the config's duration (1 s here), which the line says: the log keeps none.
    writeFileSync(join(dir, 'machine-2.jsonl'), `${JSON.stringify(start)}\n`);
    const loud = await runScript('machine', ['2', '-c', config, '--log-dir', dir]);
    const lines = String(loud.stdout).split('\n');
    expect(lines[0]).toMatch(/^machine 2: .* continuing that run as incarnation 2 with its rate 5\/s, .*; it runs for 1 s \(the config's durationSeconds 1; its log keeps no duration: give -d as before\)$/);
    expect(lines[1]).toMatch(/^M2 .* \| START \| Clock: 0 \| .*Incarnation: 2, Node: v[\d.]+$/);
  });

  test('continuing a crashed run whose start record holds settings it cannot run with: one warning line each, naming the file, the setting, its value and what it uses instead', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { connectTimeoutMs: 200 });
    const withRate = JSON.parse(readFileSync(config, 'utf8'));
    withRate.machines['2'].rate = 4;
    writeFileSync(config, JSON.stringify(withRate));
    // A hand-edited log of a machine killed after its start record: its rate a string, its internal probability null.
    const log = join(dir, 'machine-2.jsonl');
    const start = { time: '2026-01-01T00:00:00.000Z', machine: 2, event: 'start', clock: 0, rate: 'fast', peers: [1], internalProbability: null, seed: 5 };
    writeFileSync(log, `${JSON.stringify(start)}\n`);
    const r = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '-p', '0.5', '-d', '0.1', '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(String(r.stderr).split('\n')).toEqual([
      `machine: warning: ${log}: its last start record's 'rate' should be a number greater than 0 and at most 1,000,000, is the string "fast"; ignored: machine 2 uses a new rate 4/s`,
      `machine: warning: ${log}: its last start record's 'internalProbability' should be a number from 0 to 1, is null; ignored: machine 2 uses the given internal probability 0.5`,
      notConnected(2, 1, 200),
    ]);
    expect(String(r.stdout).split('\n')[0]).toBe(
      `machine 2: ${log} ends without a stop record (the machine crashed or was killed): continuing that run as incarnation 2 with its seed 5, the given internal probability 0.5, and a new rate 4/s (its start record's is not usable: see the warning); it runs for 0.1 s (-d 0.1)`,
    );
    const restart = readLog(dir, 2).filter((rec) => rec.event === 'start').at(-1);
    expect(restart).toMatchObject({ incarnation: 2, rate: 4, seed: 5, internalProbability: 0.5 });

    // Numbers out of range (kept, a rate of -3/s never ticked and the machine never stopped): ignored the same way.
    writeFileSync(log, `${JSON.stringify({ ...start, rate: -3, internalProbability: 7, seed: 1.5 })}\n`);
    const odd = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '-s', '9', '-d', '0.1', '--quiet']);
    expect(odd.exitCode).toBe(0);
    expect(String(odd.stderr).split('\n')).toEqual([
      `machine: warning: ${log}: its last start record's 'rate' should be a number greater than 0 and at most 1,000,000, is -3; ignored: machine 2 uses a new rate 4/s`,
      `machine: warning: ${log}: its last start record's 'seed' should be a whole number from 0 to 2147483647, is 1.5; ignored: machine 2 uses the given seed 9`,
      `machine: warning: ${log}: its last start record's 'internalProbability' should be a number from 0 to 1, is 7; ignored: machine 2 uses a new internal probability 0.7`,
      notConnected(2, 1, 200),
    ]);
    expect(readLog(dir, 2).filter((rec) => rec.event === 'start').at(-1)).toMatchObject({ incarnation: 2, rate: 4, seed: 9, internalProbability: 0.7 });

    // An incarnation that is not a whole number (1e999, which counting on from would write as null): read as 1, said.
    writeFileSync(log, `${JSON.stringify(start).replace('"clock":0', '"clock":0,"incarnation":1e999').replace('"fast"', '5').replace('null', '0.7')}\n`);
    const huge = await runScript('machine', ['2', '-c', config, '--log-dir', dir, '-d', '0.1', '--quiet']);
    expect([huge.exitCode, huge.stderr]).toEqual([
      0,
      `machine: warning: ${log}: its last start record's 'incarnation' should be a whole number from 1, is Infinity; read as 1: machine 2 continues as incarnation 2\n${notConnected(2, 1, 200)}`,
    ]);
    expect(readLog(dir, 2).filter((rec) => rec.event === 'start').at(-1)).toMatchObject({ incarnation: 2, rate: 5, seed: 5, internalProbability: 0.7 });
  });
});
