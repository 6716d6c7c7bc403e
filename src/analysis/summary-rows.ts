// The rows the tables show (per machine, per run, across runs), shared by the text output and the HTML report.
import { tickPhases } from './tick-phases.js';
import { logWriteFailureText } from './log-write-failure.js';
import { firstAndMore } from '../text/first-and-more.js';
import { basename } from 'node:path';
import type { Analysis, RunAnalysis } from './analyze.js';
import { secondsAfter } from './fault-windows.js';
import { axisSeconds, scheduleOffset, windowDigits } from './schedule-offset.js';
import { machinesText } from '../text/id-list.js';
import { pausedOrStarved } from './late-tick.js';
import { machineOfFile } from './run-folder.js';
import { delayText, disagreeingDelay, disagreeingSetting, runSetting, settingCell } from './run-settings.js';
import { runEndText, unfinishedRunText } from './run-end.js';
import type { MachineMetrics, RunMetrics } from './metrics.js';
import { countShare, duration, lagText, latencyText, meanText, num, numGrouped, percent, rateText, ratio, rightAligned, rightAlignedGroup, type Column } from './text-table.js';
import { grouped } from '../text/grouped.js';
import { plural } from '../text/plural.js';
import { shortOfDue, ticksDue } from './ticks-due.js';
import { UNKNOWN_END_ANALYZE_NOTE } from './unknown-end.js';

export interface TableData {
  columns: Column[];
  rows: string[][];
  /** Lines under the table that say what a column counts (the text output and the report print them). */
  notes?: string[];
}

/**
 * What max queue counts, under every table that shows it: the records' `queue` is the length after the tick took a
 * message off, the max queue the most that waited at once (the stop record's maxQueue), so it can read one more.
 */
export const MAX_QUEUE_NOTE =
  "max queue: the most messages waiting at once, counting the one the next tick takes off; the logs' queue is the length after that tick, so it reads up to 1 less.";

/** One row per machine: rate, ticks, event mix, clocks, jumps, queues, drift. */
export function machineTable(run: RunAnalysis): TableData {
  const columns: Column[] = [
    rightAligned('machine'),
    ...rightAlignedGroup('events', 'rate/s', 'ticks', 'internal', 'send', 'receive'),
    ...rightAlignedGroup('clocks', 'final clock', 'behind'),
    ...rightAlignedGroup('jumps', 'jump max', 'jump mean', 'jump p95'),
    ...rightAlignedGroup('queues', 'max queue', 'end queue'),
    ...rightAlignedGroup('drift', 'drift max', 'drift mean'),
  ];
  // Runs with faults: how often each machine started, and the messages sent to it that never arrived.
  const faulty = hasFaults(run);
  if (faulty) columns.push(...rightAlignedGroup('faults', 'incarnations', 'lost'));
  const killed = killedForGood(run);
  const rows = run.metrics.machines.map((m) => [
    // Started by hand, only the machines whose logs are still being written may be running; the others crashed.
    machineStatusLabel(m, run.logsOpen.size ? run.logsOpen.has(m.machine) : run.mayStillBeRunning, killed.has(m.machine)),
    rateText(m.rate),
    grouped(m.ticks),
    countShare(m.events.internal, m.ticks),
    countShare(m.events.send, m.ticks),
    countShare(m.events.receive, m.ticks),
    grouped(m.finalClock),
    grouped(m.behind),
    numGrouped(m.jumps.max),
    meanText(m.jumps.mean),
    numGrouped(m.jumps.p95),
    grouped(m.maxQueue),
    grouped(m.endQueue),
    numGrouped(m.drift.max),
    meanText(m.drift.mean),
    ...(faulty ? [grouped(m.incarnations), grouped(m.lost)] : []),
  ]);
  return { columns, rows, notes: [MAX_QUEUE_NOTE] };
}

/**
 * `2`, `2 (crashed)`, `2 (killed)` when the fault schedule killed it and never restarted it, or, when run.json says it
 * stopped although its log has no stop record, `2 (log cut short)`; in a run that may still be going (run.json has no
 * end time), `2 (no stop record)` instead of crashed.
 */
export function machineStatusLabel(m: MachineMetrics, mayStillBeRunning = false, killed = false): string {
  if (m.logCutShort) return `${m.machine} (log cut short)`;
  if (m.crashed) return `${m.machine} (${mayStillBeRunning ? 'no stop record' : killed ? 'killed' : 'crashed'})`;
  return String(m.machine);
}

