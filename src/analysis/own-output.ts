// Tells the files analyze writes (an HTML report, a ShiViz log) by their first bytes, so that a later run may replace them.
import { closeSync, openSync, readSync } from 'node:fs';
import { SHIVIZ_HEADER } from './shiviz.js';

/** In the head of every HTML report (report.ts), before anything that depends on the runs. */
export const REPORT_GENERATOR = '<meta name="generator" content="lamport-lab analyze">';

/** The title every report has begun with, also those written before REPORT_GENERATOR was added. */
const REPORT_TITLE = '<title>lamport-lab report: ';

const HEAD_BYTES = 1024;

/** The first bytes of a file, as text. */
function head(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** What analyze writes: an HTML report (--report) or a ShiViz log (--shiviz). */
export type OutputKind = 'report' | 'shiviz';

/** Which of analyze's outputs a regular file begins as: 'empty', its kind, or null for someone else's file. */
export function writtenByAnalyze(file: string): OutputKind | 'empty' | null {
  const text = head(file);
  if (text === '') return 'empty';
  if (text.startsWith('<!doctype html>') && (text.includes(REPORT_GENERATOR) || text.includes(REPORT_TITLE))) return 'report';
  return text.startsWith(SHIVIZ_HEADER) ? 'shiviz' : null;
}
