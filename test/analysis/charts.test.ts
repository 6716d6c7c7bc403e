// The report's charts: which are drawn, that a run without receives draws no empty histogram, that a restart's
// catch-up from clock 0 does not flatten the drift chart or the histogram, fault windows in lanes, the cross-run chart,
// the machines' colour-blind-safe colours.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun, analyzeRuns, type RunAnalysis } from '../../src/analysis/analyze.js';
import { catchUpScale } from '../../src/analysis/catch-up-scale.js';
import { crossRunChart, runCharts } from '../../src/analysis/charts.js';
import { ratioTicks } from '../../src/analysis/cross-run-chart.js';
import { spansOrders } from '../../src/analysis/cross-run-chart.js';
import { dodgeOffsets } from '../../src/analysis/point-dodge.js';
import { faultBars, faultStrip } from '../../src/analysis/fault-strip.js';
import { colouredMachines, MACHINE_COLOURS, OTHER_MACHINE_GREY } from '../../src/analysis/machine-colours.js';
import { renderSvg, type ChartSpec } from '../../src/analysis/render-chart.js';
import type { CoreRecord } from '../../src/core/records.js';
import { jsonLine } from '../../src/log/format.js';
import { runScript, tempDir } from '../helpers/cli.js';
import { closestPair, contrastOnWhite } from './helpers/colour-vision.js';
import { percent } from '../../src/analysis/text-table.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

const at = (ms: number) => Date.parse('2026-01-01T00:00:00.000Z') + ms;
/** The fault strip of `bars` alone, as a chart of its own. */
const stripSpec = (bars: Parameters<typeof faultStrip>[0]) => ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...faultStrip(bars, 420)! }) as ChartSpec;
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

/**
 * Two machines ticking once a second for 120 s, machine 2 half a second after machine 1 (drift 0 or 1). Machine 2 dies
 * after its tick at 60.5 s, starts again from clock 0 at 70 s, and its first receive (71.5 s, machine 1's clock 71)
 * catches it up by 70; it receives once more at 90.5 s (a jump of 0).
 */
function writeRestartRun(dir: string): void {
  const one: CoreRecord[] = [{ time: at(0), machine: 1, event: 'start', clock: 0, rate: 1, peers: [2], internalProbability: 1, seed: 1 }];
  for (let k = 1; k <= 120; k++) one.push({ time: at(1000 * k), machine: 1, event: 'internal', clock: k, tick: k, queue: 0 });
  one.push({ time: at(120_900), machine: 1, event: 'stop', clock: 120, ticks: 120, queue: 0, maxLagMs: 0 });
  const two: CoreRecord[] = [{ time: at(0), machine: 2, event: 'start', clock: 0, rate: 1, peers: [1], internalProbability: 1, seed: 1 }];
  for (let k = 1; k <= 60; k++) two.push({ time: at(1000 * k + 500), machine: 2, event: 'internal', clock: k, tick: k, queue: 0 });
  two.push({ time: at(70_000), machine: 2, event: 'start', clock: 0, rate: 1, peers: [1], internalProbability: 1, seed: 1, incarnation: 2 } as CoreRecord);
  let clock = 0;
  for (let k = 1; k <= 50; k++) {
    const time = at(70_000 + 1000 * k - 500);
    if (k === 2 || k === 21) {
      const msgClock = k === 2 ? 71 : clock;
      clock = Math.max(clock, msgClock) + 1;
      two.push({ time, machine: 2, event: 'receive', clock, tick: k, from: 1, msgClock, queue: 0 });
    } else two.push({ time, machine: 2, event: 'internal', clock: ++clock, tick: k, queue: 0 });
  }
  two.push({ time: at(120_900), machine: 2, event: 'stop', clock, ticks: 50, queue: 0, maxLagMs: 0 });
  writeFileSync(join(dir, 'machine-1.jsonl'), one.map((r) => `${jsonLine(r)}\n`).join(''));
  writeFileSync(join(dir, 'machine-2.jsonl'), two.map((r) => `${jsonLine(r)}\n`).join(''));
}

