// Streams a run's records: each machine log line by line (LineBatches, in batches), merged across machines in time order.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { batchLinesFor, LineBatches, MAX_LINE_CHARS } from './line-batches.js';
import { mergeByTime } from './merge-by-time.js';
import type { CoreRecord } from '../core/records.js';
import { IsoTimeParser, parseRecordLine } from './parse-record.js';
import type { ProblemSink } from './problems.js';
import { machineFilePath, type MachineFile, type RunFolder } from './run-folder.js';
import { humanBytes } from '../sim/log-size-guard.js';
import type { RunInfo } from '../log/run-info.js';
import { foreignLogReason } from './foreign-log.js';
import { shellWord } from '../text/shell-word.js';
import { takeIgnoredSettings } from './record-settings.js';
import { grouped } from '../text/grouped.js';

export { mergeByTime };

/** A record with where it came from, for counterexamples. */
export interface LocatedRecord {
  record: CoreRecord;
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  /** The line as it is on disk. */
  text: string;
}

async function endsWithNewline(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const buffer = Buffer.alloc(1);
    await handle.read(buffer, 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** The start of a UTF-16 file read as UTF-8: its byte order mark, or four characters each with a NUL beside it. */
const UTF16_START = /^(?:\uFFFD\uFFFD|(?:[^\0]\0|\0[^\0]){4})/;

/**
 * The valid records of one machine log, in file order, in batches. Bad lines are reported and skipped; a last line
 * with no newline that does not parse is reported as truncated. A file that cannot be read is reported and yields
 * nothing more. `batchLines`: see LineBatches. With the run's `info` (run.json), a first start record that says the
 * log is from another run is reported (see foreignLogReason), and the log is read all the same.
 */
export async function* readMachineLog(source: MachineFile, report: ProblemSink, batchLines?: number, info?: RunInfo | null): AsyncGenerator<LocatedRecord[]> {
  const file = source.path;
  let lineNo = 0;
  let bad: { line: number; reason: string; text: string } | undefined;
  const flushBad = (truncated: boolean): void => {
    if (!bad) return;
    // A file that is one unreadable line with no newline is not a log cut short by a crash, but records written
    // without newlines (`f.write(json.dumps(r))`): an invalid line, which check counts, not a crash's cut-off line.
    const oneLine = truncated && bad.line === 1;
    report(
      oneLine
        ? { kind: 'invalid', file, line: bad.line, text: bad.text, message: `${bad.reason}: the whole file is one line with no newline, so no record could be read (end every record with a newline)` }
        : truncated
          ? { kind: 'truncated', file, line: bad.line, text: bad.text, message: `truncated last line (no newline at the end, ${bad.reason}); skipped` }
          : { kind: 'invalid', file, line: bad.line, text: bad.text, message: `${bad.reason}; line skipped` },
    );
    bad = undefined;
  };
  let complete: boolean;
  try {
    complete = await endsWithNewline(file);
  } catch (error) {
    report({ kind: 'unreadable-file', file, message: `cannot read: ${(error as Error).message}` });
    return;
  }
  const times = new IsoTimeParser();
  const lines = new LineBatches(file, batchLines);
  let runs = 0;
  let secondRun = false;
  // The first record whose time has no fraction of a second, while none has had one; warned of at the end if none
  // ever has: one such time is no problem (Python's isoformat() leaves out a fraction of exactly 0).
  let wholeSeconds: { line: number; text: string } | undefined;
  let fractions = false;
  // A log whose first record names another machine (another machine's log copied or renamed to this name): its lines
  // that name that machine are one problem, said at the end, not one per line.
  let misnamed: { id: string; line: number; text: string; count: number } | undefined;
  let recordLines = 0;
  try {
    for (let texts = await lines.next(); texts && !secondRun; texts = await lines.next()) {
      const batch: LocatedRecord[] = [];
      for (let text of texts) {
        lineNo++;
        flushBad(false);
        if (typeof text !== 'string') {
          // Not read whole, so never parsed: a record is a few kB at most (see MAX_LINE_CHARS).
          bad = { line: lineNo, reason: `too long (${humanBytes(text.bytes)}; no record is over ${humanBytes(MAX_LINE_CHARS)})`, text: text.head };
          continue;
        }
        // UTF-16 (Windows PowerShell's `>` and Out-File write it): its byte order mark (read as two U+FFFD), or a NUL
        // byte beside each of the first characters; no line of it parses. One line that says so, not one `not valid
        // JSON` per line. Not any NUL: a crash can leave a log's first block zeroed, and its later lines still read.
        if (lineNo === 1 && UTF16_START.test(text)) {
          const path = shellWord(file);
          const converted = shellWord(`${file}.utf8`);
          report({ kind: 'unreadable-file', file, message: `UTF-16 text, not UTF-8 (Windows PowerShell's > and Out-File write UTF-16): convert it in its place, as with iconv -f UTF-16 -t UTF-8 ${path} > ${converted} && mv ${converted} ${path}; read without it` });
          return;
        }
        // A UTF-8 byte order mark (Windows editors, Python's utf-8-sig) before the first record: not part of it.
        if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        // Blank lines, spaces or tabs only included (an editor's indentation left on an empty line), hold no record.
        if (text.trim().length === 0) continue;
        const parsed = parseRecordLine(text, source.machine, times);
        recordLines++;
        if (typeof parsed === 'string') {
          const other = /^'machine' is (\d+) in the log of machine \d+$/.exec(parsed)?.[1];
          if (other !== undefined && (misnamed ? misnamed.id === other : recordLines === 1)) {
            misnamed ??= { id: other, line: lineNo, text: text.slice(0, 200), count: 0 };
            misnamed.count++;
            continue;
          }
          bad = { line: lineNo, reason: parsed, text: text.slice(0, 200) };
          continue;
        }
        if (!times.lastWholeSeconds) fractions = true;
        else if (!fractions) wholeSeconds ??= { line: lineNo, text: text.slice(0, 200) };
        // A restart's start record carries its incarnation; a second first start is a second run appended to the
        // file. Only the first run is read: mixing two would make one long run that breaks every rule.
        if (parsed.event === 'start' && (parsed.incarnation ?? 1) === 1 && ++runs === 2) {
          const message = 'a second run starts here (a start record of incarnation 1 again: restarts say "incarnation": 2 or more); only the first run of this log is read: give each run its own --log-dir';
          report({ kind: 'several-runs', file, line: lineNo, text: text.slice(0, 200), message });
          secondRun = true;
          break;
        }
        for (const message of takeIgnoredSettings(parsed)) report({ kind: 'ignored-setting', file, line: lineNo, text: text.slice(0, 200), message });
        if (parsed.event === 'start' && runs === 1 && info) {
          const reason = foreignLogReason(parsed, info);
          if (reason) report({ kind: 'foreign-log', file, line: lineNo, text: text.slice(0, 200), message: reason });
        }
        batch.push({ record: parsed, file, line: lineNo, text });
      }
      if (batch.length) yield batch;
    }
  } catch (error) {
    flushBad(false);
    report({ kind: 'unreadable-file', file, message: `cannot read: ${(error as Error).message}` });
  } finally {
    lines.close();
  }
  flushBad(!secondRun && !complete && bad?.line === lineNo);
  if (misnamed) {
    const { id, count, ...where } = misnamed;
    const lines = count === 1 ? `its line ${where.line} says` : `${grouped(count)} of its lines, from line ${where.line}, say`;
    const message = `${lines} 'machine': ${id}, not ${source.machine}: machine ${id}'s log under machine ${source.machine}'s name (copied or renamed?); skipped`;
    report({ kind: 'invalid', file, ...where, message });
  }
  if (wholeSeconds && !fractions) {
    const message = 'times have whole seconds only (no milliseconds): the time figures (latency, drift, tick phase) are only as exact as that';
    report({ kind: 'whole-second-times', file, ...wholeSeconds, message });
  }
  if (lineNo === 0) report({ kind: 'unreadable-file', file, message: 'empty log: no records' });
}

/**
 * All records of a run folder, merged in time order, in batches (consume with two loops). Also reports machines that
 * have no log though a start record names them as peers, a send record as a recipient (a send to a machine that is
 * not in the run), or a receive record as its sender.
 */
export async function* readRun(run: RunFolder, report: ProblemSink): AsyncGenerator<LocatedRecord[]> {
  const known = new Set(run.files.map((f) => f.machine));
  const reported = new Set<number>([...run.missing, ...run.notFiles]);
  const batchLines = batchLinesFor(run.files.length);
  for await (const batch of mergeByTime(run.files.map((f) => readMachineLog(f, report, batchLines, run.info)))) {
    for (const { record, file, line } of batch) {
      if (record.event !== 'start' && record.event !== 'send' && record.event !== 'receive') continue;
      // A receive from an unknown sender (from: null, a connection that said no peer's hello) names no machine.
      const named = record.event === 'start' ? record.peers : record.event === 'send' ? record.to : record.from === null ? [] : [record.from];
      for (const peer of named) {
        if (known.has(peer) || reported.has(peer)) continue;
        reported.add(peer);
        const why =
          record.event === 'start'
            ? `machine ${record.machine} names machine ${peer} as a peer`
            : `machine ${record.machine} ${record.event === 'send' ? 'sends to' : 'receives from'} machine ${peer} at ${basename(file)}:${line}`;
        report({ kind: 'missing-file', file: machineFilePath(run.dir, peer), message: `missing (${why}); read without it` });
      }
    }
    yield batch;
  }
}
