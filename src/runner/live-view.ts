// start-all's live display: one line per machine redrawn in place on a terminal, a plain line every few seconds otherwise.
import type { MachineProcess } from './machine-process.js';

export interface LiveView {
  stop(): void;
}

function describe(m: MachineProcess, rate: number): string {
  const s = m.status;
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
      const lines = [`running ${elapsed()} (Ctrl+C stops every machine and writes the summary)`, ...machines.map((m) => describe(m, rates.get(m.id)!))];
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
  const timer = setInterval(() => out.write(`[${elapsed()}] ${machinesNow().map((m) => describe(m, rates.get(m.id)!)).join(' | ')}\n`), 5000);
  return { stop: () => clearInterval(timer) };
}
