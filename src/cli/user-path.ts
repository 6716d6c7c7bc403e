// A path typed on the command line, read from the folder the user typed it in, also when npm runs the script from the
// project root (`cd logs && npm run analyze -- <run>`).
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ranByNpm } from './npm-script.js';
import { shellWord } from '../text/shell-word.js';

/**
 * The folder npm was started in (INIT_CWD), when this process is the script npm ran (npm-script.ts) and that folder is
 * not the one npm runs scripts from (the project root, `cwd`); else undefined. The processes under the script inherit
 * npm's variables without being the script npm ran.
 */
function startedElsewhere(env: NodeJS.ProcessEnv, script: string | undefined, cwd: string): string | undefined {
  const from = env.INIT_CWD;
  return from && resolve(from) !== resolve(cwd) && ranByNpm(env, script, cwd) ? from : undefined;
}

/** `value` as the user meant it: a relative path read from the folder npm was started in (startedElsewhere). */
export function userPath(value: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  const from = isAbsolute(value) ? undefined : startedElsewhere(env, script, cwd);
  return from ? resolve(from, value) : value;
}

/**
 * A path the tool chose itself (a default such as `logs/<run>` or `config.json`), relative to the project root where
 * npm runs the script: made absolute when the user typed the command in another folder (`cd logs && npm run ...`,
 * `npm --prefix`), so that a path printed for them works where they are, as the paths they typed do (userPath).
 */
export function projectPath(value: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  return !isAbsolute(value) && startedElsewhere(env, script, cwd) ? resolve(cwd, value) : value;
}

/**
 * A file typed in a subfolder that is not there (`-f examples/faults.json` typed in src/, read as src/examples/...):
 * the same path from the project root when a file is there, for a "did you mean"; else undefined.
 */
export function fromRootHint(path: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string | undefined {
  const from = startedElsewhere(env, script, cwd);
  if (!from) return undefined;
  const typed = relative(from, path);
  if (typed === '' || typed.startsWith('..') || isAbsolute(typed)) return undefined;
  const candidate = resolve(cwd, typed);
  return candidate !== resolve(path) && existsSync(candidate) ? candidate : undefined;
}

/**
 * How to run script `name` from where the user typed the command: `npm run sweep`, or, typed outside the project
 * (`npm --prefix <project> run sweep`, where a bare `npm run` finds no package.json), `npm --prefix <project> run sweep`.
 */
export function npmRun(name: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  const from = startedElsewhere(env, script, cwd);
  const fromRoot = from === undefined ? '' : relative(cwd, from);
  const inside = !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  return inside ? `npm run ${name}` : `npm --prefix ${shellWord(cwd)} run ${name}`;
}
