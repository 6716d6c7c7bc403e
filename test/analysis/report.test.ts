// The HTML report in a real browser (headless Chromium, test/helpers/chromium.ts): charts drawn, no console error, a screenshot.
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { analyzeRuns } from '../../src/analysis/analyze.js';
import { renderReport, writeReport } from '../../src/analysis/report.js';
import { chromiumPath } from '../helpers/chromium.js';
import { tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('HTML report', () => {
  let dir: string;
  let report: string;
  let faultReport: string;
  let shortFaultReport: string;
  let browser: Browser;

  beforeAll(async () => {
    // First, so that a missing browser fails every test here with one message saying how to install it.
    const executablePath = chromiumPath();
    dir = tempDir('lamport-report-');
    const runs = [
      writeScriptedRun(join(dir, 'fast-slow'), { rates: { 1: 6, 2: 1, 3: 2 }, durationMs: 60_000, latencyMs: 20, internalProbability: 0.7, seed: 1 }),
      writeScriptedRun(join(dir, 'even'), { rates: { 1: 3, 2: 3, 3: 2 }, durationMs: 60_000, latencyMs: 20, internalProbability: 0.7, seed: 2 }),
    ];
    expect(runs).toHaveLength(2);
    report = join(dir, 'report.html');
    await writeReport(await analyzeRuns([join(dir, 'fast-slow'), join(dir, 'even')]), report);
    faultReport = join(dir, 'faults.html');
    await writeReport(await analyzeRuns([fromRoot('test', 'fixtures', 'analysis', 'faults', 'kill-restart')]), faultReport);
    // The same run with the kill cut to 0.2 s: a bar far too short for its label.
    const short = await analyzeRuns([fromRoot('test', 'fixtures', 'analysis', 'faults', 'kill-restart')]);
    const kill = short.runs[0]!.faults.find((w) => w.kind === 'kill')!;
    kill.to = kill.from + 200;
    shortFaultReport = join(dir, 'short-faults.html');
    await writeReport(short, shortFaultReport);
    browser = await chromium.launch({ executablePath, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('is one self-contained file: no scripts, no external references', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    // Five charts per run plus the cross-run chart; long series are downsampled so the file stays small.
    expect(html.match(/<svg[^>]*class="marks"/g)).toHaveLength(11);
    expect(statSync(report).size).toBeLessThan(1_500_000);
  });

  test('a run with faults: each time chart shows the fault windows in a strip above the plot; the others do not', () => {
    const html = readFileSync(faultReport, 'utf8');
    const charts = html.split('<figure class="chart"').slice(1);
    expect(charts).toHaveLength(5);
    const labels = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const chart of charts.slice(0, 3)) {
      expect(labels(chart)).toEqual(expect.arrayContaining(['latency 300 ms on 1-&gt;2', 'machine 2 killed']));
      // One bar per window in the strip (the first view), two lanes since the windows overlap: no stacked shading in the plot.
      // Each bar read as its line of the run table, and in a lane of its own (a lower one for the second).
      const bars = [...chart.match(/<g class="mark-rect role-mark concat_0_layer_0_marks"[^>]*>(<path[^>]*>)+/)![0].matchAll(/<path aria-label="([^"]*)"[^>]*d="M[\d.]+,([\d.]+)/g)].map((m) => [m[1], Number(m[2])] as const);
      expect(bars.map((b) => b[0])).toEqual([`fault window: latency 300 ms on 1-&gt;2: 1.9 s to end (1 s to end on the schedule's clock)`, `fault window: machine 2 killed: 3.2 s to 5 s (2.3 s to 4.1 s on the schedule's clock)`]);
      expect(bars[1]![1]).toBeGreaterThan(bars[0]![1]);
      expect(chart).not.toMatch(/mark-rect role-mark concat_1/);
      // Rules in the plot: where each window begins, and where the kill ended.
      expect(chart.match(/<g class="mark-rule role-mark concat_1_layer_0_marks"[^>]*>(<line[^>]*>)+/)![0].match(/<line/g)).toHaveLength(2);
      expect(chart.match(/<g class="mark-rule role-mark concat_1_layer_1_marks"[^>]*>(<line[^>]*>)+/)![0].match(/<line/g)).toHaveLength(1);
      expect(chart).toContain('Bars above the plot: fault windows (a dashed line where each begins, dotted where it ends).');
      // Where the seconds of the fault file count from on this axis (faults.jsonl: 0.9 s after the first record).
      expect(chart).toContain('The fault file&#39;s seconds count from 0.9 s on this axis, when every machine ticked.');
    }
    for (const chart of charts.slice(3)) expect(labels(chart)).not.toContain('machine 2 killed');
    // The run table lists the windows in seconds since the first record, and on the schedule's clock.
    expect(html).toContain('<th scope="row">faults</th><td>latency 300 ms on 1-&gt;2: 1.9 s to end (1 s to end on the schedule&#39;s clock)</td>');
    // The second window's row: its label for screen readers only.
    expect(html).toContain('<th scope="row"><span class="sr">faults</span></th><td>machine 2 killed: 3.2 s to 5 s (2.3 s to 4.1 s on the schedule&#39;s clock)</td>');
    // Under the machine table: what max queue counts.
    expect(html).toContain('<p class="note">max queue: the most messages waiting at once, counting the one the next tick takes off;');
  });

  test('every part has an anchor: the contents at the top link to each run, its tables and each chart, and every link has its target', () => {
    const html = readFileSync(report, 'utf8');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    for (const target of targets) expect(ids).toContain(target);
    const contents = html.match(/<nav aria-label="Contents">.*?<\/nav>/s)![0];
    expect([...contents.matchAll(/href="#([^"]+)"/g)].map((m) => m[1])).toEqual([
      'run-fast-slow',
      'run-fast-slow:tables',
      ...['clock', 'drift', 'queue', 'jumps', 'mix'].map((key) => `run-fast-slow:${key}`),
      'run-even',
      'run-even:tables',
      ...['clock', 'drift', 'queue', 'jumps', 'mix'].map((key) => `run-even:${key}`),
      'all-runs',
      'all-runs:queue-by-rate-ratio',
    ]);
    expect(contents).toContain('<li><a href="#run-fast-slow">Run fast-slow</a>: <a href="#run-fast-slow:tables">tables</a>, <a href="#run-fast-slow:clock">clock</a>, <a href="#run-fast-slow:drift">drift</a>, <a href="#run-fast-slow:queue">queue</a>, <a href="#run-fast-slow:jumps">jumps</a>, <a href="#run-fast-slow:mix">event mix</a></li>');
    expect(contents).toContain('<li><a href="#all-runs">All runs</a>: <a href="#all-runs:queue-by-rate-ratio">max queue against rate ratio, all runs</a></li>');
  });

  test('two runs of the same folder name get anchors of their own', async () => {
    const twice = await analyzeRuns([join(dir, 'even'), join(dir, 'even')]);
    const html = await renderReport(twice);
    expect(html).toContain('<section id="run-even">');
    expect(html).toContain('<section id="run-even-2">');
    expect(html).toContain('<figure class="chart" id="run-even-2:clock">');
  });

  test('a contents link in Chromium brings its chart into view, and the chart title links to itself', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    await page.locator('nav a[href="#run-even:jumps"]').click();
    await page.waitForFunction(() => location.hash === '#run-even:jumps');
    const chart = page.locator('figure[id="run-even:jumps"]');
    // Scrolled down to it: its top at the top of the window (the page goes on below it, with the cross-run section).
    const { top, scrolled } = await chart.evaluate((el) => ({ top: el.getBoundingClientRect().top, scrolled: window.scrollY }));
    expect(scrolled).toBeGreaterThan(900);
    expect(Math.abs(top)).toBeLessThan(2);
    expect(await chart.locator('figcaption a.self').getAttribute('href')).toBe('#run-even:jumps');
    expect(await chart.locator('figcaption a.self').textContent()).toBe('Clock jumps on receive');
    await page.close();
  });

  test('opens from a file:// URL in headless Chromium with its charts and no console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    const charts = await page.locator('figure.chart svg').count();
    expect(charts).toBeGreaterThanOrEqual(5);
    const drawn = await page.locator('figure.chart svg path').count();
    expect(drawn).toBeGreaterThan(charts);
    expect(await page.locator('h2').allTextContents()).toEqual(['Run fast-slow', 'Run even', 'All runs']);
    // For a screen reader: each table has its caption, and a row's first cell heads it (the machine whose figures follow).
    expect(await page.locator('table caption').allTextContents()).toEqual(['Per machine', 'Per machine', 'Per machine of each run']);
    const firstRow = page.locator('table:has(caption) tbody tr').first();
    expect(await firstRow.getByRole('rowheader').allTextContents()).toEqual(['1']);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report).href]);
    const shots = resolve('test-artifacts');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'analysis-report.png'), fullPage: true });
    expect(statSync(join(shots, 'analysis-report.png')).size).toBeGreaterThan(10_000);
    await page.close();
  });

  test('at a narrow width the machine table scrolls sideways, and the note under it starts below the scrolling box (and its scrollbar)', async () => {
    const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    const box = page.locator('div.wide:has(+ p.note)').first();
    const { scrolls, boxBottom, noteTop, tableGap } = await box.evaluate((el) => {
      const note = el.nextElementSibling!;
      const table = el.querySelector('table')!;
      return {
        scrolls: el.scrollWidth > el.clientWidth,
        boxBottom: el.getBoundingClientRect().bottom,
        noteTop: note.getBoundingClientRect().top,
        tableGap: el.getBoundingClientRect().bottom - table.getBoundingClientRect().bottom,
      };
    });
    expect(scrolls).toBe(true);
    // A classic scrollbar sits at the bottom of the box: a note pulled up (a negative margin) would lie under it.
    expect(noteTop).toBeGreaterThanOrEqual(boxBottom);
    // The table keeps a little room above the note.
    expect(tableGap).toBeGreaterThan(0);
    await page.close();
  });

  test('the report of a run with faults opens with its charts, its fault labels and no console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(faultReport).href, { waitUntil: 'load' });
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('figure.chart svg text', { hasText: 'machine 2 killed' }).count()).toBe(3);
    expect(errors).toEqual([]);
    const shots = resolve('test-artifacts');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'analysis-report-faults.png'), fullPage: true });
    await page.close();
  });

  test('on a 320 px wide screen the charts shrink to fit (a zoomed page or a phone): no chart wider than the page, the page no wider than the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(pathToFileURL(faultReport).href, { waitUntil: 'load' });
    const widths = await page.locator('figure.chart svg').evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().right));
    expect(widths.length).toBeGreaterThanOrEqual(5);
    expect(widths.filter((right) => right > 320)).toEqual([]);
    // The wide tables scroll in their own box; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.close();
  });

  test('fault labels in the browser, with its own font: inside their bar or clear of every bar of their row (a short kill: after its bar)', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    for (const file of [faultReport, shortFaultReport]) {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const placed = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart svg')].flatMap((svg) => {
          const bars = [...svg.querySelectorAll('g.concat_0_layer_0_marks path')].map((p) => p.getBoundingClientRect());
          return [...svg.querySelectorAll('g.concat_0_layer_1_marks text, g.concat_0_layer_2_marks text')].map((text) => {
            const t = text.getBoundingClientRect();
            const row = bars.filter((b) => t.top + t.height / 2 > b.top && t.top + t.height / 2 < b.bottom);
            const inside = row.some((b) => t.left >= b.left && t.right <= b.right);
            return { label: text.textContent, inside, clashes: row.filter((b) => t.left < b.right && t.right > b.left).length };
          });
        }),
      );
      // Two labels on each of the three time charts.
      expect(placed).toHaveLength(6);
      for (const label of placed) expect(label.inside || label.clashes === 0).toBe(true);
      const killed = placed.filter((p) => p.label === 'machine 2 killed');
      expect(killed.map((p) => p.inside)).toEqual(file === faultReport ? [true, true, true] : [false, false, false]);
    }
    const shots = resolve('test-artifacts');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'analysis-report-short-fault.png'), fullPage: true });
    await page.close();
  });
});
