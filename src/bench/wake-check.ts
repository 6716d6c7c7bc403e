// The CPU one timer wake-up of an idle Node process costs, timed as each measurement starts. Most of a mesh machine's
// CPU is the cost of being woken (BENCHMARKS.md), and this cost is what moves when the host slows down: it tells a slow
// hour of the host from a slow change where the speed check (one core's arithmetic) does not.
import { execa } from 'execa';
import { median } from './figure.js';
import { isStopping, trackChild } from './children.js';

/** A fresh Node process that sleeps on a 10 ms timer `wakes` times and prints its CPU (user + system) per wake-up in µs. */
const CHILD = `
const wakes = Number(process.argv[1]);
let left = wakes;
const before = process.cpuUsage();
const wake = () => {
  if (--left > 0) return void setTimeout(wake, 10);
  const used = process.cpuUsage(before);
  process.stdout.write(String((used.user + used.system) / wakes));
};
setTimeout(wake, 10);
`;

export interface WakeCheckPlan {
  /** Timer wake-ups per round (10 ms apart). */
  wakes: number;
  /** Rounds, each in its own process; the figure is their median. */
  rounds: number;
}

/**
 * Microseconds of CPU per timer wake-up: the median over `plan.rounds` fresh processes (one decimal); undefined when a
 * round fails (the check only describes the host, so the measurements go on without it).
 */
export async function wakeUpCostUs(plan: WakeCheckPlan): Promise<number | undefined> {
  const rounds: number[] = [];
  for (let i = 0; i < plan.rounds; i++) {
    if (isStopping()) return undefined;
    const { stdout, failed } = await trackChild(execa(process.execPath, ['-e', CHILD, String(plan.wakes)], { stdin: 'ignore', reject: false }));
    const us = Number(stdout);
    if (failed || !(us > 0)) return undefined;
    rounds.push(us);
  }
  return Math.round(median(rounds) * 10) / 10;
}
