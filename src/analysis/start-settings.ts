// A start record's settings of the wrong type (`"seed": "42"`, `"jitless": "yes"`): named, then dropped as absent.
import { valueText } from '../text/value-text.js';
import type { CoreRecord } from '../core/records.js';

/** The settings a start record may carry that the analysis reads, each with the type it reads it as. */
const SETTINGS = [
  ['seed', 'number'],
  ['internalProbability', 'number'],
  ['node', 'string'],
  ['jitless', 'boolean'],
] as const;

type SettingType = (typeof SETTINGS)[number][1];

const A_TYPE: Record<SettingType, string> = { number: 'a number', string: 'a string', boolean: 'true or false' };

const hasType = (value: unknown, type: SettingType): boolean =>
  type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type;

/**
 * One message per setting of a start record that is there but not of its type (`start record: 'seed' should be a
 * number, is the string "42"; ignored`), each removed from the record, so every reader sees it as absent (null in
 * --json) rather than misreading it. Other records, and start records without such a setting, give nothing.
 */
export function takeIgnoredSettings(record: CoreRecord): string[] {
  if (record.event !== 'start') return [];
  const fields = record as unknown as Record<string, unknown>;
  const messages: string[] = [];
  for (const [name, type] of SETTINGS) {
    const value = fields[name];
    if (value === undefined || hasType(value, type)) continue;
    messages.push(`start record: '${name}' should be ${A_TYPE[type]}, is ${valueText(value)}; ignored (analysed as if absent)`);
    delete fields[name];
  }
  return messages;
}
