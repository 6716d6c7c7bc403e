// Each machine's tick phase: how many ms after the earliest its tick schedule started, the offsets simulate takes.

/**
 * Per machine (in the order given), its `tickingStart` minus the earliest, to 0.1 ms; null for a machine that never
 * ticked. Each start is read from the logs' millisecond times, so a phase is good to about a millisecond.
 */
export function tickPhases(machines: ReadonlyArray<{ tickingStart: number | null }>): (number | null)[] {
  const known = machines.map((m) => m.tickingStart).filter((t): t is number => t !== null);
  if (known.length === 0) return machines.map(() => null);
  const earliest = Math.min(...known);
  return machines.map((m) => (m.tickingStart === null ? null : Math.round((m.tickingStart - earliest) * 10) / 10));
}
