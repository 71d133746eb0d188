import { html, type Markup } from './html';

export interface Series {
  label: string;
  points: { year: number; value: number }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 24, top: 20, bottom: 36 };

/** Axis bounds on a step of 4, 8 or 20 so the labels stay round and the curve fills the plot. */
export function axisRange(values: number[]): { min: number; max: number; step: number } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const spread = Math.max(hi - lo, 1);
  const step = spread <= 12 ? 4 : spread <= 40 ? 8 : 20;
  const min = Math.max(0, Math.floor((lo - step / 4) / step) * step);
  const max = Math.min(100, Math.ceil((hi + step / 4) / step) * step);
  return { min, max, step };
}

/**
 * The adoption chart as static SVG: no script, each point with a <title> tooltip, colours
 * from classes that the stylesheet maps to --vscode-charts-* variables.
 */
export function adoptionChart(primary: Series, compare?: Series): Markup {
  const all = [...primary.points, ...(compare?.points ?? [])];
  const years = [...new Set(all.map((p) => p.year))].sort((a, b) => a - b);
  const { min, max, step } = axisRange(all.map((p) => p.value));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (year: number) =>
    PAD.left + (years.length === 1 ? plotW / 2 : ((year - years[0]) / (years[years.length - 1] - years[0])) * plotW);
  const y = (value: number) => PAD.top + plotH - ((value - min) / (max - min)) * plotH;
  const fmt = (n: number) => n.toFixed(1);

  const ticks: number[] = [];
  for (let v = min; v <= max; v += step) ticks.push(v);
  const current = primary.points[primary.points.length - 1];

  const line = (series: Series, cls: string) =>
    html`<polyline class="${cls}" fill="none" points="${series.points.map((p) => `${fmt(x(p.year))},${fmt(y(p.value))}`).join(' ')}"/>
${series.points.map(
  (
    p,
  ) => html`<circle class="${cls}-point" cx="${fmt(x(p.year))}" cy="${fmt(y(p.value))}" r="4" tabindex="-1"><title>${series.label}, ${p.year}: ${p.value}/100</title></circle>
`,
)}`;

  const description = `${primary.label}: ${primary.points.map((p) => `${p.year} ${p.value}`).join(', ')}${
    compare ? `. ${compare.label}: ${compare.points.map((p) => `${p.year} ${p.value}`).join(', ')}` : ''
  }`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
<title id="chart-title">Adoption index ${years[0]}–${years[years.length - 1]}</title>
<desc id="chart-desc">${description}</desc>
${ticks.map(
  (
    v,
  ) => html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}"/><text class="axis-label" x="${PAD.left - 8}" y="${fmt(y(v) + 4)}" text-anchor="end">${v}</text>
`,
)}<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>
${years.map(
  (year) => html`<text class="axis-label" x="${fmt(x(year))}" y="${HEIGHT - 12}" text-anchor="middle">${year}</text>
`,
)}${compare ? line(compare, 'compare') : ''}${line(primary, 'primary')}<circle class="current" cx="${fmt(x(current.year))}" cy="${fmt(y(current.value))}" r="8"><title>Current point: ${current.value}/100 (${current.year})</title></circle>
</svg>`;
}
