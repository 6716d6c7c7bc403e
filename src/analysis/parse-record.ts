// Parses one JSONL line of a machine log into a record with epoch-millisecond time, or says what is wrong with it.
import { valueText } from '../text/value-text.js';
import type { CoreRecord, EventKind } from '../core/records.js';

type FieldKind = 'count' | 'positiveCount' | 'positive' | 'ids' | 'idOrNull' | 'string';

/** A warn record of refused frames (one with `refused`) also needs these (records.ts, RefusalRecord). */
const REFUSAL: ReadonlyArray<readonly [string, FieldKind]> = [['refused', 'positiveCount'], ['from', 'idOrNull'], ['msgClock', 'count']];

/** The fields the analysis relies on, per event kind (other fields are passed through unchecked). */
const REQUIRED: Record<EventKind, ReadonlyArray<readonly [string, FieldKind]>> = {
  start: [['rate', 'positive'], ['peers', 'ids']],
  internal: [['clock', 'count'], ['tick', 'count'], ['queue', 'count']],
  send: [['clock', 'count'], ['tick', 'count'], ['to', 'ids'], ['queue', 'count']],
  receive: [['clock', 'count'], ['tick', 'count'], ['from', 'idOrNull'], ['msgClock', 'count'], ['queue', 'count']],
  stop: [['clock', 'count'], ['ticks', 'count'], ['queue', 'count']],
  connect: [['peer', 'count']],
  disconnect: [['peer', 'count']],
  warn: [['reason', 'string']],
};

/** Fields a record may leave out (or give as null) but must get right when it has them: an incarnation is a map key. */
const OPTIONAL: Partial<Record<EventKind, ReadonlyArray<readonly [string, FieldKind]>>> = {
  start: [['incarnation', 'positiveCount']],
  // Counted as messages not sent: a list of ids, as `to` is.
  send: [['dropped', 'ids']],
};

/** A whole number >= 0 that a double holds exactly. */
export const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function fits(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'count':
      return isCount(value);
    case 'positiveCount':
      return isCount(value) && (value as number) > 0;
    case 'positive':
      return typeof value === 'number' && Number.isFinite(value) && value > 0;
    case 'ids':
      return Array.isArray(value) && value.every(isCount);
    case 'idOrNull':
      return value === null || isCount(value);
    case 'string':
      return typeof value === 'string';
  }
}

const DESCRIBE: Record<FieldKind, string> = {
  count: 'a whole number >= 0',
  positiveCount: 'a whole number > 0',
  positive: 'a positive number',
  ids: 'a list of machine ids (numbers)',
  idOrNull: 'a machine id (a number) or null',
  string: 'a string',
};

/** Seconds with a fraction, as in `09:00:01.234`. */
const FRACTION = /:\d\d\.\d/;
/** A time zone at the end: `Z` or an offset (`+00:00`, `-0500`). Without one, Date.parse reads the host's local time. */
const ZONE = /(?:Z|[+-]\d\d:?\d\d)$/i;
const hasTimeZone = (text: string): boolean => text.charCodeAt(text.length - 1) === 90 || ZONE.test(text);

/**
 * `'time' has no time zone: "2026-12-01T10:00:00" (write UTC with a Z, ...)` for a time without a zone, else null: the
 * one check of machine logs and faults.jsonl alike (read as local time, it would move with the reader's TZ).
 */
export function missingTimeZone(text: string): string | null {
  return hasTimeZone(text) ? null : `'time' has no time zone: ${JSON.stringify(text)} (write UTC with a Z, e.g. 2026-12-04T09:00:01.234Z)`;
}

/**
 * An ISO-8601 date and time: seconds and their fraction optional, the zone optional here (missingTimeZone says so), the
 * year of four digits or, past 9999 (a long simulated run), signed six (`+010000`), as toISOString writes it.
 */
const ISO_SHAPE = /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Whether `text` is an ISO-8601 time that names a real instant. Date.parse alone also reads `1Z` (2001),
 * `01/02/2026 10:00Z` (month first) and `2026-02-30` (2 March).
 */
export function isIsoTime(text: string): boolean {
  const m = ISO_SHAPE.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999 (0000-02-29 is a leap day; 1900-02-29 is not).
  const monthEnd = new Date(0);
  monthEnd.setUTCFullYear(year, month, 0);
  const monthDays = monthEnd.getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= monthDays && hour <= 23 && minute <= 59 && second <= 59;
}