/** Machines the fault schedule killed and never restarted: their kill window is still open at the end. */
function killedForGood(run: Pick<RunAnalysis, 'faults'>): Set<number> {
  return new Set(run.faults.flatMap((w) => (w.kind === 'kill' && w.to === null && w.machine !== undefined ? [w.machine] : [])));
}

/**
 * `; catch-up jump 182 at its first receive after the restart, not in its jumps`: how far each restarted incarnation's
 * clock, started again from 0, caught up (metrics.ts keeps it out of the jump figures). An incarnation that received
 * nothing has no catch-up: `; no receive after the restart, so no catch-up jump`; after several restarts, `; catch-up
 * jumps at its first receive after each restart: 182, none (no receive after that restart), not in its jumps`.
 */
export function catchUpText(m: Pick<MachineMetrics, 'catchUpJumps'>): string {
  const jumps = m.catchUpJumps.map((c) => c.jump);
  if (jumps.length === 0) return '';
  if (jumps.length === 1) {
    return jumps[0] === null ? '; no receive after the restart, so no catch-up jump' : `; catch-up jump ${jumps[0]} at its first receive after the restart, not in its jumps`;
  }
  const listed = jumps.map((jump) => (jump === null ? 'none (no receive after that restart)' : String(jump)));
  return `; catch-up jumps at its first receive after each restart: ${listed.join(', ')}, not in its jumps`;
}

/**
 * A restarted incarnation whose first tick came this long after it was due (one tick period after its start), or never,
 * is said: it sat idle meanwhile.
 */
const RESTART_WAIT_SAID_MS = 1000;

/**
 * `; incarnation 2 first ticked 3.1 s after its restart`, `; incarnation 2 never ticked`: a restarted machine ticks once
 * it and its peers are connected again, which a link held down or slowed can put off (the simulator's restart ticks
 * one period after it); '' when every restart ticked within a second of its first tick's due time. A machine at 1
 * tick/s or slower first ticks a second or more after any restart: not said.
 */
export function restartWaitText(m: Pick<MachineMetrics, 'catchUpJumps' | 'rate'>): string {
  const period = m.rate ? 1000 / m.rate : 0;
  const waits = m.catchUpJumps.flatMap((c) => {
    if (c.firstTickTime === null) return [`incarnation ${c.incarnation} never ticked`];
    const wait = c.firstTickTime - c.restartTime;
    return wait - period >= RESTART_WAIT_SAID_MS ? [`incarnation ${c.incarnation} first ticked ${(wait / 1000).toFixed(1)} s after its restart`] : [];
  });
  return waits.length ? `; ${waits.join(', ')}: a restarted machine ticks once its peers are connected again` : '';
}

/** A run with a fault schedule, a restarted machine or lost messages. */
export function hasFaults(run: RunAnalysis): boolean {
  return run.faults.length > 0 || run.metrics.messages.lost > 0 || run.metrics.machines.some((m) => m.incarnations > 1);
}

/** A window's end `ms` (epoch) in seconds, given by `seconds`: 'end' for one still open at the end, '-' when unknown. */
function windowTime(ms: number | null, seconds: (ms: number) => number | null, digits: number): string {
  if (ms === null) return 'end';
  const value = seconds(ms);
  return value === null ? '-' : `${num(value, digits)} s`;
}

/**
 * One line per fault window, in seconds after the first record (the report's time axis) and, in brackets, on the
 * schedule's clock (the fault file's `at` and start-all's `fault at` lines): `machine 2 killed: 3.2 s to 5 s (2.3 s
 * to 4.1 s on the schedule's clock)`. The first figures are the charts' caption's offset (0.9 s) plus the second,
 * as printed (see schedule-offset.ts). When both read the same (a simulated run), the bracket is left out.
 */
export function faultLines(run: RunAnalysis): string[] {
  const { scheduleStart } = run;
  const offset = scheduleOffset(run);
  return run.faults.map((w) => {
    const d = windowDigits(w);
    const onAxis = (ms: number) => axisSeconds(run, offset, ms, d);
    const onSchedule = (ms: number) => secondsAfter(scheduleStart, ms);
    const axisText = `${windowTime(w.from, onAxis, d)} to ${windowTime(w.to, onAxis, d)}`;
    const scheduleText = scheduleStart === null ? axisText : `${windowTime(w.from, onSchedule, d)} to ${windowTime(w.to, onSchedule, d)}`;
    // The same figures twice say nothing (a simulated run's schedule starts with its first record).
    const schedule = scheduleText === axisText ? '' : ` (${scheduleText} on the schedule's clock)`;
    const planned = w.source === 'planned' ? ' (planned; no faults.jsonl)' : '';
    return `${w.label}: ${axisText}${schedule}${planned}`;
  });
}

