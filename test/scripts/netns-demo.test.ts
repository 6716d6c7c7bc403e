// scripts/netns-demo.sh: machines on three network namespaces, a partition made and healed, the logs checked; nothing left behind.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { fromRoot } from '../helpers/repo.js';

const namespaces = async () => (await execa('ip', ['netns', 'list'], { reject: false })).stdout;

test('runs across three namespaces and passes the checker, or says why it cannot and exits 0', async () => {
  const before = await namespaces();
  const r = await execa('bash', [fromRoot('scripts', 'netns-demo.sh'), '6'], { reject: false, cwd: fromRoot() });
  expect(r.exitCode).toBe(0);
  if (/skipped/.test(r.stderr)) {
    expect(r.stderr).toMatch(/^netns-demo: (needs root|needs iproute2|cannot create network devices)/);
    return;
  }
  expect(r.stdout).toMatch(/netns-demo: machines on (\d+\.){3}1, (\d+\.){3}2, (\d+\.){3}3/);
  // The demo leaves its run folder for the user; the test removes it, so test runs do not pile up in logs/.
  // It names the folder from the repository's root, where it runs.
  const named = /logs in (\S+)/.exec(r.stdout)?.[1];
  const runDir = named && resolve(fromRoot(), named);
  expect(runDir && existsSync(`${runDir}/machine-1.jsonl`)).toBe(true);
  rmSync(runDir!, { recursive: true, force: true });
  expect(r.stdout).toContain('partition: machines 1 and 3 cannot reach each other');
  expect(r.stdout).toContain('healed');
  expect(r.stdout).toContain('OK: every rule holds.');
  expect(await namespaces()).toBe(before);
});
