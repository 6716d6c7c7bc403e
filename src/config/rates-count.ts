// The error for a --rates list whose length is not the machine count, with the fix that fits what was given.
import { MAX_REAL_MACHINES } from './generated-machines.js';
import { plural } from '../text/plural.js';
import { idList } from '../text/id-list.js';

/** Rates written out in a `such as` example before it is shortened to the first few and the count. */
const EXAMPLE_RATES = 4;

/** Whether `-m n` (start-all's and simulate's --machines) would accept n. */
const machineCount = (n: number): boolean => Number.isInteger(n) && n >= 2 && n <= MAX_REAL_MACHINES;

/** `5,5,5`, or `5,5,5,... (20 rates)` for many machines: the same rate on each. */
function sameRateOnEach(rate: number, machines: number): string {
  if (machines <= EXAMPLE_RATES) return Array<number>(machines).fill(rate).join(',');
  return `${Array<number>(EXAMPLE_RATES - 1).fill(rate).join(',')},... (${machines} rates)`;
}

/**
 * `--rates has 1 value for 3 machines (1-3): give one rate per machine, such as 5,5,5; or, for 5 machines, -m 5`.
 * One value may be a rate meant for every machine or a machine count given to the wrong option; several values may be
 * meant for as many machines (-m with their count). With `machineCountGiven` (-m was given) no -m is suggested: the
 * user chose the count (and one value, as in `-m 6 -r 6`, never gets here: it is every machine's rate).
 */
export function ratesCountMessage(rates: readonly number[], ids: readonly number[], machineCountGiven = false): string {
  const head = `--rates has ${plural(rates.length, 'value')} for ${ids.length} machines (${idList(ids)}): give one rate per machine`;
  const suggestCount = (n: number): boolean => !machineCountGiven && machineCount(n);
  const only = rates.length === 1 ? rates[0] : undefined;
  if (only !== undefined) {
    const asCount = suggestCount(only) ? `; or, for ${only} machines, -m ${only}` : '';
    return `${head}, such as ${sameRateOnEach(only, ids.length)}${asCount}`;
  }
  // With -m, one rate is every machine's (resolve.ts): `-m 6 -r 4,5` may have meant that.
  if (machineCountGiven) return `${head}, or one rate for all of them (-r ${rates[0]})`;
  return suggestCount(rates.length) ? `${head}, or -m ${rates.length} for ${rates.length} machines` : head;
}