/** Machines whose log is there but gave no record (empty, UTF-16, every line unreadable): their problems name them. */
function logsWithoutRecords(run: RunAnalysis): number[] {
  const logged = new Set(run.metrics.machines.map((m) => m.machine));
  const named = run.problems.filter((p) => p.kind !== 'missing-file' && p.kind !== 'not-started').map((p) => machineOfFile(p.file));
  return [...new Set(named)].filter((id) => Number.isFinite(id) && !logged.has(id));
}

/** A run's one-line heading. */
export function runHeading(run: RunAnalysis): string {
  const { metrics, info } = run;
  const span = metrics.startTime === null || metrics.endTime === null ? null : metrics.endTime - metrics.startTime;
  // A run stopped while its machines were starting: how many of those run.json planned have logs. One that run.json
  // gives an exit of its own (it ran, or failed as it started) but has no log is `without a log`, not `not started`.
  const logged = new Set(metrics.machines.map((m) => m.machine));
  const planned = Object.keys(info?.rates ?? {});
  const missing = planned.filter((id) => !logged.has(Number(id)));
  const noRecord = new Set(logsWithoutRecords(run));
  const unreadable = new Set(missing.filter((id) => noRecord.has(Number(id))));
  const unlogged = missing.filter((id) => !unreadable.has(id) && info?.machines?.[id] !== undefined && info.machines[id].started !== false).length;
  const notStarted = missing.length - unreadable.size - unlogged;
  const missingText = [notStarted ? `${notStarted} not started` : '', unlogged ? `${unlogged} without a log` : '', unreadable.size ? `${unreadable.size} with no readable record` : ''].filter(Boolean).join(', ');
  const parts = [
    info?.mode ?? (info ? 'mode unknown (run.json names none)' : 'mode unknown (no run.json)'),
    missing.length ? `${planned.length - missing.length} of ${planned.length} machines (${missingText})` : plural(logged.size, 'machine'),
    `${duration(span)} of records`,
  ];
  const seed = runSetting(run, 'seed');
  const internalProbability = runSetting(run, 'internalProbability');
  const seeds = disagreeingSetting(run, 'seed');
  const probabilities = disagreeingSetting(run, 'internalProbability');
  if (seed !== null) parts.push(`seed ${seed}`);
  else if (seeds) parts.push(`seeds differ: ${seeds}`);
  if (internalProbability !== null) parts.push(`internal probability ${internalProbability}`);
  else if (probabilities) parts.push(`internal probabilities differ: ${probabilities}`);
  const delay = delayText(run);
  const delays = disagreeingDelay(run);
  if (delay) parts.push(delay);
  else if (delays) parts.push(`delays differ: ${delays}`);
  const end = runEndText(info) ?? unfinishedRunText(info, metrics.machines.length > 0 && metrics.machines.every((m) => !m.crashed), span);
  return `Run ${run.name} (${run.dir}): ${parts.join(', ')}${end ? `; ${end}` : ''}`;
}

/** Above this many machines a ratio line would run on for screens: the range instead. */
const MAX_RATIO_TERMS = 12;

/** `106 : 26 : 86 = 4.08 : 1 : 3.31` (the first notebook's ratios), or for many machines their range; `note` says what they count. */
function proportions(values: (number | null)[], jsonKey: string, note?: string, format: (v: number | null) => string = (v) => numGrouped(v)): string {
  // One machine (a run stopped while the others were starting) has no ratio: its value alone.
  if (values.length === 1) return `${format(values[0] ?? null)}${note ? ` (${note}; one machine)` : ' (one machine)'}`;
  if (values.length <= MAX_RATIO_TERMS) return `${values.map(format).join(' : ')} = ${ratio(values)}${note ? ` (${note})` : ''}`;
  const known = values.filter((v): v is number => v !== null);
  const range = known.length ? `from ${format(Math.min(...known))} to ${format(Math.max(...known))}` : 'not known';
  return `${values.length} machines, ${range} (${note ? `${note}; ` : ''}each machine's in --json's ${jsonKey})`;
}

/**
 * Receives logged before their sends: the machines' wall clocks disagree (machines on several hosts), or a logger of
 * one's own times its sends after writing them, not the network;
 * or, where a machine logged a second connection claiming the sender of such a receive, that connection's frames paired
 * with the sender's sends. A claim alone says nothing (a restarted machine's new connection is one until its old closes).
 */
