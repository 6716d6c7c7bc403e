// run.json's fields checked one by one as analyze and check read it: a field of the wrong kind (hand-edited, or
// another tool's) is left out and said, so the rest of the run is read as one without that field.
import { isJsonObject } from '../config/json-object.js';
import { valueText } from '../text/value-text.js';
import { MACHINE_ID } from '../config/schema.js';
import { zonedIsoTimeMs } from './parse-record.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
// With its zone: read as local time, a time without one would move with the reader's TZ, and check's verdict with it.
const isTime = (v: unknown): boolean => typeof v === 'string' && Number.isFinite(zonedIsoTimeMs(v));
/** A fault window as start-all and simulate write one: `{ from, to, label, kind, event, links: [[1, 2]], machine? }`. */
const isWindow = (w: unknown): boolean =>
  isJsonObject(w) &&
  isNumber(w.from) &&
  (w.to === null || isNumber(w.to)) &&
  typeof w.label === 'string' &&
  (w.kind === 'toxic' || w.kind === 'down' || w.kind === 'kill') &&
  Array.isArray(w.links) &&
  w.links.every((l) => Array.isArray(l) && l.length === 2 && l.every(isNumber)) &&
  (w.machine === undefined || isNumber(w.machine));

/** What each field the analysis reads must be, and the words for it. Fields not named here are kept as they are. */
const FIELDS: Record<string, { should: string; fits: (v: unknown) => boolean }> = {
  mode: { should: '"real" or "simulated"', fits: (v) => v === 'real' || v === 'simulated' },
  seed: { should: 'a whole number from 0', fits: (v) => isNumber(v) && Number.isInteger(v) && v >= 0 },
  rates: { should: 'an object of machine ids ("1") to rates', fits: (v) => isJsonObject(v) && Object.entries(v).every(([id, r]) => MACHINE_ID.test(id) && isNumber(r) && r > 0) },
  internalProbability: { should: 'a number from 0 to 1', fits: (v) => isNumber(v) && v >= 0 && v <= 1 },
  durationSeconds: { should: 'a number from 0', fits: (v) => isNumber(v) && v >= 0 },
  staggerMs: { should: 'a number from 0', fits: (v) => isNumber(v) && v >= 0 },
  delayMs: { should: 'a [min, max] pair of numbers', fits: (v) => Array.isArray(v) && v.length === 2 && v.every(isNumber) },
  startTime: { should: 'an ISO-8601 time with its zone (2026-01-01T00:00:00.000Z)', fits: isTime },
  endTime: { should: 'an ISO-8601 time with its zone, or null', fits: (v) => v === null || isTime(v) },
  config: { should: 'an object whose machines is an object', fits: (v) => isJsonObject(v) && (v.machines === undefined || isJsonObject(v.machines)) },
  tool: { should: 'an object', fits: isJsonObject },
  machines: { should: 'an object of machine ids to how each ended', fits: (v) => isJsonObject(v) && Object.values(v).every(isJsonObject) },
  faults: { should: 'an object whose windows are fault windows', fits: (v) => isJsonObject(v) && (v.windows === undefined || (Array.isArray(v.windows) && v.windows.every(isWindow))) },
  stoppedTogether: { should: 'true or false', fits: (v) => typeof v === 'boolean' },
  interrupted: { should: 'true or false', fits: (v) => typeof v === 'boolean' },
  interruptedBy: { should: 'a string', fits: (v) => typeof v === 'string' },
  stoppedEarly: { should: 'a string', fits: (v) => typeof v === 'string' },
  simulatedSeconds: { should: 'a number from 0', fits: (v) => isNumber(v) && v >= 0 },
};

/** `info` without its fields of the wrong kind, and one text per field left out: `"rates" should be ..., is the string "fast"`. */
export function checkedFields(info: Record<string, unknown>): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: [string, unknown][] = [];
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(info)) {
    // An own field only: `"toString": {}` must not find Object.prototype's.
    const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
    if (!field || field.fits(value)) kept.push([name, value]);
    else dropped.push(`"${name}" should be ${field.should}, is ${valueText(value)}`);
  }
  // fromEntries, not assignment: a `"__proto__"` field stays a field, as JSON.parse made it.
  return { kept: Object.fromEntries(kept), dropped };
}
