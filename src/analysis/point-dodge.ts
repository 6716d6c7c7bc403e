// Spreads points that sit at exactly the same place (same x, same y) side by side, a few pixels apart, so that none
// hides another; points alone at their place stay where they are.

/** Pixels between neighbours of a group, and the farthest a point is drawn from its place (more points: closer together). */
const STEP_PX = 9;
export const MAX_REACH_PX = 31.5;

/**
 * Each point's horizontal offset in pixels (0 for a point alone), centred on its place, in the points' order; no point
 * further from its place than MAX_REACH_PX, nor than `reachPx` gives for its x (more points: closer together).
 */
export function dodgeOffsets(points: ReadonlyArray<{ x: number; y: number }>, reachPx: (x: number) => number = () => MAX_REACH_PX): number[] {
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const key = `${p.x}|${p.y}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const offsets = points.map(() => 0);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const step = Math.min(STEP_PX, (2 * Math.min(reachPx(points[members[0]!]!.x), MAX_REACH_PX)) / (members.length - 1));
    members.forEach((index, j) => (offsets[index] = (j - (members.length - 1) / 2) * step));
  }
  return offsets;
}
