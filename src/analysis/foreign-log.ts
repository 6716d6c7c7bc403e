// A machine log that belongs to another run: its first start record disagrees with run.json on the seed, rate or time.
import type { CoreRecord } from '../core/records.js';
import type { RunInfo } from '../log/run-info.js';
import { isoTime } from '../log/format.js';

/**
 * Slack around run.json's startTime and endTime, in ms. A real run's machines start after start-all writes startTime and
 * stop before it writes endTime, on the same clock; a simulated run's start records are at startTime exactly.
 */
const TIME_SLACK_MS = 1000;

/**
 * Why the first start record of a log (incarnation 1) says it is from another run than run.json's, or undefined when
 * it agrees or cannot tell. Only a first start is judged: a restart keeps the run's seed but starts later, and a run
 * continued by hand may be given another seed. Nothing is judged without run.json (machines started by hand).
 */
export function foreignLogReason(start: CoreRecord, info: RunInfo | null): string | undefined {
  if (!info || start.event !== 'start' || (start.incarnation ?? 1) !== 1) return undefined;
  const reasons: string[] = [];
  if (typeof info.seed === 'number' && typeof start.seed === 'number' && start.seed !== info.seed) {
    reasons.push(`has seed ${start.seed} but run.json says ${info.seed}`);
  }
  // start-all gives each machine run.json's rate: another one is another run's log, or an edited one.
  const rate = info.rates?.[String(start.machine)];
  if (typeof rate === 'number' && start.rate !== rate) reasons.push(`has rate ${start.rate}/s but run.json says ${rate}/s`);
  const from = typeof info.startTime === 'string' ? Date.parse(info.startTime) : NaN;
  const to = typeof info.endTime === 'string' ? Date.parse(info.endTime) : NaN;
  const before = Number.isFinite(from) && start.time < from - TIME_SLACK_MS;
  const after = Number.isFinite(to) && start.time > to + TIME_SLACK_MS;
  if (before || after) {
    // A run.json without a readable start time (read without it) has only its end to go by.
    const window = !Number.isFinite(to) ? `from ${info.startTime} on` : Number.isFinite(from) ? `${info.startTime} to ${info.endTime}` : `until ${info.endTime}`;
    reasons.push(`is at ${isoTime(start.time)}, outside the run's time in run.json (${window})`);
  }
  return reasons.length ? `its start record ${reasons.join(', and ')}: a log from another run?` : undefined;
}
