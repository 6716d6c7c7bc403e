// The ticks a machine owed over the time it ticked, and how far short a count may fall before check's tick-rate rule fails it.

/** Whole ticks due at `rate` over a stop record's `tickingMs`, as check's tick-rate rule counts them. */
export const ticksDue = (rate: number, tickingMs: number): number => Math.floor(rate * (tickingMs / 1000));

/** The slack of the tick-rate rule around `expected` ticks: 1% of them, and at least 2. */
export const tickSlack = (expected: number): number => Math.max(2, 0.01 * expected);

/** Whether `ticks` falls short of `due` by more than the slack: the host did not keep the rate (or the machine was paused). */
export const shortOfDue = (ticks: number, due: number): boolean => due - ticks > tickSlack(due);
