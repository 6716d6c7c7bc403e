// Ctrl+C during a long check: one line on stderr saying nothing was checked, exit 130, not a silent end.
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { waitUntil } from '../helpers/wait.js';

const t = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

/** A run folder whose machine 1 ticked 1.5 million times (about 150 MB): seconds of reading for check. */
function bigRun(): string {
  const dir = tempDir();
  const ticks = 1_500_000;
  const lines = [JSON.stringify({ time: t(0), machine: 1, event: 'start', clock: 0, rate: 1000, peers: [], internalProbability: 1, seed: 1 })];
  for (let k = 1; k <= ticks; k++) lines.push(`{"time":"${t(k)}","machine":1,"event":"internal","clock":${k},"tick":${k},"queue":0}`);
  lines.push(JSON.stringify({ time: t(ticks), machine: 1, event: 'stop', clock: ticks, ticks, queue: 0, maxLagMs: 0, tickingMs: ticks }));
  writeFileSync(join(dir, 'machine-1.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/** Whether process `pid` has `file` open. */
function hasOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

test('check stopped while it reads the logs: one line on stderr, nothing on stdout, exit 130', async () => {
  const dir = bigRun();
  const child = runScript('check', [dir]);
  await waitUntil(() => hasOpen(child.pid!, join(dir, 'machine-1.jsonl')), 'check to open the log');
  child.kill('SIGINT');
  const r = await child;
  expect([r.exitCode, r.stdout, r.stderr]).toEqual([130, '', `check: interrupted while reading the logs of ${dir}; nothing checked`]);
});
