// Starts peer-process.js as a child process, hands it one command and resolves with its reply.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerCommand, PeerReply } from './peer-process.js';
import { throwIfStopping, trackChild } from './children.js';

const PEER_SCRIPT = fileURLToPath(new URL('./peer-process.js', import.meta.url));

export interface PeerChild {
  /** The reply, once the child has done its work; rejects when it fails or exits without one. */
  reply: Promise<Exclude<PeerReply, { kind: 'error' }>>;
}

/** Forks peer-process.js, with `extraFlags` after this process's own Node flags, and hands it `command`. */
export function startPeer(command: PeerCommand, extraFlags: readonly string[] = []): PeerChild {
  throwIfStopping();
  const execArgv = [...process.execArgv, ...extraFlags];
  const child = trackChild(fork(PEER_SCRIPT, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv }));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reply = new Promise<Exclude<PeerReply, { kind: 'error' }>>((resolve, reject) => {
    let answer: PeerReply | undefined;
    child.on('message', (message: PeerReply) => (answer = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer && answer.kind !== 'error') resolve(answer);
      else reject(new Error(answer?.kind === 'error' ? answer.message : `peer process exited with code ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
  child.send(command);
  return { reply };
}
