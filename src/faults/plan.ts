// Expands a fault schedule into the time-ordered concrete steps a runner applies (pure: no I/O, no clock).
import { UsageError } from '../config/errors.js';
import type { FaultEvent, FaultSchedule } from './schedule.js';
import { expandSelectors, linkName, type Link } from './selectors.js';
import { describeToxic, type ToxicSpec } from './toxics.js';
import { idList } from '../text/id-list.js';
import { firstAndMore } from '../text/first-and-more.js';

export type NamedToxic = ToxicSpec & { name: string };

interface StepBase {
  /** Seconds on the schedule's clock: from when every machine ticks (the fault file's `at`). */
  at: number;
  /** Index in the schedule's `events` of the event this step comes from. */
  event: number;
  /** That event's label (its own, or a generated one such as "latency 200 ms on 1->2"). */
  label: string;
}

export type FaultStep =
  | (StepBase & { action: 'add' | 'remove'; link: Link; toxic: NamedToxic })
  | (StepBase & { action: 'down' | 'up'; link: Link })
  | (StepBase & { action: 'kill' | 'restart'; machine: number });

const selectorsOf = (links: string | string[]): string[] => (Array.isArray(links) ? links : [links]);

/** The label an event shows on charts. */
export function eventLabel(event: FaultEvent): string {
  if (event.label) return event.label;
  switch (event.action) {
    case 'add':
      return `${describeToxic(event.toxic)} on ${selectorsOf(event.links).join(', ')}`;
    case 'remove':
      return `remove ${event.name} on ${selectorsOf(event.links).join(', ')}`;
    case 'down':
    case 'up':
      return `${event.action} ${selectorsOf(event.links).join(', ')}`;
    case 'kill':
      return `machine ${event.machine} killed`;
    case 'restart':
      return `machine ${event.machine} restarted`;
  }
}

/**
 * The steps of a schedule for machines `ids`, ordered by time; at equal times a fault ending (`until`) comes before
 * anything starting, then file order. Overlapping `down` windows on a link keep it down until the last one ends; an
 * `up` event brings it up whatever holds it down. Throws a one-line UsageError for an unknown machine, a toxic name
 * already on a link, a `remove` that finds nothing, an `up` with none of its links down, killing a dead machine or
 * restarting a live one.
 */
