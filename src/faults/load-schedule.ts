// Reads and validates a faults.json file, turning every failure into a one-line UsageError.
import { readJsonFile } from '../config/json-file.js';
import { parseFaultSchedule, type FaultSchedule } from './schedule.js';

export function loadFaultSchedule(path: string): FaultSchedule {
  return parseFaultSchedule(readJsonFile(path, 'fault schedule'), path);
}
