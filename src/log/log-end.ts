// How a machine's existing JSONL log ends, read backwards from its end: whether its last incarnation stopped (a stop
// record last) or crashed, which incarnation that was and its settings. A machine started again on the log continues it.
import { grouped } from '../text/grouped.js';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_SEED, SEED_RANGE } from '../core/random.js';
import { MAX_RATE } from '../config/schema.js';

export interface LogEnd {
  /** Whether the last readable record is a stop record. */
  stopped: boolean;
  /** The incarnation of the last start record (1 when it carries none). */
  incarnation: number;
  /** The last start record's settings, where it holds them as valid numbers: a run continued by hand keeps them. */
  rate?: number;
  seed?: number;
  internalProbability?: number;
  /** Settings the last start record holds but not as values a machine can run with (a hand-edited or foreign log): not kept. */
  ignored?: IgnoredSetting[];
  /** The last start record's incarnation when it is there but not a whole number from 1 (read as 1): its value. */
  badIncarnation?: unknown;
}

/** The settings a continued run keeps from the start record it continues, and what each must be (as --rate, --seed, -p). */
export const KEPT_SETTINGS = {
  rate: { should: `a number greater than 0 and at most ${grouped(MAX_RATE)}`, fits: (n: number) => n > 0 && n <= MAX_RATE },
  seed: { should: SEED_RANGE, fits: (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_SEED },
  internalProbability: { should: 'a number from 0 to 1', fits: (n: number) => n >= 0 && n <= 1 },
} as const;

/** A setting of the last start record that is there but not what it must be (`"rate": "fast"`, `"rate": -3`), and its value. */
export interface IgnoredSetting {
  name: keyof typeof KEPT_SETTINGS;
  value: unknown;
  /** What it must be: `a number greater than 0`. */
  should: string;
}

const CHUNK = 64 * 1024;

/**
 * The end of the JSONL log `file`: undefined when there is no such file or it holds no start record. Lines that are not
 * JSON (the half-written last line of a killed machine) are skipped. The log is read back to its last start record,
 * whether its last incarnation stopped or crashed.
 */
export function readLogEnd(file: string): LogEnd | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    return lastStart(fd);
  } catch (error) {
    // readSync's error names no file (EISDIR: a folder of that name): the machine's one line says which.
    (error as NodeJS.ErrnoException).path ??= file;
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** The log's last start record and whether a stop record follows it, read backwards from the end of `fd`. */
function lastStart(fd: number): LogEnd | undefined {
  let stopped: boolean | undefined;
  for (const line of linesBackwards(fd)) {
    // Once the last record is known, only a start record matters: other lines are not parsed (most of a long log).
    if (stopped !== undefined && !line.includes('start')) continue;
    const record = parse(line);
    if (!record) continue;
    stopped ??= record.event === 'stop';
    if (record.event === 'start') return { stopped, ...incarnationOf(record), ...settingsOf(record) };
  }
  return undefined;
}

type LoggedRecord = { event?: unknown; incarnation?: unknown; rate?: unknown; seed?: unknown; internalProbability?: unknown };

/**
 * The incarnation a start record names: 1 when it names none (a first start), and when it names something else than
 * a whole number from 1 (`"3"`, `2.5`, `1e999`), which is then `badIncarnation`: counting on from it would write a
 * start record no reader accepts (1e999 + 1 is written as null).
 */
function incarnationOf(record: LoggedRecord): Pick<LogEnd, 'incarnation' | 'badIncarnation'> {
  const value = record.incarnation;
  if (value === undefined) return { incarnation: 1 };
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return { incarnation: value };
  return { incarnation: 1, badIncarnation: value };
}

/**
 * The rate, seed and internal probability a start record holds as values a machine runs with; any other value of one
 * (not a finite number, or out of range: a negative rate would never tick) is `ignored`.
 */
function settingsOf(record: LoggedRecord): Pick<LogEnd, 'rate' | 'seed' | 'internalProbability' | 'ignored'> {
  const settings: Pick<LogEnd, 'rate' | 'seed' | 'internalProbability'> = {};
  const ignored: IgnoredSetting[] = [];
  for (const name of Object.keys(KEPT_SETTINGS) as (keyof typeof KEPT_SETTINGS)[]) {
    const { should, fits } = KEPT_SETTINGS[name];
    const value = record[name];
    if (typeof value === 'number' && Number.isFinite(value) && fits(value)) settings[name] = value;
    else if (value !== undefined) ignored.push({ name, value, should });
  }
  return ignored.length ? { ...settings, ignored } : settings;
}

function parse(line: string): LoggedRecord | undefined {
  try {
    const record: unknown = JSON.parse(line);
    return typeof record === 'object' && record !== null ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The file's lines from the last to the first, read CHUNK bytes at a time from the end. */
function* linesBackwards(fd: number): Generator<string> {
  let position = fstatSync(fd).size;
  /** The start of the line that begins before the bytes read so far: its bytes, up to the first newline read. */
  let carry = Buffer.alloc(0);
  while (position > 0) {
    const size = Math.min(CHUNK, position);
    position -= size;
    const chunk = Buffer.alloc(size);
    readSync(fd, chunk, 0, size, position);
    const bytes = Buffer.concat([chunk, carry]);
    let end = bytes.length;
    while (end > 0) {
      const nl = bytes.lastIndexOf(10, end - 1);
      if (nl === -1) break;
      if (end > nl + 1) yield bytes.toString('utf8', nl + 1, end);
      end = nl;
    }
    carry = Buffer.from(bytes.subarray(0, end));
  }
  if (carry.length > 0) yield carry.toString('utf8');
}
