// start-all's live display: one line per machine redrawn in place on a terminal, a plain line every few seconds otherwise.
import type { MachineStatus } from '../runtime/machine-runtime.js';
import { canRedraw, unicodeOk } from '../cli/terminal-caps.js';
import { plural } from '../text/plural.js';
import { firstAndMore } from '../text/first-and-more.js';
import { LISTED_RATES } from '../cli/rates-text.js';

/** What the display shows of one machine process (a MachineProcess). */
export interface LiveMachine {
  id: number;
  status: MachineStatus | undefined;
  down: boolean;
  crashedByFault: boolean;
  /** 1 for a machine's first process, 2 after the fault schedule's first restart, ... */
  incarnation: number;
  /** Ticks of the machine's earlier incarnations (their last status): ticks count every incarnation, as the summary's. */
  earlierTicks: number;
  /** It has ticked (or waited for its first tick) at some point: not `connecting` once it stops ticking. */
  everTicked?: boolean;
  /** Spawned but not released yet: its turn in the stagger has not come. */
  waiting?: boolean;
  /** When its last status line came (the clock of the display's `now`, Date.now by default). */
  statusAt?: number;
}

export interface LiveView {
  /** Every machine ticks: the running time counts from now, as the run's duration does. */
  ticking(): void;
  /** The run is ending: the running time stops here. */
  ending(): void;
  /** Prints a line above the display, where it stays (a fault applied, a machine's warning). */
  print(line: string): void;
  /** Draws the latest state once more and ends the display (call it before printing anything else). */
  stop(): void;
}

/**
 * One machine's line: its last reported state, or that it is down (its last clock stays, so a restart's jump shows).
 * `silentMs`: how long a ticking machine has not reported, when that is long enough to say (silentFor).
 */
export function describeMachine(m: LiveMachine, rate: number, silentMs?: number): string {
  if (m.waiting) return `M${m.id}  rate ${rate}/s  waiting to start`;
  const s = m.status;
  const ticks = (s?.ticks ?? 0) + m.earlierTicks;
  if (m.down) {
    const why = m.crashedByFault ? 'killed by the fault schedule' : 'exited on its own';
    return `M${m.id}  rate ${rate}/s  down (${why})${s ? `  last clock ${s.clock}  ticks ${ticks}` : ''}`;
  }
  if (!s) return `M${m.id}  rate ${rate}/s  ${m.incarnation > 1 ? `restarting (incarnation ${m.incarnation})` : 'starting'}`;
  // The state before the figures: a narrow terminal cuts the end of the line.
  const state = silentMs !== undefined ? `silent for ${Math.floor(silentMs / 1000)} s (paused, or short of CPU)  ` : s.ticking || s.ticks > 0 || m.everTicked ? '' : `connecting${m.incarnation > 1 ? ` (incarnation ${m.incarnation})` : ''}  `;
  return `M${m.id}  rate ${rate}/s  ${state}clock ${s.clock}  queue ${s.queue}  ticks ${ticks}`;
}

const HINT = '(Ctrl+C stops every machine and writes the summary)';
/** The hint on a terminal too narrow for HINT. */
const SHORT_HINT = '(Ctrl+C stops)';

/** A machine in trouble, shown before the healthy ones when not every machine fits: down, or restarting. */
const inTrouble = (m: LiveMachine) => m.down || (m.incarnation > 1 && !m.status);

/**
 * How long a ticking machine has sent no status line, when it is `afterMs` or more: it was stopped (SIGSTOP, a
 * debugger) or gets no CPU, and its line would otherwise freeze as if it were merely idle. `since`: when the display
 * itself was last resumed (after Ctrl+Z every status is old until the machines report again).
 */
export function silentFor(m: LiveMachine, now: number, afterMs: number, since = -Infinity): number | undefined {
  if (m.down || m.waiting || !m.status?.ticking || m.statusAt === undefined) return undefined;
  const silent = now - Math.max(m.statusAt, since);
  return silent >= afterMs ? silent : undefined;
}

/** The mark of a cut line: `…`, or `...` where the locale is not UTF-8. */
const ELLIPSIS = unicodeOk() ? '…' : '...';

/** A line cut to `columns` - 1 characters (a full row would wrap on some terminals), ending in `ellipsis` when cut. */
export function cutToWidth(line: string, columns: number | undefined, ellipsis = ELLIPSIS): string {
  if (!columns || columns < 2 || line.length <= columns - 1) return line;
  return `${line.slice(0, Math.max(0, columns - 1 - ellipsis.length))}${ellipsis}`;
}

