// The conservation rule: per machine incarnation, sends to it = receives + end queue + refused + lost, when all stopped.
import { basename } from 'node:path';
import type { RunInfo } from '../log/run-info.js';
import { machinesText } from '../text/id-list.js';
import { grouped } from '../text/grouped.js';
import { plural } from '../text/plural.js';
import { ref, type Findings } from './check-findings.js';
import { runMayBeGoing } from './log-cut-short.js';
import type { LinkEnd } from './link-end.js';
import type { LostOnLink } from './lost-messages.js';
import type { MachineCheck } from './machine-check.js';
import type { InputProblem } from './problems.js';
import type { LocatedRecord } from './record-stream.js';
import { machineOfFile } from './run-folder.js';

/** What the conservation rule needs to know of the run besides its machines. */
export interface ConservationScope {
  findings: Findings;
  info: RunInfo | null;
  /** The machines whose logs are read. */
  logs: ReadonlySet<number>;
  /** Machines the fault schedule killed and did not restart. */
  killed: ReadonlySet<number>;
  /** check --strict: a machine without a stop record is said as that, not as crashed. */
  strict: boolean;
  /** Started by hand (no run.json): machines whose log a running process has open for writing (still running). */
  logsOpen: ReadonlyMap<number, number>;
  /** Records read in the whole run. */
  records: number;
  /** Machines whose end the logs cannot tell (no record read, unreadable lines after the last one): not crashed. */
  unknownEnd: ReadonlySet<number>;
  /** `${machine}#${incarnation}` -> receives of sends their killed sender never logged. */
  unlogged: ReadonlyMap<string, number>;
  /** Whether a machine's log was cut short after it stopped (log-cut-short.ts). */
  cutShort(machine: number): boolean;
}

/** `machine 1 stopped (machine-1.jsonl:247) before machines 2, 3 sent it 7 messages (the first at machine-2.jsonl:301)`. */
function sentAfterStopText(m: MachineCheck): string {
  const late = m.sentAfterStop!;
  const senders = machinesText([...late.senders].sort((a, b) => a - b));
  const at = (r: LocatedRecord) => `${r.file}:${r.line}`;
  return `machine ${m.machine} stopped (${at(late.stop)}) before ${senders} sent it ${plural(late.count, 'more message')} (the first at ${at(late.first)})`;
}

