// The HTML report: one self-contained file (no scripts, no network) with the tables and charts as inline SVG.
import { replaceFileSync } from './replace-file.js';
import type { Analysis, RunAnalysis } from './analyze.js';
import { crossRunChart, runCharts, type Chart } from './charts.js';
import { REPORT_GENERATOR } from './own-output.js';
import { formatProblem } from './problems.js';
import { renderSvg } from './render-chart.js';
import { experimentTable, machineTable, runHeading, runTable, type TableData } from './summary-rows.js';
import { plural } from '../text/plural.js';
import { escapeHtml } from '../text/escape-html.js';


const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8rem 0; font-variant-numeric: tabular-nums; font-size: 13px; }
.wide { overflow-x: auto; position: relative; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid #e4e4e4; white-space: nowrap; }
thead th { white-space: normal; vertical-align: bottom; }
table.kv td { white-space: normal; }
th { background: #f4f4f4; font-weight: 600; }
td.r, th.r { text-align: right; }
table.kv th { text-align: left; background: none; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1.2rem; }
figure { margin: 0; padding: 0.6rem; border: 1px solid #e4e4e4; border-radius: 6px; width: fit-content; max-width: 100%; box-sizing: border-box; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #555; width: 0; min-width: 100%; }
figcaption strong { display: block; color: #222; font-size: 0.95rem; }
.problems { color: #8a4b00; }
h3.problems { font-size: 1rem; margin-bottom: 0.2rem; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
tbody th { font-weight: normal; background: none; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* A note under a table comes below its scrollbar, where one shows (not pulled up under it). */
.wide:has(+ .note) > table { margin-bottom: 0.4rem; }
.note { font-size: 0.85rem; color: #555; margin: 0 0 0.8rem; }
a.self { color: inherit; text-decoration: none; } a.self:hover { text-decoration: underline; }
ul.contents { padding-left: 1.2rem; font-size: 0.9rem; }
`;

/**
 * The "All runs" section's anchor; no run's anchor can take it (theirs start with `run-`). The anchors of a section's
 * parts are its own, a colon and the part (`run-x:tables`, `run-x:jumps`): no run's anchor has a colon.
 */
const ALL_RUNS = 'all-runs';

/**
 * Each run's section anchor: `run-` and its name's letters, digits, dots and dashes (a run folder's name, as a rule:
 * `run-20261207-124000-42`), other characters made `-`; a second run of the same anchor gets `-2`, and so on.
 */
function runAnchors(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = `run-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

/**
 * A table with its caption; each row's first cell is its header (the machine, the run), so that a screen reader
 * moving along a row says whose figure it reads.
 */
function htmlTable(table: TableData, caption: string): string {
  const cls = (align?: string) => (align === 'right' ? ' class="r"' : '');
  const head = `<tr>${table.columns.map((c) => `<th scope="col"${cls(c.align)}>${escapeHtml(c.header)}</th>`).join('')}</tr>`;
  const cell = (text: string, i: number) => (i === 0 ? `<th scope="row"${cls(table.columns[0]?.align)}>${escapeHtml(text)}</th>` : `<td${cls(table.columns[i]?.align)}>${escapeHtml(text)}</td>`);
  const rows = table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`);
  const notes = (table.notes ?? []).map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('');
  return `<div class="wide"><table><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${notes}`;
}

/** Label and value rows; a row that continues the one above (a second fault window) has its label for screen readers only. */
function keyValues(table: TableData): string {
  let last = '';
  const rows = table.rows.map(([label, value]) => {
    const shown = label ? escapeHtml(label) : last ? `<span class="sr">${escapeHtml(last)}</span>` : '';
    last = label || last;
    return `<tr><th scope="row">${shown}</th><td>${escapeHtml(value ?? '')}</td></tr>`;
  });
  return `<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

/** A figure whose title links to itself (`id`), for a link straight to the chart. */
async function figure(chart: Chart, id: string): Promise<string> {
  const svg = await renderSvg(chart.spec);
  return `<figure class="chart" id="${id}">${svg}<figcaption><strong>${selfLink(id, chart.title)}</strong>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

/** Text that links to its own anchor: the address to copy for a link to this part of the report. */
const selfLink = (id: string, text: string): string => `<a class="self" href="#${id}">${escapeHtml(text)}</a>`;

/** A run's section, its anchor `id`, and its contents entry (the tables and each chart, with their anchors). */
async function runSection(run: RunAnalysis, id: string): Promise<{ html: string; contents: string }> {
  const charts = runCharts(run);
  const figures: string[] = [];
  for (const chart of charts) figures.push(await figure(chart, `${id}:${chart.key}`));
  // A machine the run was stopped before it started has no log to have a problem: runTable's `not started` row names it.
  const shown = run.problems.filter((p) => p.kind !== 'not-started');
  const problems = shown.length
    ? `<h3 class="problems">Problems in the logs</h3><ul class="problems">${shown.map((p) => `<li>${escapeHtml(formatProblem(p))}</li>`).join('')}</ul>`
    : '';
  const html = [
    `<section id="${id}"><h2>${selfLink(id, `Run ${run.name}`)}</h2>`,
    `<p>${escapeHtml(runHeading(run))}</p>`,
    problems,
    `<div id="${id}:tables">${htmlTable(machineTable(run), 'Per machine')}`,
    `${keyValues(runTable(run))}</div>`,
    `<div class="charts">${figures.join('')}</div></section>`,
  ].join('\n');
  const parts = [contentsLink(`${id}:tables`, 'tables'), ...charts.map((c) => contentsLink(`${id}:${c.key}`, contentsName(c)))];
  return { html, contents: `<li>${contentsLink(id, `Run ${run.name}`)}: ${parts.join(', ')}</li>` };
}

const contentsLink = (id: string, text: string): string => `<a href="#${id}">${escapeHtml(text)}</a>`;

/** A chart's name in the contents: a word or two, so that a run's line stays short (its title says the rest). */
const contentsName = (chart: Chart): string => ({ mix: 'event mix' } as Record<string, string>)[chart.key] ?? chart.key.replace(/-/g, ' ');

/** The whole report as HTML text. */
export async function renderReport(analysis: Analysis): Promise<string> {
  const sections: string[] = [];
  const contents: string[] = [];
  const ids = runAnchors(analysis.runs.map((r) => r.name));
  for (const [i, run] of analysis.runs.entries()) {
    const section = await runSection(run, ids[i]!);
    sections.push(section.html);
    contents.push(section.contents);
  }
  if (analysis.runs.length > 1) {
    const chart = crossRunChart(analysis);
    sections.push(
      `<section id="${ALL_RUNS}"><h2>${selfLink(ALL_RUNS, 'All runs')}</h2>${htmlTable(experimentTable(analysis), 'Per machine of each run')}<div class="charts">${await figure(chart, `${ALL_RUNS}:${chart.key}`)}</div></section>`,
    );
    contents.push(`<li>${contentsLink(ALL_RUNS, 'All runs')}: ${contentsLink(`${ALL_RUNS}:${chart.key}`, chart.title.toLowerCase())}</li>`);
  }
  const names = analysis.runs.map((r) => r.name).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${REPORT_GENERATOR}
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lamport-lab report: ${escapeHtml(names)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>lamport-lab report</h1>
<p>${plural(analysis.runs.length, 'run')}: ${escapeHtml(names)}. Drift is how far a machine's Lamport clock is behind the largest clock of the running machines; jumps are how much a receive moved the clock beyond +1.</p>
<nav aria-label="Contents"><ul class="contents">${contents.join('')}</ul></nav>
${sections.join('\n')}
</body>
</html>
`;
}

/** Writes the report to `file` (one self-contained HTML file). */
export async function writeReport(analysis: Analysis, file: string): Promise<void> {
  const html = await renderReport(analysis);
  replaceFileSync(file, html);
}