/**
 * The display's lines for a terminal of `columns` x `rows` (either unknown: no limit): at most rows - 1 lines (the
 * cursor rests on the row below them), none wider than the terminal. When the machines do not fit, those in trouble
 * (down, restarting) come first, then the others in id order, and a last line counts the machines left out; the
 * machines shown keep their order. `header(hint)` is the first line, with the short hint if the long one is cut.
 */
export function screenLines(
  header: (hint: string) => string,
  machines: LiveMachine[],
  describe: (m: LiveMachine) => string,
  columns: number | undefined,
  rows: number | undefined,
  troubled: (m: LiveMachine) => boolean = inTrouble,
): string[] {
  const full = header(HINT);
  const top = cutToWidth(full === cutToWidth(full, columns) ? full : header(SHORT_HINT), columns);
  const budget = rows && rows > 0 ? Math.max(1, rows - 1) : Infinity;
  let shown = machines;
  let more: string[] = [];
  if (machines.length + 1 > budget) {
    const room = Math.max(0, budget - 2);
    const picked = new Set([...machines.filter(troubled), ...machines.filter((m) => !troubled(m))].slice(0, room));
    shown = machines.filter((m) => picked.has(m));
    more = budget >= 2 ? [`... and ${plural(machines.length - shown.length, 'more machine')} (the summary lists all)`] : [];
  }
  return [top, ...shown.map(describe), ...more].map((l) => cutToWidth(l, columns));
}

const range = (values: readonly number[]): string => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? String(low) : `${low}-${high}`;
};

/**
 * A plain line's text for many machines (a 500-machine line listed one by one was 18,000 characters every 5 s): how
 * many, the ranges of clock, queue (and the machine with the longest) and ticks of those reporting, then the machines
 * not ticking: `500 machines: clock 12-340  queue 0-55 (longest M17)  ticks 1000-3000; 3 starting; down: M4`.
 */
export function meshLine(machines: readonly LiveMachine[], silent: (m: LiveMachine) => boolean = () => false): string {
  const up = machines.filter((m) => !m.down && !m.waiting && m.status);
  const parts: string[] = [];
  if (up.length) {
    const longest = up.reduce((a, b) => (b.status!.queue > a.status!.queue ? b : a));
    const queues = up.map((m) => m.status!.queue);
    const longestText = Math.max(...queues) > Math.min(...queues) ? ` (longest M${longest.id})` : '';
    parts.push(`clock ${range(up.map((m) => m.status!.clock))}  queue ${range(queues)}${longestText}  ticks ${range(up.map((m) => m.status!.ticks + m.earlierTicks))}`);
  }
  const waiting = machines.filter((m) => m.waiting).length;
  const starting = machines.filter((m) => !m.down && !m.waiting && !m.status).length;
  const down = machines.filter((m) => m.down).map((m) => `M${m.id}`);
  if (waiting) parts.push(`${waiting} waiting to start`);
  if (starting) parts.push(`${starting} starting`);
  if (down.length) parts.push(`down: ${firstAndMore(down, 5)}`);
  const quiet = machines.filter(silent).map((m) => `M${m.id}`);
  if (quiet.length) parts.push(`silent (paused, or short of CPU): ${firstAndMore(quiet, 5)}`);
  return `${machines.length} machines: ${parts.join('; ')}`;
}

export interface LiveViewOptions {
  /** The clock of the running time, in ms (default Date.now). */
  now?: () => number;
  /** The run's planned length: the header counts towards it (`running 8 of 14 s`). 0 or absent: until stopped. */
  durationSeconds?: number;
  /** A ticking machine that has not reported for this long (ms) is marked silent (default 2000). */
  silentAfterMs?: number;
}

/**
 * Starts the display. Until ticking() it says `starting` (a machine has not reported yet), then `connecting` (waiting
 * for every machine to tick); then `running N s`, counted from there as the duration is, until ending().
 */
