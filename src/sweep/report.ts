// report.html of a sweep: each metric charted against each swept parameter (vega-lite, rendered to inline SVG in Node).
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../analysis/render-chart.js';
import { compactJson } from './compact-json.js';
import type { ResultRow, SweepResults } from './results.js';
import { fixedGrouped } from '../text/grouped.js';
import { FAULT_METRICS, METRIC_NAMES } from './sweep-metrics.js';
import { machineTable } from './machine-table.js';
import { escapeHtml } from '../text/escape-html.js';

/** Chart axes: the grid parameter's column in the result rows, and whether its values are numbers. */
const AXES: Record<string, { field: keyof ResultRow; title: string; numeric: boolean }> = {
  machines: { field: 'machines', title: 'machines', numeric: true },
  rates: { field: 'pointRates', title: 'rates (per machine)', numeric: false },
  rateRange: { field: 'rateRange', title: 'rate range (seeded rates)', numeric: false },
  internalProbability: { field: 'internalProbability', title: 'internal probability', numeric: true },
  delayMs: { field: 'delayMs', title: 'latency range (ms)', numeric: false },
  durationSeconds: { field: 'durationSeconds', title: 'duration (s)', numeric: true },
  rateRatio: { field: 'rateRatio', title: 'rate ratio (fastest / slowest)', numeric: true },
  seed: { field: 'seed', title: 'seed', numeric: true },
  faults: { field: 'faults', title: 'fault schedule', numeric: false },
  tickPhaseMs: { field: 'tickPhaseMs', title: 'tick phase spread (ms)', numeric: true },
};

const METRIC_TITLES: Record<string, string> = {
  maxQueue: 'max queue',
  endQueue: 'end queue',
  queueGrowth: 'queue growth (fastest-growing queue)',
  maxJump: 'largest clock jump',
  jumps: 'jumps (receives moving a clock > +1)',
  maxDrift: 'max drift',
  meanDriftWorst: 'mean drift (worst machine)',
  clockSpread: 'final clock spread',
  messages: 'messages sent',
  refused: 'messages refused (queue full)',
  lost: 'messages lost (faults)',
  dropped: 'messages not sent (peer not connected)',
};

/** Each metric's unit, the y axis title of its chart (the chart's title names the metric). */
const METRIC_UNITS: Record<string, string> = {
  maxQueue: 'messages',
  endQueue: 'messages',
  queueGrowth: 'messages per second',
  maxJump: 'clock values',
  jumps: 'receives',
  maxDrift: 'clock values',
  meanDriftWorst: 'clock values',
  clockSpread: 'clock values',
  messages: 'messages',
  refused: 'messages',
  lost: 'messages',
  dropped: 'messages',
};

/** The metrics shown: `lost` and `dropped` only when the grid has a fault schedule (without one they are 0 in every run). */
function shownMetrics(results: SweepResults): (typeof METRIC_NAMES)[number][] {
  return hasFaults(results) ? [...METRIC_NAMES] : METRIC_NAMES.filter((m) => !FAULT_METRICS.includes(m));
}

const hasFaults = (results: SweepResults): boolean => (results.spec.grid.faults ?? []).some((f) => f !== null);

/**
 * Chart labels of fault schedules: their file names without `.json` when those tell them apart (`kill-slow`, not
 * `experiments/faults/kill-slow.json` cut to `experiments/fau…`), else the paths as the spec gives them.
 */
export function scheduleLabels(paths: readonly string[]): (path: string) => string {
  const short = (path: string) => path.replace(/^.*[\\/]/, '').replace(/\.json$/i, '') || path;
  const distinct = new Set(paths.map(short)).size === new Set(paths).size;
  return distinct ? short : (path) => path;
}

/** The points table's parameter columns, in the grid's order. */
const PARAMETER_COLUMNS = ['machines', 'rates', 'rateRange', 'internalProbability', 'delayMs', 'durationSeconds', 'faults', 'tickPhaseMs'] as const;

/** Categorical axes with more values than this are left out (the rate ratio chart covers rate vectors). */
const MAX_CATEGORIES = 60;

/** The parameters to chart: the swept ones, the rate ratio when it varies, or the seed when nothing else does. */
export function chartedParameters(results: SweepResults): string[] {
  const params = [...results.swept];
  if (new Set(results.results.map((r) => r.rateRatio)).size > 1) params.push('rateRatio');
  return params.length ? params : ['seed'];
}

/**
 * Axis labels with up to 6 significant digits, trailing zeros dropped and thousands grouped (`0`, `0.25`,
 * `1,200,000`): vega's default reads a metric that is 0 in every run (no refused messages) as `0.000000`, and pads
 * probabilities to `0.30`.
 */
