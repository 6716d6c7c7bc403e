// start-all's live display: one line per machine redrawn in place on a terminal, a plain line every few seconds otherwise.
import type { MachineStatus } from '../runtime/machine-runtime.js';

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

/** One machine's line: its last reported state, or that it is down (its last clock stays, so a restart's jump shows). */
export function describeMachine(m: LiveMachine, rate: number): string {
  const s = m.status;
  const ticks = (s?.ticks ?? 0) + m.earlierTicks;
  if (m.down) {
    const why = m.crashedByFault ? 'crashed by the fault schedule' : 'exited on its own';
    return `M${m.id}  rate ${rate}/s  down (${why})${s ? `  last clock ${s.clock}  ticks ${ticks}` : ''}`;
  }
  if (!s) return `M${m.id}  rate ${rate}/s  ${m.incarnation > 1 ? `restarting (incarnation ${m.incarnation})` : 'starting'}`;
  const state = s.ticking || s.ticks > 0 ? '' : '  (connecting)';
  return `M${m.id}  rate ${rate}/s  clock ${s.clock}  queue ${s.queue}  ticks ${ticks}${state}`;
}

const HINT = '(Ctrl+C stops every machine and writes the summary)';

export interface LiveViewOptions {
  /** The clock of the running time, in ms (default Date.now). */
  now?: () => number;
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
  const seconds = () => `${Math.floor(((endedAt ?? now()) - tickingAt!) / 1000)} s`;
  /** Before every machine ticks: `starting` while one has not reported yet, then `connecting`. */
  const waiting = (machines: LiveMachine[]) => (machines.some((m) => !m.status) ? 'starting' : 'connecting');
  const header = (machines: LiveMachine[]): string => {
    if (tickingAt === undefined) return `${waiting(machines)} ${HINT}`;
    return endedAt === undefined ? `running ${seconds()} ${HINT}` : `ran ${seconds()}`;
  };
  /** The prefix of a plain line. */
  const stamp = (machines: LiveMachine[]): string => (tickingAt === undefined ? waiting(machines) : seconds());
  const lines = () => {
    const machines = machinesNow();
    return [header(machines), ...machines.map((m) => describeMachine(m, rates.get(m.id)!))];
  };
  const common = {
    ticking: () => void (tickingAt ??= now()),
    ending: () => void (endedAt ??= tickingAt === undefined ? undefined : now()),
  };

  if (out.isTTY) {
    /** Lines of the display on the screen, the cursor on the line below them. */
    let drawn = 0;
    // A line wider than the terminal wraps onto two rows, and the redraw would move up too few.
    const fit = (line: string) => (out.columns > 1 ? line.slice(0, out.columns - 1) : line);
    const render = () => {
      const next = lines();
      const text = next.map((l) => `\r\x1b[2K${fit(l)}\n`).join('');
      drawn = next.length;
      return text;
    };
    const up = () => (drawn ? `\x1b[${drawn}A` : '');
    const draw = () => out.write(up() + render());
    draw();
    const timer = setInterval(draw, 250);
    let stopped = false;
    return {
      ...common,
      // Erase the display, write the line where it began, and draw the display again below it.
      print: (line) => {
        if (stopped) out.write(`${line}\n`);
        else out.write(`${up()}\r\x1b[J${line}\n${render()}`);
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        draw();
      },
    };
  }
  const timer = setInterval(() => {
    const machines = machinesNow();
    out.write(`[${stamp(machines)}] ${machines.map((m) => describeMachine(m, rates.get(m.id)!)).join(' | ')}\n`);
  }, 5000);
  return { ...common, print: (line) => out.write(`${line}\n`), stop: () => clearInterval(timer) };
}