export function startLiveView(
  machinesNow: () => LiveMachine[],
  rates: ReadonlyMap<number, number>,
  out: NodeJS.WriteStream,
  options: LiveViewOptions = {},
): LiveView {
  const now = options.now ?? Date.now;
  let tickingAt: number | undefined;
  let endedAt: number | undefined;
  /** Whole seconds since every machine ticked (until the run's end), as a stopwatch counts them. */
  const elapsed = () => Math.floor(((endedAt ?? now()) - tickingAt!) / 1000);
  const seconds = () => `${elapsed()} s`;
  /** `8 of 14 s` while a run of planned length runs, `8 s` for one until Ctrl+C. */
  const progress = () => (options.durationSeconds ? `${elapsed()} of ${options.durationSeconds} s` : seconds());
  /** Before every machine ticks: `starting` while one has not reported yet, then `connecting`. */
  const waiting = (machines: LiveMachine[]) => (machines.some((m) => !m.status) ? 'starting' : 'connecting');
  const header = (machines: LiveMachine[], hint: string): string => {
    if (tickingAt === undefined) return `${waiting(machines)} ${hint}`;
    return endedAt === undefined ? `running ${progress()} ${hint}` : `ran ${seconds()}`;
  };
  /** The prefix of a plain line. */
  const stamp = (machines: LiveMachine[]): string => (tickingAt === undefined ? waiting(machines) : seconds());
  const silentAfterMs = options.silentAfterMs ?? 2000;
  // Resumed after Ctrl+Z (or SIGSTOP): every status is as old as the pause until the machines report again.
  let resumedAt = -Infinity;
  const silent = (m: LiveMachine) => (endedAt === undefined ? silentFor(m, now(), silentAfterMs, resumedAt) : undefined);
  const isSilent = (m: LiveMachine) => silent(m) !== undefined;
  const describe = (m: LiveMachine) => describeMachine(m, rates.get(m.id)!, silent(m));
  // The terminal's size is read at every redraw: a resize takes effect at the next one.
  const lines = () => {
    const machines = machinesNow();
    return screenLines((hint) => header(machines, hint), machines, describe, out.columns, out.rows, (m) => inTrouble(m) || isSilent(m));
  };
  const common = {
    ticking: () => void (tickingAt ??= now()),
    ending: () => void (endedAt ??= tickingAt === undefined ? undefined : now()),
  };

  if (canRedraw(out)) {
    /** Lines of the display on the screen, the cursor on the line below them. */
    let drawn = 0;
    // No line wraps (a wrapped line would take two rows, and the redraw would move up too few), and no more lines than
    // the screen has rows (the cursor cannot move up past its top: each redraw would leave a copy in the scrollback).
    // ESC[J erases what an earlier, taller display left below (the terminal was resized).
    const render = () => {
      const next = lines();
      const text = next.map((l) => `\r\x1b[2K${l}\n`).join('') + '\x1b[J';
      drawn = next.length;
      return text;
    };
    const up = () => (drawn ? `\x1b[${drawn}A` : '');
    /** The frame on the screen: one the same again is not written (a screen reader would read it out each time). */
    let shown = '';
    const draw = () => {
      const before = drawn;
      const frame = render();
      if (frame === shown && before === drawn && before > 0) return;
      out.write((before ? `\x1b[${before}A` : '') + frame);
      shown = frame;
    };
    draw();
    const timer = setInterval(draw, 250);
    // Resumed after Ctrl+Z (or SIGSTOP): the shell has printed its job lines and prompt below the display since, and
    // moving up over them would erase them. The next frame starts where the cursor is.
    const resumed = () => {
      drawn = 0;
      resumedAt = now();
    };
    process.on('SIGCONT', resumed);
    let stopped = false;
    return {
      ...common,
      // Write the line where the display began and draw the display again below it, erasing line by line: an erase to
      // the end of the screen from its top row (a display as tall as the screen) is a clear screen to tmux, which keeps
      // a copy of the screen in its scrollback for each.
      print: (line) => {
        if (stopped) out.write(`${line}\n`);
        // ESC[K after the line: one that wraps ends on a row of the old display, whose rest would stay on the screen.
        else {
          const above = up();
          shown = render();
          out.write(`${above}\r\x1b[2K${line}\x1b[K\n${shown}`);
        }
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        process.off('SIGCONT', resumed);
        draw();
      },
    };
  }
  const plainLine = () => {
    const machines = machinesNow();
    // Past as many machines as start-all's first line lists the rates of, their ranges (meshLine).
    const each = machines.length > LISTED_RATES ? meshLine(machines, isSilent) : machines.map(describe).join(' | ');
    out.write(`[${stamp(machines)}] ${each}\n`);
  };
  let timer = setInterval(plainLine, 5000);
  // Once every machine ticks, the lines come every 5 s of the run as their stamps count it: [5 s], [10 s], not [4 s].
  const ticking = () => {
    if (tickingAt !== undefined) return;
    common.ticking();
    clearInterval(timer);
    timer = setInterval(plainLine, 5000);
  };
  const resumed = () => void (resumedAt = now());
  process.on('SIGCONT', resumed);
  const stop = () => {
    clearInterval(timer);
    process.off('SIGCONT', resumed);
  };
  return { ...common, ticking, print: (line) => out.write(`${line}\n`), stop };
}
