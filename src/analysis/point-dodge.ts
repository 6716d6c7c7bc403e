// Spreads points that sit at exactly the same place (same x, same y) side by side, a few pixels apart, so that none
// hides another; points alone at their place stay where they are.

/** Pixels between neighbours of a group, and the widest a group is spread (more points: closer together). */
const STEP_PX = 9;
const MAX_SPREAD_PX = 63;

/** Each point's horizontal offset in pixels (0 for a point alone), centred on its place, in the points' order. */
export function dodgeOffsets(points: ReadonlyArray<{ x: number; y: number }>): number[] {
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const key = `${p.x}|${p.y}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const offsets = points.map(() => 0);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const step = Math.min(STEP_PX, MAX_SPREAD_PX / (members.length - 1));
    members.forEach((index, j) => (offsets[index] = (j - (members.length - 1) / 2) * step));
  }
  return offsets;
}
