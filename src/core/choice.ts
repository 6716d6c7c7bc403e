// Turns one uniform draw in [0, 1) into the action of a tick whose queue is empty: internal, or a send target.

/**
 * The send targets of a machine: each single peer (in id order), then all peers together.
 * With 3 machines that is [lower], [higher], [both]: the exercise's rolls 1, 2 and 3.
 */
export function sendTargets(peers: readonly number[]): number[][] {
  return [...peers.map((p) => [p]), [...peers]];
}

/**
 * With probability `1 - internalProbability` the tick sends, to each target with equal odds.
 * Returns the index into the targets, or -1 for an internal event. For 3 machines and 0.7 this is the
 * exercise's 1..10 roll: 1 lower peer, 2 higher peer, 3 both, 4..10 internal.
 */
export function chooseTarget(draw: number, internalProbability: number, targetCount: number): number {
  const sendProbability = 1 - internalProbability;
  if (!(draw < sendProbability)) return -1;
  return Math.min(targetCount - 1, Math.floor((draw / sendProbability) * targetCount));
}

/** The draw in the middle of the bucket that a roll of 1..sides stands for, for scripted tests and examples. */
export function drawForRoll(roll: number, sides = 10): number {
  return (roll - 0.5) / sides;
}
