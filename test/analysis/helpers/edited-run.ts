// A small real-format run folder of three machines whose log lines a test edits: logs as other tools might write them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { writeScriptedRun } from './scripted-run.js';

/** Writes the run under a fresh temp folder named from `prefix`, applies `edit` to every line of each log, removes run.json unless kept. */
export function editedRun(prefix: string, edit: (line: string, machine: number) => string, keepRunJson = false): string {
  const dir = join(tempDir(prefix), 'run');
  writeScriptedRun(dir, { rates: { 1: 4, 2: 2, 3: 3 }, durationMs: 5_000, latencyMs: 20, internalProbability: 0.5, seed: 3 });
  if (!keepRunJson) rmSync(join(dir, 'run.json'));
  for (const id of [1, 2, 3]) {
    const file = join(dir, `machine-${id}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.map((l) => (l === '' ? l : edit(l, id))).join('\n'));
  }
  return dir;
}
