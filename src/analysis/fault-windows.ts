// The fault windows of a run placed in time, for the report's charts and the tables: when each fault was in force.
//
// From faults.jsonl (what start-all applied, with wall-clock times): each start (add a toxic, take a link down, kill
// a machine) is paired with the entry that undid it (remove, up, restart) on the same link and toxic name, or the
// same machine; a start never undone lasts to the end of the run. Entries with an error were not applied and are
// left out. Pairs that belong to one schedule event (a `machine:3` cut is one `down` per link) are merged into one
// window, labelled as run.json's planned window of that event when there is one.
// Without faults.jsonl, run.json's planned windows are placed from an estimate of when the schedule started (the
// moment the last machine began ticking), since their seconds count from there.
import type { FaultWindow } from '../faults/index.js';
import type { AppliedFault } from './fault-log.js';

export type FaultKind = FaultWindow['kind'];

export interface RunFaultWindow {
  /** Epoch milliseconds. */
  from: number;
  /** Epoch milliseconds; null while still in force at the end of the run. */
  to: number | null;
  kind: FaultKind;
  label: string;
  /** The links it affected (toxic and down windows). */
  links: Array<[number, number]>;
  /** The machine (kill windows). */
  machine?: number;
  /** 'applied': times from faults.jsonl; 'planned': run.json's schedule placed at an estimated start. */
  source: 'applied' | 'planned';
}

const KIND: Partial<Record<AppliedFault['action'], FaultKind>> = { add: 'toxic', down: 'down', kill: 'kill' };
const UNDO: Partial<Record<AppliedFault['action'], FaultKind>> = { remove: 'toxic', up: 'down', restart: 'kill' };

const linkName = (link: readonly [number, number]): string => `${link[0]}->${link[1]}`;

/** The toxic name a description gives: `add latency 200 ms as "lag" on 1->2`, `remove "lag" (...) from 1->2`. */
function toxicName(fault: AppliedFault): string {
  return /"([^"]*)"/.exec(fault.description)?.[1] ?? '';
}

/** What a fault acts on, so that its undoing entry can be found. */
function target(fault: AppliedFault, kind: FaultKind): string {
  if (kind === 'kill') return `kill ${fault.machine}`;
  const link = fault.link ? linkName(fault.link) : '?';
  return kind === 'toxic' ? `toxic ${link} ${toxicName(fault)}` : `down ${link}`;
}

function derivedLabel(kind: FaultKind, first: AppliedFault, links: Array<[number, number]>, machine?: number): string {
  const on = links.map(linkName).join(', ');
  if (kind === 'kill') return `machine ${machine} killed`;
  if (kind === 'down') return `down ${on}`;
  const toxic = first.description.replace(/^add /, '').replace(/ as "[^"]*"/, '').replace(/ on \S+$/, '');
  return `${toxic} on ${on}`;
}

const sameLink = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] === b[0] && a[1] === b[1];

/** Windows from faults.jsonl entries (in file order), labelled from run.json's planned windows when they match. */
export function appliedWindows(applied: readonly AppliedFault[], planned: readonly FaultWindow[] = []): RunFaultWindow[] {
  const open = new Map<string, AppliedFault>();
  const pairs: Array<{ start: AppliedFault; end: AppliedFault | null; kind: FaultKind }> = [];
  for (const fault of applied) {
    if (fault.error) continue;
    const starts = KIND[fault.action];
    if (starts) {
      open.set(target(fault, starts), fault);
      continue;
    }
    const undoes = UNDO[fault.action];
    if (!undoes) continue;
    const key = target(fault, undoes);
    const start = open.get(key);
    if (!start) continue;
    open.delete(key);
    pairs.push({ start, end: fault, kind: undoes });
  }
  for (const start of open.values()) pairs.push({ start, end: null, kind: KIND[start.action]! });
  pairs.sort((a, b) => a.start.time - b.start.time);

  const groups = new Map<string, { kind: FaultKind; pairs: typeof pairs; plan?: FaultWindow }>();
  for (const pair of pairs) {
    const { start, end, kind } = pair;
    const plan = planned.find(
      (w) =>
        w.kind === kind &&
        w.from === start.at &&
        (kind === 'kill' ? w.machine === start.machine : start.link !== undefined && w.links.some((l) => sameLink(l, start.link!))),
    );
    const key = plan ? `plan ${planned.indexOf(plan)}` : `${kind} ${start.at} ${end?.at ?? 'open'} ${kind === 'toxic' ? toxicName(start) : ''}`;
    const group = groups.get(key);
    if (group) group.pairs.push(pair);
    else groups.set(key, { kind, pairs: [pair], ...(plan ? { plan } : {}) });
  }

  const windows = [...groups.values()].map(({ kind, pairs: members, plan }): RunFaultWindow => {
    const links: Array<[number, number]> = [];
    for (const { start } of members) if (start.link && !links.some((l) => sameLink(l, start.link!))) links.push(start.link);
    const first = members[0]!.start;
    const window: RunFaultWindow = {
      from: Math.min(...members.map((p) => p.start.time)),
      to: members.some((p) => p.end === null) ? null : Math.max(...members.map((p) => p.end!.time)),
      kind,
      label: plan?.label ?? derivedLabel(kind, first, links, first.machine),
      links,
      source: 'applied',
    };
    if (first.machine !== undefined) window.machine = first.machine;
    return window;
  });
  return windows.sort((a, b) => a.from - b.from);
}

/**
 * When the schedule's clock started (epoch ms), from faults.jsonl: each applied entry's wall time less its seconds on
 * that clock (`elapsed`, or the planned `at` in logs without it). The earliest such estimate, since both can only lag
 * (the entry's time is taken after its action; a fault is applied at or after its `at`). Null without any entry.
 */
export function appliedScheduleStart(applied: readonly AppliedFault[]): number | null {
  const starts = applied.filter((f) => !f.error).map((f) => f.time - (f.elapsed ?? f.at) * 1000);
  return starts.length ? Math.min(...starts) : null;
}

/** Seconds from `origin` to `ms` (both epoch ms, such as a window's ends and a run's first record); null when either is unknown. */
export const secondsAfter = (origin: number | null, ms: number | null): number | null => (origin === null || ms === null ? null : (ms - origin) / 1000);

/** run.json's planned windows placed from `scheduleStart` (epoch ms), for runs without faults.jsonl. */
export function plannedWindows(planned: readonly FaultWindow[], scheduleStart: number): RunFaultWindow[] {
  return planned.map((w) => {
    const window: RunFaultWindow = {
      from: scheduleStart + w.from * 1000,
      to: w.to === null ? null : scheduleStart + w.to * 1000,
      kind: w.kind,
      label: w.label,
      links: w.links.map((l) => [l[0], l[1]] as [number, number]),
      source: 'planned',
    };
    if (w.machine !== undefined) window.machine = w.machine;
    return window;
  });
}
