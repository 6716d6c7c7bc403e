// A machine's log sink: machine-<id>.jsonl (the contract) and machine-<id>.log (human lines), plus the console when
// asked. Lines gathered while one callback runs (a timer callback runs every tick that is due) are appended with one
// synchronous write per file as soon as it returns: no stream machinery and no thread-pool round trip per record.
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreRecord } from '../core/records.js';
import { humanLine, toLogRecord } from './format.js';

export interface RecordSink {
  write(record: CoreRecord): void;
  /** Flushes and closes every file: resolves once all lines are on disk. */
  close(): Promise<void>;
}

export interface MachineLogOptions {
  dir: string;
  machine: number;
  /** Also print the human lines to stdout, prefixed by the machine id. */
  console?: boolean;
}

export function jsonlPath(dir: string, machine: number): string {
  return join(dir, `machine-${machine}.jsonl`);
}
export function humanLogPath(dir: string, machine: number): string {
  return join(dir, `machine-${machine}.log`);
}

/** Opens (appending) machine-<id>.jsonl and machine-<id>.log in `dir`. */
export function createMachineLog(options: MachineLogOptions): RecordSink {
  mkdirSync(options.dir, { recursive: true });
  const jsonFile = openSync(jsonlPath(options.dir, options.machine), 'a');
  const humanFile = openSync(humanLogPath(options.dir, options.machine), 'a');
  const prefix = `M${options.machine} `;
  let json = '';
  let human = '';
  let consoleText = '';
  let flushScheduled = false;
  let closed = false;
  const flush = () => {
    flushScheduled = false;
    if (json === '') return;
    // writeFileSync on a descriptor writes all of it at the end (the files are opened for appending).
    writeFileSync(jsonFile, json);
    writeFileSync(humanFile, human);
    if (consoleText) process.stdout.write(consoleText);
    json = '';
    human = '';
    consoleText = '';
  };
  return {
    write(record) {
      if (closed) throw new Error(`machine ${options.machine}: log written after it was closed`);
      const onDisk = toLogRecord(record);
      const line = humanLine(onDisk);
      json += JSON.stringify(onDisk) + '\n';
      human += line + '\n';
      if (options.console) consoleText += prefix + line + '\n';
      if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(flush);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      flush();
      closeSync(jsonFile);
      closeSync(humanFile);
    },
  };
}
