// Renders a vega-lite spec to an SVG string in Node: vega-lite compiles it, a headless vega View draws it.
import { Error as ERRORS_ONLY, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** The chart as a standalone `<svg>` element (no scripts, no external resources); vega logs errors only. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none', logLevel: ERRORS_ONLY });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
