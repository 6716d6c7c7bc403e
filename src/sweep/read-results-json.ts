// Reads a sweep's results.json a line at a time when it has the layout the sweep writes (resultsJsonChunks: each run's
// row on a line of its own), so that one larger than a string may be can be resumed; any other layout is parsed whole.
import { readFileSync } from 'node:fs';
import { readLines } from './read-lines.js';

/** The line that opens the rows, and the one that closes them, as resultsJsonChunks writes them. */
const ROWS_OPEN = '  "results": [';
const ROWS_CLOSE = '  ]';

/** results.json's document, its `results` read a row a line; throws as JSON.parse does when it is not JSON. */
export function readResultsJson(file: string): unknown {
  return resultsByLines(file) ?? JSON.parse(readFileSync(file, 'utf8'));
}

/** The document read by its lines, or undefined when they do not have the sweep's layout. */
export function resultsByLines(file: string): unknown {
  const head: string[] = [];
  const rows: unknown[] = [];
  let part: 'head' | 'rows' | 'end' = 'head';
  let end = '';
  try {
    for (const line of readLines(file)) {
      if (part === 'head') {
        if (line === ROWS_OPEN) part = 'rows';
        else head.push(line);
      } else if (part === 'rows') {
        if (line === ROWS_CLOSE) part = 'end';
        else {
          const row: unknown = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
          if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
          rows.push(row);
        }
      } else end += line;
    }
    if (part !== 'end' || end.trim() !== '}') return undefined;
    const document: unknown = JSON.parse(`${head.join('\n')}\n"results": []\n}`);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
    return Object.assign(document, { results: rows });
  } catch {
    return undefined;
  }
}
