// A machine's log sink: machine-<id>.jsonl (the contract) and machine-<id>.log (human lines), plus the console when
// asked. Lines are appended asynchronously (the thread pool writes; a slow disk never stalls the tick timer), one
// write per file at a time, started at most every FLUSH_MS from the callback that logged: a few writes per second
// instead of one per record, whatever the rate. close() resolves once every line is in the files.
import { closeSync, mkdirSync, openSync, write } from 'node:fs';
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

/** Lines wait at most this long for the next write once one has started (longer only while a write is in flight). */
const FLUSH_MS = 25;
/** When nothing else logs, waiting lines go out after this long. */
const IDLE_FLUSH_MS = 100;
/** Text waiting for one file beyond which a write starts at once. */
const MAX_WAITING = 64 * 1024;

/** One file opened for appending: text waits while a write is in flight, then goes out in one write. */
class Appender {
  private readonly fd: number;
  private waiting = '';
  private writing = false;
  private failure: Error | undefined;
  private whenIdle: (() => void) | undefined;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  get waitingLength(): number {
    return this.waiting.length;
  }

  add(text: string): void {
    this.waiting += text;
  }

  /** Starts writing what waits, unless a write is in flight (then it waits for the next pump). */
  pump(): void {
    if (this.writing || this.waiting === '' || this.failure) return;
    const bytes = Buffer.from(this.waiting);
    this.waiting = '';
    this.writing = true;
    const from = (offset: number): void =>
      write(this.fd, bytes, offset, bytes.length - offset, null, (err, written) => {
        if (err) this.failure = err;
        else if (offset + written < bytes.length) return from(offset + written);
        this.writing = false;
        this.whenIdle?.();
      });
    from(0);
  }

  /** Writes everything that waits, then closes the file; rejects with the first write error. */
  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.whenIdle = () => {
        if (this.waiting && !this.failure) return this.pump();
        closeSync(this.fd);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      if (!this.writing) this.whenIdle();
    });
  }
}

/** Opens (appending) machine-<id>.jsonl and machine-<id>.log in `dir`. */
export function createMachineLog(options: MachineLogOptions): RecordSink {
  mkdirSync(options.dir, { recursive: true });
  const json = new Appender(jsonlPath(options.dir, options.machine));
  const human = new Appender(humanLogPath(options.dir, options.machine));
  const prefix = `M${options.machine} `;
  let consoleText = '';
  let lastFlush = -Infinity;
  let flushQueued = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  const flush = () => {
    flushQueued = false;
    clearTimeout(idleTimer);
    idleTimer = undefined;
    lastFlush = performance.now();
    json.pump();
    human.pump();
    if (consoleText) process.stdout.write(consoleText);
    consoleText = '';
  };
  return {
    write(record) {
      if (closing) throw new Error(`machine ${options.machine}: log written after it was closed`);
      const onDisk = toLogRecord(record);
      const line = humanLine(onDisk);
      json.add(JSON.stringify(onDisk) + '\n');
      human.add(line + '\n');
      if (options.console) consoleText += prefix + line + '\n';
      if (flushQueued) return;
      if (performance.now() - lastFlush >= FLUSH_MS || json.waitingLength > MAX_WAITING) {
        // After the callback that logged (a timer callback runs every tick that is due): one write for all of them.
        flushQueued = true;
        queueMicrotask(flush);
      } else idleTimer ??= setTimeout(flush, IDLE_FLUSH_MS);
    },
    close() {
      closing ??= (async () => {
        flush();
        await Promise.all([json.close(), human.close()]);
      })();
      return closing;
    },
  };
}
