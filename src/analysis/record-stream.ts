// Streams a run's records: each machine log line by line (readline), merged across machines in time order.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CoreRecord } from '../core/records.js';
import { parseRecordLine } from './parse-record.js';
import type { ProblemSink } from './problems.js';
import { machineFilePath, type MachineFile, type RunFolder } from './run-folder.js';

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

/**
 * The valid records of one machine log, in file order. Bad lines are reported and skipped; a last line with no
 * newline that does not parse is reported as truncated. A file that cannot be read is reported and yields nothing more.
 */
export async function* readMachineLog(source: MachineFile, report: ProblemSink): AsyncGenerator<LocatedRecord> {
  const file = source.path;
  let lineNo = 0;
  let bad: { line: number; reason: string; text: string } | undefined;
  const flushBad = (truncated: boolean): void => {
    if (!bad) return;
    report(
      truncated
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
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      lineNo++;
      flushBad(false);
      if (text.length === 0) continue;
      const parsed = parseRecordLine(text, source.machine);
      if (typeof parsed === 'string') bad = { line: lineNo, reason: parsed, text: text.slice(0, 200) };
      else yield { record: parsed, file, line: lineNo, text };
    }
  } catch (error) {
    flushBad(false);
    report({ kind: 'unreadable-file', file, message: `cannot read: ${(error as Error).message}` });
  } finally {
    lines.close();
    input.destroy();
  }
  flushBad(!complete && bad?.line === lineNo);
}

/**
 * Merges sorted streams by record time (ties: the earlier stream first). A stream whose times go backwards is
 * still read in its own order; consumers treat an earlier time as "now".
 */
export async function* mergeByTime(sources: AsyncIterator<LocatedRecord>[]): AsyncGenerator<LocatedRecord> {
  const heads = await Promise.all(sources.map((s) => s.next()));
  for (;;) {
    let best = -1;
    let bestTime = Infinity;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value.record.time < bestTime)) {
        best = i;
        bestTime = head.value.record.time;
      }
    }
    if (best < 0) return;
    const value = (heads[best] as IteratorYieldResult<LocatedRecord>).value;
    heads[best] = await sources[best]!.next();
    yield value;
  }
}

/** All records of a run folder, merged in time order. Also reports peers named in start records that have no log. */
export async function* readRun(run: RunFolder, report: ProblemSink): AsyncGenerator<LocatedRecord> {
  const known = new Set(run.files.map((f) => f.machine));
  const reported = new Set<number>(run.missing);
  for await (const located of mergeByTime(run.files.map((f) => readMachineLog(f, report)))) {
    const record = located.record;
    if (record.event === 'start') {
      for (const peer of record.peers) {
        if (known.has(peer) || reported.has(peer)) continue;
        reported.add(peer);
        report({
          kind: 'missing-file',
          file: machineFilePath(run.dir, peer),
          message: `missing (machine ${record.machine} names machine ${peer} as a peer); analysed without it`,
        });
      }
    }
    yield located;
  }
}
