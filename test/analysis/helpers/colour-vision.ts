// How far apart two colours look (CIELAB ΔE76) with normal vision and, simulated (Machado et al. 2009, full
// severity), with protanopia and deuteranopia: the red-green colour blindness of about one man in twelve.

export type Vision = 'normal' | 'protanopia' | 'deuteranopia';

const MATRICES: Record<Vision, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
};

const linear = (byte: number): number => (byte / 255 <= 0.04045 ? byte / 255 / 12.92 : ((byte / 255 + 0.055) / 1.055) ** 2.4);

function lab(hex: string, vision: Vision): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16)));
  const [r, g, b] = MATRICES[vision].map((row) => Math.min(1, Math.max(0, row[0]! * rgb[0]! + row[1]! * rgb[1]! + row[2]! * rgb[2]!))) as [number, number, number];
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** ΔE76 between two '#rrggbb' colours as seen with `vision`. */
export function colourDistance(a: string, b: string, vision: Vision): number {
  const [p, q] = [lab(a, vision), lab(b, vision)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The smallest distance between any two of `colours`, over the three visions. */
export function closestPair(colours: readonly string[]): number {
  let least = Infinity;
  for (const vision of Object.keys(MATRICES) as Vision[])
    for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) least = Math.min(least, colourDistance(colours[i]!, colours[j]!, vision));
  return least;
}

/** WCAG's contrast ratio of a '#rrggbb' colour against white: 21 for black, 1 for white (3 is its floor for graphics). */
export function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16))) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}
