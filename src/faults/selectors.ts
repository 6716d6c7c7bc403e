// Link selectors of a fault schedule ("1->2", "*->3", "3->*", "machine:3", "*") and their expansion to directed links.
import { UsageError } from '../config/errors.js';
import { idList } from '../text/id-list.js';

/** A directed link: machine `from` sends to machine `to` over it. */
export type Link = readonly [from: number, to: number];

export type Selector = { from: number | '*'; to: number | '*' } | { machine: number };

const ARROW = /^\s*([1-9][0-9]*|\*)\s*(?:->|→)\s*([1-9][0-9]*|\*)\s*$/;
const MACHINE = /^\s*machine:\s*([1-9][0-9]*)\s*$/;

export const SELECTOR_HELP = 'expected a link selector such as "1->2", "*->3", "3->*", "machine:3" or "*"';

/** Parses a selector; null when the text is not one. A self-link ("2->2") is not a selector. */
export function parseSelector(text: string): Selector | null {
  if (text.trim() === '*') return { from: '*', to: '*' };
  const machine = MACHINE.exec(text);
  if (machine) return { machine: Number(machine[1]) };
  const arrow = ARROW.exec(text);
  if (!arrow) return null;
  const side = (s: string | undefined) => (s === '*' ? '*' : Number(s));
  const from = side(arrow[1]);
  const to = side(arrow[2]);
  return from !== '*' && from === to ? null : { from, to };
}

/** Why `text` is not a selector: a self-link (`"2->2"`, a link no machine has) is said apart from the others. */
export function selectorProblem(text: string): string {
  const arrow = ARROW.exec(text);
  if (arrow && arrow[1] !== '*' && arrow[1] === arrow[2]) return `${JSON.stringify(text)} is a link from machine ${arrow[1]} to itself, which no machine has: a link joins two machines`;
  return `${SELECTOR_HELP}, not ${JSON.stringify(text)}`;
}

export const linkName = ([from, to]: Link): string => `${from}->${to}`;

/**
 * The directed links the selectors name among `ids`, ordered by sender then receiver; throws naming an unknown id and
 * where the machines come from (`scope`: the config, or a sweep's grid point).
 */
export function expandSelectors(selectors: readonly string[], ids: readonly number[], field: string, scope = 'in the config'): Link[] {
  const known = new Set(ids);
  const check = (id: number | '*') => {
    if (id !== '*' && !known.has(id)) {
      throw new UsageError(`${field}: no machine ${id} ${scope} (machines ${idList([...known])})`);
    }
  };
  const chosen = new Set<string>();
  for (const text of selectors) {
    const selector = parseSelector(text);
    if (!selector) throw new UsageError(`${field}: ${selectorProblem(text)}`);
    const matches =
      'machine' in selector
        ? (check(selector.machine), (from: number, to: number) => from === selector.machine || to === selector.machine)
        : (check(selector.from), check(selector.to), (from: number, to: number) => (selector.from === '*' || from === selector.from) && (selector.to === '*' || to === selector.to));
    for (const from of ids) for (const to of ids) if (from !== to && matches(from, to)) chosen.add(`${from}->${to}`);
  }
  const links: Link[] = [];
  const sorted = [...ids].sort((a, b) => a - b);
  for (const from of sorted) for (const to of sorted) if (chosen.has(`${from}->${to}`)) links.push([from, to]);
  return links;
}
