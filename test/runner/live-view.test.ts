// start-all's live view: the line for one machine (starting, connecting, ticking, down, restarting), the running time,
// and, on a terminal, lines printed while the display is on staying above it, and a display that fits the terminal's
// rows and columns (read at every redraw).
import { afterEach, beforeEach, jest } from '@jest/globals';
import { canRedraw, unicodeOk } from '../../src/cli/terminal-caps.js';
import { cutToWidth, describeMachine, meshLine, silentFor, startLiveView, type LiveMachine } from '../../src/runner/live-view.js';
import type { MachineStatus } from '../../src/runtime/machine-runtime.js';
import { screenOf, terminalOf } from '../helpers/terminal.js';

const status = (clock: number, ticks: number, ticking: boolean, id = 3): MachineStatus => ({ id, clock, queue: 2, ticks, connected: 2, ticking });
const machine = (s: MachineStatus | undefined, down = false, crashedByFault = false, more: Partial<LiveMachine> = {}): LiveMachine => ({
  id: 3,
  status: s,
  down,
  crashedByFault,
  incarnation: 1,
  earlierTicks: 0,
  ...more,
});

describe('describeMachine', () => {
  test('a machine that has not reported yet is starting; one that reported but does not tick is connecting', () => {
    expect(describeMachine(machine(undefined), 2)).toBe('M3  rate 2/s  starting');
    expect(describeMachine(machine(status(0, 0, false)), 2)).toBe('M3  rate 2/s  connecting  clock 0  queue 2  ticks 0');
    // The state comes before the figures, so a 40-column terminal still shows it.
    expect(cutToWidth(describeMachine({ ...machine(status(0, 0, false)), id: 12 }, 6), 40)).toBe('M12  rate 6/s  connecting  clock 0  qu…');
  });

  test('a ticking machine shows its clock, queue and ticks', () => {
    expect(describeMachine(machine(status(41, 17, true)), 2)).toBe('M3  rate 2/s  clock 41  queue 2  ticks 17');
  });

  test('a machine the fault schedule crashed says so, with its last clock, instead of looking alive', () => {
    expect(describeMachine(machine(status(41, 17, true), true, true), 2)).toBe('M3  rate 2/s  down (killed by the fault schedule)  last clock 41  ticks 17');
  });

  test('a machine that exited on its own says so, with or without a report before', () => {
    expect(describeMachine(machine(status(5, 4, true), true), 6)).toBe('M3  rate 6/s  down (exited on its own)  last clock 5  ticks 4');
    expect(describeMachine(machine(undefined, true), 6)).toBe('M3  rate 6/s  down (exited on its own)');
  });

  test('a restarted machine is restarting until it reports, connecting with its incarnation until it ticks, and counts the ticks of every incarnation', () => {
    const restarted = { incarnation: 2, earlierTicks: 8 };
    expect(describeMachine(machine(undefined, false, false, restarted), 2)).toBe('M3  rate 2/s  restarting (incarnation 2)');
    expect(describeMachine(machine(status(0, 0, false), false, false, restarted), 2)).toBe('M3  rate 2/s  connecting (incarnation 2)  clock 0  queue 2  ticks 8');
    expect(describeMachine(machine(status(20, 3, true), false, false, restarted), 2)).toBe('M3  rate 2/s  clock 20  queue 2  ticks 11');
    expect(describeMachine(machine(status(20, 3, true), true, true, restarted), 2)).toBe('M3  rate 2/s  down (killed by the fault schedule)  last clock 20  ticks 11');
  });

  test('a machine that ticked and then stopped ticking (the run ending) is not connecting again, though it has 0 ticks', () => {
    expect(describeMachine(machine(status(0, 0, false), false, false, { everTicked: true }), 1)).toBe('M3  rate 1/s  clock 0  queue 2  ticks 0');
  });

  test('a machine whose turn in the stagger has not come is waiting to start', () => {
    expect(describeMachine(machine(undefined, false, false, { waiting: true }), 2)).toBe('M3  rate 2/s  waiting to start');
  });
});

