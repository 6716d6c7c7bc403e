// A machine's log sink: winston with two file transports (JSONL contract, human lines) and an optional console.
// Lines are batched for up to FLUSH_MS (or MAX_BATCH lines): one winston message and one file write per batch instead
// of one per record, with the same bytes on disk; close() writes what is waiting before ending the files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import winston from 'winston';
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

/** How long a line may wait before its batch goes to winston, and the most lines in one batch. */
const FLUSH_MS = 20;
const MAX_BATCH = 2000;

/** The symbol winston's transports write (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/** One winston message: the lines of a batch, each transport writes its own joined by newlines (the transport adds the last). */
interface BatchInfo {
  level: string;
  message: string;
  json: string[];
  human: string[];
}

const pick = (field: 'json' | 'human', prefix = '') =>
  winston.format((info) => {
    const lines = (info as unknown as BatchInfo)[field];
    (info as Record<symbol, unknown>)[MESSAGE] = prefix + lines.join(`\n${prefix}`);
    return info;
  })();

/** The logger's own format: none (winston's default would JSON-encode every batch only for the transports to replace it). */
const passThrough = winston.format((info) => info)();

/** Opens (appending) machine-<id>.jsonl and machine-<id>.log in `dir`. */
export function createMachineLog(options: MachineLogOptions): RecordSink {
  mkdirSync(options.dir, { recursive: true });
  const files = [
    new winston.transports.File({ filename: jsonlPath(options.dir, options.machine), format: pick('json') }),
    new winston.transports.File({ filename: humanLogPath(options.dir, options.machine), format: pick('human') }),
  ];
  const transports: winston.transport[] = [...files];
  if (options.console) transports.push(new winston.transports.Console({ format: pick('human', `M${options.machine} `) }));
  const logger = winston.createLogger({ level: 'info', format: passThrough, transports, exitOnError: false });
  let json: string[] = [];
  let human: string[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (json.length === 0) return;
    logger.log({ level: 'info', message: '', json, human } satisfies BatchInfo);
    json = [];
    human = [];
  };
  let closing: Promise<void> | undefined;
  return {
    write(record) {
      const onDisk = toLogRecord(record);
      json.push(JSON.stringify(onDisk));
      human.push(humanLine(onDisk));
      if (json.length >= MAX_BATCH) flush();
      else flushTimer ??= setTimeout(flush, FLUSH_MS);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        flush();
        let pending = files.length;
        for (const t of files) t.once('finish', () => --pending === 0 && resolve());
        logger.end();
      });
      return closing;
    },
  };
}
