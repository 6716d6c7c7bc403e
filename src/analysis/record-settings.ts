// Settings of start and stop records of the wrong type (`"seed": "42"`, `"overflow": "0"`): named, then dropped as absent.
import { valueText } from '../text/value-text.js';
import { isCount } from './parse-record.js';
import type { CoreRecord } from '../core/records.js';

type SettingType = 'number' | 'nonNegative' | 'count' | 'string' | 'boolean';

/** The optional fields of start and stop records that the analysis reads, each with the type it reads it as. */
const SETTINGS: Partial<Record<CoreRecord['event'], ReadonlyArray<readonly [string, SettingType]>>> = {
  start: [
    ['seed', 'number'],
    ['internalProbability', 'number'],
    ['node', 'string'],
    ['jitless', 'boolean'],
  ],
  // Added up and compared as numbers: a string "0" would be concatenated (`0 + "0"` is "00").
  stop: [
    ['maxLagMs', 'nonNegative'],
    ['lagP50Ms', 'nonNegative'],
    ['lagP99Ms', 'nonNegative'],
    ['maxQueue', 'count'],
    ['overflow', 'count'],
    ['tickingMs', 'nonNegative'],
  ],
};

const A_TYPE: Record<SettingType, string> = { number: 'a number', nonNegative: 'a number >= 0', count: 'a whole number >= 0', string: 'a string', boolean: 'true or false' };

function hasType(value: unknown, type: SettingType): boolean {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'nonNegative') return typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (type === 'count') return isCount(value);
  return typeof value === type;
}

/**
 * One message per setting of a start or stop record that is there but not of its type (`start record: 'seed' should
 * be a number, is the string "42"; ignored`), each removed from the record, so every reader sees it as absent (null in
 * --json) rather than misreading it. Other records, and records without such a setting, give nothing.
 */
export function takeIgnoredSettings(record: CoreRecord): string[] {
  const settings = SETTINGS[record.event];
  if (!settings) return [];
  const fields = record as unknown as Record<string, unknown>;
  const messages: string[] = [];
  for (const [name, type] of settings) {
    const value = fields[name];
    if (value === undefined || hasType(value, type)) continue;
    messages.push(`${record.event} record: '${name}' should be ${A_TYPE[type]}, is ${valueText(value)}; ignored (analysed as if absent)`);
    delete fields[name];
  }
  return messages;
}