describe('meshLine (a plain line for more than 10 machines)', () => {
  test('the ranges of clock, queue and ticks, the machine with the longest queue, and the machines not ticking', () => {
    const ticking = [1, 2, 3, 4].map((id) => ({ ...machine({ ...status(10 * id, 100 + id, true, id), queue: id === 3 ? 55 : 0 }), id }));
    const others: LiveMachine[] = [
      { ...machine(undefined), id: 5 },
      { ...machine(undefined, false, false, { waiting: true }), id: 6 },
      { ...machine(status(7, 7, false, 7), true), id: 7 },
      { ...machine(status(9, 20, true, 8), false, false, { earlierTicks: 100 }), id: 8 },
    ];
    expect(meshLine([...ticking, ...others])).toBe('8 machines: clock 9-40  queue 0-55 (longest M3)  ticks 101-120; 1 waiting to start; 1 starting; down: M7');
  });

  test('machines all alike: one figure each, no longest queue; none reporting yet: only how many are starting', () => {
    const same = [1, 2, 3].map((id) => ({ ...machine(status(5, 5, true, id)), id }));
    expect(meshLine(same)).toBe('3 machines: clock 5  queue 2  ticks 5');
    expect(meshLine([1, 2].map((id) => ({ ...machine(undefined), id })))).toBe('2 machines: 2 starting');
  });
});

describe('silentFor (a ticking machine that has stopped reporting: paused, or short of CPU)', () => {
  test('counts from its last status line, or from the display being resumed; only for a machine that says it ticks', () => {
    const ticking = machine(status(41, 17, true), false, false, { statusAt: 1000 });
    expect(silentFor(ticking, 3500, 2000)).toBe(2500);
    expect(silentFor(ticking, 2900, 2000)).toBeUndefined();
    // Resumed after Ctrl+Z at 3000: the machines have not had the time to report.
    expect(silentFor(ticking, 3500, 2000, 3000)).toBeUndefined();
    expect(silentFor({ ...ticking, status: status(41, 17, false) }, 9000, 2000)).toBeUndefined(); // done ticking
    expect(silentFor({ ...ticking, down: true }, 9000, 2000)).toBeUndefined();
    expect(silentFor({ ...ticking, statusAt: undefined }, 9000, 2000)).toBeUndefined();
    expect(describeMachine(ticking, 2, 4900)).toBe('M3  rate 2/s  silent for 4 s (paused, or short of CPU)  clock 41  queue 2  ticks 17');
  });

  test("many machines' plain line names the silent ones", () => {
    const all = [1, 2, 3].map((id) => ({ ...machine(status(5, 5, true, id)), id }));
    expect(meshLine(all, (m) => m.id === 2)).toBe('3 machines: clock 5  queue 2  ticks 5; silent (paused, or short of CPU): M2');
  });
});

describe('cutToWidth', () => {
  test('a line that fits is left alone; a longer one is cut to columns - 1 and ends in …', () => {
    expect(cutToWidth('M3  rate 2/s  starting', 80)).toBe('M3  rate 2/s  starting');
    expect(cutToWidth('abcdefghij', 11)).toBe('abcdefghij');
    expect(cutToWidth('abcdefghij', 10)).toBe('abcdefgh…');
    expect(cutToWidth('abcdefghij', undefined)).toBe('abcdefghij');
  });

  test('where the locale is not UTF-8 a cut line ends in ... instead, still columns - 1 wide', () => {
    expect(cutToWidth('abcdefghij', 10, '...')).toBe('abcdef...');
    expect(cutToWidth('abcdefghij', 11, '...')).toBe('abcdefghij');
  });
});