function belowZeroNote(count: number, claims: RunMetrics['claimsBeforeSends']): string {
  if (count === 0) return '';
  const claimed = claims
    .map(({ machine, id }) => `machine ${machine} logged a second connection claiming machine ${id} (a stranger, or a second copy of it), whose frames may pair with machine ${id}'s sends`)
    .join('; ');
  const before = `${grouped(count)} ${count === 1 ? 'receive was' : 'receives were'} logged before ${count === 1 ? 'its send' : 'their sends'}`;
  // A logger of one's own that times a send after writing its frames does the same on one host.
  const clocks = "the machines' clocks disagree (on several hosts?), or a machine logs a send after its frames went out, so latency is off by that much";
  return claimed ? `; ${before}: ${claimed}; or ${clocks}` : `; ${before}: ${clocks}`;
}

/** Label / value rows about the run as a whole. */
export function runTable(run: RunAnalysis): TableData {
  const { messages, latency, machines } = run.metrics;
  const c = run.causality;
  const rows: string[][] = [
    ['messages', messagesLine(run)],
    [
      'latency',
      latency.count === 0
        ? 'no matched messages'
        : `p50 ${latencyText(latency.p50)}, p99 ${latencyText(latency.p99)}, max ${latencyText(latency.max)}, from a send to the tick that takes it off the queue ` +
          `(${grouped(latency.count)} ${latency.count === 1 ? 'send' : 'sends'} matched to receives)` +
          belowZeroNote(run.metrics.latencyBelowZero, run.metrics.claimsBeforeSends),
    ],
    // Tick events only, as the first notebook counted its log lines: start, stop and connect records would pull a
    // short run's ratio away from the rates (--json keeps every record's count in logEntries).
    // A run stopped before any machine ticked has no ratio to give (`0 : 0 : 0 = -` read as a broken figure).
    ['log entries', machines.every((m) => m.ticks === 0) ? 'no tick events: no machine ticked' : proportions(machines.map((m) => m.ticks), 'tickEntries', 'tick events')],
    ['rates', proportions(machines.map((m) => m.rate), 'rates', undefined, rateText)],
    ...phaseRow(run.metrics.tickPhaseSpreadMs, machines),
    ['vector clocks', vectorClocksText(c)],
  ];
  // Warnings other than refusals (a peer sending what a machine cannot read, a peer missing or stalled): how many where.
  const warned = machines.filter((m) => m.warnings > 0);
  if (warned.length) {
    const each = warned.map((m) => `${grouped(m.warnings)} on machine ${m.machine}`).join(', ');
    rows.push(['warnings', `${each} (the WARN lines of ${warned.length === 1 ? 'its log' : 'their logs'} say what)`]);
  }
  // Sends that went nowhere on a row of their own: under 'unpaired' they read as receives without a send.
  if (messages.dropped) {
    rows.splice(1, 0, [
      'not sent',
      `${grouped(messages.dropped)} ${messages.dropped === 1 ? 'message not sent because its peer was' : 'messages not sent because their peer was'} not connected or not reading (in send records' dropped)`,
    ]);
  }
  if (messages.unknownSender || messages.unmatchedReceives) {
    rows.splice(1, 0, [
      'unpaired',
      `${grouped(messages.unknownSender)} ${messages.unknownSender === 1 ? 'receive' : 'receives'} from an unknown sender, ${grouped(messages.unmatchedReceives)} with no matching send`,
    ]);
  }
  // A log from another run explains the odd numbers around it: said first.
  const foreign = run.problems.filter((p) => p.kind === 'foreign-log');
  rows.unshift(...foreign.map((p, i) => [i === 0 ? 'another run?' : '', `${basename(p.file)}: ${p.message}`]));
  const killed = killedForGood(run);
  const ended = machines.filter((m) => m.crashed && !m.logCutShort).map((m) => m.machine);
  // Started by hand (no run.json): a machine whose log a running process writes is running; the others crashed.
  const running = ended.filter((id) => run.logsOpen.has(id));
  const goingByRunJson = run.mayStillBeRunning && running.length === 0;
  const crashed = goingByRunJson ? ended : ended.filter((id) => !killed.has(id) && !run.logsOpen.has(id));
  const killedOnes = goingByRunJson ? [] : ended.filter((id) => killed.has(id));
  if (killedOnes.length) rows.push(['killed', `${machinesText(killedOnes)} (by the fault schedule, not restarted: no stop record)`]);
  if (running.length) rows.push(['still running', `${machinesText(running)} (no stop record yet: ${running.length === 1 ? 'its log is' : 'their logs are'} open for writing in a running process)`]);
  if (crashed.length) {
    rows.push(
      goingByRunJson
        ? ['no stop record', `${machinesText(crashed)} (still running, or crashed)`]
        : ['crashed', `${machinesText(crashed)} (no stop record${logWriteFailureText(run.info, crashed)})`],
    );
  }
  // No machine has a stop record, yet none is crashed (metrics.ts): said once, where the crashed line would be.
  if (run.metrics.endUnknown) rows.push(['note', UNKNOWN_END_ANALYZE_NOTE]);
  // A receive whose clock is not max(clock, message clock) + 1 breaks Lamport's rule (a hand-made machine that forgot
  // the max, a hand-edited log): the jumps and drift then mean little, and check says where.
  const offRule = machines.filter((m) => m.receivesOffRule > 0);
  if (offRule.length) {
    const counts = offRule.length === 1 ? ` (${plural(offRule[0]!.receivesOffRule, 'receive')})` : '';
    rows.push(['clock rule broken', `${machinesText(offRule.map((m) => m.machine))}${counts}: a receive did not set the clock to max(clock, message clock) + 1, so the jumps and drift above mean little; npm run check names the records`]);
  }
  const cutShort = machines.filter((m) => m.logCutShort).map((m) => m.machine);
  if (cutShort.length) rows.push(['log cut short', `${machinesText(cutShort)} (no stop record, but run.json says it stopped)`]);
  const restarted = machines.filter((m) => m.incarnations > 1);
  if (restarted.length) rows.push(['restarted', restarted.map((m) => `machine ${m.machine} (${m.incarnations} incarnations${catchUpText(m)}${restartWaitText(m)})`).join(', ')]);
  if (run.metrics.lostMessages.length) {
    rows.push([
      'lost',
      run.metrics.lostMessages
        .map((l) => {
          const why = l.reason === 'connection' ? (l.senderEnded ? 'broken connection: the sender ended' : 'broken connection') : run.mayStillBeRunning ? 'crash, or not received yet' : 'crash';
          // One bracket, `(incarnation 1, crash)`, not two side by side.
          const incarnation = l.incarnation > 1 || machines.find((m) => m.machine === l.to)!.incarnations > 1 ? `incarnation ${l.incarnation}, ` : '';
          return `${l.count} from ${l.from} to ${l.to} (${incarnation}${why})`;
        })
        .join(', '),
    ]);
  }
  const late = lateTicksRow(machines);
  if (late) rows.push(late);
  // Beside the rates, whose ratio it explains.
  const short = shortTickingRow(machines);
  if (short) rows.splice(rows.findIndex((r) => r[0] === 'rates') + 1, 0, short);
  const node = nodeRow(machines);
  if (node) rows.push(node);
  faultLines(run).forEach((line, i) => rows.push([i === 0 ? 'faults' : '', line]));
  const notStarted = run.problems.filter((p) => p.kind === 'not-started');
  const problems = run.problems.length - notStarted.length;
  if (notStarted.length) {
    const them = notStarted.length === 1 ? 'it' : 'they';
    rows.push(['not started', `${machinesText(notStarted.map((p) => machineOfFile(p.file)))}: the run was stopped before ${them} started`]);
  }
  if (problems) rows.push(['input problems', `${problems} (see the messages on stderr)`]);
  return { columns: [{ header: 'run' }, { header: '' }], rows };
}

