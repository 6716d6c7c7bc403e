// The warnings a machine logs when a machine of another run (its run token differs) dials it or is dialled by it, and
// their readers (check names them).
import { OTHER_RUN_CAUSES } from './frames.js';

/** The receiving side's warning: a hello as machine `id` naming another run's token. */
export function otherRunHelloWarning(id: number, theirs: string, ours: string | undefined, remote: string): string {
  return `hello as machine ${id} of another run (run token ${theirs}; this run's is ${ours}) from ${remote}: nothing it sends is read (${OTHER_RUN_CAUSES})`;
}

const OTHER_RUN_HELLO = /^hello as machine (\d+) of another run /;

/** The machine id a hello-of-another-run warning names, or null for any other warning. */
export function otherRunHelloOf(reason: string): number | null {
  const match = OTHER_RUN_HELLO.exec(reason);
  return match ? Number(match[1]) : null;
}

/** The dialling side's warning (check reads the peer back with `otherRunPeerOf`: keep the two in step). */
export function otherRunPeerWarning(peer: number, address: string, theirs: string, ours: string | undefined): string {
  return `peer ${peer} at ${address} is a machine of another run (run token ${theirs}; this run's is ${ours ?? 'none'}): sends to it are dropped while that connection lasts (${OTHER_RUN_CAUSES})`;
}

const OTHER_RUN_PEER = /^peer (\d+) at \S+ is a machine of another run /;

/** The peer an other-run warning names, or null for any other warning. */
export function otherRunPeerOf(reason: string): number | null {
  const match = OTHER_RUN_PEER.exec(reason);
  return match ? Number(match[1]) : null;
}
