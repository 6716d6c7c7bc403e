// analyze's note about a ShiViz export that will not help: no event, too many events, or too many bytes to load.
import { shivizNote } from '../../src/analysis/shiviz-note.js';

test('a run with no event, and one with more events than ShiViz draws well, each get one line; a small export none', () => {
  expect(shivizNote('logs/a', 'a.log', 0)).toBe('shiviz: logs/a has no send, receive or internal event to export; the file holds only the header');
  expect(shivizNote('logs/a', 'a.log', 5000, 1e6)).toBeNull();
  expect(shivizNote('logs/a', 'a.log', 58_435)).toBe('shiviz: a.log holds 58,435 events; ShiViz gets slow in a browser past about 10,000 (a shorter run, or fewer machines, draws better)');
});

test('few events in a large file (many machines: every event carries a clock of each) are named by their size too', () => {
  expect(shivizNote('logs/a', 'a.log', 5000, 65e6)).toBe(
    'shiviz: a.log holds 5,000 events in 65.0 MB (each with the vector clock of every machine); ShiViz gets slow in a browser past about 10,000 events or 20.0 MB (a shorter run, or fewer machines, draws better)',
  );
});