const NUMBER_AXIS = { format: ',~r' };

/**
 * A metric's figures per point of the axis (and series): its lowest, highest and mean over the runs, in fields of
 * its own (`low_maxQueue`: with the same names in every view, vega-lite merged the views' aggregates, and every chart
 * drew the last metric), and what a screen reader says of each mark, in the words of the axes and titles (vega-lite's
 * own read `Min of maxQueue: 2; Max of maxQueue: 6`): `fault schedule kill-slow: max queue from 2 to 6 over 10 runs`
 * (the rule) and `fault schedule kill-slow: max queue, mean of 10 runs: 3.5` (the point).
 */
function metricFigures(m: string, title: string, axis: { title: string; numeric: boolean }, series: Series | undefined) {
  const [low, high, mean, range, said] = ['low', 'high', 'mean', 'range', 'said'].map((f) => `${f}_${m}`) as [string, string, string, string, string];
  const figure = (f: string): string => `format(datum.${f}, ',~r')`;
  const where = `${JSON.stringify(`${axis.title} `)} + ${axis.numeric ? figure('x') : 'datum.x'}${series ? ` + ', ' + ${JSON.stringify(`${series.title} `)} + datum.series` : ''}`;
  const runs = (before: string, after: string): string => `${before} + datum.runs + (datum.runs === 1 ? ' run${after}' : ' runs${after}')`;
  const transform = [
    { aggregate: [{ op: 'min', field: m, as: low }, { op: 'max', field: m, as: high }, { op: 'mean', field: m, as: mean }, { op: 'count', as: 'runs' }], groupby: ['x', ...(series ? ['series'] : [])] },
    { calculate: `${where} + ': ' + ${JSON.stringify(title)} + ' from ' + ${figure(low)} + ' to ' + ${figure(high)} + ${runs("' over '", '')}`, as: range },
    { calculate: `${where} + ': ' + ${JSON.stringify(title)} + ${runs("', mean of '", ': ')} + ${figure(mean)}`, as: said },
  ];
  return { transform, low, high, mean, range, said };
}

/** The lines of a chart: one per value of another swept parameter, its values in order, and each row's. */
interface Series {
  title: string;
  values: string[];
  of: (row: ResultRow) => string;
}

/** Most lines a chart draws for another parameter's values: more would not be told apart. */
const MAX_SERIES = 8;

/**
 * The series of the charts against `param`: the fault schedules when they are swept (pooled, the runs with and without
 * faults would read as one mean), else the one other swept parameter, when there is one with a few values (pooled,
 * 1/3/6 and 3/3/6 would read as one mean, its bar their spread). None with two or more others: they stay pooled.
 */
function seriesFor(param: string, swept: readonly string[], rows: readonly ResultRow[], scheduleText: (path: string) => string): Series | undefined {
  // The rate ratio is read from the rates: a line per rate setting would be one point each.
  const others = swept.filter((p) => p !== param && !(param === 'rateRatio' && (p === 'rates' || p === 'rateRange')));
  const other = others.includes('faults') ? 'faults' : others.length === 1 ? others[0]! : undefined;
  if (other === undefined || AXES[other] === undefined) return undefined;
  const field = AXES[other].field;
  const of = (r: ResultRow): string => (other === 'faults' ? scheduleText(r.faults) : String(r[field]));
  const values = [...new Set(rows.map(of))];
  if (AXES[other].numeric) values.sort((a, b) => Number(a) - Number(b));
  // Fault schedules are told apart however many (as before other parameters had lines); another parameter up to MAX_SERIES.
  return values.length > 1 && (other === 'faults' || values.length <= MAX_SERIES) ? { title: AXES[other].title, values, of } : undefined;
}