describe('runCharts', () => {
  test('a run with receives: clock, drift, queue, jumps and event mix', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const charts = runCharts(await analyzeRun(dir));
    expect(charts.map((c) => c.title)).toEqual(['Logical clock against system time', 'Drift behind the leading clock', 'Queue length', 'Clock jumps on receive', 'Event mix per machine']);
    // The drift chart is no higher than the queue chart (the same plot and legend): its long y title, in one line,
    // overhung the plot as vega guesses text widths, and the view grew by an empty band above it (342 px against 271).
    const height = async (title: string) => Number(/<svg[^>]* height="(\d+(?:\.\d+)?)"/.exec(await renderSvg(charts.find((c) => c.title === title)!.spec))![1]);
    expect(await height('Drift behind the leading clock')).toBeLessThanOrEqual(await height('Queue length'));
  });

  /** The jump histogram's SVG for a two-machine run whose machine 1 received jumps of these sizes and machine 2 none. */
  async function jumpChartSvg(histogram: Array<[number, number]>): Promise<string> {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    run.metrics.machines.forEach((m, i) => (m.jumpHistogram = i === 0 ? histogram : []));
    return renderSvg(runCharts(run).find((c) => c.title === 'Clock jumps on receive')!.spec);
  }

  test('jumps of 0 and 1 only: two bars, one per size (they were drawn as one bar from 0 to 1)', async () => {
    const bars = [...(await jumpChartSvg([[0, 3], [1, 2]])).matchAll(/aria-label="(jump size: [^"]*)"/g)].map((m) => m[1]);
    expect(bars).toEqual(['jump size: 0; receives: 3; machine: machine 1', 'jump size: 1; receives: 2; machine: machine 1']);
  });

  test('small jumps: one bar per size, labelled under its middle, with every size up to the largest on the axis, those with no receive too', async () => {
    const svg = await jumpChartSvg([[0, 3], [3, 1]]);
    expect(svg).toContain(`aria-label="X-axis titled 'jump size' for a discrete scale with 4 values: 0, 1, 2, 3"`);
    // Each bar's middle is its size's tick: the bar of jump 0 is not read as jump 1.
    const bar = /aria-label="jump size: 0; [^"]*"[^>]*d="M([\d.]+),[\d.]+h([\d.]+)/.exec(svg)!;
    const tick = /aria-label="X-axis[\s\S]*?<line transform="translate\(([\d.]+),0\)"/.exec(svg)!;
    expect(Math.abs(Number(bar[1]) + Number(bar[2]) / 2 - Number(tick[1]))).toBeLessThanOrEqual(1);
    expect(Number(bar[2])).toBeGreaterThan(10);
  });

  test('the jump histogram: a panel per machine that received, named in its header (its bars told apart without colour); past eight, one stacked chart', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    run.metrics.machines[1]!.jumpHistogram = [];
    const chart = runCharts(run).find((c) => c.title === 'Clock jumps on receive')!;
    expect(chart.caption).toContain('One panel per machine, on one scale. No receives: machine 2.');
    const svg = await renderSvg(chart.spec);
    const headers = [...svg.matchAll(/aria-label="Title text '(machine \d+)'"/g)].map((m) => m[1]);
    expect(headers).toEqual(['machine 1', 'machine 3']);
    // The headers name the machines: no colour legend beside them (it listed machine 2, which has no panel).
    expect(svg).not.toContain('role-legend');
    // Twelve machines, three of which received: three panels, each bar in its machine's colour of the time charts (five
    // machines in colour past ten, the others grey), none without a colour.
    const twelve = tempDir('lamport-charts-');
    writeScriptedRun(twelve, { rates: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, 2 + (i % 3)])), durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const twelveRun = await analyzeRun(twelve);
    for (const m of twelveRun.metrics.machines.slice(3)) m.jumpHistogram = [];
    const shown = colouredMachines(twelveRun.metrics.machines);
    const twelveCharts = runCharts(twelveRun);
    const bars = [...(await renderSvg(twelveCharts.find((c) => c.title === 'Clock jumps on receive')!.spec)).matchAll(/aria-label="[^"]*machine: (machine \d+)[^"]*"[^>]*fill="([^"]+)"/g)];
    expect(new Set(bars.map((b) => b[1]))).toEqual(new Set(['machine 1', 'machine 2', 'machine 3']));
    for (const [, machine, fill] of bars) {
      const id = Number(machine!.slice('machine '.length));
      expect([machine, fill]).toEqual([machine, shown.includes(id) ? MACHINE_COLOURS[shown.indexOf(id)] : OTHER_MACHINE_GREY]);
    }
    // Nine machines that received: a grid of machines by jump size, no headers, no machine colours: a row per machine,
    // in id order, each cell shaded by its receives (its legend says how many).
    const many = tempDir('lamport-charts-');
    writeScriptedRun(many, { rates: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [i + 1, 2 + (i % 3)])), durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const gridRun = await analyzeRun(many);
    gridRun.metrics.machines.push({ ...gridRun.metrics.machines[0]!, machine: 10, jumpHistogram: [] });
    const grid = runCharts(gridRun).find((c) => c.title === 'Clock jumps on receive')!;
    expect(grid.caption).toContain('One row per machine; the darker a cell, the more receives of that size (a log scale). No receives: machine 10.');
    const gridSvg = await renderSvg(grid.spec);
    expect(gridSvg).not.toContain("aria-label=\"Title text 'machine");
    expect([...gridSvg.matchAll(/<text[^>]*>(machine \d+)<\/text>/g)].map((m) => m[1])).toEqual(Array.from({ length: 10 }, (_, i) => `machine ${i + 1}`));
    expect(gridSvg).toMatch(/aria-roledescription="rect mark container"/);
    expect(gridSvg).toContain('>receives</text>');
  });

  test('axis numbers group their thousands, as the tables do (2,000, not 2000)', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 1000, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.5, seed: 2 });
    const svg = await renderSvg(runCharts(await analyzeRun(dir)).find((c) => c.title === 'Logical clock against system time')!.spec);
    expect(svg).toMatch(/Y-axis titled 'Lamport clock' for a linear scale with values from 0 to 3,000"/);
    expect(texts(svg)).toContain('2,000');
  });

  test('past ten machines, the time charts colour the five furthest behind (drift mean), in the legend, over the others in grey', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i + 1, 2 + (i % 5)])), durationMs: 4000, latencyMs: 5, internalProbability: 0.5, seed: 2 });
    const run = await analyzeRun(dir);
    const behind = [...run.metrics.machines].sort((a, b) => b.drift.mean! - a.drift.mean! || a.machine - b.machine).slice(0, 5).map((m) => m.machine).sort((a, b) => a - b);
    const chart = runCharts(run).find((c) => c.title === 'Logical clock against system time')!;
    expect(chart.caption).toContain("In colour, the 5 machines furthest behind on average (the tables' drift mean); the other 35 in grey.");
    const svg = await renderSvg(chart.spec);
    // The legend names the five, in id order; no `…N entries`, no grey machine.
    const legend = [...svg.matchAll(/role-legend-label[^>]*><text[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(legend).toEqual(behind.map((id) => `machine ${id}`));
    // Every machine's line is there: the grey ones first (beneath), then the five in five colours.
    const lines = [...svg.matchAll(/aria-label="(machine \d+): [^"]*"[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => ({ machine: m[1]!, stroke: m[2]! }));
    expect(lines).toHaveLength(40);
    expect(lines.slice(0, 35).every((l) => l.stroke === OTHER_MACHINE_GREY)).toBe(true);
    expect(lines.slice(35).map((l) => l.machine)).toEqual(behind.map((id) => `machine ${id}`));
    expect(new Set(lines.slice(35).map((l) => l.stroke)).size).toBe(5);
    expect(svg).not.toContain('entries');
  });

  test("the time charts tell machines apart without colour too (a dash pattern each), and name each line's course for a screen reader", async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    const svg = await renderSvg(runCharts(run).find((c) => c.title === 'Logical clock against system time')!.spec);
    const lines = [...svg.matchAll(/aria-label="(machine \d+): Lamport clock from (\d+) to (\d+) \(lowest \d+, highest \d+\) over [\d.]+ to [\d.]+ s"([^>]*)/g)];
    expect(lines.map((m) => m[1])).toEqual(['machine 1', 'machine 2', 'machine 3']);
    // Each line ends at its machine's final clock, as the tables give it.
    expect(lines.map((m) => Number(m[3]))).toEqual(run.metrics.machines.map((m) => m.finalClock));
    // Machine 1 solid, the others dashed, no two alike.
    const dashes = lines.map((m) => /stroke-dasharray="([^"]*)"/.exec(m[4]!)?.[1] ?? 'solid');
    expect(new Set(dashes).size).toBe(3);
  });

  test('a machine a chart has no data for (machine 1 received nothing): every other machine keeps its colour in every chart', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    run.metrics.machines[0]!.jumpHistogram = [];
    /** machine label -> the colour its marks are drawn in */
    const colours = async (title: string): Promise<Map<string, string>> => {
      const svg = await renderSvg(runCharts(run).find((c) => c.title === title)!.spec);
      // A bar's label ends `machine: machine 2`; a line's starts `machine 2: Lamport clock from ...`.
      return new Map([...svg.matchAll(/aria-label="(?:[^"]*machine: (machine \d+)|(machine \d+): [^"]*)"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"/g)].map((m) => [(m[1] ?? m[2])!, m[3]!]));
    };
    const clock = await colours('Logical clock against system time');
    const jumps = await colours('Clock jumps on receive');
    expect([...clock.keys()]).toEqual(['machine 1', 'machine 2', 'machine 3']);
    expect([...jumps.keys()].sort()).toEqual(['machine 2', 'machine 3']);
    for (const [machine, colour] of jumps) expect([machine, colour]).toEqual([machine, clock.get(machine)]);
  });

  test('3 machines: blue, orange and bluish green (Okabe-Ito) in every chart that colours machines, marks and legends alike', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const expected = [['machine 1', '#0072b2'], ['machine 2', '#e69f00'], ['machine 3', '#009e73']];
    const coloured = runCharts(await analyzeRun(dir)).filter((c) => c.title !== 'Event mix per machine');
    expect(coloured.map((c) => c.title)).toEqual(['Logical clock against system time', 'Drift behind the leading clock', 'Queue length', 'Clock jumps on receive']);
    for (const chart of coloured) {
      const svg = await renderSvg(chart.spec);
      const legend = [...svg.matchAll(/role-legend-symbol[^>]*><path [^>]*(?:stroke|fill)="(#[0-9a-f]{6})"[^]*?role-legend-label[^>]*><text[^>]*>(machine \d+)</g)].map((m) => [m[2], m[1]]);
      // The jump histogram's panels are named in their headers instead of a legend.
      expect([chart.title, legend]).toEqual([chart.title, chart.title === 'Clock jumps on receive' ? [] : expected]);
      const marks = new Map([...svg.matchAll(/aria-label="[^"]*machine: (machine \d+)"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"/g)].map((m) => [m[1]!, m[2]!]));
      for (const [machine, colour] of marks) expect([chart.title, machine, colour]).toEqual([chart.title, machine, new Map(expected as [string, string][]).get(machine)]);
    }
  });

  test('machine colours stay apart for red-green colour-blind readers (tableau10, used before, did not: machines 2 and 3)', () => {
    // ΔE76 over normal vision, protanopia and deuteranopia: the three machines of a default run well apart, the
    // eight Okabe-Ito colours of up to eight machines apart.
    expect(closestPair(MACHINE_COLOURS.slice(0, 3))).toBeGreaterThan(40);
    expect(closestPair(MACHINE_COLOURS.slice(0, 8))).toBeGreaterThan(15);
    expect(closestPair(['#4e79a7', '#f28e2b', '#e15759'])).toBeLessThan(40);
    expect(new Set(MACHINE_COLOURS).size).toBe(10);
  });

  test('no machine colour is faint on white (Okabe-Ito\'s yellow, 1.3:1, was replaced)', () => {
    const faint = MACHINE_COLOURS.filter((c) => contrastOnWhite(c) < 2);
    expect(faint).toEqual([]);
  });

  test('10 machines: each in its own colour of the ten, in id order', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, 2 + (i % 3)])), durationMs: 2000, latencyMs: 5, internalProbability: 0.5, seed: 4 });
    const clock = runCharts(await analyzeRun(dir)).find((c) => c.title === 'Logical clock against system time')!;
    const svg = await renderSvg(clock.spec);
    const lines = new Map([...svg.matchAll(/aria-label="(machine \d+): [^"]*"[^>]*?stroke="(#[0-9a-f]{6})"/g)].map((m) => [m[1]!, m[2]!]));
    expect([...lines].sort((a, b) => Number(a[0].slice(8)) - Number(b[0].slice(8)))).toEqual(MACHINE_COLOURS.map((c, i) => [`machine ${i + 1}`, c]));
    // And a dash pattern each (with six, machine 8 had machine 2's).
    const dashes = [...svg.matchAll(/aria-label="machine \d+: [^"]*"([^>]*)/g)].map((m) => /stroke-dasharray="([^"]*)"/.exec(m[1]!)?.[1] ?? 'solid');
    expect([dashes.length, new Set(dashes).size]).toEqual([10, 10]);
  });

  test('event mix: each segment says its kind and share where they fit, as the tables round them', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 20_000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    const svg = await renderSvg(runCharts(run).find((c) => c.title === 'Event mix per machine')!.spec);
    const labels = texts(/<g class="mark-text role-mark[^"]*"[\s\S]*?<\/g>/.exec(svg)![0]);
    const shares = run.metrics.machines.flatMap((m) => (['internal', 'send', 'receive'] as const).map((kind) => (100 * m.events[kind]) / m.ticks));
    const kinds = run.metrics.machines.flatMap(() => ['internal', 'send', 'receive']);
    // A wide segment says both (`internal 68.2%`); a narrower one its share alone (`8.2%`), the narrowest its whole
    // percent (`8%`); none is left without any.
    expect(labels.length).toBe(shares.length);
    labels.forEach((label, i) => expect([`${kinds[i]} ${percent(shares[i]!)}`, percent(shares[i]!), `${Math.round(shares[i]!)}%`]).toContain(label));
    expect(labels.filter((l) => /^[a-z]/.test(l)).length).toBeGreaterThanOrEqual(6);
  });

  test('12 machines: the event mix and the jump grid in id order (not 1, 10, 11, 2, ...); the time charts colour five, none pale, no two alike', async () => {
    const dir = join(tempDir('lamport-charts-'), 'run');
    expect((await runScript('simulate', ['-m', '12', '-d', '2', '-s', '3', '-q', '-l', dir])).exitCode).toBe(0);
    const ids = Array.from({ length: 12 }, (_, i) => `machine ${i + 1}`);
    const run = await analyzeRun(dir);
    const charts = runCharts(run);
    const coloured = colouredMachines(run.metrics.machines).map((id) => `machine ${id}`);
    expect(coloured).toHaveLength(5);
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec);
      const labels = [...svg.matchAll(/<text[^>]*>(machine \d+)<\/text>/g)].map((m) => m[1]);
      expect([chart.title, labels]).toEqual([chart.title, chart.caption.includes('in grey') ? coloured : ids]);
    }
    const clockSvg = await renderSvg(charts.find((c) => c.title === 'Logical clock against system time')!.spec);
    // The five in colour (category20's pale half was 1.6-2.5:1 on white), each with its own dashes.
    const lines = [...clockSvg.matchAll(/aria-label="(machine \d+): [^"]*"([^>]*)/g)].map((m) => `${/stroke="(#[0-9a-f]{6})"/.exec(m[2]!)?.[1]} ${/stroke-dasharray="([^"]*)"/.exec(m[2]!)?.[1] ?? 'solid'}`);
    const colouredLines = lines.filter((l) => !l.startsWith(OTHER_MACHINE_GREY));
    expect([lines.length, colouredLines.length, new Set(colouredLines).size]).toEqual([12, 5, 5]);
    expect(colouredLines.filter((l) => contrastOnWhite(l.slice(0, 7)) < 2)).toEqual([]);
    // The legend's symbols are long enough to show each pattern: machine 2's dashes are not drawn as a solid stub.
    const legendDash = [...clockSvg.matchAll(/role-legend-symbol[^>]*>((?:<path[^>]*>)+)/g)].flatMap((m) => [...m[1]!.matchAll(/<path[^>]*>/g)].map((p) => /stroke-dasharray="([^"]*)"/.exec(p[0])?.[1] ?? 'solid'));
    expect(new Set(legendDash).size).toBe(5);
  });

  test('1000 machines (the most simulate makes): the event mix draws every machine in id order', async () => {
    // Its order was a list vega-lite turns into one nested condition per machine: past ~925 the stack overflowed.
    const dir = join(tempDir('lamport-charts-'), 'run');
    expect((await runScript('simulate', ['-m', '1000', '-d', '0.5', '-s', '3', '-q', '--no-link-records', '-l', dir])).exitCode).toBe(0);
    const mix = runCharts(await analyzeRun(dir)).find((c) => c.title === 'Event mix per machine')!;
    const labels = [...(await renderSvg(mix.spec)).matchAll(/<text[^>]*>(machine \d+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(Array.from({ length: 1000 }, (_, i) => `machine ${i + 1}`));
  });

  test('a run without a message: no jump histogram, and no chart with NaN or six-decimal ticks', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 1, seed: 2 });
    const charts = runCharts(await analyzeRun(dir));
    expect(charts.map((c) => c.title)).not.toContain('Clock jumps on receive');
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec);
      expect(svg).toMatch(/^<svg/);
      expect(svg).not.toMatch(/NaN|\d\.000000/);
    }
  });

  test('a restart: its catch-up from clock 0 runs off the top of the drift chart, labelled, and is left out of the histogram', async () => {
    const dir = tempDir('lamport-charts-');
    writeRestartRun(dir);
    const run = await analyzeRun(dir);
    const m2 = run.metrics.machines[1]!;
    expect(m2.catchUpJumps.map((c) => c.jump)).toEqual([70]);
    expect(m2.drift.max).toBeGreaterThanOrEqual(70);
    const charts = runCharts(run);
    const drift = charts.find((c) => c.title === 'Drift behind the leading clock')!;
    const svg = await renderSvg(drift.spec);
    // The axis ends a little above the other drift (0 or 1), not at 70; the label says where the catch-up went.
    expect(svg).toMatch(/Y-axis titled 'drift behind the largest clock' for a linear scale with values from 0 to [1-5]"/);
    expect(texts(svg)).toContain('↑ machine 2 restarted from clock 0 (off the scale)');
    expect(drift.caption).toContain(`After its restart, machine 2 started again from clock 0 and was far behind until the first receive (drift max ${m2.drift.max} in the tables)`);
    const jumps = charts.find((c) => c.title === 'Clock jumps on receive')!;
    expect(jumps.caption).toContain('machine 2 by 70');
    const bars = [...(await renderSvg(jumps.spec)).matchAll(/aria-label="(jump size: [^"]*)"/g)].map((m) => m[1]);
    expect(bars).toEqual(['jump size: 0; receives: 1; machine: machine 2']);
  });

  test('two restarts off the scale: a label each, on lines of their own, the late one read leftwards with its arrow at its end', async () => {
    const dir = join(tempDir('lamport-charts-'), 'run');
    const faults = join(dir, '..', 'faults.json');
    const kill = (machine: number, at: number) => [{ at, action: 'kill', machine }, { at: at + 5, action: 'restart', machine }];
    writeFileSync(faults, JSON.stringify({ events: [...kill(3, 15), ...kill(2, 28)] }));
    expect((await runScript('simulate', ['-d', '45', '-r', '2,3,4', '-s', '5', '-f', faults, '-q', '-l', dir])).exitCode).toBe(0);
    const scale = catchUpScale(await analyzeRun(dir))!;
    expect(scale.marks).toEqual([
      { t: 20, label: '↑ machine 3 restarted from clock 0 (off the scale)', align: 'left', row: 0 },
      { t: 33, label: 'machine 2 restarted from clock 0 (off the scale) ↑', align: 'right', row: 1 },
    ]);
    const drift = runCharts(await analyzeRun(dir)).find((c) => c.title === 'Drift behind the leading clock')!;
    const svg = await renderSvg(drift.spec);
    expect(texts(svg)).toEqual(expect.arrayContaining(['↑ machine 3 restarted from clock 0 (off the scale)', 'machine 2 restarted from clock 0 (off the scale) ↑']));
    // The fault windows' rules start below the labels' two rows (2 + 2 x 13 px, and 2 px more): they ran through the words.
    const rules = [...svg.matchAll(/mark-rule role-mark[^>]*><line transform="translate\([\d.]+,([\d.]+)\)" x2="0" y2="([\d.]+)"/g)];
    expect(rules.length).toBeGreaterThan(0);
    for (const [, top, length] of rules) expect([Number(top), Number(top) + Number(length)]).toEqual([30, 220]);
  });

  test('a run without a restart: the drift chart scales to every point as before', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const drift = runCharts(await analyzeRun(dir)).find((c) => c.title === 'Drift behind the leading clock')!;
    expect(JSON.stringify(drift.spec)).not.toMatch(/"domain":\[0|"clip"/);
    expect(drift.caption).not.toContain('restart');
  });

  test('fault windows: overlapping ones in separate lanes, one that starts after the others (and their labels beside them) end shares a lane', () => {
    const origin = at(0);
    const window = (from: number, to: number | null, label: string) => ({ from: at(from), to: to === null ? null : at(to), kind: 'toxic' as const, label, links: [], source: 'applied' as const });
    const run = {
      metrics: { startTime: origin, endTime: at(60_000) },
      scheduleStart: null,
      faults: [window(10_000, null, 'latency 200 ms on 1->2'), window(20_000, 25_000, 'down 1->3'), window(35_000, 45_000, 'slicer on 1->3'), window(36_000, 37_000, 'x')],
    } as unknown as RunAnalysis;
    expect(faultBars(run, 420).map((b) => [b.label, b.lane, b.ended])).toEqual([
      ['latency 200 ms on 1->2', 0, false],
      ['down 1->3', 1, true],
      ['slicer on 1->3', 1, true],
      ['x', 2, true],
    ]);
  });

  test('fault labels: inside a bar they fit in, after a short bar, before a short bar at the right edge; never over another bar', async () => {
    const window = (from: number, to: number | null, kind: 'toxic' | 'down' | 'kill', label: string) => ({ from: at(from), to: to === null ? null : at(to), kind, label, links: [], source: 'applied' as const });
    const run = {
      metrics: { startTime: at(0), endTime: at(60_000) },
      scheduleStart: null,
      faults: [window(5_000, 40_000, 'toxic', 'latency 200 ms on 1->2'), window(20_000, 22_000, 'down', 'down machine:3'), window(30_000, 31_000, 'kill', 'machine 2 killed'), window(57_000, null, 'down', 'down 1->3')],
    } as unknown as RunAnalysis;
    const bars = faultBars(run, 420);
    expect(bars.map((b) => [b.label, b.lane, b.labelInside, b.labelAlign, b.labelAt])).toEqual([
      ['latency 200 ms on 1->2', 0, true, 'left', 5],
      ['down machine:3', 1, false, 'left', 22],
      ['machine 2 killed', 2, false, 'left', 31],
      ['down 1->3', 0, false, 'right', 57],
    ]);
    // Drawn: each label's text starts inside its bar or after its end, or ends before its start, in its bar's row.
    const svg = await renderSvg(stripSpec(bars));
    // Each bar is read as its window's line of the run table (fault window: <label>: <from> to <to>).
    const rects = [...svg.matchAll(/<path aria-label="fault window: ([^"]*)" [^>]*d="M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)/g)].map((m) => {
      const [left, top, width, height] = m.slice(2).map(Number) as [number, number, number, number];
      return { said: m[1]!, left, top, width, height };
    });
    const tops = [...new Set(rects.map((r) => r.top))].sort((a, b) => a - b);
    const labels = [...svg.matchAll(/<text text-anchor="(start|end)" transform="translate\(([\d.]+),([\d.]+)\)"[^>]*>([^<]+)<\/text>/g)].map((m) => ({ anchor: m[1], x: Number(m[2]), y: Number(m[3]), text: m[4] }));
    expect(labels.map((l) => l.text).sort()).toEqual(['down 1-&gt;3', 'down machine:3', 'latency 200 ms on 1-&gt;2', 'machine 2 killed']);
    expect(rects.map((r) => r.said)).toEqual(['latency 200 ms on 1-&gt;2: 5 s to 40 s', 'down machine:3: 20 s to 22 s', 'machine 2 killed: 30 s to 31 s', 'down 1-&gt;3: 57 s to end']);
    bars.forEach((bar, i) => {
      const { left, top, width, height } = rects[i]!;
      expect(tops.indexOf(top)).toBe(bar.lane);
      const label = labels.find((l) => l.text === bar.label.replace('>', '&gt;'))!;
      expect(label.y).toBeGreaterThan(top);
      expect(label.y).toBeLessThan(top + height);
      if (bar.labelInside) expect([label.anchor, label.x]).toEqual(['start', left + 3]);
      else if (bar.labelAlign === 'left') expect([label.anchor, label.x]).toEqual(['start', expect.closeTo(left + width + 3, 5)]);
      else expect([label.anchor, label.x]).toEqual(['end', expect.closeTo(left - 3, 5)]);
    });
  });

  test('cross-run chart: runs in numeric order, no colour and shape twice in 14 runs, whole names, every point under the top tick', async () => {
    const root = tempDir('lamport-charts-');
    const dirs = Array.from({ length: 14 }, (_, i) => join(root, `run-with-a-rather-long-name-${i + 1}`));
    dirs.forEach((dir, i) => writeScriptedRun(dir, { rates: { 1: 6, 2: i === 11 ? 1 : 5 }, durationMs: i === 11 ? 40_000 : 2000, latencyMs: 5, internalProbability: 0.3, seed: i + 1 }));
    const analysis = await analyzeRuns(dirs);
    const chart = crossRunChart(analysis);
    const svg = await renderSvg(chart.spec);
    const labels = texts(svg).filter((t) => t.includes('run-with'));
    expect(labels).toEqual(dirs.map((d, i) => `${i + 1}: ${d.split('/').at(-1)}`));
    const enc = (chart.spec as unknown as { encoding: Record<string, { scale: { range: string[] } }> }).encoding;
    const pairs = enc.color!.scale.range.map((c, i) => `${c} ${enc.shape!.scale.range[i]}`);
    expect(new Set(pairs).size).toBe(14);
    const queues = analysis.runs.flatMap((r) => r.metrics.machines.map((m) => m.maxQueue));
    const top = Number(/Y-axis titled 'max queue \(symlog\)' for a symlog scale with values from 0 to (\d+)"/.exec(svg)?.[1]);
    expect(top).toBeGreaterThan(Math.max(...queues));
    // The top of the axis is a tick (labelled), so no point sits above the last label at the frame's edge.
    expect(texts(svg)).toContain(String(top));
    // One slow machine's queue (run 12) is many times the others': a symmetric-log axis, said in the caption.
    expect(spansOrders(queues)).toBe(true);
    expect(chart.caption).toContain('symmetric-log');
  });

  test('cross-run chart: a run and its twin with the same figures are both seen, side by side, in their own colour and shape', async () => {
    const root = tempDir('lamport-charts-');
    const twin = { rates: { 1: 4, 2: 2, 3: 6 }, durationMs: 5000, latencyMs: 5, internalProbability: 0.7, seed: 3 };
    const dirs = ['real', 'simulated', 'other'].map((name) => join(root, name));
    writeScriptedRun(dirs[0]!, twin);
    writeScriptedRun(dirs[1]!, twin);
    writeScriptedRun(dirs[2]!, { ...twin, rates: { 1: 5, 2: 1, 3: 5 }, seed: 8 });
    const analysis = await analyzeRuns(dirs);
    const figures = (i: number) => analysis.runs[i]!.metrics.machines.map((m) => [m.rate, m.maxQueue]);
    expect(figures(1)).toEqual(figures(0));
    const chart = crossRunChart(analysis);
    const svg = await renderSvg(chart.spec);
    // Each point: its run and machine and true ratio (aria-label), where it is drawn, its shape and colour.
    const points = [...svg.matchAll(/<path aria-label="rate ratio \(fastest \/ this machine\): ([\d.]+); max queue: (\d+); run: (\d): \w+; machine: (\d); internal p: 0\.7; seed: \d" [^>]*transform="translate\(([\d.]+),([\d.]+)\)" d="([^"]+)" stroke="(#[0-9a-f]{6})"/g)].map(
      ([, ratio, queue, run, machine, x, y, d, stroke]) => ({ ratio: Number(ratio), queue: Number(queue), run: Number(run), machine: Number(machine), x: Number(x), y: Number(y), d, stroke }),
    );
    expect(points).toHaveLength(9);
    expect(svg).not.toMatch(/fill="#[0-9a-f]{6}" stroke-width="2"/);
    for (const machine of [1, 2, 3]) {
      const [real, simulated] = [1, 2].map((run) => points.find((p) => p.run === run && p.machine === machine)!);
      expect([real!.ratio, real!.queue]).toEqual([simulated!.ratio, simulated!.queue]);
      // The same place in the data, drawn 9 px apart on one row, in another shape and colour.
      expect(real!.y).toBe(simulated!.y);
      expect(Math.abs(real!.x - simulated!.x)).toBeCloseTo(9, 5);
      expect(real!.d).not.toBe(simulated!.d);
      expect(real!.stroke).not.toBe(simulated!.stroke);
    }
    const legend = [...svg.matchAll(/role-legend-symbol[^>]*><path [^>]*d="([^"]+)" stroke="(#[0-9a-f]{6})"[^]*?role-legend-label[^>]*><text[^>]*>([^<]+)</g)].map((m) => [m[3], m[1], m[2]]);
    expect(legend.map((l) => l[0])).toEqual(['1: real', '2: simulated', '3: other']);
    expect(new Set(legend.map((l) => l[1])).size).toBe(3);
    expect(new Set(legend.map((l) => l[2])).size).toBe(3);
    expect(chart.caption).toContain('Points of several runs at the same place are drawn side by side, a few pixels apart.');
  });

  test('cross-run chart: runs at different internal probabilities say theirs in the legend; each point its p and seed in the tooltip', async () => {
    const root = tempDir('lamport-charts-');
    const dirs = ['low', 'high'].map((name) => join(root, name));
    writeScriptedRun(dirs[0]!, { rates: { 1: 4, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.2, seed: 11 });
    writeScriptedRun(dirs[1]!, { rates: { 1: 4, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.8, seed: 12 });
    const chart = crossRunChart(await analyzeRuns(dirs));
    const svg = await renderSvg(chart.spec);
    expect(texts(svg).filter((t) => /^\d: /.test(t))).toEqual(['1: low (p 0.2)', '2: high (p 0.8)']);
    const spec = chart.spec as unknown as { data: { values: { run: string; internalProbability: string; seed: string }[] }; encoding: { tooltip: { field: string }[] } };
    expect(spec.encoding.tooltip.map((t) => t.field)).toEqual(['run', 'machine', 'ratio', 'maxQueue', 'internalProbability', 'seed']);
    // The SVG is static (no tooltip shows): each point's description, read by a screen reader, says them.
    expect(svg).toContain('aria-label="rate ratio (fastest / this machine): 1; max queue: ');
    expect(svg).toMatch(/aria-label="rate ratio \(fastest \/ this machine\): 2; max queue: \d+; run: 2: high \(p 0\.8\); machine: 2; internal p: 0\.8; seed: 12"/);
    expect(spec.data.values.map((v) => [v.run, v.internalProbability, v.seed])).toEqual([
      ['1: low (p 0.2)', '0.2', '11'],
      ['1: low (p 0.2)', '0.2', '11'],
      ['2: high (p 0.8)', '0.8', '12'],
      ['2: high (p 0.8)', '0.8', '12'],
    ]);
    // Runs at one internal probability keep their plain names (the twin test above, and the notebook's runs).
    writeScriptedRun(dirs[1]!, { rates: { 1: 4, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.2, seed: 12 });
    const same = crossRunChart(await analyzeRuns(dirs));
    expect((same.spec as unknown as { encoding: { color: { scale: { domain: string[] } } } }).encoding.color.scale.domain).toEqual(['1: low', '2: high']);
  });

  test('dodgeOffsets: points alone stay put; points at one place are spread 9 px apart around it, closer when many or when told', () => {
    expect(dodgeOffsets([{ x: 1, y: 2 }, { x: 1.5, y: 2 }, { x: 1, y: 2 }, { x: 1, y: 3 }, { x: 1, y: 2 }])).toEqual([-9, 0, 0, 0, 9]);
    const many = dodgeOffsets(Array.from({ length: 15 }, () => ({ x: 1, y: 1 })));
    expect([many[0], many[14]]).toEqual([-31.5, 31.5]);
    const near = dodgeOffsets(Array.from({ length: 15 }, () => ({ x: 1, y: 1 })), () => 7);
    expect([near[0], near[14]]).toEqual([-7, 7]);
    // Each group's own reach: the pair at 1 is held close, the pair at 12 (nothing near it) is not.
    const apart = dodgeOffsets([{ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 12, y: 1 }, { x: 12, y: 1 }], (x) => (x === 1 ? 2 : 100));
    expect(apart).toEqual([-2, 2, -4.5, 4.5]);
  });

  test('ratioTicks: round values from the lowest ratio up; ratios a rounding error apart give one tick, at once', () => {
    expect(ratioTicks(1, 12)).toEqual([1, 5, 10]);
    expect(ratioTicks(1, 1.5)).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5]);
    expect(ratioTicks(1, 2)).toEqual([1, 1.2, 1.4, 1.6, 1.8, 2]);
    expect(ratioTicks(1, 1.0000000000000002)).toEqual([1]);
    expect(ratioTicks(2.9999999999999996, 3)).toEqual([3]);
  });

  test('cross-run chart: many runs at one place are never drawn nearer another ratio than their own, and no tick is below the lowest ratio', async () => {
    const root = tempDir('lamport-charts-');
    // Twelve runs whose machines all sit at ratio 1 (queue 1 or so) and one at ratios 1 to 12: 1 and 2 are 1/11 of the axis apart.
    const dirs = Array.from({ length: 13 }, (_, i) => join(root, `run-${i}`));
    dirs.slice(0, 12).forEach((dir) => writeScriptedRun(dir, { rates: { 1: 2, 2: 2, 3: 2 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.7, seed: 3 }));
    writeScriptedRun(dirs[12]!, { rates: { 1: 12, 2: 6, 3: 1 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.7, seed: 3 });
    const chart = crossRunChart(await analyzeRuns(dirs));
    const svg = await renderSvg(chart.spec);
    const points = [...svg.matchAll(/<path aria-label="rate ratio \(fastest \/ this machine\): ([\d.]+);[^"]*" [^>]*transform="translate\(([\d.]+),/g)].map(([, ratio, x]) => ({ ratio: Number(ratio), x: Number(x) }));
    expect(points).toHaveLength(39);
    const at = (ratio: number) => points.filter((p) => p.ratio === ratio).map((p) => p.x);
    const [one, two] = [at(1), at(2)];
    expect(one.length).toBeGreaterThan(30);
    // Where ratio 1 and ratio 2 are drawn (the one point at 2 is alone, so at its place): every point at 1 is nearer 1's place.
    const centre = (Math.min(...one) + Math.max(...one)) / 2;
    expect(two).toHaveLength(1);
    expect(Math.max(...one) - centre).toBeLessThan((two[0]! - centre) / 2);
    expect(new Set(one).size).toBeGreaterThan(1);
    // The axis's labels run from 1 up: none at 0 in the padding's room left of the lowest ratio.
    const ticks = [...svg.matchAll(/role-axis-label[^]*?<\/g>/g)][0]![0].match(/>([\d.,]+)<\/text>/g)!.map((t) => Number(t.slice(1, -7)));
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(12);
  });

  test('spansOrders: linear for queues of one order, symlog when a few are over ten times most', () => {
    expect(spansOrders([1, 2, 3, 12, 25])).toBe(false);
    expect(spansOrders([1, 2, 2, 3, 50, 439])).toBe(true);
  });
});