/**
 * `sent 91, received 68, left in queues 3, refused (queue full) 20`, with `lost` in runs with faults; every message
 * sent counts once (metrics.ts), and what does not add up is said: sends a killed machine never logged, or messages
 * not accounted for.
 */
export function messagesLine(run: RunAnalysis): string {
  const { messages, machines, endUnknown } = run.metrics;
  let line = `sent ${grouped(messages.sent)}, received ${grouped(messages.received)}, left in queues ${grouped(messages.leftInQueues)}`;
  if (messages.refused) line += `, refused (queue full) ${grouped(messages.refused)}`;
  if (hasFaults(run)) line += `, lost ${grouped(messages.lost)}`;
  const cutShort = machines.filter((m) => m.logCutShort).map((m) => m.machine);
  // Machines with an incarnation that ended without a stop record (the last, or one a restart followed).
  const crashed = machines.filter((m) => (m.crashed && !m.logCutShort) || m.incarnations > 1).map((m) => m.machine);
  // Logs not in the folder (a student's left out, one removed during the run) hold their machines' sends and receives.
  const absent = run.problems.filter((p) => p.kind === 'missing-file').map((p) => machineOfFile(p.file));
  // And logs there that gave no record: as good as missing for the messages.
  const unread = logsWithoutRecords(run);
  const one = absent.length + unread.length === 1;
  const logsOf = (ids: number[], is: string, are: string) => (ids.length ? `the ${ids.length === 1 ? 'log' : 'logs'} of ${machinesText(ids)} ${ids.length === 1 ? is : are}` : '');
  const missing = [logsOf(absent, 'is missing', 'are missing'), logsOf(unread, 'has no readable record', 'have no readable record')].filter(Boolean).join(' and ');
  if (messages.unloggedSends) {
    // Frames from a connection that never said hello (or a second claim of a connected machine) are nobody's sends.
    const unknown = messages.unknownSender
      ? `frames from an unknown sender (${grouped(messages.unknownSender)} received, others may still be queued) are nobody's logged sends`
      : '';
    // A kill the fault schedule made is said as one (faults.jsonl or run.json's schedule has it), a crash as a crash.
    const killed = new Set(run.faults.filter((w) => w.kind === 'kill').map((w) => w.machine));
    const ended = crashed.every((id) => killed.has(id))
      ? `${crashed.length === 1 ? 'was' : 'were'} killed by the fault schedule`
      : crashed.some((id) => killed.has(id))
        ? 'crashed or were killed'
        : 'crashed';
    const why = crashed.length
      ? `${machinesText(crashed)} ${ended} (no stop record) before ${crashed.length === 1 ? 'its last lines reached its log' : 'their last lines reached their logs'}${unknown ? `, and ${unknown}` : ''}`
      : (missing && `${missing}, and ${one ? 'its' : 'their'} sends with ${one ? 'it' : 'them'}`) ||
        unknown ||
        (endUnknown
          ? 'the end of the run is unknown, and a machine killed before its last lines reached its log would explain it'
          : 'no machine crashed, so their sends should be in the logs');
    line += `; ${grouped(messages.unloggedSends)} more received, queued or refused than logged sends: ${why}`;
  }
  if (messages.unaccounted) {
    // A missing log holds its machine's receives: the first thing to say.
    const why = missing
      ? `${missing}, and ${one ? 'its' : 'their'} receives with ${one ? 'it' : 'them'}`
      : cutShort.length
        ? `the log of ${machinesText(cutShort)} was cut short`
        : messages.sentToStopped
          ? stoppedRecipientsText(messages.sentToStopped, messages.unaccounted, messages.sentToStoppedMachines)
          : endUnknown
            ? 'still queued or in flight when the logs end (the end of the run is unknown)'
            : 'in flight when the logs end, or lost without a crash or a broken connection to explain it';
    line += `; ${grouped(messages.unaccounted)} sent but neither received, queued, refused nor lost: ${why}`;
  }
  if (messages.lost && run.mayStillBeRunning) {
    line += run.logsOpen.size
      ? '; a machine is still running: "lost" counts messages still queued or in flight'
      : '; run.json has no end time: if the run is still going, "lost" counts messages still queued or in flight';
  }
  return line;
}

