// A machine's log sink: winston with two file transports (JSONL contract, human lines) and an optional console.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import winston from 'winston';
import type { CoreRecord } from '../core/records.js';
import { humanLine, jsonLine } from './format.js';

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

/** The symbol winston's transports write (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

interface LineInfo {
  level: string;
  message: string;
  json: string;
  human: string;
}

const pick = (field: 'json' | 'human', prefix = '') =>
  winston.format((info) => {
    (info as Record<symbol, unknown>)[MESSAGE] = prefix + (info as unknown as LineInfo)[field];
    return info;
  })();

/** Opens (appending) machine-<id>.jsonl and machine-<id>.log in `dir`. */
export function createMachineLog(options: MachineLogOptions): RecordSink {
  mkdirSync(options.dir, { recursive: true });
  const files = [
    new winston.transports.File({ filename: jsonlPath(options.dir, options.machine), format: pick('json') }),
    new winston.transports.File({ filename: humanLogPath(options.dir, options.machine), format: pick('human') }),
  ];
  const transports: winston.transport[] = [...files];
  if (options.console) transports.push(new winston.transports.Console({ format: pick('human', `M${options.machine} `) }));
  const logger = winston.createLogger({ level: 'info', transports, exitOnError: false });
  let closing: Promise<void> | undefined;
  return {
    write(record) {
      logger.log({ level: 'info', message: '', json: jsonLine(record), human: humanLine(record) } satisfies LineInfo);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        let pending = files.length;
        for (const t of files) t.once('finish', () => --pending === 0 && resolve());
        logger.end();
      });
      return closing;
    },
  };
}
