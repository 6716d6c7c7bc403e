// A machine's log sink: winston with two file transports, machine-<id>.jsonl (the contract) and machine-<id>.log (human
// lines), plus a console transport when asked. Lines are gathered and handed to winston as one batch, so winston's
// per-call cost is paid per batch, not per record: at 5,000 ticks per second a record-by-record winston pipeline is
// most of a machine's CPU. No line waits more than 100 ms (a killed machine loses at most that much; the checker allows
// for it); the tick loop flushes before it sleeps (flushBefore), so a ticking machine needs no timer of the sink's own.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import winston from 'winston';
import type { CoreRecord } from '../core/records.js';
import { humanLine, toLogRecord } from './format.js';
import { MESSAGE, SyncFileTransport } from './sync-file-transport.js';
import { makeFolder } from './make-folder.js';

export interface RecordSink {
  /**
   * Buffers a record. `callerFlushes`: the caller (the tick loop) promises to call flushBefore before it sleeps, so the
   * sink arms no timer of its own for this record (arming and clearing one per tick costs the loop a wake-up).
   */
  write(record: CoreRecord, callerFlushes?: boolean): void;
  /**
   * Called by the tick loop before it sleeps `idleMs`: hands the buffered lines to the files now if waiting that long
   * would keep one past the batch time (a sink without batching need not implement it).
   */
  flushBefore?(idleMs: number): void;
  /** Flushes and closes every file: resolves once all lines are on disk. */
  close(): Promise<void>;
}

export interface MachineLogOptions {
  dir: string;
  machine: number;
  /** Also print the human lines to stdout, prefixed by the machine id. */
  console?: boolean;
  /**
   * Called when a file cannot be written (a full disk, say); the other file goes on. Without it the error is thrown
   * from winston's logger, which ends the process with a stack trace.
   */
  onError?: (error: Error) => void;
  /**
   * Longest a line waits before it is handed to winston, in ms (default 100). At 100 ticks/s, 100 ms batches make 10
   * winston calls a second instead of 40 with 25 ms: a fifth less CPU per machine in a 50-machine mesh (BENCHMARKS.md).
   */
  batchMs?: number;
}

export function jsonlPath(dir: string, machine: number): string {
  return join(dir, `machine-${machine}.jsonl`);
}
export function humanLogPath(dir: string, machine: number): string {
  return join(dir, `machine-${machine}.log`);
}

/** One batch of lines, each field the lines for one transport, joined by newlines (the transport adds the last one). */
interface BatchInfo {
  level: string;
  message: string;
  json: string;
  human: string;
  console: string;
}

const pick = (field: 'json' | 'human' | 'console') =>
  winston.format((info) => {
    (info as Record<symbol, unknown>)[MESSAGE] = (info as unknown as BatchInfo)[field];
    return info;
  })();

const passThrough = winston.format((info) => info);

/** A machine's two log files as a sink, and whether they are still where they were opened. */
export interface MachineLog extends RecordSink {
  /** Each file that its path no longer names (removed, moved away or replaced during the run), and why. */
  displaced(): { file: string; reason: string }[];
}

/** Opens (appending) machine-<id>.jsonl and machine-<id>.log in `dir`. */
export function createMachineLog(options: MachineLogOptions): MachineLog {
  makeFolder('log folder', options.dir);
  const files = [
    new SyncFileTransport(jsonlPath(options.dir, options.machine), { format: pick('json') }),
    new SyncFileTransport(humanLogPath(options.dir, options.machine), { format: pick('human') }),
  ];
  const transports: winston.transport[] = [...files];
  if (options.console) transports.push(new winston.transports.Console({ format: pick('console') }));
  // The logger's own format must not be winston's default json(): that would serialize every batch once more, only for
  // the transports to replace the text with their own field.
  const logger = winston.createLogger({ level: 'info', format: passThrough(), transports, exitOnError: false });
  const onError = options.onError;
  if (onError) logger.on('error', (error: Error) => onError(error));
  const prefix = `M${options.machine} `;
  const batchMs = options.batchMs ?? 100;
  let json: string[] = [];
  let human: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** When the oldest buffered line was written (performance.now()). */
  let pendingSince = 0;
  let closing: Promise<void> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (json.length === 0) return;
    const batch: BatchInfo = {
      level: 'info',
      message: '',
      json: json.join('\n'),
      human: human.join('\n'),
      console: options.console ? human.map((l) => prefix + l).join('\n') : '',
    };
    json = [];
    human = [];
    logger.log(batch);
  };

  return {
    write(record, callerFlushes = false) {
      if (closing) throw new Error(`machine ${options.machine}: log written after it was closed`);
      const onDisk = toLogRecord(record);
      if (json.length === 0) pendingSince = performance.now();
      json.push(JSON.stringify(onDisk));
      human.push(humanLine(onDisk));
      // The start record goes out at once: a machine killed in its first 100 ms (a fault schedule's kill at 0 s) still
      // leaves a log that says it started.
      if (record.event === 'start') flush();
      else if (!callerFlushes) timer ??= setTimeout(flush, Math.max(0, batchMs - (performance.now() - pendingSince)));
    },
    flushBefore(idleMs) {
      if (json.length > 0 && performance.now() - pendingSince + idleMs >= batchMs) flush();
    },
    displaced() {
      return files.flatMap((t) => {
        const reason = t.displacement();
        return reason === undefined ? [] : [{ file: t.filename, reason }];
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        flush();
        let pending = files.length;
        const closed = () => --pending === 0 && resolve();
        for (const t of files) {
          if (!t.failed) t.once('finish', closed);
          else {
            t.close();
            closed();
          }
        }
        logger.end();
      });
      return closing;
    },
  };
}
