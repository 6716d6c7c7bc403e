// The line analyze prints on stderr about a ShiViz log that will not help: one with no event, or too many to draw.
import { grouped } from '../text/grouped.js';
import { humanBytes } from '../sim/log-size-guard.js';

/**
 * ShiViz lays out every event in the browser: past about this many it is slow to load and to scroll. ShiViz's docs give
 * no figure; 10,000 is a round guess (docs/commands.md, analyze).
 */
const SHIVIZ_MANY_EVENTS = 10_000;

/** Past this size (a vector clock per event, as long as the run has machines) ShiViz is slow to load however few the events. */
export const SHIVIZ_MANY_BYTES = 20e6;

/**
 * `shiviz: <run> has no send, receive or internal event ...` or `shiviz: <file> holds 58,435 events; ...` (or, given
 * the file's `bytes`, `holds 5,000 events in 65.0 MB`), else null. The file is written either way.
 */
export function shivizNote(run: string, file: string, events: number, bytes?: number): string | null {
  if (events === 0) return `shiviz: ${run} has no send, receive or internal event to export; the file holds only the header`;
  const big = bytes !== undefined && bytes > SHIVIZ_MANY_BYTES;
  if (events <= SHIVIZ_MANY_EVENTS && !big) return null;
  const size = big ? ` in ${humanBytes(bytes)} (each with the vector clock of every machine)` : '';
  const limits = `about ${grouped(SHIVIZ_MANY_EVENTS)}${big ? ` events or ${humanBytes(SHIVIZ_MANY_BYTES)}` : ''}`;
  return `shiviz: ${file} holds ${grouped(events)} events${size}; ShiViz gets slow in a browser past ${limits} (a shorter run, or fewer machines, draws better)`;
}
