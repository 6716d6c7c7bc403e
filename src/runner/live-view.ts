// start-all's live display: one line per machine redrawn in place on a terminal, a plain line every few seconds otherwise.
import type { MachineProcess } from './machine-process.js';

export interface LiveView {
  stop(): void;
}

/** One machine's line: its last reported state, or that it is down (its last clock stays, so a restart's jump shows). */
export function describeMachine(m: Pick<MachineProcess, 'id' | 'status' | 'down' | 'crashedByFault'>, rate: number): string {
  const s = m.status;
  if (m.down) {
    const why = m.crashedByFault ? 'crashed by the fault schedule' : 'exited on its own';
    return `M${m.id}  rate ${rate}/s  down (${why})${s ? `  last clock ${s.clock}  ticks ${s.ticks}` : ''}`;
  }
  if (!s) return `M${m.id}  rate ${rate}/s  starting`;
  const state = s.ticking || s.ticks > 0 ? '' : '  (connecting)';
  return `M${m.id}  rate ${rate}/s  clock ${s.clock}  queue ${s.queue}  ticks ${s.ticks}${state}`;
}

/** Starts the display; `stop()` draws the latest state once more and ends the display (call it before printing anything else). */
export function startLiveView(machinesNow: () => MachineProcess[], rates: ReadonlyMap<number, number>, out: NodeJS.WriteStream, startedAt: number): LiveView {
  const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
  if (out.isTTY) {
    let drawn = 0;
    const draw = () => {
      const machines = machinesNow();
      const lines = [`running ${elapsed()} (Ctrl+C stops every machine and writes the summary)`, ...machines.map((m) => describeMachine(m, rates.get(m.id)!))];
      out.write((drawn ? `\x1b[${drawn}A` : '') + lines.map((l) => `\r\x1b[2K${l}\n`).join(''));
      drawn = lines.length;
    };
    draw();
    const timer = setInterval(draw, 250);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        draw();
      },
    };
  }
  const timer = setInterval(() => out.write(`[${elapsed()}] ${machinesNow().map((m) => describeMachine(m, rates.get(m.id)!)).join(' | ')}\n`), 5000);
  return { stop: () => clearInterval(timer) };
}
