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

  /**
   * Resolves once the records so far satisfy `test` (checked on every write); rejects after `timeoutMs` naming `what`
   * it waited for and the last records, so a failure says more than jest's own test timeout.
   */
  until(test: (records: CoreRecord[]) => boolean, what = 'a matching record', timeoutMs = 45_000): Promise<void> {
    if (test(this.records)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.records.slice(-3).map((r) => JSON.stringify(r)).join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.records.length} records, the last:\n  ${last}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  count(event: CoreRecord['event']): number {
    return this.records.filter((r) => r.event === event).length;
  }
}
