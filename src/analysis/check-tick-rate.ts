// The tick-rate rule: an incarnation's tick count against its rate over the span it ticked.
import { ref, whom, type Findings } from './check-findings.js';
import type { LogGaps } from './log-gaps.js';
import type { MachineCheck } from './machine-check.js';
import { pausedOrStarved } from './late-tick.js';
import { tickSlack, ticksDue } from './ticks-due.js';
import { grouped } from '../text/grouped.js';
import { lagText } from './text-table.js';

/**
 * Tick count against the rate. A machine ticks on an absolute schedule, tick k at t0 + k / rate, from the moment it
 * is connected to its peers (not from its start record: it may wait for them), until it is told to stop (not until
 * its stop record: shutdown waits for peers). So over the span from its first to its last tick, rate x span + 1
 * ticks were due; a stall or a slow timer anywhere in between shows as missing ticks. A first tick that came late
 * (a busy host as the mesh completes) is followed by the ticks due meanwhile, run at once, which that span leaves
 * out: so when the stop record says how long the machine ticked (`tickingMs`, from the moment it was connected, on
 * the clock its schedule runs on), rate x tickingMs ticks were due, and missing ones still show.
 * An unreadable line within that span may have been a tick: the count is then unknown, and a note says so.
 */
export function checkTickRate(findings: Findings, m: MachineCheck, gaps: LogGaps): void {
  const start = m.start;
  const first = m.firstTick;
  const last = m.lastTick;
  if (!start || start.record.event !== 'start' || !first || !last) return;
  const rate = start.record.rate;
  const stop = m.stop?.record.event === 'stop' ? m.stop.record : undefined;
  const tickingMs = typeof stop?.tickingMs === 'number' ? stop.tickingMs : undefined;
  const ticking = tickingMs === undefined ? undefined : tickingMs / 1000;
  const seconds = ticking ?? (last.record.time - first.record.time) / 1000;
  const expected = tickingMs === undefined ? rate * seconds + 1 : ticksDue(rate, tickingMs);
  const gap = m.stop && ticking !== undefined ? gaps.latestBetween(start.file, start.line, m.stop.line) : gaps.latestBetween(first.file, first.line, last.line);
  if (gap !== undefined) {
    findings.unjudged('tick-rate', m.machine);
    findings.notes.push(`tick-rate not checked for ${whom(m.machine, m.incarnation)}: its ticks cannot be counted across its unreadable lines (latest ${first.file}:${gap})`);
    return;
  }
  findings.judged('tick-rate');
  const slack = tickSlack(expected);
  // A rate so high that rate x seconds overflows (1.7e308/s) expects more ticks than any log holds: not a pass.
  if (!Number.isFinite(expected) || Math.abs(m.ticks - expected) > slack) {
    const over = Number.isFinite(expected) && m.ticks > expected;
    if (over) findings.ticksOverRate++;
    // Said to be an edited rate only over the stop record's tickingMs: from the first to the last tick, a late first
    // tick's catch-up is left out of the ticks due.
    const edited = over && tickingMs !== undefined;
    const span = ticking === undefined ? 'from its first to its last tick' : 'of ticking (its stop record)';
    findings.violate(
      'tick-rate',
      // Thousands grouped, as start-all's and analyze's counts of the same ticks are (`expected 1,012,794 ± 10,127`).
      `machine ${m.machine} ran ${figure(m.ticks)} ticks in ${figure(Number(seconds.toFixed(3)))} s ${span} at ${figure(rate, 20)}/s: expected ${figure(Number(expected.toFixed(1)))} ± ${slackText(expected, slack)}` +
        // The stop record's lateness says why, when it was paused (SIGSTOP, a suspended laptop) or starved of CPU.
        (edited
          ? `; more than its rate allows: a machine never ticks ahead of its schedule, so the rate in its start record is not the one it ticked at (a log edited, or written by another tool)`
          : stop && pausedOrStarved(stop.maxLagMs, rate)
          ? `; its stop record's maxLagMs, ${lagText(stop.maxLagMs)} ms, says it was paused or short of CPU`
          : endShortfall(m.ticks, expected, slack, rate, (last.record.time - first.record.time) / 1000, ticking)),
      [ref(first), ref(last)],
      m.machine,
    );
  }
}

/**
 * A figure with thousands grouped, to `decimals` at most (a rate as the log gives it: 20); one too large to group (a
 * rate of 1e300) or too small for its decimals (1e-300, not 0) in exponent form to six digits (1.00055e+301), and
 * Infinity (a rate of 1.7e308 times seconds) as such.
 */
const figure = (value: number, decimals?: number): string =>
  value === 0 || (Math.abs(value) < 1e15 && Math.abs(value) >= 1e-6) ? grouped(value, decimals) : String(Number(value.toPrecision(6)));

/**
 * The slack as the rule applies it to a whole count: around whole ticks due (a stop record's tickingMs), whole ticks
 * (1% of 3,031,560 due allows 30,315 either way, not 30,315.6); around a span's fractional count, to 0.1.
 */
const slackText = (expected: number, slack: number): string => figure(Number.isInteger(expected) ? Math.floor(slack) : Number(slack.toFixed(1)));

/**
 * Why ticks are missing when none ran late: its ticks ran to schedule from its first to its last (no gap between), and
 * the ones missing were due after its last, before it was told to stop. Ticks still due then are not run, so their
 * lateness is in no maxLagMs: the machine was starved of CPU (or paused) at the end. Else the empty string.
 */
function endShortfall(ticks: number, expected: number, slack: number, rate: number, spanSeconds: number, ticking: number | undefined): string {
  const missing = expected - ticks;
  if (ticking === undefined || missing <= slack || ticks < rate * spanSeconds + 1 - slack) return '';
  const seconds = Number((missing / rate).toFixed(3));
  return `; the ${figure(missing)} missing were due after its last tick (the last ${seconds} s of its ticking): it was short of CPU or paused then, and ticks still due when it is told to stop are not run`;
}
