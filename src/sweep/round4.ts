// How a sweep keeps its fractional figures: to four decimals.

/** A sweep keeps its fractional figures (a run's rate ratio, mean drift and queue growth; a point's means and sd) to four decimals. */
export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
