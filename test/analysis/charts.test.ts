// The report's charts of one run: which are drawn, and that a run without receives draws no empty histogram.
import { analyzeRun } from '../../src/analysis/analyze.js';
import { runCharts } from '../../src/analysis/charts.js';
import { renderSvg } from '../../src/analysis/render-chart.js';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { writeScriptedRun } from './helpers/scripted-run.js';

describe('runCharts', () => {
  test('a run with receives: clock, drift, queue, jumps and event mix', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const charts = runCharts(await analyzeRun(dir));
    expect(charts.map((c) => c.title)).toEqual(['Logical clock against system time', 'Drift behind the leading clock', 'Queue length', 'Clock jumps on receive', 'Event mix per machine']);
  });

  test('jumps of 0 and 1 only: two bars, one per size (they were drawn as one bar from 0 to 1)', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2 }, durationMs: 3000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    run.metrics.machines.forEach((m, i) => (m.jumpHistogram = i === 0 ? [[0, 3], [1, 2]] : []));
    const chart = runCharts(run).find((c) => c.title === 'Clock jumps on receive')!;
    const bars = [...(await renderSvg(chart.spec)).matchAll(/aria-label="(jump size: [^"]*)"/g)].map((m) => m[1]);
    expect(bars).toEqual(['jump size: 0 – 1; receives: 3; machine: machine 1', 'jump size: 1 – 2; receives: 2; machine: machine 1']);
  });

  test('a machine a chart has no data for (machine 1 received nothing): every other machine keeps its colour in every chart', async () => {
    const dir = tempDir('lamport-charts-');
    writeScriptedRun(dir, { rates: { 1: 3, 2: 2, 3: 4 }, durationMs: 4000, latencyMs: 5, internalProbability: 0.3, seed: 2 });
    const run = await analyzeRun(dir);
    run.metrics.machines[0]!.jumpHistogram = [];
    /** machine label -> the colour its marks are drawn in */
    const colours = async (title: string): Promise<Map<string, string>> => {
      const svg = await renderSvg(runCharts(run).find((c) => c.title === title)!.spec);
      return new Map([...svg.matchAll(/aria-label="[^"]*machine: (machine \d+)"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"/g)].map((m) => [m[1]!, m[2]!]));
    };
    const clock = await colours('Logical clock against system time');
    const jumps = await colours('Clock jumps on receive');
    expect([...clock.keys()]).toEqual(['machine 1', 'machine 2', 'machine 3']);
    expect([...jumps.keys()].sort()).toEqual(['machine 2', 'machine 3']);
    for (const [machine, colour] of jumps) expect([machine, colour]).toEqual([machine, clock.get(machine)]);
  });

  test('12 machines: legends and the event mix in id order (not 1, 10, 11, 2, ...), twelve colours', async () => {
    const dir = join(tempDir('lamport-charts-'), 'run');
    expect((await runScript('simulate', ['-m', '12', '-d', '2', '-s', '3', '-q', '-l', dir])).exitCode).toBe(0);
    const ids = Array.from({ length: 12 }, (_, i) => `machine ${i + 1}`);
    for (const chart of runCharts(await analyzeRun(dir))) {
      const svg = await renderSvg(chart.spec);
      const labels = [...svg.matchAll(/<text[^>]*>(machine \d+)<\/text>/g)].map((m) => m[1]);
      expect(labels).toEqual(ids);
      if (chart.title === 'Logical clock against system time') expect(new Set([...svg.matchAll(/stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1])).size).toBe(12);
    }
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
});