describe('what the terminal can show', () => {
  test('redrawing in place needs a TTY whose TERM is not dumb', () => {
    expect(canRedraw({ isTTY: true }, { TERM: 'xterm-256color' })).toBe(true);
    expect(canRedraw({ isTTY: true }, {})).toBe(true);
    expect(canRedraw({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(canRedraw({ isTTY: false }, { TERM: 'xterm' })).toBe(false);
    expect(canRedraw({}, { TERM: 'xterm' })).toBe(false);
  });

  test('characters beyond ASCII unless the locale is set and not UTF-8 (LC_ALL, then LC_CTYPE, then LANG)', () => {
    expect(unicodeOk({})).toBe(true);
    expect(unicodeOk({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(unicodeOk({ LANG: 'C.utf8' })).toBe(true);
    expect(unicodeOk({ LANG: 'C' })).toBe(false);
    expect(unicodeOk({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).toBe(false);
    expect(unicodeOk({ LANG: 'C', LC_CTYPE: 'de_DE.UTF-8' })).toBe(true);
    expect(unicodeOk({ LANG: 'de_DE.ISO-8859-1', LC_ALL: '' })).toBe(false);
  });
});

/** A stream that records what is written to it, as a terminal (isTTY) or as a pipe. */
function fakeStream(isTTY: boolean) {
  const stream = { isTTY, columns: 200, text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream;
}

describe('startLiveView', () => {
  const rates = new Map([
    [1, 2],
    [3, 5],
  ]);
  let machines: LiveMachine[];
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    machines = [{ ...machine(status(0, 0, true, 1)), id: 1 }, machine(undefined)];
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('on a terminal, lines printed while it is on stay above the display, which redraws below them', () => {
    const out = fakeStream(true);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    jest.advanceTimersByTime(600);
    view.print('fault at 1.0 s: add latency 200 ms as "lag" on 1->2');
    machines[1] = machine(status(7, 4, true));
    jest.advanceTimersByTime(600); // redraws after the print must not write over it
    view.print('fault at 2.0 s: kill machine 2 (SIGKILL)');
    jest.advanceTimersByTime(600);
    view.stop();
    expect(screenOf(out.text)).toEqual([
      'fault at 1.0 s: add latency 200 ms as "lag" on 1->2',
      'fault at 2.0 s: kill machine 2 (SIGKILL)',
      'connecting (Ctrl+C stops every machine and writes the summary)',
      'M1  rate 2/s  clock 0  queue 2  ticks 0',
      'M3  rate 5/s  clock 7  queue 2  ticks 4',
    ]);
    view.print('after the display: a plain line');
    expect(screenOf(out.text).at(-1)).toBe('after the display: a plain line');
  });

  test('a printed line wider than the terminal wraps onto the display\'s next row and clears the rest of it', () => {
    const out = Object.assign(fakeStream(true), { columns: 60, rows: 20 });
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    // Its second row is shorter than the display's line it is written over.
    const long = `the same warning from machines 6-131 (each in its log, such as M6's: ...)`;
    view.print(long);
    view.stop();
    const screen = terminalOf(out.text, { columns: 60 }).screen;
    expect(screen.slice(0, 2)).toEqual([long.slice(0, 60), long.slice(60)]);
    expect(screen[2]).toMatch(/^starting/);
  });

  test('resumed after Ctrl+Z, it draws below what the shell printed meanwhile (its job line, the prompt), not over it', () => {
    const out = fakeStream(true);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    jest.advanceTimersByTime(300);
    out.text += '^Z\n[1]+  Stopped                 npm run start-all\n$ fg\nnpm run start-all\n';
    process.emit('SIGCONT');
    jest.advanceTimersByTime(300);
    view.stop();
    expect(screenOf(out.text).slice(-6)).toEqual([
      '[1]+  Stopped                 npm run start-all',
      '$ fg',
      'npm run start-all',
      'starting (Ctrl+C stops every machine and writes the summary)',
      'M1  rate 2/s  clock 0  queue 2  ticks 0',
      'M3  rate 5/s  starting',
    ]);
    expect(process.listenerCount('SIGCONT')).toBe(0);
  });

  test('a frame the same as the one on the screen is not written again (a screen reader would read it out every 250 ms)', () => {
    const out = fakeStream(true);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    const first = out.text;
    jest.advanceTimersByTime(2000);
    expect(out.text).toBe(first);
    machines[1] = machine(status(7, 4, true));
    jest.advanceTimersByTime(250);
    expect(screenOf(out.text).at(-1)).toBe('M3  rate 5/s  clock 7  queue 2  ticks 4');
    const second = out.text;
    jest.advanceTimersByTime(2000);
    view.stop();
    expect(out.text).toBe(second);
  });

  test('the running time counts from ticking() (every machine ticks), and stops at ending()', () => {
    const out = fakeStream(true);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    const header = () => screenOf(out.text)[0];
    expect(header()).toBe('starting (Ctrl+C stops every machine and writes the summary)');
    jest.advanceTimersByTime(900);
    machines[1] = machine(status(0, 0, false));
    jest.advanceTimersByTime(300);
    expect(header()).toBe('connecting (Ctrl+C stops every machine and writes the summary)');
    view.ticking();
    jest.advanceTimersByTime(1900);
    expect(header()).toBe('running 1 s (Ctrl+C stops every machine and writes the summary)');
    jest.advanceTimersByTime(100);
    view.ending();
    jest.advanceTimersByTime(5000);
    view.stop();
    expect(header()).toBe('ran 2 s');
  });

  test('a run of planned length counts towards it in the header (running 8 of 14 s), then says how long it ran', () => {
    const out = fakeStream(true);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream, { durationSeconds: 14 });
    machines[1] = machine(status(0, 0, false));
    view.ticking();
    jest.advanceTimersByTime(8100);
    expect(screenOf(out.text)[0]).toBe('running 8 of 14 s (Ctrl+C stops every machine and writes the summary)');
    view.ending();
    view.stop();
    expect(screenOf(out.text)[0]).toBe('ran 8 s');
  });

  test('a machine paused mid-run (no status for 2 s) is marked silent and listed first, until it reports again or the run ends', () => {
    const out = Object.assign(fakeStream(true), { columns: 100, rows: 4 });
    machines = [1, 2, 3].map((id) => ({ ...machine(status(id, id, true, id)), id, statusAt: 0 }));
    const view = startLiveView(() => machines, new Map([[1, 2], [2, 2], [3, 2]]), out as unknown as NodeJS.WriteStream);
    view.ticking();
    const refresh = (ids: number[]) => ids.forEach((id) => (machines[id - 1]!.statusAt = Date.now()));
    for (let t = 0; t < 12; t++) {
      jest.advanceTimersByTime(250);
      refresh([1, 2]); // machine 3 has stopped reporting
    }
    expect(screenOf(out.text)).toEqual([
      'running 3 s (Ctrl+C stops every machine and writes the summary)',
      'M3  rate 2/s  silent for 3 s (paused, or short of CPU)  clock 3  queue 2  ticks 3',
      '... and 2 more machines (the summary lists all)',
    ]);
    refresh([3]);
    jest.advanceTimersByTime(250);
    expect(screenOf(out.text)[1]).toBe('M1  rate 2/s  clock 1  queue 2  ticks 1');
    jest.advanceTimersByTime(5000);
    view.ending(); // the machines stop reporting as the run ends: not silent
    jest.advanceTimersByTime(250);
    view.stop();
    expect(out.text.split('ran 8 s').at(-1)).not.toContain('silent');
  });

  test('piped, a line every 5 s stamped with the phase or the running time (counted from the ticking), and printed lines as they come', () => {
    const out = fakeStream(false);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    jest.advanceTimersByTime(5000);
    view.print('fault at 1.0 s: kill machine 3 (SIGKILL)');
    // Ticking starts 6 s after the display: the lines then come at 5 s and 10 s of the run, not 4 s and 9 s.
    jest.advanceTimersByTime(1000);
    view.ticking();
    jest.advanceTimersByTime(4999);
    expect(out.text.split('\n')).toHaveLength(3);
    jest.advanceTimersByTime(5001);
    view.stop();
    expect(out.text.split('\n')).toEqual([
      '[starting] M1  rate 2/s  clock 0  queue 2  ticks 0 | M3  rate 5/s  starting',
      'fault at 1.0 s: kill machine 3 (SIGKILL)',
      '[5 s] M1  rate 2/s  clock 0  queue 2  ticks 0 | M3  rate 5/s  starting',
      '[10 s] M1  rate 2/s  clock 0  queue 2  ticks 0 | M3  rate 5/s  starting',
      '',
    ]);
  });
});

/** A terminal of the given size that records what is written to it; resize it by setting columns and rows. */
function fakeTerminal(columns: number, rows: number) {
  const stream = { isTTY: true, columns, rows, text: '', writes: [] as string[], write: (chunk: string) => (stream.writes.push(chunk), (stream.text += chunk), true) };
  return stream;
}

/** The most rows any redraw moved the cursor up (ESC[nA). */
const mostUp = (text: string) => Math.max(0, ...[...text.matchAll(/\x1b\[(\d+)A/g)].map((m) => Number(m[1])));

describe('startLiveView on a small terminal', () => {
  let machines: LiveMachine[];
  const rates = new Map(Array.from({ length: 25 }, (_, i) => [i + 1, 3]));
  const ticking = (id: number): LiveMachine => ({ ...machine(status(40 + id, 20, true, id)), id });
  const lineOf = (id: number) => `M${id}  rate 3/s  clock ${40 + id}  queue 2  ticks 20`;
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    machines = Array.from({ length: 25 }, (_, i) => ticking(i + 1));
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('25 machines in an 80x15 pane: 14 lines at most, the rest counted, and no copy left in the scrollback', () => {
    const out = fakeTerminal(80, 15);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    view.ticking();
    jest.advanceTimersByTime(6000);
    view.ending();
    view.stop();
    const { screen, scrollback } = terminalOf(out.text, { columns: 80, rows: 15 });
    expect(scrollback).toEqual([]);
    expect(mostUp(out.text)).toBeLessThanOrEqual(14);
    expect(screen).toEqual(['ran 6 s', ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(lineOf), '... and 13 more machines (the summary lists all)']);
  });

  test('when not every machine fits, those down or restarting are shown first, the rest in id order, all in id order', () => {
    machines[19] = { ...ticking(20), down: true, crashedByFault: true };
    machines[21] = { ...ticking(22), status: undefined, incarnation: 2, earlierTicks: 20 };
    const out = fakeTerminal(80, 8);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    view.ticking();
    view.ending();
    view.stop();
    expect(terminalOf(out.text, { columns: 80, rows: 8 })).toEqual({
      scrollback: [],
      screen: [
        'ran 0 s',
        lineOf(1),
        lineOf(2),
        lineOf(3),
        'M20  rate 3/s  down (killed by the fault schedule)  last clock 60  ticks 20',
        'M22  rate 3/s  restarting (incarnation 2)',
        '... and 20 more machines (the summary lists all)',
      ],
    });
  });

  test('a resize takes effect at the next redraw: a shorter screen gets fewer lines, a taller one every machine', () => {
    const out = fakeTerminal(80, 40);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    view.ticking();
    expect(screenOf(out.text)).toHaveLength(26);
    Object.assign(out, { rows: 10 });
    out.writes.length = 0;
    jest.advanceTimersByTime(250);
    // The redraw after the resize draws 9 lines and erases what the taller display left below them.
    expect(out.writes.join('').match(/\x1b\[2K/g)).toHaveLength(9);
    expect(screenOf(out.text)).toEqual(['running 0 s (Ctrl+C stops every machine and writes the summary)', ...[1, 2, 3, 4, 5, 6, 7].map(lineOf), '... and 18 more machines (the summary lists all)']);
    Object.assign(out, { rows: 50 });
    jest.advanceTimersByTime(250);
    view.ending();
    view.stop();
    expect(screenOf(out.text)).toEqual(['ran 0 s', ...machines.map((m) => lineOf(m.id))]);
  });

  test('at 50 columns no line wraps: a long line is cut and ends in …, the header keeps a short hint', () => {
    machines = [ticking(1), { ...ticking(2), down: true, crashedByFault: true }];
    const out = fakeTerminal(50, 24);
    const view = startLiveView(() => machines, rates, out as unknown as NodeJS.WriteStream);
    view.ticking();
    jest.advanceTimersByTime(1000);
    const { screen, scrollback } = terminalOf(out.text, { columns: 50, rows: 24 });
    expect(scrollback).toEqual([]);
    expect(screen).toEqual(['running 1 s (Ctrl+C stops)', lineOf(1), 'M2  rate 3/s  down (killed by the fault schedule…']);
    for (const row of screen) expect(row.length).toBeLessThanOrEqual(49);
    view.stop();
  });
});
