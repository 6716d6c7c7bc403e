// The warning a machine logs when the machine it dialled is of another run (its run token differs), and its reader.
import { OTHER_RUN_CAUSES } from './frames.js';

/** The warn record's reason (check reads the peer back with `otherRunPeerOf`: keep the two in step). */
export function otherRunPeerWarning(peer: number, address: string, theirs: string, ours: string | undefined): string {
  return `peer ${peer} at ${address} is a machine of another run (run token ${theirs}; this run's is ${ours ?? 'none'}): sends to it are dropped while that connection lasts (${OTHER_RUN_CAUSES})`;
}

const OTHER_RUN_PEER = /^peer (\d+) at \S+ is a machine of another run /;

/** The peer an other-run warning names, or null for any other warning. */
export function otherRunPeerOf(reason: string): number | null {
  const match = OTHER_RUN_PEER.exec(reason);
  return match ? Number(match[1]) : null;
}
