// The line analyze prints on stderr about a ShiViz log that will not help: one with no event, or too many to draw.

/**
 * ShiViz lays out every event in the browser: past about this many it is slow to load and to scroll. ShiViz's docs give
 * no figure; 10,000 is a round guess (docs/commands.md, analyze).
 */
const SHIVIZ_MANY_EVENTS = 10_000;

/**
 * `shiviz: <run> has no send, receive or internal event ...` or `shiviz: <file> holds 58,435 events; ...`, else null.
 * The file is written either way.
 */
export function shivizNote(run: string, file: string, events: number): string | null {
  if (events === 0) return `shiviz: ${run} has no send, receive or internal event to export; the file holds only the header`;
  if (events <= SHIVIZ_MANY_EVENTS) return null;
  return `shiviz: ${file} holds ${events.toLocaleString('en-US')} events; ShiViz gets slow in a browser past about ${SHIVIZ_MANY_EVENTS.toLocaleString('en-US')} (a shorter run, or fewer machines, draws better)`;
}
