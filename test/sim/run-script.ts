// Test helper: runs a built script (dist/scripts/<name>.js) as a user would and captures what they see.
import { spawnSync } from 'node:child_process';
import { script } from '../helpers/cli.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/scripts/<name>.js ...args` in `cwd` (with `env` added to the environment) and waits for it to exit. */
export function runScript(name: string, args: string[], cwd: string, env?: Record<string, string>): ScriptResult {
  const child = spawnSync(process.execPath, [script(name), ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: env && { ...process.env, ...env } });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
