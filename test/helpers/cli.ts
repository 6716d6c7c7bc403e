// Runs the built CLIs (dist/scripts/*.js) as real processes, and writes configs with free ports for them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type Options } from 'execa';
import { trackChild } from './children.js';
import { freePorts } from './ports.js';
import { fromRoot, repoRoot } from './repo.js';
import { MACHINE_NODE_FLAGS } from '../../src/runner/machine-script.js';

/** A CLI's built script; the machine's is the bundle that `npm run machine` runs. */
export const script = (name: string) =>
  name === 'machine' ? fromRoot('dist', 'bundle', 'machine.mjs') : fromRoot('dist', 'scripts', `${name}.js`);

/**
 * Runs `node <script(name)> args` (in the repository's root unless `options.cwd` says otherwise) to its end without
 * throwing; returns stdout, stderr and the exit code. Tracked: ended after the test if still running.
 */
export function runScript(name: string, args: string[], options: Options = {}) {
  const flags = name === 'machine' ? MACHINE_NODE_FLAGS : [];
  return trackChild(execa(process.execPath, [...flags, script(name), ...args], { reject: false, stdin: 'ignore', cwd: repoRoot, ...options }));
}

/** Directories tempDir made in this test file, removed after it by test/setup/remove-temp-dirs.ts. */
const madeDirs: string[] = [];

/** A fresh directory under the system's temp folder; it is removed once the test file has run. */
export function tempDir(prefix = 'lamport-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir has made so far. */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A config file with `count` machines on free loopback ports, plus any settings given. */
export async function writeConfig(dir: string, count: number, settings: Record<string, unknown> = {}): Promise<string> {
  const ports = await freePorts(count);
  const machines = Object.fromEntries(ports.map((port, i) => [String(i + 1), { host: '127.0.0.1', port }]));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ machines, staggerMs: 50, ...settings }, null, 2));
  return file;
}
