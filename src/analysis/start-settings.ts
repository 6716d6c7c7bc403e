// A start record's seed and internal probability that are not numbers (`"seed": "42"`): named, then dropped as absent.
import { valueText } from '../text/value-text.js';
import type { CoreRecord } from '../core/records.js';

/** The settings a start record may carry that the analysis reads as numbers. */
const SETTINGS = ['seed', 'internalProbability'] as const;

/**
 * One message per setting of a start record that is there but not a finite number (`start record: 'seed' should be a
 * number, is the string "42"; ignored`), each removed from the record, so every reader sees it as absent (null in
 * --json) rather than misreading it. Other records, and start records without such a setting, give nothing.
 */
export function takeIgnoredSettings(record: CoreRecord): string[] {
  if (record.event !== 'start') return [];
  const fields = record as unknown as Record<string, unknown>;
  const messages: string[] = [];
  for (const name of SETTINGS) {
    const value = fields[name];
    if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) continue;
    messages.push(`start record: '${name}' should be a number, is ${valueText(value)}; ignored (analysed as if absent)`);
    delete fields[name];
  }
  return messages;
}
