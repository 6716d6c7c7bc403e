// Reads and validates a faults.json file, turning every failure into a one-line UsageError.
import { readFileSync } from 'node:fs';
import { UsageError } from '../config/errors.js';
import { parseFaultSchedule, type FaultSchedule } from './schedule.js';

export function loadFaultSchedule(path: string): FaultSchedule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err));
    throw new UsageError(`cannot read fault schedule ${path}: ${why}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseFaultSchedule(raw, path);
}
