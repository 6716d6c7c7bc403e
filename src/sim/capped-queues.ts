// The warning after a simulation whose queues reached their capacity: their max queue is the cap, not a measured figure.
import { idList } from '../text/id-list.js';
import { plural } from '../text/plural.js';
import type { SimMachineSummary } from './simulation.js';

/**
 * `machine 1's queue reached its capacity (maxQueue 20 in the config): its max queue is that cap, not how long the
 * queue would have grown, and 16 messages were refused`; undefined when no queue reached it.
 */
export function cappedQueueWarning(machines: readonly SimMachineSummary[], capacity: number): string | undefined {
  const capped = machines.filter((m) => m.maxQueue >= capacity);
  if (capped.length === 0) return undefined;
  const refused = capped.reduce((n, m) => n + m.overflow, 0);
  const who = capped.length === 1 ? `machine ${capped[0]!.id}'s queue` : `the queues of machines ${idList(capped.map((m) => m.id))}`;
  const its = capped.length === 1 ? 'its max queue is' : 'their max queue is';
  return (
    `${who} reached ${capped.length === 1 ? 'its' : 'their'} capacity (maxQueue ${capacity} in the config): ${its} that cap, ` +
    `not how long the queue would have grown${refused ? `, and ${plural(refused, 'message')} ${refused === 1 ? 'was' : 'were'} refused` : ''}`
  );
}
