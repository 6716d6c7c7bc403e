// The seeds of a run's start records: machines whose seeds differ ran in different runs (logs of two runs in one folder).
import type { CoreRecord } from '../core/records.js';
import { machinesText } from '../text/id-list.js';

/** Collects each machine's first start record's seed and says, at the end, when they differ. */
export class StartSeeds {
  private readonly seeds = new Map<number, number>();

  see(record: CoreRecord): void {
    if (record.event !== 'start' || (record.incarnation ?? 1) !== 1 || typeof record.seed !== 'number') return;
    if (!this.seeds.has(record.machine)) this.seeds.set(record.machine, record.seed);
  }

  /** `the start records' seeds differ: 42 (machines 1, 2), 7 (machine 3): ...`, or undefined when they agree. */
  note(): string | undefined {
    const bySeed = new Map<number, number[]>();
    for (const [machine, seed] of [...this.seeds].sort((a, b) => a[0] - b[0])) bySeed.set(seed, [...(bySeed.get(seed) ?? []), machine]);
    if (bySeed.size < 2) return undefined;
    const groups = [...bySeed].map(([seed, machines]) => `${seed} (${machinesText(machines)})`).join(', ');
    // Machines started by hand without -s (and a config without a seed) each pick one: the usual case, said first.
    return `the start records' seeds differ: ${groups}: machines started by hand without -s each pick their own (harmless; one -s for all gives the same rates and draws again); if these are logs of different runs in one folder, findings between them (links, conservation) mean little`;
  }
}
