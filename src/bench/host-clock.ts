// The clock every process of the benchmark shares: the host's monotonic clock, so that times taken in a child compare.

/** Monotonic time shared by every process on the host (CLOCK_MONOTONIC), in ms. */
export const hostMonotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
