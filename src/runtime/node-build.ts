// How this machine's Node runs, for its start record: the Node version and whether V8's compilers are off (--jitless).

/** The start record's fields that say how a real machine ran. */
export interface NodeBuildFields {
  node: string;
  jitless: boolean;
}

const JITLESS_ON = new Set(['--jitless', '--jitless=true']);
const JITLESS_OFF = new Set(['--no-jitless', '--jitless=false']);

/**
 * This process's Node version and whether it runs jitless: the last `--jitless` or `--no-jitless` in NODE_OPTIONS, where a
 * user may have put one, then among Node's own arguments (start-all passes it before the machine's snapshot), which
 * Node reads after NODE_OPTIONS.
 */
export function currentNodeBuild(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): NodeBuildFields {
  let jitless = false;
  for (const flag of [...nodeOptions.split(/\s+/), ...execArgv]) {
    if (JITLESS_ON.has(flag)) jitless = true;
    else if (JITLESS_OFF.has(flag)) jitless = false;
  }
  return { node: process.version, jitless };
}
