// Reads faults.jsonl, the log of every fault start-all applied (one line each), and says which machines stayed killed.
import { readFileSync } from 'node:fs';
import { fileKind, NOT_A_FILE } from './regular-file.js';
import { faultLogPath } from '../log/fault-log-path.js';
import { z } from 'zod';
import { fieldPath, issueText, OUR_WORDING } from '../text/zod-issue-text.js';
import type { ProblemSink } from './problems.js';
import { isIsoTime, missingTimeZone } from './parse-record.js';

const machineId = z.number().int().positive();

const appliedFaultSchema = z.object({
  /** Wall clock when it was applied (ISO-8601). */
  time: z.string().refine(isIsoTime, 'not an ISO time'),
  /** Seconds since the schedule started, as planned. */
  at: z.number(),
  elapsed: z.number().optional(),
  action: z.enum(['add', 'remove', 'down', 'up', 'kill', 'restart']),
  description: z.string(),
  link: z.tuple([machineId, machineId]).optional(),
  machine: machineId.optional(),
  /** Set when applying it failed: the fault did not happen. */
  error: z.string().optional(),
}).refine((f) => (f.action !== 'kill' && f.action !== 'restart') || f.machine !== undefined, {
  // A kill or restart of no machine would be labelled `machine undefined killed`.
  message: 'a kill or restart names its machine',
  path: ['machine'],
});

export type FaultAction = z.infer<typeof appliedFaultSchema>['action'];

export interface AppliedFault {
  /** Epoch milliseconds. */
  time: number;
  at: number;
  /** Seconds since the schedule started, when it was applied (absent from logs written before the field). */
  elapsed?: number;
  action: FaultAction;
  description: string;
  link?: [number, number];
  machine?: number;
  error?: string;
}

/** The applied faults of a run folder in file order, or null when it has no faults.jsonl. Bad lines are reported and skipped. */
export function readFaultLog(dir: string, report: ProblemSink): AppliedFault[] | null {
  const file = faultLogPath(dir);
  const kind = fileKind(file);
  if (kind === 'other') report({ kind: 'fault-log', file, message: NOT_A_FILE });
  if (kind !== 'file') return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  // A UTF-8 byte order mark (Windows editors, Python's utf-8-sig) is not part of the first record.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const faults: AppliedFault[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      report({ kind: 'fault-log', file, line: i + 1, text: line.slice(0, 200), message: 'not valid JSON; fault left out' });
      return;
    }
    const parsed = appliedFaultSchema.safeParse(value, OUR_WORDING);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      report({ kind: 'fault-log', file, line: i + 1, text: line.slice(0, 200), message: `not a fault record (${(issue && fieldPath(issue.path)) || 'line'}: ${issue ? issueText(issue) : 'invalid'}); fault left out` });
      return;
    }
    const { time, ...rest } = parsed.data;
    // Without a zone, Date.parse reads the host's local time: the fault would move with the reader's TZ.
    const zone = missingTimeZone(time);
    if (zone !== null) {
      report({ kind: 'fault-log', file, line: i + 1, text: line.slice(0, 200), message: `${zone}; fault left out` });
      return;
    }
    faults.push({ ...rest, time: Date.parse(time) } as AppliedFault);
  });
  return faults;
}

/**
 * How many times the fault schedule killed each machine: its incarnations 1 to that many were meant to end without a
 * stop record (each kill ends the incarnation running; only a killed machine can be restarted).
 */
export function scheduleKills(faults: readonly AppliedFault[] | null): Map<number, number> {
  const kills = new Map<number, number>();
  for (const f of faults ?? []) if (!f.error && f.machine !== undefined && f.action === 'kill') kills.set(f.machine, (kills.get(f.machine) ?? 0) + 1);
  return kills;
}

/** Machines whose last applied kill or restart is a kill: they were meant to end without a stop record. */
export function killedMachines(faults: readonly AppliedFault[] | null): Set<number> {
  const killed = new Set<number>();
  for (const f of faults ?? []) {
    if (f.error || f.machine === undefined) continue;
    if (f.action === 'kill') killed.add(f.machine);
    else if (f.action === 'restart') killed.delete(f.machine);
  }
  return killed;
}