/** Checks conservation, or says in a note why it cannot be checked. */
export function checkConservation(scope: ConservationScope, machines: MachineCheck[], problems: readonly InputProblem[], lost: readonly LostOnLink<LinkEnd>[]): void {
  const { findings, logs } = scope;
  const unstopped = machines.filter((m) => logs.has(m.machine) && !m.stop && !scope.unknownEnd.has(m.machine)).map((m) => m.machine);
  const cutShort = unstopped.filter((id) => scope.cutShort(id));
  const crashed = unstopped.filter((id) => !cutShort.includes(id));
  const unexpected = crashed.filter((id) => !scope.killed.has(id));
  const absent = problems.filter((p) => p.kind === 'missing-file').map((p) => machineOfFile(p.file));
  // A damaged run.json is read as absent (or without its bad fields), as a run without one is judged: no record is lost.
  const unreadable = problems.some((p) => (p.kind === 'unreadable-file' && basename(p.file) !== 'run.json') || p.kind === 'invalid');
  const stoppedFirst = machines.filter((m) => m.sentAfterStop);
  const why =
    scope.records === 0
      ? 'no record could be read'
      : cutShort.length
        ? `the log of ${machinesText(cutShort)} was cut short`
        : unexpected.length
          ? unexpectedText(scope, unexpected)
          : scope.info?.stoppedTogether === false && crashed.length === 0
            ? 'run.json says the machines did not stop together'
            : stoppedFirst.length
              ? `the machines did not stop together: ${stoppedFirst.map(sentAfterStopText).join('; ')}`
              : unreadable
              ? 'some records could not be read'
              : absent.length
                ? `the ${absent.length === 1 ? 'log' : 'logs'} of ${machinesText(absent)} ${absent.length === 1 ? 'is' : 'are'} missing`
                : undefined;
  if (why) {
    findings.skip('conservation');
    findings.notes.push(`conservation not checked: ${why}`);
    return;
  }
  const lostTo = new Map<string, number>();
  for (const l of lost) lostTo.set(`${l.to}#${l.incarnation}`, (lostTo.get(`${l.to}#${l.incarnation}`) ?? 0) + l.count);
  for (const m of machines) {
    if (!logs.has(m.machine)) continue;
    const several = m.incarnations.size > 1;
    for (const [incarnation, count] of [...m.incarnations].sort((a, b) => a[0] - b[0])) {
      const stop = count.stop?.record;
      if (!count.stop || stop?.event !== 'stop') continue;
      const overflow = stop.overflow ?? 0;
      const gone = lostTo.get(`${m.machine}#${incarnation}`) ?? 0;
      const unlogged = scope.unlogged.get(`${m.machine}#${incarnation}`) ?? 0;
      // Frames from unknown senders (no hello, or a second claim of a connected machine) are nobody's logged sends:
      // those received or refused are left out; some may still be in the end queue, which the logs cannot tell.
      const accounted = count.received - unlogged + stop.queue + overflow + gone - count.unknown;
      if (count.sentTo === accounted) {
        findings.judged('conservation');
        continue;
      }
      const who = several ? `machine ${m.machine} (incarnation ${incarnation})` : `machine ${m.machine}`;
      // A connection that said hello as machine X before X did takes X's place: X's own frames then count as from an
      // unknown sender, and the log cannot tell which frames were whose (asked first: the frames counted as X's may be
      // the other connection's, so more queued than X's sends is no sign of frames from no one).
      const claim = m.secondClaims.find((c) => c.incarnation === incarnation);
      if (count.unknown > 0 && claim) {
        // Not judged for this machine only: the rule still holds or fails for the others (skip only if none is left).
        const { at, id } = claim;
        findings.unjudged('conservation', m.machine);
        findings.notes.push(
          `conservation not checked for ${who}: a second connection claimed to be machine ${id} (${at.file}:${at.line}); ` +
            `the log cannot tell which was machine ${id}, so its ${plural(count.unknown, 'frame')} from unknown senders may be machine ${id}'s`,
        );
        continue;
      }
      if (accounted > count.sentTo && count.unknown > 0) {
        findings.judged('conservation');
        findings.notes.push(
          `${plural(accounted - count.sentTo, 'message')} more queued at ${who}'s end than logged sends to it account for: ` +
            `frames from unknown senders (it received or refused ${grouped(count.unknown)} such), which its queue may still hold`,
        );
        continue;
      }
      // Messages still queued at the end from a sender killed before it logged their sends: as unlogged receives are.
      // A sender killed and restarted may have no count for the incarnation killed (nothing was sent to it): its restart
      // without a stop record says so.
      const killed = machines.filter(
        (s) => s !== m && logs.has(s.machine) && (!s.stop || s.restartedWithoutStop || [...s.incarnations.values()].some((c) => !c.stop)),
      );
      if (accounted > count.sentTo && killed.length) {
        findings.judged('conservation');
        findings.notes.push(
          `${plural(accounted - count.sentTo, 'message')} more received, queued or refused at ${who} than logged sends to it: ` +
            `sends of ${machinesText(killed.map((k) => k.machine))}, which ended without a stop record before writing its last records`,
        );
        continue;
      }
      findings.judged('conservation');
      // Senders whose link to it reached another run's machine (their run token differed) in its place: what they sent
      // before that machine said so went to the other run. Still a violation (those messages are gone), with its cause.
      for (const s of machines) {
        const met = s.otherRunPeers.find((o) => o.peer === m.machine);
        if (met && accounted < count.sentTo) {
          findings.notes.push(
            `machine ${s.machine}'s link to ${who} reached a machine of another run (${met.at.file}:${met.at.line}): what it sent there before that machine said so went to the other run, not to ${who}`,
          );
        }
      }
      findings.violate(
        'conservation',
        `${count.sentTo} message${count.sentTo === 1 ? ' was' : 's were'} sent to ${who}, but it received ${count.received}${unlogged ? ` (${unlogged} of sends never logged)` : ''}, left ${stop.queue} in its queue and refused ${overflow}${gone ? `, and ${gone} ${gone === 1 ? 'was' : 'were'} lost` : ''}${count.unknown ? `, less ${plural(count.unknown, 'frame')} from unknown senders` : ''}: ${accounted} accounted for`,
        [ref(count.stop)],
        m.machine,
      );
    }
  }
}

/** `machine 1 crashed, machine 3 still running` (started by hand), or the words for them all. */
function unexpectedText(scope: ConservationScope, unexpected: readonly number[]): string {
  if (runMayBeGoing(scope.info)) return `${machinesText(unexpected)}: no stop record (still running, or crashed)`;
  const running = unexpected.filter((id) => scope.logsOpen.has(id));
  const ended = unexpected.filter((id) => !scope.logsOpen.has(id));
  const endedText = ended.length ? `${machinesText(ended)}${scope.strict ? ' ended without a stop record' : ' crashed'}` : '';
  return [endedText, running.length ? `${machinesText(running)} still running` : ''].filter(Boolean).join(', ');
}
