// A child process that holds a file open (to read or to append) until released: a running machine's log, or `tail -f`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { trackChild } from './children.js';

/** A child that opens `file` with `mode` ('r' or 'a'), says so on stdout, and holds it until its stdin closes. */
export async function holdFile(file: string, mode: 'r' | 'a') {
  const code = `const fs = require('fs'); fs.openSync(${JSON.stringify(file)}, '${mode}'); process.stdout.write('open\\n'); process.stdin.resume();`;
  const child = trackChild(spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await once(child.stdout, 'data');
  return child;
}

/** Closes the holder's stdin and waits for it to exit: the file is no longer open in it. */
export async function releaseFile(child: Awaited<ReturnType<typeof holdFile>>): Promise<void> {
  const exited = once(child, 'exit');
  child.stdin.end();
  await exited;
}
