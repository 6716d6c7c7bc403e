// Writes a simulated run's records into machine-<id>.jsonl and machine-<id>.log, in the same formats as a real run.
import { mkdirSync } from 'node:fs';
import type { CoreRecord, MachineRecord } from '../core/records.js';
import { humanLine } from '../log/format.js';
import { humanLogPath, jsonlPath } from '../log/machine-log.js';
import { IsoTimeCache } from './iso-time-cache.js';
import { LineFile } from './line-file.js';

/** Total characters buffered across all files before they are flushed, so memory stays bounded for many machines. */
const TOTAL_BUFFER_CHARS = 8 * 1024 * 1024;

export interface RunFolderSink {
  /** Routes a record to its machine's two files. */
  write(record: CoreRecord): void;
  /** Flushes and closes every file. */
  close(): void;
}

/**
 * Creates `dir` and one pair of files per machine (truncating any that exist). Each record is turned into its on-disk
 * form once, as toLogRecord does (time as ISO text, field order kept) but with a cached ISO formatter, and that form
 * gives both lines: JSON.stringify of it is jsonLine(record), and humanLine of it is humanLine(record). A test holds the
 * lines equal to jsonLine/humanLine for every kind of record.
 */
export function createRunFolderSink(dir: string, ids: readonly number[]): RunFolderSink {
  mkdirSync(dir, { recursive: true });
  const perFile = Math.max(4096, Math.min(64 * 1024, Math.floor(TOTAL_BUFFER_CHARS / (2 * Math.max(1, ids.length)))));
  const iso = new IsoTimeCache();
  const files = new Map<number, { json: LineFile; human: LineFile }>();
  for (const id of ids) {
    files.set(id, { json: new LineFile(jsonlPath(dir, id), perFile), human: new LineFile(humanLogPath(dir, id), perFile) });
  }
  return {
    write(record) {
      const pair = files.get(record.machine);
      if (!pair) throw new Error(`record for unknown machine ${record.machine}`);
      const onDisk = { ...record, time: iso.format(record.time) } as MachineRecord;
      pair.json.write(JSON.stringify(onDisk));
      pair.human.write(humanLine(onDisk));
    },
    close() {
      for (const pair of files.values()) {
        pair.json.close();
        pair.human.close();
      }
    },
  };
}
