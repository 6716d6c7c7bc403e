// A path typed on the command line, read from the folder the user typed it in, also when npm runs the script from the
// project root (`cd logs && npm run analyze -- <run>`).
import { isAbsolute, resolve } from 'node:path';
import { ranByNpm } from './npm-script.js';

/**
 * `value` as the user meant it. npm runs a script from the project root and names the folder it was started in
 * INIT_CWD; when this process is that script (npm-script.ts) a relative path is resolved against INIT_CWD. The
 * processes under it inherit npm's variables without being the script npm ran, and keep their paths as given.
 */
export function userPath(value: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  const from = env.INIT_CWD;
  if (!from || isAbsolute(value) || resolve(from) === resolve(cwd)) return value;
  return ranByNpm(env, script, cwd) ? resolve(from, value) : value;
}

/**
 * A path the tool chose itself (a default such as `logs/<run>` or `config.json`), relative to the project root where
 * npm runs the script: made absolute when the user typed the command in another folder (`cd logs && npm run ...`,
 * `npm --prefix`), so that a path printed for them works where they are, as the paths they typed do (userPath).
 */
export function projectPath(value: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  const from = env.INIT_CWD;
  if (!from || isAbsolute(value) || resolve(from) === resolve(cwd) || !ranByNpm(env, script, cwd)) return value;
  return resolve(cwd, value);
}
