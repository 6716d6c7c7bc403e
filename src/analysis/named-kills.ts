// check's crash notes for incarnations a fault schedule's kill ended and restarted: said as kills, not "crashed or killed".
import type { CheckerOutcome } from './check-findings.js';

/** The outcome with the note of each incarnation 1 to `kills` (scheduleKills) of a machine that restarted naming the kill. */
export function namedKills(outcome: CheckerOutcome, kills: ReadonlyMap<number, number>): CheckerOutcome {
  if (kills.size === 0) return outcome;
  const crashed = outcome.crashed.map((c) =>
    c.restartedAs !== undefined && c.incarnation <= (kills.get(c.machine) ?? 0)
      ? { ...c, message: `machine ${c.machine}'s incarnation ${c.incarnation} was killed by the fault schedule (so no stop record), then it restarted as incarnation ${c.restartedAs}` }
      : c,
  );
  return { ...outcome, crashed };
}
