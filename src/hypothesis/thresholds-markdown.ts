// thresholds.md of the hypothesis study: the thresholds table and how each of its figures is taken.
import type { StudyOptions, Threshold } from './study.js';

function thresholdTable(limits: readonly Threshold[]): string {
  const rows = limits.map((t) => `| ${t.machines} | ${t.internalProbability} | ${t.predicted} | ${t.measured ?? '-'} | ${t.firstNotDraining ?? '-'} |`);
  return ['| machines | internal probability | predicted ratio | measured ratio (fit) | first ratio where half the seeds did not drain |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** `1 to 10 in steps of 0.25` for evenly spaced ratios, else the list: `1, 2, 3, 4, 5, 6, 8, 10`. */
export function ratiosText(ratios: readonly number[]): string {
  const steps = ratios.slice(1).map((r, i) => r - ratios[i]!);
  const step = steps[0];
  if (ratios.length > 2 && step !== undefined && step > 0 && steps.every((s) => Math.abs(s - step) < 1e-9)) return `${ratios[0]} to ${ratios.at(-1)} in steps of ${step}`;
  return ratios.join(', ');
}

/** The whole file: what was run, the table, and the definitions a reader needs to use its figures. */
export function thresholdsMarkdown(options: StudyOptions, limits: readonly Threshold[]): string {
  const { seeds, durationSeconds } = options;
  return `# Where the slow machine's queue stops draining

Simulated: slow machine at 1 tick/s, fast machine(s) at ratio x that, ${seeds} seeds a point, ${durationSeconds} virtual seconds each.

${thresholdTable(limits)}

## How these figures are taken

- **Runs.** Each point of the grid (machines ${options.machineCounts.join(' or ')}; internal probability ${options.internalProbabilities.join(', ')}; ratio ${ratiosText(options.ratios)}) is simulated with seeds 1 to ${seeds}, in the deterministic simulator (\`npm run simulate\`'s core). Machine 1 ticks once a second; the other machine, or both others, tick ratio times a second. Every link delays a message by exactly 1 ms. growth, endQueue and maxQueue in points.csv are means over the point's seeds.
- **growth** (points.csv): the slow machine's queue at the end of the run divided by the ${durationSeconds} s it ran, in messages per second. A queue that drains ends near 0.
- **predicted ratio**: the ratio at which messages arrive at the slow machine as fast as it takes them off its queue (src/hypothesis/theory.ts): 1 / (1 - p) with 2 machines, (3 + 2 (1 - p)) / (4 (1 - p)) with 3, where p is the internal probability. predictedGrowth in points.csv is the arrival rate minus 1 message per second, and 0 below the threshold.
- **measured ratio (fit)**: the least-squares line of growth against ratio, through the points of that row whose growth is above 0.1 messages per second (clearly overloaded), taken to where it crosses zero growth. \`-\` when fewer than 2 points are that overloaded.
- **not draining** (points.csv \`notDraining\`): the share of a point's seeds whose slow machine ended with more messages queued than 5% of the ticks it ran. The last column is the smallest ratio of the grid at which at least half the seeds did not drain; \`-\` when there is none. It can only be a ratio of the grid.
`;
}