function chartSpec(param: string, rows: readonly ResultRow[], metrics: readonly string[], swept: readonly string[]): TopLevelSpec | string {
  const axis = AXES[param]!;
  // A fault schedule reads as its label (`none` for none), on its own axis and as the series of the other charts.
  const schedules = [...new Set(rows.map((r) => r.faults))];
  const labelOf = scheduleLabels(schedules.filter((f) => f !== ''));
  const scheduleText = (path: string): string => (path === '' ? 'none' : labelOf(path));
  const text = (value: unknown): string => (param === 'faults' ? scheduleText(String(value)) : String(value));
  const categories = [...new Set(rows.map((r) => text(r[axis.field])))];
  if (!axis.numeric && categories.length > MAX_CATEGORIES) return `${categories.length} values of ${axis.title}: too many to chart`;
  const x = axis.numeric
    ? // Padded: the lowest and highest values' min-to-max rules would lie on the frame, read as part of it.
      { field: 'x', type: 'quantitative' as const, title: axis.title, scale: { zero: false, padding: 12 }, axis: NUMBER_AXIS }
    : { field: 'x', type: 'ordinal' as const, title: axis.title, sort: categories, axis: { labelAngle: categories.every((c) => c.length <= 12) ? 0 : -45 } };
  // A line (a colour) per value of the series parameter.
  const series = seriesFor(param, swept, rows, scheduleText);
  const cue = series ? { field: 'series', type: 'nominal' as const, title: series.title, sort: series.values } : undefined;
  // Full-opacity legend symbols: the min-max rules are drawn lighter, and the legend took their opacity.
  // Its title whole (vega cuts it at 180 px: `internal probabil…`).
  const colour = cue ? { color: { ...cue, legend: { symbolOpacity: 1, titleLimit: 400 } } } : {};
  // And a shape and a dash pattern per series beside its colour: told apart without colour, and in greyscale.
  const shapes = cue ? { shape: cue, ...(axis.numeric ? { strokeDash: cue } : {}) } : {};
  // One colour for the means when there is no series to colour them by.
  const meanColour = series ? {} : { color: '#1f5f99' };
  const dodge = cue && !axis.numeric ? { xOffset: { field: 'series', type: 'nominal' as const, sort: series!.values } } : {};
  // In the axis's order (a screen reader reads the points in data order: the grid's, 1, 3, 6, 4, 1.5 on a numeric axis).
  const ordered = axis.numeric ? [...rows].sort((a, b) => Number(a[axis.field]) - Number(b[axis.field])) : rows;
  const values = ordered.map((r) => {
    const point: Record<string, number | string> = { x: axis.numeric ? Number(r[axis.field]) : text(r[axis.field]) };
    if (series) point.series = series.of(r);
    for (const m of metrics) point[m] = r[m as keyof ResultRow] as number;
    return point;
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    // Three charts a row, their text at 11 and 12 px: four a row came to 1,280 px, shrunk to about 7 px text on a laptop.
    columns: 3,
    config: { axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 13 } },
    concat: metrics.map((m) => {
      const title = METRIC_TITLES[m] ?? m;
      const { transform, low, high, mean, range, said } = metricFigures(m, title, axis, series);
      const yTitle = METRIC_UNITS[m] ?? null;
      return {
        width: 200,
        height: 140,
        title,
        transform,
        layer: [
          {
            // The minimum-to-maximum rule: dark enough to see (3.6:1 on white), drawn under the mean's marks.
            mark: series ? { type: 'rule' as const, opacity: 0.6, strokeWidth: 1.5 } : { type: 'rule' as const, color: '#7088a8', strokeWidth: 1.5 },
            encoding: { x, ...colour, ...dodge, y: { field: low, type: 'quantitative' as const, title: yTitle, axis: NUMBER_AXIS }, y2: { field: high }, description: { field: range, type: 'nominal' as const } },
          },
          {
            // A category's mean is a dot (a tick mark spans the whole band, and the ticks of neighbours read as one line).
            // A line is hidden from a screen reader (it read the whole line as its first point); its points say each mean.
            mark: axis.numeric ? { type: 'line' as const, aria: false, point: { aria: true, ...meanColour }, ...meanColour } : { type: 'point' as const, filled: true, size: 60, ...meanColour },
            encoding: { x, ...colour, ...shapes, ...dodge, y: { field: mean, type: 'quantitative' as const, title: yTitle, axis: NUMBER_AXIS }, description: { field: said, type: 'nominal' as const } },
          },
        ],
      };
    }),
  } as TopLevelSpec;
}