export function planFaults(schedule: FaultSchedule, ids: readonly number[], scope = 'in the config'): FaultStep[] {
  const moments = schedule.events.flatMap((event, index) => {
    const starts = { at: event.at, undo: false, index, event };
    return 'until' in event && event.until !== undefined ? [starts, { at: event.until, undo: true, index, event }] : [starts];
  });
  moments.sort((a, b) => a.at - b.at || Number(b.undo) - Number(a.undo) || a.index - b.index);

  const toxics = new Map<string, Map<string, { toxic: NamedToxic; event: number }>>();
  const downBy = new Map<string, Set<number>>();
  const dead = new Map<number, number>();
  const steps: FaultStep[] = [];
  const known = new Set(ids);

  for (const { at, undo, index, event } of moments) {
    const base = { at, event: index, label: eventLabel(event) };
    const where = `events[${index}]`;
    const when = `at ${at} s`;
    const linksOf = (links: string | string[]) => expandSelectors(selectorsOf(links), ids, `${where}.links`, scope);
    const toxicsOn = (link: Link) => toxics.get(linkName(link)) ?? toxics.set(linkName(link), new Map()).get(linkName(link))!;
    const holders = (link: Link) => downBy.get(linkName(link)) ?? downBy.set(linkName(link), new Set()).get(linkName(link))!;
    const checkMachine = (id: number) => {
      if (!known.has(id)) throw new UsageError(`${where}.machine: no machine ${id} ${scope} (machines ${idList(ids)})`);
    };

    switch (event.action) {
      case 'add': {
        const { name, ...spec } = event.toxic;
        const toxic = { ...spec, name: name ?? spec.type } as NamedToxic;
        for (const link of linksOf(event.links)) {
          const active = toxicsOn(link);
          if (undo) {
            if (active.get(toxic.name)?.event !== index) continue;
            active.delete(toxic.name);
            steps.push({ ...base, action: 'remove', link, toxic });
          } else {
            if (active.has(toxic.name)) throw new UsageError(`${where}: toxic "${toxic.name}" is already on ${linkName(link)} ${when}`);
            active.set(toxic.name, { toxic, event: index });
            steps.push({ ...base, action: 'add', link, toxic });
          }
        }
        break;
      }
      case 'remove': {
        let found = false;
        for (const link of linksOf(event.links)) {
          const entry = toxicsOn(link).get(event.name);
          if (!entry) continue;
          found = true;
          toxicsOn(link).delete(event.name);
          steps.push({ ...base, action: 'remove', link, toxic: entry.toxic });
        }
        if (!found) {
          // The names a remove could give there then (an add without a name is called by its type).
          const names = [...new Set(linksOf(event.links).flatMap((link) => [...toxicsOn(link).keys()]))].map((n) => `"${n}"`);
          const there = names.length ? `it has ${firstAndMore(names, 5, { and: true })}` : 'no toxic is on them then';
          throw new UsageError(`${where}: no toxic "${event.name}" on ${selectorsOf(event.links).join(', ')} ${when} (${there})`);
        }
        break;
      }
      case 'down':
        for (const link of linksOf(event.links)) {
          const held = holders(link);
          if (undo) {
            if (held.delete(index) && held.size === 0) steps.push({ ...base, action: 'up', link });
          } else {
            if (held.size === 0) steps.push({ ...base, action: 'down', link });
            held.add(index);
          }
        }
        break;
      case 'up': {
        let found = false;
        for (const link of linksOf(event.links)) {
          const held = holders(link);
          if (held.size === 0) continue;
          found = true;
          held.clear();
          steps.push({ ...base, action: 'up', link });
        }
        // As a `remove` that finds no toxic: an `up` with none of its links down would change nothing, said as nothing.
        if (!found) throw new UsageError(`${where}: no link of ${selectorsOf(event.links).join(', ')} is down ${when}, so up would change nothing`);
        break;
      }
      case 'kill':
        checkMachine(event.machine);
        if (undo) {
          if (dead.get(event.machine) !== index) break;
          dead.delete(event.machine);
          steps.push({ ...base, action: 'restart', machine: event.machine });
        } else {
          if (dead.has(event.machine)) throw new UsageError(`${where}: machine ${event.machine} is already killed ${when}`);
          dead.set(event.machine, index);
          steps.push({ ...base, action: 'kill', machine: event.machine });
        }
        break;
      case 'restart':
        checkMachine(event.machine);
        if (!dead.delete(event.machine)) throw new UsageError(`${where}: machine ${event.machine} is not killed ${when}, so it cannot restart`);
        steps.push({ ...base, action: 'restart', machine: event.machine });
        break;
    }
  }
  return steps;
}

/** One line for a log: what a step does, e.g. `add latency 200 ms as "lag" on 1->2`. */
export function describeStep(step: FaultStep): string {
  return describeSteps([step]);
}

/** How many links a line names before `and 17 more`. */
const LINKS_NAMED = 3;

/**
 * One description for steps of one event at one moment (a selector such as `*` expands to a step per link):
 * `links 1->2, 1->3, 2->1 and 17 more down`. The steps share their action (and toxic); the first one's is described.
 */
export function describeSteps(steps: readonly FaultStep[]): string {
  const step = steps[0]!;
  const links = steps.flatMap((s) => ('link' in s ? [linkName(s.link)] : []));
  const named = firstAndMore(links, LINKS_NAMED);
  switch (step.action) {
    case 'add':
      return `add ${describeToxic(step.toxic)} as "${step.toxic.name}" on ${named}`;
    case 'remove':
      return `remove "${step.toxic.name}" (${describeToxic(step.toxic)}) from ${named}`;
    case 'down':
    case 'up':
      return `link${links.length > 1 ? 's' : ''} ${named} ${step.action}`;
    case 'kill':
      return `kill machine ${step.machine} (SIGKILL)`;
    case 'restart':
      return `restart machine ${step.machine}`;
  }
}

/** Steps in runs of one event's link steps at one moment (one run per machine step): what one line describes. */
export function sameMoment(steps: readonly FaultStep[]): FaultStep[][] {
  const groups: FaultStep[][] = [];
  for (const step of steps) {
    const last = groups.at(-1)?.[0];
    const together = last && 'link' in step && 'link' in last && last.at === step.at && last.event === step.event && last.action === step.action;
    if (together) groups.at(-1)!.push(step);
    else groups.push([step]);
  }
  return groups;
}
