// start-all's live display on a terminal, run for real: its last frame shows the figures the summary prints after it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { trackChild } from '../helpers/children.js';
import { script, tempDir, writeConfig } from '../helpers/cli.js';
import { logMatches, readLog } from '../helpers/run-logs.js';
import { waitUntil } from '../helpers/wait.js';
import { screenOf } from '../helpers/terminal.js';
import { machinePid } from '../helpers/processes.js';

/** Makes start-all's standard output a terminal of 120 x 40 to it (it is a pipe the test reads and renders). */
const AS_TERMINAL = 'data:text/javascript,Object.assign(process.stdout,{isTTY:true,columns:120,rows:40})';

/** start-all, its output a terminal to it, with this config and run folder. */
const startAll = (config: string, runDir: string, ...args: string[]) => startAllIn({}, config, runDir, ...args);

/** The same, with these environment variables set (TERM, the locale). */
const startAllIn = (env: Record<string, string>, config: string, runDir: string, ...args: string[]) =>
  trackChild(execa(process.execPath, ['--import', AS_TERMINAL, script('start-all'), '-c', config, '--log-dir', runDir, '--no-analysis', ...args], { reject: false, env }));

/** The tick records in a machine's log (every incarnation's). */
const ticksLogged = (runDir: string, id: number): number => readLog(runDir, id).filter((r) => 'tick' in r).length;

/** The ticks of each machine in the display's last frame, and in the summary's table, from the screen at the end. */
function ticksShown(stdout: string) {
  const screen = screenOf(stdout);
  const display = screen.flatMap((row) => {
    const m = /^M(\d+) .* ticks (\d+)$/.exec(row);
    return m ? [[Number(m[1]), Number(m[2])]] : [];
  });
  const table = screen.slice(screen.findIndex((row) => row.startsWith('machine  rate  ticks')) + 1).flatMap((row) => {
    const m = /^\s*(\d+)\s+\S+\s+([\d,]+)\s/.exec(row);
    return m ? [[Number(m[1]), Number(m[2]!.replaceAll(',', ''))]] : [];
  });
  return { screen, display, table };
}

describe("start-all's live display", () => {
  test('Ctrl+C: the display stays on while the machines stop, and its last frame shows the ticks the summary shows', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '40,40,40');
    await waitUntil(() => [1, 2, 3].every((id) => logMatches(runDir, id, /"tick":20,/)), 'every machine to tick');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    const { screen, display, table } = ticksShown(String(r.stdout));
    // One frame left on the screen (redrawn in place), below the line that says the machines are stopping.
    expect(display.map(([id]) => id)).toEqual([1, 2, 3]);
    expect(table).toHaveLength(3);
    expect(display).toEqual(table);
    expect(screen.indexOf('stopping every machine...')).toBeLessThan(screen.findIndex((row) => row.startsWith('ran ')));
  });

  test('a machine paused mid-run (kill -STOP) reads silent until it is resumed (kill -CONT), then ticks on', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const child = startAll(config, runDir, '--duration', '0', '--rates', '20,20,20');
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    await waitUntil(() => [1, 2, 3].every((id) => logMatches(runDir, id, /"tick":3,/)), 'every machine to tick');
    const two = machinePid(config, 2);
    process.kill(two, 'SIGSTOP');
    await waitUntil(() => /M2 {2}rate 20\/s {2}silent for 2 s \(paused, or short of CPU\) {2}clock \d+/.test(stdout), 'machine 2 to read silent');
    const paused = stdout.length;
    process.kill(two, 'SIGCONT');
    await waitUntil(() => /M2 {2}rate 20\/s {2}clock \d+/.test(stdout.slice(paused)), 'machine 2 to report again');
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    // The last frame: every machine reporting.
    const { display } = ticksShown(String(r.stdout));
    expect(display.map(([id]) => id)).toEqual([1, 2, 3]);
    expect(screenOf(String(r.stdout)).filter((row) => row.includes('silent'))).toEqual([]);
  });

  test('at the end of its duration: the last frame shows the ticks the summary shows', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const r = await startAll(config, runDir, '--duration', '1', '--rates', '40,30,20');
    expect(r.exitCode).toBe(0);
    const { display, table } = ticksShown(String(r.stdout));
    // Each machine's ticks are those its log counts, a second's worth: all but the last at least, whose due instant is
    // the second's end, when start-all's stop may reach it first on a busy host (its timer firing late); how far past
    // the second each ticked depends on how fast start-all heard they tick and its stop reached them (not asserted).
    expect(table).toEqual([1, 2, 3].map((id) => [id, ticksLogged(runDir, id)]));
    for (const [id, ticks] of table) expect(ticks).toBeGreaterThanOrEqual([40, 30, 20][id! - 1]! - 1);
    expect(display).toEqual(table);
  });

  test('on a terminal whose TERM is dumb (Emacs\' shell) and a locale that is not UTF-8: plain lines, no escape codes, ASCII only', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const runDir = join(dir, 'run');
    const r = await startAllIn({ TERM: 'dumb', LANG: 'C' }, config, runDir, '--duration', '1', '--rates', '20,20,20');
    expect(r.exitCode).toBe(0);
    const stdout = String(r.stdout);
    expect(stdout).toMatch(/^starting 3 machines/);
    expect(stdout).toMatch(/^machine  rate  ticks/m);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).toMatch(/^[\x00-\x7f]*$/);
  });

  test('a machine killed by the fault schedule and left down: the display shows its last clock and ticks as its log has them, as the summary', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.6, action: 'kill', machine: 2 }] }));
    const runDir = join(dir, 'run');
    const r = await startAll(config, runDir, '--duration', '1.5', '--rates', '40,40,40', '--faults', faults);
    expect(r.exitCode).toBe(0);
    const { screen, display, table } = ticksShown(String(r.stdout));
    expect(screen.some((row) => row.startsWith('M2  rate 40/s  down (killed by the fault schedule)  last clock'))).toBe(true);
    expect(table.find(([id]) => id === 2)).toEqual([2, ticksLogged(runDir, 2)]);
    expect(display).toEqual(table);
  });

  test('a machine killed and restarted by the fault schedule: the last frame counts its first incarnation\'s ticks as its log does, as the summary', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    // At 40/s a status (every 250 ms on a terminal) is up to 10 ticks behind the log when the kill comes.
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.6, action: 'kill', machine: 2 }, { at: 1, action: 'restart', machine: 2 }] }));
    const runDir = join(dir, 'run');
    const r = await startAll(config, runDir, '--duration', '2', '--rates', '40,40,40', '--faults', faults);
    expect(r.exitCode).toBe(0);
    const { display, table } = ticksShown(String(r.stdout));
    expect(table.map(([id]) => id)).toEqual([1, 2, 3]);
    // Both incarnations' ticks, as its log has them.
    expect(table.find(([id]) => id === 2)).toEqual([2, ticksLogged(runDir, 2)]);
    expect(display).toEqual(table);
  });
});
