// A RecordSink that keeps records in memory and lets a test wait for a record that matches.
import type { CoreRecord } from '../../src/core/records.js';
import type { RecordSink } from '../../src/log/machine-log.js';

export class MemorySink implements RecordSink {
  readonly records: CoreRecord[] = [];
  closed = false;
  private waiters: { test: (r: CoreRecord[]) => boolean; resolve: () => void }[] = [];

  write(record: CoreRecord): void {
    this.records.push(record);
    this.waiters = this.waiters.filter((w) => (w.test(this.records) ? (w.resolve(), false) : true));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Resolves once the records so far satisfy `test` (checked on every write). */
  until(test: (records: CoreRecord[]) => boolean): Promise<void> {
    if (test(this.records)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  count(event: CoreRecord['event']): number {
    return this.records.filter((r) => r.event === event).length;
  }
}
