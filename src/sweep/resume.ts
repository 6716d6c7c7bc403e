// A stopped sweep taken up again (--resume): the rows its journal or results.json holds, when run with the same spec.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../config/errors.js';
import { JOURNAL_FILE, readJournal } from './journal.js';
import type { ResultRow } from './results.js';
import type { RunRow } from './run-point.js';
import type { SweepSpec } from './spec.js';
import { METRIC_NAMES, type SweepMetrics } from './sweep-metrics.js';
import { specDifferences } from './spec-differences.js';
import { storedCommits } from './code-commits.js';
import { changedSchedules, type SweepSchedules } from './sweep-faults.js';
import { readResultsJson } from './read-results-json.js';

interface StoredResults {
  spec: unknown;
  interrupted: boolean;
  commits?: unknown;
  faultSchedules?: unknown;
  results: ResultRow[];
}

/** The sweep in `out` finished with the same spec: nothing is left to run (not an error: a retry loop stops there). */
export class NothingToResume extends Error {
  constructor(out: string) {
    super(`--resume: the sweep in ${out} finished: nothing to resume (its results are in ${join(out, 'results.json')})`);
  }
}

/** What a stopped sweep left to start from: its finished runs and the commits whose code ran them (code-commits.ts). */
export interface StoppedSweep {
  rows: RunRow[];
  commits: string[];
}

/**
 * The finished runs of the sweep stopped in `out`, as rows to start from, and the commits that ran them: its journal's
 * (finished-runs.jsonl, the rows as they came, so also after a kill -9), else its results.json's. Throws NothingToResume
 * for a sweep that finished with this spec. Refuses (UsageError) a folder without either, a sweep that finished with
 * another spec, and one run with another spec (its rows would belong to other points) or with fault schedules that
 * have changed since (`schedules`, as read now).
 */
export function stoppedSweep(out: string, spec: SweepSpec, schedules: SweepSchedules = new Map()): StoppedSweep {
  const file = join(out, 'results.json');
  const stored = existsSync(file) ? readResults(file) : undefined;
  if (stored && !stored.interrupted) {
    const differing = specDifferences(stored.spec, spec);
    if (differing.length === 0) throw new NothingToResume(out);
    throw new UsageError(
      `--resume: the sweep in ${out} finished with another spec (${differIn(differing)}; results.json holds it): ` +
        'a finished sweep is not extended, so run this spec with a new --out folder',
    );
  }
  const journal = readJournalOf(out);
  if (journal) {
    checkSameSpec(journal.spec, spec, out, JOURNAL_FILE);
    checkSameSchedules(journal.faultSchedules, schedules, out, JOURNAL_FILE);
    return { rows: checkMetrics(journal.rows, JOURNAL_FILE), commits: journal.commits };
  }
  if (!stored) throw new UsageError(`--resume: ${out} holds no results.json nor ${JOURNAL_FILE}, so no stopped sweep to resume`);
  checkSameSpec(stored.spec, spec, out, 'results.json');
  checkSameSchedules(stored.faultSchedules, schedules, out, 'results.json');
  const rows = stored.results.map((r) => ({
    run: r.run,
    point: r.point,
    seed: r.seed,
    rates: r.rates,
    rateRatio: r.rateRatio,
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, r[m]])) as unknown as SweepMetrics,
    // An older version's rows have none: they stay without (machines.csv leaves them out, and the sweep says so).
    ...(Array.isArray(r.perMachine) ? { perMachine: r.perMachine } : {}),
  }));
  return { rows: checkMetrics(rows, 'results.json'), commits: storedCommits(stored.commits) };
}

/** The rows, when each has every metric this version keeps (one written by an older version may lack a newer one). */
function checkMetrics(rows: RunRow[], holder: string): RunRow[] {
  const lacking = METRIC_NAMES.find((m) => rows.some((r) => typeof r.metrics?.[m] !== 'number'));
  if (lacking) throw new UsageError(`--resume: the runs in ${holder} lack the ${lacking} metric (an older version of lamport-lab wrote them): run the sweep again in another --out`);
  return rows;
}

function readResults(file: string): StoredResults {
  let stored: StoredResults;
  try {
    stored = readResultsJson(file) as StoredResults;
  } catch (error) {
    throw new UsageError(`--resume: ${file} cannot be read: ${(error as Error).message}`);
  }
  if (!Array.isArray((stored as Partial<StoredResults> | null)?.results)) throw new UsageError(`--resume: ${file} is not a sweep's results`);
  return stored;
}

function readJournalOf(out: string): ReturnType<typeof readJournal> {
  try {
    return readJournal(out);
  } catch (error) {
    throw new UsageError(`--resume: ${join(out, JOURNAL_FILE)} cannot be read: ${(error as Error).message}`);
  }
}

/** `they differ in seeds, grid.durationSeconds`: the spec's fields that differ, as field names (`seeds differs` read oddly). */
const differIn = (fields: string[]): string => `they differ in ${fields.join(', ')}`;

function checkSameSpec(stored: unknown, spec: SweepSpec, out: string, holder: string): void {
  const differing = specDifferences(stored, spec);
  if (differing.length > 0) {
    throw new UsageError(
      `--resume: the sweep in ${out} was run with another spec (${differIn(differing)}); ` +
        `resume it with the same spec (${holder} holds it), or run this spec with a new --out folder`,
    );
  }
}

function checkSameSchedules(stored: unknown, schedules: SweepSchedules, out: string, holder: string): void {
  const changed = changedSchedules(stored, schedules);
  if (changed.length > 0) {
    throw new UsageError(
      `--resume: the fault schedule ${changed.join(', ')} changed since the sweep in ${out} was stopped (${holder} holds it as it was): ` +
        'its runs still to come would not match those that finished, so put it back, or run the sweep again with a new --out folder',
    );
  }
}
