// What simulate --faults can model: latency toxics, links down and up, kills and restarts; other toxics are refused.
import type { FaultSchedule } from '../faults/schedule.js';

/**
 * The first event the simulator cannot model, as one line (`event 3 (events[2]): the simulator cannot model a slicer
 * toxic (...)`), or null. Bandwidth, slicer, timeout and reset_peer act on bytes and TCP timing, which a virtual-time
 * link of whole messages does not have.
 */
export function unsupportedFault(schedule: FaultSchedule): string | null {
  for (const [i, event] of schedule.events.entries()) {
    if (event.action === 'add' && event.toxic.type !== 'latency') {
      return `event ${i + 1} (events[${i}]): the simulator cannot model a ${event.toxic.type} toxic (latency, down/up, kill and restart only)`;
    }
  }
  return null;
}
