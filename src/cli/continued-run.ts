// A machine started again on the log of a crashed run continues it: its incarnation, the settings it keeps, what it says.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { jsonlPath } from '../log/machine-log.js';
import { readLogEnd, type KEPT_SETTINGS, type LogEnd } from '../log/log-end.js';
import { machineOfLogName } from '../log/machine-file.js';
import { liveWriter, liveWriters } from '../log/live-writer.js';
import { notARunFolder, projectMarker } from '../log/claim-run-folder.js';
import { printable } from '../text/printable.js';
import { shellWord } from '../text/shell-word.js';
import { UsageError } from '../config/errors.js';
import { valueText } from '../text/value-text.js';
import { machinesText } from '../text/id-list.js';

/**
 * The incarnation a machine starts as: `--incarnation` (start-all's restarts), else the next one when its log in
 * `logDir` ends without a stop record (the machine crashed, or was killed, and is started again by hand), else 1. A run
 * continued by hand keeps the rate, seed and internal probability of its last start record (`kept`; options given on
 * the command line win), as start-all's restarts do; its console line (continuingLine) is made once the settings are
 * settled. A log that ends with a stop record holds a finished run: refused (a UsageError), as start-all refuses a
 * folder that holds a run.
 */
export function continuation(id: number, logDir: string, given: number | undefined): { incarnation: number | undefined; kept?: LogEnd; file?: string } {
  if (given !== undefined) return { incarnation: given };
  // `-l .` in the project, as start-all and simulate refuse it: the machine's logs would lie among the sources.
  const project = projectMarker(logDir);
  if (project) throw new UsageError(`machine ${id}: ${notARunFolder(logDir, project, join(logDir, 'logs', 'by-hand'))}`);
  const file = jsonlPath(logDir, id);
  const end = readLogEnd(file);
  // A file of that name with no start record in it is not a log this tool wrote: appending would hide it in a run.
  if (!end && existsSync(file) && statSync(file).size > 0) {
    throw new UsageError(`machine ${id}: ${file} is not a machine log (it holds no start record); give this run a folder of its own (--log-dir ${shellWord(freshFolderHint(logDir))}), or remove that file`);
  }
  if (!end) {
    // No log of its own, but another machine's there holds a finished run: this one would join a run that is over.
    const finished = finishedPeerLog(logDir, id);
    if (finished) {
      // Some of its machines still running: the run is not over, but it has begun to stop, so it is not joined either.
      const running = runningPeers(logDir, id);
      const run = running.length
        ? `a run that has begun to stop (${finished} ends with its stop record; ${machinesText(running)} ${running.length === 1 ? 'is' : 'are'} still running)`
        : `a finished run (${finished} ends with its stop record)`;
      throw new UsageError(`machine ${id}: ${logDir} holds ${run}, which a machine started now cannot join; give this run a folder of its own (--log-dir ${shellWord(freshFolderHint(logDir))})`);
    }
    return { incarnation: undefined };
  }
  // A second run appended to a finished one would make the folder fail check (`a second run starts here`), as start-all
  // and simulate refuse a folder that holds a run.
  if (end.stopped) {
    // Its peers still running on the folder: it cannot rejoin them (a run continues only after a crash), and a folder
    // of its own makes a separate run, which the hint must say; removing the log would lose its records.
    const running = runningPeers(logDir, id);
    if (running.length) {
      throw new UsageError(
        `machine ${id}: ${file} ends with its stop record, so machine ${id} cannot rejoin the run ${machinesText(running)} ${running.length === 1 ? 'is' : 'are'} still running on that folder ` +
          `(a machine continues its run only after a crash or a kill -9, with no stop record); to run it anyway, as a separate run: --log-dir ${shellWord(freshFolderHint(logDir))}`,
      );
    }
    throw new UsageError(`machine ${id}: ${file} holds a finished run; give this run a folder of its own (--log-dir ${shellWord(freshFolderHint(logDir))}), or remove that one`);
  }
  // Not crashed, only not stopped yet: another machine started on this folder (two users of logs/by-hand) is writing it.
  const writer = liveWriter(file);
  if (writer !== undefined) {
    throw new UsageError(`machine ${id}: ${file} is being written by a running process (pid ${writer}): machine ${id} already runs on this folder; stop it first, or give this run a folder of its own (--log-dir ${shellWord(freshFolderHint(logDir))})`);
  }
  return { incarnation: end.incarnation + 1, kept: end, file };
}

/** The name of another machine's log in `logDir` that ends with a stop record, if there is one. */
function finishedPeerLog(logDir: string, id: number): string | undefined {
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch {
    return undefined; // no folder yet: nothing in it
  }
  return names.find((name) => {
    const machine = machineOfLogName(name);
    return machine !== undefined && machine !== id && readLogEnd(join(logDir, name))?.stopped === true;
  });
}

/**
 * The other machines whose logs in `logDir` have no stop record yet and a running process writing them (liveWriters,
 * one look at /proc for them all), by id: the run a machine would leave if given a folder of its own.
 */
