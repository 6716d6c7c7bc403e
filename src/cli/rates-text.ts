// The machines' rates as start-all's first line gives them: each one, or their range for a large run.

/** Machines whose rates the first line lists one by one. */
export const LISTED_RATES = 10;

/** Each machine's rate for the first line (`M1 1/s, M2 3/s`); past LISTED_RATES machines, their range (run.json has each). */
export function ratesText(ids: readonly number[], rates: ReadonlyMap<number, number>): string {
  if (ids.length <= LISTED_RATES) return ids.map((id) => `M${id} ${rates.get(id)}/s`).join(', ');
  const all = ids.map((id) => rates.get(id) ?? 0);
  const low = Math.min(...all);
  const high = Math.max(...all);
  return low === high ? `each at ${low}/s` : `rates ${low} to ${high}/s, each machine's in run.json`;
}
