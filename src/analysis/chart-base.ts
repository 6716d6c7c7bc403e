// What every report chart shares: its shape (title, caption, vega-lite spec), size, background and fonts.
import type { ChartSpec } from './render-chart.js';

export interface Chart {
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
  config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
} as const;