/** Epoch ms of an ISO-8601 time with its zone (isIsoTime, missingTimeZone), else NaN: for run.json and faults.jsonl. */
export function zonedIsoTimeMs(text: string): number {
  return isIsoTime(text) && hasTimeZone(text) ? Date.parse(text) : NaN;
}

/**
 * ISO-8601 time to epoch ms, with a fast path for the log's own format (`2026-01-01T00:00:01.250Z`): a log's times
 * share their first 19 characters for a whole second, so the second is parsed once and the milliseconds added.
 * Date.parse costs about half a microsecond, as much as the rest of a line's parsing; one parser per file.
 */
export class IsoTimeParser {
  private prefix = '';
  private base = NaN;
  /** The last time parsed had no fraction of a second (`09:00:01Z`): the file's time figures are only that exact. */
  lastWholeSeconds = false;

  parse(text: string): number {
    this.lastWholeSeconds = false;
    if (text.length === 24 && text.charCodeAt(19) === 46 && text.charCodeAt(23) === 90) {
      const a = text.charCodeAt(20) - 48;
      const b = text.charCodeAt(21) - 48;
      const c = text.charCodeAt(22) - 48;
      if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) {
        if (!text.startsWith(this.prefix) || this.prefix === '') {
          this.prefix = text.slice(0, 19);
          // Checked once a second of the log: a prefix that is no real instant gives NaN for every time in it.
          const whole = `${this.prefix}.000Z`;
          this.base = isIsoTime(whole) ? Date.parse(whole) : NaN;
        }
        return this.base + a * 100 + b * 10 + c;
      }
    }
    this.lastWholeSeconds = !FRACTION.test(text);
    return isIsoTime(text) ? Date.parse(text) : NaN;
  }
}

const defaultTimes = new IsoTimeParser();

/** A line that opens as a Python dict's str() does: `{'`, after optional spaces. */
const PYTHON_DICT = /^\s*\{'/;

/**
 * The record on `text`, with `time` turned into epoch milliseconds, or a one-line reason why the line is not a
 * valid record of machine `machine`.
 */
export function parseRecordLine(text: string, machine: number, times: IsoTimeParser = defaultTimes): CoreRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Python's str() of a dict ({'time': ..., 'machine': 1}) is the usual way a line gets single quotes.
    return PYTHON_DICT.test(text) ? "not valid JSON (single quotes: Python's str() of a dict? write json.dumps(record))" : 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const fields = value as Record<string, unknown>;
  const event = fields['event'];
  if (event === undefined) return "no 'event' field";
  if (typeof event !== 'string' || !Object.hasOwn(REQUIRED, event)) return `unknown event ${JSON.stringify(event)}`;
  if (fields['time'] === undefined) return "no 'time' field";
  const time = typeof fields['time'] === 'string' ? times.parse(fields['time']) : NaN;
  if (!Number.isFinite(time)) return `'time' is not an ISO-8601 time: ${JSON.stringify(fields['time'])}`;
  const zone = missingTimeZone(fields['time'] as string);
  if (zone !== null) return zone;
  const id = fields['machine'];
  if (id === undefined) return "no 'machine' field";
  // A string id ("1") said as a string: `'machine' is "1" in the log of machine 1` read as if 1 were not 1.
  if (typeof id !== 'number') return `'machine' should be a number, is ${valueText(id)}`;
  if (id !== machine) return `'machine' is ${id} in the log of machine ${machine}`;
  const required = event === 'warn' && fields['refused'] !== undefined ? [...REQUIRED.warn, ...REFUSAL] : REQUIRED[event as EventKind];
  const wrong = (name: string, kind: FieldKind) => {
    const value = fields[name];
    // A whole number past 2^53 - 1 (2^60, say) reads as whole but is not exact: said so, not only that it should be whole.
    const tooLarge = typeof value === 'number' && Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER;
    return `${event} record: '${name}' should be ${DESCRIBE[kind]}, is ${valueText(value)}${tooLarge ? ' (too large to be exact: over 2^53 - 1)' : ''}`;
  };
  for (const [name, kind] of required) {
    if (fields[name] === undefined) return `${event} record: no '${name}' field (it should be ${DESCRIBE[kind]})`;
    if (!fits(fields[name], kind)) return wrong(name, kind);
  }
  for (const [name, kind] of OPTIONAL[event as EventKind] ?? []) {
    if (fields[name] !== undefined && fields[name] !== null && !fits(fields[name], kind)) return wrong(name, kind);
  }
  if (event === 'send' && !Array.isArray(fields['dropped'])) fields['dropped'] = [];
  fields['time'] = time;
  return fields as unknown as CoreRecord;
}
