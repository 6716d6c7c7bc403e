// The sweep report's charts: axis labels read as numbers people write (a metric 0 in every run reads 0, not 0.000000).
import { expandGrid } from '../../../src/sweep/grid.js';
import { scheduleLabels, sweepReportHtml } from '../../../src/sweep/report.js';
import { parseFaultSchedule } from '../../../src/faults/schedule.js';
import { collectResults } from '../../../src/sweep/results.js';
import { runPoint } from '../../../src/sweep/run-point.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';

describe('sweep report', () => {
  test('no axis label with padded zeros when no message was refused', async () => {
    const spec = parseSweepSpec({ seeds: 2, grid: { internalProbability: [0.3, 0.6], durationSeconds: 5 } });
    const grid = expandGrid(spec);
    const rows = [0, 1, 2, 3].map((run) => runPoint(grid.points[Math.floor(run / 2)]!, grid.seeds[run % 2]!, run));
    const results = collectResults('axes', spec, grid, rows, false);
    expect(results.results.every((r) => r.refused === 0)).toBe(true);
    const html = await sweepReportHtml(results);
    const labels = [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(labels).toContain('0');
    expect(labels.filter((l) => /^-?\d+\.\d*0$/.test(l))).toEqual([]);
  });

  test('with fault schedules swept: short schedule labels, a colour per schedule against the other parameters, the schedules shown', async () => {
    const schedules = new Map([['study/kill-machine-2.json', parseFaultSchedule({ events: [{ at: 2, action: 'kill', machine: 2 }] }, 'kill.json')]]);
    const spec = parseSweepSpec({ seeds: 2, grid: { internalProbability: [0.3, 0.6], durationSeconds: 5, faults: [null, 'study/kill-machine-2.json'] } });
    const grid = expandGrid(spec, schedules);
    const rows = grid.points.flatMap((point) => grid.seeds.map((seed, i) => runPoint(point, seed, point.index * 2 + i)));
    const html = await sweepReportHtml(collectResults('faults', spec, grid, rows, false));
    const [probability, schedule] = html.split('<h2>Metrics against ').slice(1);
    const texts = (section: string) => [...section.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    // Against internal probability: a legend of the schedules, named short.
    expect(texts(probability!)).toEqual(expect.arrayContaining(['fault schedule', 'none', 'kill-machine-2']));
    // Told apart without colour too: the schedules' lines are one solid and one dashed, their markers of two shapes.
    const firstChart = probability!.split('class="mark-group role-scope concat_1_group"')[0]!;
    const dashes = new Set([...firstChart.matchAll(/class="mark-line[^"]*"[^>]*>(<path[^>]*>)/g)].map((m) => /stroke-dasharray="([^"]*)"/.exec(m[1]!)?.[1] ?? 'solid'));
    expect(dashes.size).toBe(2);
    const shapes = new Set([...firstChart.matchAll(/class="mark-symbol[^"]*"[^>]*>((?:<path[^>]*>)+)/g)].flatMap((m) => [...m[1]!.matchAll(/ d="([^"]*)"/g)].map((d) => d[1]!.replace(/[\d.-]+/g, '#'))));
    expect(shapes.size).toBeGreaterThanOrEqual(2);
    // Against the schedule itself: its labels, and its axis title.
    expect(texts(schedule!)).toEqual(expect.arrayContaining(['none', 'kill-machine-2']));
    expect(texts(schedule!).filter((t) => t === 'fault schedule').length).toBeGreaterThan(0);
    expect(html).toContain('messages lost (faults)');
    expect(html).toContain('<h2>Fault schedules</h2>\n<h3>study/kill-machine-2.json</h3>');
    // The points without a schedule say `none` in the table, and the others their schedule's label, as the charts do.
    expect(html).toMatch(/<tr><th scope="row">0<\/th>(<td>[^<]*<\/td>){6}<td>none<\/td>/);
    expect(html).toMatch(/<tr><th scope="row">1<\/th>(<td>[^<]*<\/td>){6}<td>kill-machine-2<\/td>/);
  });

  test('each chart draws its own metric, and a screen reader reads its marks in the charts\' words; the points table has row headers', async () => {
    // The grid's order is not the axis's: the points are read along the axis (0.3 first), the lines are hidden.
    const spec = parseSweepSpec({ seeds: 3, grid: { rates: [[3, 4, 6]], internalProbability: [0.6, 0.3], durationSeconds: 5 } });
    const grid = expandGrid(spec);
    const rows = grid.points.flatMap((point) => grid.seeds.map((seed, i) => runPoint(point, seed, point.index * 3 + i)));
    const results = collectResults('words', spec, grid, rows, false);
    const html = await sweepReportHtml(results);
    // Per metric and probability: the lowest and highest over the seeds (the rule), and their mean (the point).
    for (const [metric, title] of [['maxQueue', 'max queue'], ['messages', 'messages sent'], ['maxJump', 'largest clock jump']] as const) {
      for (const p of [0.3, 0.6]) {
        const values = results.results.filter((r) => r.internalProbability === p).map((r) => r[metric]);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        expect(html).toContain(`aria-label="internal probability ${p}: ${title} from ${Math.min(...values).toLocaleString('en-US')} to ${Math.max(...values).toLocaleString('en-US')} over 3 runs"`);
        expect(html).toContain(`aria-label="internal probability ${p}: ${title}, mean of 3 runs: ${Number(mean.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 })}"`);
      }
    }
    expect(html).not.toMatch(/Mean of|Min of|Max of/);
    expect(html.indexOf('aria-label="internal probability 0.3: max queue')).toBeLessThan(html.indexOf('aria-label="internal probability 0.6: max queue'));
    expect(html).toMatch(/<g class="mark-line role-mark [^"]*" aria-hidden="true">/);
    // The two values of messages sent differ from those of max queue: the charts are not one metric drawn ten times.
    expect(new Set(results.results.map((r) => r.messages))).not.toEqual(new Set(results.results.map((r) => r.maxQueue)));
    // Each point's row is headed by its number; a parameter no point sets (rateRange, with rates given) has no column.
    expect(html).toContain('<tr><th scope="row">0</th><td>3</td><td>3/4/6</td><td>0.6</td>');
    // The columns are named as the charts' axes are, and every mean has two decimals, so that a column lines up.
    expect(html).toContain('<tr><th scope="col">point</th><th scope="col">machines</th><th scope="col">rates (per machine)</th><th scope="col">internal probability</th><th scope="col">latency range (ms)</th><th scope="col">duration (s)</th><th scope="col">runs</th><th scope="col">max queue</th>');
    const rowCells = [...html.matchAll(/<tr><th scope="row">\d+<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1]!));
    expect(rowCells).toHaveLength(2);
    // queueGrowth, the third metric, to four: a steady queue's 0.0018 a second reads so, not 0.00.
    for (const cells of rowCells) {
      expect(cells.slice(6).every((c, i) => (i === 2 ? /^-?\d\.\d{4}$/ : /^[\d,]+\.\d\d$/).test(c))).toBe(true);
    }
    // Each chart's y axis gives the metric's unit.
    expect(html).toContain(`aria-label="Y-axis titled 'messages' for a linear scale`);
    expect(html).toContain(`aria-label="Y-axis titled 'clock values' for a linear scale`);
  });

  test('with two parameters swept, the charts against each draw a line per value of the other, named in its legend', async () => {
    const spec = parseSweepSpec({ seeds: 2, grid: { rates: [[1, 3, 6], [3, 3, 6]], internalProbability: [0.3, 0.7], durationSeconds: 5 } });
    const grid = expandGrid(spec);
    const rows = grid.points.flatMap((point) => grid.seeds.map((seed, i) => runPoint(point, seed, point.index * 2 + i)));
    const html = await sweepReportHtml(collectResults('two', spec, grid, rows, false));
    const [rates, probability] = html.split('<h2>Metrics against ').slice(1);
    const texts = (section: string) => [...section.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    // Against the rates, a point per probability (its legend titled whole); against the probability, a line per rate vector.
    expect(texts(rates!)).toEqual(expect.arrayContaining(['internal probability', '0.3', '0.7']));
    expect(texts(probability!)).toEqual(expect.arrayContaining(['rates (per machine)', '1/3/6', '3/3/6']));
    expect(probability).toContain('aria-label="internal probability 0.3, rates (per machine) 1/3/6: max queue from');
    expect(html).toContain('With two parameters swept, the charts against each have a line per value of the other');
    // One parameter swept: nothing to draw lines by, and no sentence about them.
    const one = parseSweepSpec({ seeds: 2, grid: { rates: [[1, 3, 6]], internalProbability: [0.3, 0.7], durationSeconds: 5 } });
    const oneGrid = expandGrid(one);
    const oneRows = oneGrid.points.flatMap((point) => oneGrid.seeds.map((seed, i) => runPoint(point, seed, point.index * 2 + i)));
    const single = await sweepReportHtml(collectResults('one', one, oneGrid, oneRows, false));
    expect(single).not.toContain('a line per value');
    expect(single).not.toContain('role-legend');
  });

  test('schedule labels: file names without .json when they tell the schedules apart, else the paths', () => {
    expect(['a/kill.json', 'b/lag.json'].map(scheduleLabels(['a/kill.json', 'b/lag.json']))).toEqual(['kill', 'lag']);
    expect(['a/kill.json', 'b/kill.json'].map(scheduleLabels(['a/kill.json', 'b/kill.json']))).toEqual(['a/kill.json', 'b/kill.json']);
  });
});