/**
 * Why sends went unaccounted: `2 of them sent to machine 1 after its stop record (...)`. The count is net (of receives
 * that match no logged send, of frames from unknown senders, of such sends received after all when the machines'
 * clocks disagree), so it can be below the sends to stopped machines: then those sends may account for it, not "22 of
 * them" of 21.
 */
function stoppedRecipientsText(sentToStopped: number, unaccounted: number, machines: readonly number[]): string {
  const whom = `${machinesText(machines)} after ${machines.length === 1 ? 'its stop record' : 'their stop records'} (the machines did not stop together)`;
  return sentToStopped <= unaccounted
    ? `${grouped(sentToStopped)} of them sent to ${whom}`
    : `the ${plural(sentToStopped, 'message')} sent to ${whom} may account for ${unaccounted === 1 ? 'it' : 'them'}`;
}

/**
 * Read aloud in a class: how many pairs no chain of messages links, how many of those Lamport clocks order all the same
 * (the rest have equal clocks), and what share of the pairs Lamport clocks order that is: `100 events, 1,020 concurrent
 * pairs (no chain of messages between them), 972 of which Lamport clocks order all the same (the other 48 have equal
 * clocks): 19.8% of the 4,902 pairs Lamport clocks order`.
 */
function vectorClocksText(c: RunAnalysis['causality']): string {
  if (c.events === 0) return 'no tick events';
  const concurrent = `${grouped(c.events)} events, ${grouped(c.concurrentPairs)} concurrent pairs (no chain of messages between them)`;
  if (c.lamportOrderedPairs === 0) return `${concurrent}; Lamport clocks put no pair in order`;
  const ordered = `the ${grouped(c.lamportOrderedPairs)} pairs Lamport clocks order`;
  if (c.concurrentPairs === 0) return `${concurrent}; ${ordered} are all in the order of a chain of messages`;
  const equal = c.concurrentPairs - c.concurrentLamportOrderedPairs;
  const equalText = equal > 0 ? ` (the other ${grouped(equal)} ${equal === 1 ? 'ties' : 'tie'})` : '';
  // The teaching point last, in one reading: how much of the order Lamport clocks give no message stands behind.
  return (
    `${concurrent}; Lamport clocks order ${grouped(c.concurrentLamportOrderedPairs)} of them anyway${equalText}: ` +
    `${percent(share(c.concurrentLamportOrderedPairs, c.lamportOrderedPairs))} of ${ordered} have no chain of messages behind that order`
  );
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

/** What the cross-run table's last two columns hold. */
const EXPERIMENT_SETTINGS_NOTE = "internal p, seed: the run's internal probability and seed (differ: its machines were given different ones; -: not recorded)";

/** The second notebook's results table: one row per machine per run. */
export function experimentTable(analysis: Analysis): TableData {
  const columns: Column[] = [
    rightAligned('experiment'),
    { header: 'run' },
    rightAligned('machine'),
    rightAligned('rate/s'),
    rightAligned('max queue'),
    rightAligned('end queue'),
    rightAligned('clock difference'),
    // Beyond the notebook's columns: what else set the run apart (runs at p 0.2 and 0.8 otherwise read alike).
    rightAligned('internal p'),
    rightAligned('seed'),
  ];
  const rows = analysis.runs.flatMap((run, i) => {
    const settings = [settingCell(run, 'internalProbability'), settingCell(run, 'seed')];
    return run.metrics.machines.map((m) => [
      String(i + 1),
      run.name,
      String(m.machine),
      rateText(m.rate),
      grouped(m.maxQueue),
      grouped(m.endQueue),
      grouped(m.behind),
      ...settings,
    ]);
  });
  return { columns, rows, notes: [MAX_QUEUE_NOTE, EXPERIMENT_SETTINGS_NOTE] };
}

/**
 * How far apart the machines' tick schedules started: machines at one rate whose schedules started together tick at
 * the same instants (as in the simulator), and a message then never arrives between their ticks. A second or more
 * apart, the first and last machine are named: the first ticked without the last (machines started by hand too
 * slowly, a stagger longer than connectTimeoutMs).
 */
function phaseRow(spreadMs: number | null, machines: readonly MachineMetrics[]): string[][] {
  if (spreadMs === null) return [];
  // The logs' times have 1 ms steps: a spread below that is the same instant as far as they tell.
  if (spreadMs < 1) return [['tick phase', "the machines' tick schedules started together (to the logs' 1 ms)"]];
  if (spreadMs < 1000) {
    // For a simulated twin with these phases (a dozen machines at most: a longer list is for --json's tickPhaseMs).
    const phases = tickPhases(machines);
    const twin = phases.length <= 12 && phases.every((p) => p !== null) ? `; simulate --tick-offsets ${phases.join(',')} gives a twin these phases` : '';
    return [['tick phase', `the machines' tick schedules started within ${num(spreadMs, 1)} ms of each other${twin}`]];
  }
  const ticked = machines.filter((m) => m.tickingStart !== null).sort((a, b) => a.tickingStart! - b.tickingStart!);
  const [first, last] = [ticked[0]!.machine, ticked.at(-1)!.machine];
  return [['tick phase', `the machines' tick schedules started ${duration(spreadMs)} apart: machine ${first} first, machine ${last} last (the first ticked for that long without the last)`]];
}

/** A machine that ticked for less than this share of the others' median time, by a second or more, is named. */
const SHORT_TICKING_SHARE = 0.8;

/**
 * `ticked for`: machines that ticked much less time than the others, stopped early by hand or started late, so that
 * their log entries trail their rates; crashed and restarted machines are said elsewhere. The time is the stop record's
 * `tickingMs` when every machine's has one: a machine that ticked the whole run but could not keep its rate is not
 * short of time (the late-ticks row says it ran short of its ticks). Logs from before that field give ticks / rate.
 */
function shortTickingRow(machines: readonly MachineMetrics[]): string[] | null {
  const counted = machines.filter((m) => m.rate && m.ticks > 0 && !m.crashed && m.incarnations === 1);
  if (counted.length < 2) return null;
  const recorded = counted.every((m) => m.tickingMs !== null);
  const spans = counted.map((m) => ({ machine: m.machine, ms: recorded ? m.tickingMs! : (1000 * m.ticks) / m.rate!, paused: pausedOrStarved(m.maxLagMs, m.rate) }));
  const sorted = spans.map((s) => s.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const short = spans.filter((s) => s.ms < SHORT_TICKING_SHARE * median && median - s.ms >= 1000);
  if (!short.length) return null;
  const each = short.map((s) => `machine ${s.machine} ${duration(s.ms)}`).join(', ');
  // Counted as ticks / rate, a machine paused (SIGSTOP) or short of CPU ticks less too: its stop record's lateness says
  // so (the late-ticks row). Its tickingMs runs on through a pause.
  const why = !recorded && short.some((s) => s.paused) ? 'stopped early, started late or paused (see late ticks)' : 'stopped early or started late';
  const measure = recorded ? "stop records' tickingMs" : 'ticks / rate';
  return ['ticked for', `${each}, against a median of ${duration(median)} (${measure}): ${why}, so ${short.length === 1 ? 'its' : 'their'} log entries trail ${short.length === 1 ? 'its rate' : 'their rates'}`];
}

/** What a machine's latest start record says of its Node: `v20.20.2, jitless (V8's compilers off)`. */
function nodeBuildText(m: MachineMetrics): string {
  if (m.node === null) return 'not recorded';
  if (m.jitless === null) return m.node;
  return `${m.node}, ${m.jitless ? "jitless (V8's compilers off)" : "with V8's compilers"}`;
}

/**
 * `node`: the Node version the machines ran on and whether jitless, which a tick's lateness depends on; grouped by
 * machine when they differ (by hand and start-all, or logs from before the start record said). None for a simulated run.
 */
function nodeRow(machines: readonly MachineMetrics[]): string[] | null {
  if (!machines.some((m) => m.node !== null)) return null;
  const groups = new Map<string, number[]>();
  for (const m of machines) groups.set(nodeBuildText(m), [...(groups.get(nodeBuildText(m)) ?? []), m.machine]);
  if (groups.size === 1) return ['node', [...groups.keys()][0]!];
  return ['node', [...groups].map(([text, ids]) => `${text} for ${machinesText(ids)}`).join('; ')];
}

/** Late machines named in the row; past that, the latest of them. */
const LATE_SHOWN = 5;

/**
 * `late ticks`: machines whose stop records say a tick ran 100 ms or more, and a period or more, late: the ticks due
 * meanwhile ran at once on its return, which the records' times alone do not show.
 */
function lateTicksRow(machines: readonly MachineMetrics[]): string[] | null {
  const late = machines.filter((m) => pausedOrStarved(m.maxLagMs, m.rate));
  if (!late.length) return null;
  // Many machines late together (a host out of CPU): the latest few, then how many more, not one per machine.
  const many = late.length > LATE_SHOWN + 1;
  const shown = many ? [...late].sort((a, b) => b.maxLagMs! - a.maxLagMs! || a.machine - b.machine) : late;
  const texts = shown.map((m) => `machine ${m.machine} up to ${lagText(m.maxLagMs!)} ms`);
  const each = many ? `${firstAndMore(texts, LATE_SHOWN)} of ${late.length} machines` : texts.join(', ');
  // A machine well short of its ticks (as check's tick-rate counts them) did not catch up: most of its ticks never ran.
  const short = late.flatMap((m) => {
    const due = m.rate !== null && m.tickingMs !== null ? ticksDue(m.rate, m.tickingMs) : 0;
    // The only machine named already: `it`, not its name again.
    const who = late.length === 1 ? 'it' : `machine ${m.machine}`;
    return shortOfDue(m.ticks, due) ? [`${who} ran ${Math.floor((100 * m.ticks) / due)}% of the ${grouped(due)} due`] : [];
  });
  const after = short.length
    ? `${firstAndMore(short, LATE_SHOWN)}: the host could not keep ${short.length === 1 ? 'its rate' : 'their rates'}, and the ticks missed never ran${short.length < late.length ? "; the others' ran at once" : ''}`
    : 'the ticks due meanwhile ran at once';
  return ['late ticks', `${each} (stop records' maxLagMs): paused or short of CPU; ${after}`];
}
