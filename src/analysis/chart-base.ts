// What every report chart shares: its shape (title, caption, vega-lite spec), size, background and fonts.
import type { ChartSpec } from './render-chart.js';

export interface Chart {
  /** A short name of the chart's kind (`clock`, `jumps`), fixed: report.html makes each figure's anchor from it. */
  key: string;
  title: string;
  /** One sentence under the chart: how to read it. */
  caption: string;
  spec: ChartSpec;
}

export const WIDTH = 420;
export const HEIGHT = 220;

export const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  height: HEIGHT,
  background: 'white',
  // Axis and legend text at 12 px, titles at 13 (at 11 and 10, too small on a projector or a zoomed-out page).
  config: { font: 'sans-serif', axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 12, titleFontSize: 13 } },
} as const;