function runningPeers(logDir: string, id: number): number[] {
  const unfinished = new Map<string, number>();
  for (const name of readdirSync(logDir)) {
    const machine = machineOfLogName(name);
    const file = join(logDir, name);
    if (machine !== undefined && machine !== id && readLogEnd(file)?.stopped === false) unfinished.set(file, machine);
  }
  if (unfinished.size === 0) return [];
  const writers = liveWriters([...unfinished.keys()]);
  return [...unfinished].filter(([file]) => writers.has(file)).map(([, machine]) => machine).sort((a, b) => a - b);
}

/** `logs/by-hand-2`: the folder's name with the first number after it that names no folder yet. */
function freshFolderHint(logDir: string): string {
  // `-l run/` and `-l run/.` (a shell's completion) name `run`: the hint is its sibling, never a folder inside it.
  const named = normalize(logDir).replace(/(.)[\\/]+$/, '$1');
  // `by-hand-2` counts on from `by-hand`; start-all's `logs/20261207-211347-7` ends with its seed, not a count.
  const stamped = /(^|[\\/])\d{8}-\d{6}-\d+$/.test(named);
  const base = stamped ? named : named.replace(/-\d+$/, '');
  for (let n = 2; ; n++) if (!existsSync(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * A setting of a continued run, and where it came from: the command line, the start record continued, or neither
 * (`new`: the record had none; `replaced`: the record's was not a number it can run with).
 */
export interface ContinuedSetting {
  name: keyof typeof KEPT_SETTINGS;
  text: string;
  from: 'given' | 'kept' | 'new' | 'replaced';
}

/** Where a continued run's setting `name` comes from: the command line wins over the start record continued. */
export function settingSource(name: ContinuedSetting['name'], given: unknown, kept: LogEnd): ContinuedSetting['from'] {
  if (given !== undefined) return 'given';
  if (kept[name] !== undefined) return 'kept';
  return kept.ignored?.some((i) => i.name === name) ? 'replaced' : 'new';
}

/** `a`, `a and b`, `a, b and c`. */
const joined = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * The console line of a machine that continues a crashed run, naming the settings it really uses: those kept from the
 * start record it continues (`its rate 5/s and seed 5`), those given on its command line, and any the record lacked.
 */
export function continuingLine(id: number, file: string, incarnation: number, settings: readonly ContinuedSetting[], duration: string): string {
  const of = (from: ContinuedSetting['from']) => settings.filter((s) => s.from === from).map((s) => s.text);
  const groups = [
    of('kept').length ? `its ${joined(of('kept'))}` : '',
    of('given').length ? `the given ${joined(of('given'))}` : '',
    of('new').length ? `a new ${joined(of('new'))} (its start record had none)` : '',
    of('replaced').length ? `a new ${joined(of('replaced'))} (its start record's ${of('replaced').length > 1 ? 'are' : 'is'} not usable: see the warning)` : '',
  ].filter(Boolean);
  const uses = groups.length > 1 ? `${groups.slice(0, -1).join(', ')}, and ${groups.at(-1)}` : groups.join('');
  return `machine ${id}: ${file} ends without a stop record (the machine crashed or was killed): continuing that run as incarnation ${incarnation} with ${uses}; ${duration}`;
}

/**
 * How long a continued machine runs, for its continuing line: a start record keeps no duration, so without -d it is the
 * config's, which may not be what the first incarnation was given (`-d 0`): `it runs for 60 s (the config's
 * durationSeconds 60; its log keeps no duration: give -d as before)`, `it runs until Ctrl+C (-d 0)`.
 */
export function continuedDurationText(seconds: number, given: boolean): string {
  const runs = seconds === 0 ? 'it runs until Ctrl+C' : `it runs for ${seconds} s`;
  if (given) return `${runs} (-d ${seconds})`;
  return `${runs} (the config's durationSeconds ${seconds}; its log keeps no duration: give -d as before)`;
}

/**
 * One stderr line per setting of the continued start record that a machine cannot run with (a hand-edited or foreign
 * log: not a number, or out of range), naming the file, the setting, its value and what the machine uses instead:
 * `machine: warning: logs/machine-2.jsonl: its last start record's 'rate' should be a number greater than 0, is the string "fast"; ignored: machine 2 uses a new rate 4/s`.
 * An incarnation that is not a whole number from 1 is read as 1: said the same way, with the incarnation it starts as.
 */
export function ignoredSettingLines(id: number, file: string, kept: LogEnd, settings: readonly ContinuedSetting[], incarnation: number): string[] {
  const lines = (kept.ignored ?? []).map(({ name, value, should }) => {
    const used = settings.find((s) => s.name === name)!;
    const instead = `${used.from === 'given' ? 'the given' : 'a new'} ${used.text}`;
    return `its last start record's '${name}' should be ${should}, is ${valueText(value)}; ignored: machine ${id} uses ${instead}`;
  });
  if ('badIncarnation' in kept) {
    lines.push(`its last start record's 'incarnation' should be a whole number from 1, is ${valueText(kept.badIncarnation)}; read as 1: machine ${id} continues as incarnation ${incarnation}`);
  }
  // The values are the log's own text: a corrupted one must not drive the terminal.
  return lines.map((line) => printable(`machine: warning: ${file}: ${line}\n`));
}