function pointTable(results: SweepResults): string {
  if (results.points.length > 200) return `<p>${results.points.length} points: see results.json for the mean of each.</p>`;
  // The parameters some point sets, named as the charts' axes name them (a column of '-' in every row says nothing).
  const params = PARAMETER_COLUMNS.filter((k) => (k === 'faults' ? hasFaults(results) : results.points.some((p) => String(p.params[k] ?? '') !== '')));
  const metrics = shownMetrics(results);
  const col = (text: string): string => `<th scope="col">${escapeHtml(text)}</th>`;
  const head = `<tr>${col('point')}${params.map((k) => col(AXES[k]!.title)).join('')}${col('runs')}${metrics.map((m) => col(METRIC_TITLES[m] ?? m)).join('')}</tr>`;
  // Means to two decimals in every column, so that they line up (results.json has them to four); a queue's growth to
  // four, where a steady queue's 0.0018 a second would read 0.00.
  const meanText = (value: number | null, metric: (typeof metrics)[number]): string => (value === null ? '-' : fixedGrouped(value, metric === 'queueGrowth' ? 4 : 2));
  // A fault schedule by its charts' label (`kill-slow`), and no schedule `none`, as the charts say.
  const schedules = results.points.map((p) => p.params.faults).filter((f) => f !== '');
  const labelOf = scheduleLabels(schedules);
  const cell = (p: (typeof results.points)[number], k: (typeof params)[number]): string =>
    k === 'faults' ? (p.params.faults === '' ? 'none' : labelOf(p.params.faults)) : String(p.params[k] ?? '') || '-';
  const body = results.points
    .map(
      (p) =>
        // The point's number heads its row (a screen reader names the row by it); a parameter the point leaves unset reads '-'.
        `<tr><th scope="row">${p.point}</th>${params.map((k) => `<td>${escapeHtml(cell(p, k))}</td>`).join('')}<td>${p.runs}</td>` +
        `${metrics.map((m) => `<td>${meanText(p.mean[m], m)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  // In a box of its own that scrolls sideways on a narrow screen, rather than the whole page.
  return `<div class="wide"><table>${head}\n${body}</table></div>`;
}

/** The fault schedules a grid named, as they were read (results.json's faultSchedules); nothing without. */
function scheduleSection(results: SweepResults): string {
  if (!results.faultSchedules) return '';
  const each = Object.entries(results.faultSchedules).map(([path, schedule]) => `<h3>${escapeHtml(path)}</h3>\n<pre>${escapeHtml(compactJson(schedule))}</pre>`);
  return `\n<h2>Fault schedules</h2>\n${each.join('\n')}`;
}

/** The intro's sentence on the charts' lines per value of another parameter (seriesFor), when they have any. */
function seriesText(results: SweepResults): string {
  const { swept } = results;
  const cue = '(its own colour, marker shape and dash)';
  if (swept.includes('faults') && chartedParameters(results).length > 1) return ` With fault schedules swept, the charts against the other parameters have a line per schedule ${cue}.`;
  if (swept.length === 2) return ` With two parameters swept, the charts against each have a line per value of the other ${cue}, up to ${MAX_SERIES} values.`;
  return '';
}

/** The whole report: one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched). */
export async function sweepReportHtml(results: SweepResults): Promise<string> {
  const sections: string[] = [];
  for (const param of chartedParameters(results)) {
    const axis = AXES[param]!;
    const spec = chartSpec(param, results.results, shownMetrics(results), results.swept);
    const body = typeof spec === 'string' ? `<p>${escapeHtml(spec)}</p>` : results.results.length ? await renderSvg(spec) : '<p>No finished runs.</p>';
    sections.push(`<section><h2>Metrics against ${escapeHtml(axis.title)}</h2>\n${body}\n</section>`);
  }
  const status = results.interrupted
    ? `<p class="warn">Interrupted: ${results.runs.finished} of ${results.runs.planned} runs finished; the charts show those.</p>`
    : `<p>${results.runs.finished} runs.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sweep ${escapeHtml(results.name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }
td { white-space: nowrap; }
th[scope=row] { font-weight: normal; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
.wide { overflow-x: auto; }
.warn { color: #a40; font-weight: bold; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>Sweep ${escapeHtml(results.name)}</h1>
${status}
<p>Each chart shows a metric of every finished run against one parameter: the line (or dot) is the mean over the
runs with that value (all seeds, and all values of the other parameters), the vertical bar spans their minimum to
maximum. Drift is the leading clock minus a machine's clock, over virtual time. The queue, jump and drift figures
are each the largest of any machine, taken on its own (the max queue and the end queue may be two machines'); mean
drift is that of the machine furthest behind on average. Queue growth is how many messages a second a machine's
queue gained over its last incarnation (the slope of a straight line through its queue after each tick): about 0
for a queue that drains or holds steady, where an end queue alone cannot tell a draining queue from a growing one
(docs/figures.md defines each).${seriesText(results)}</p>
${sections.join('\n')}
<h2>Points (mean over seeds)</h2>
${pointTable(results)}
<h2>Per machine, mean over seeds</h2>
<p>Each machine's own figures, the mean over the point's runs: its rate, its largest clock jump, its largest queue and
its time-weighted mean drift (the figures above are the largest of any machine). machines.csv has each run's.</p>
${machineTable(results)}
<h2>Spec</h2>
<pre>${escapeHtml(compactJson(results.spec))}</pre>${scheduleSection(results)}
</body>
</html>
`;
}
