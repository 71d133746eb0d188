/**
 * The reference page's "Review over time" block (issue 31): the reviewed unit's review-by day and
 * its done and open-high counts at each commit that changed its review, as static SVG with a table
 * for screen readers. Pure: the history is computed by the host (git in the Node extension host,
 * src/node/history.ts) and handed over as points; the block is sent to the page as a fragment once
 * it is known, so the page's first render never waits for git.
 */
import type { ReviewHistory } from '../history/history';
import { html, type Markup } from './html';

export interface TrendPoint {
  commit: string;
  /** Committer date, ISO 8601. */
  date: string;
  milestone: string | null;
  done: number;
  total: number;
  openHigh: number;
}

/** What the host knows of the unit's history: still reading it, none to be had here, or its points. */
export type TrendData =
  | { status: 'pending' }
  | { status: 'unavailable'; reason: string }
  | { status: 'ready'; points: TrendPoint[]; /** Only the newest commits were read: the limit. */ limitedTo?: number };

export interface UnitReviewView {
  /** The unit's review-by day (YYYY-MM-DD) and whether it has passed. */
  reviewBy?: string;
  overdue?: boolean;
  trend: TrendData;
}

export const TREND_ID = 'review-over-time';

/** One unit's series from the history: done and open high at each entry, oldest first. */
export function trendPoints(history: ReviewHistory, unit: { path: string; ecosystem: string }): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const entry of history.entries) {
    const counts = entry.units.find((candidate) => candidate.path === unit.path && candidate.ecosystem === unit.ecosystem);
    if (counts)
      points.push({
        commit: entry.commit,
        date: entry.date,
        milestone: entry.milestone,
        done: counts.done,
        total: counts.total,
        openHigh: counts.openHigh,
      });
  }
  return points;
}

/** The last milestone of a unit's series and its done count: what "+3 done since v1.2" is measured from. */
export function lastMilestone(points: readonly TrendPoint[]): { milestone: string; done: number } | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const { milestone, done } = points[i];
    if (milestone) return { milestone: milestone.split(', ').pop()!, done };
  }
  return undefined;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 44, right: 24, top: 16, bottom: 36 };

/** A step of 1, 2 or 5 times a power of ten that gives at most six gridlines up to `max`. */
function countStep(max: number): number {
  for (let power = 1; ; power *= 10) for (const base of [1, 2, 5]) if (max / (base * power) <= 5) return base * power;
}

/** The two series as static SVG: no script, each point with a <title>, colours from classes the stylesheet maps to --vscode-charts-*. */
export function trendChart(points: readonly TrendPoint[]): Markup {
  const times = points.map((point) => Date.parse(point.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const top = Math.max(1, ...points.map((point) => Math.max(point.total, point.openHigh)));
  const step = countStep(top);
  const max = Math.ceil(top / step) * step;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (time: number) => PAD.left + (last === first ? plotW / 2 : ((time - first) / (last - first)) * plotW);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const fmt = (n: number) => n.toFixed(1);
  const ticks: number[] = [];
  for (let value = 0; value <= max; value += step) ticks.push(value);
  const day = (point: TrendPoint) => point.date.slice(0, 10);
  const series = (name: 'done' | 'openHigh', cls: string, label: string) =>
    html`<polyline class="${cls}" fill="none" points="${points.map((point, i) => `${fmt(x(times[i]))},${fmt(y(point[name]))}`).join(' ')}"/>
${points.map(
  (point, i) =>
    html`<circle class="${cls}-point" cx="${fmt(x(times[i]))}" cy="${fmt(y(point[name]))}" r="4"><title>${label}, ${day(point)}${point.milestone ? ` (${point.milestone})` : ''}: ${name === 'done' ? `${point.done}/${point.total}` : point.openHigh}</title></circle>
`,
)}`;
  // The first and last day under the axis, and each milestone as a mark on it.
  const labels = last === first ? [first] : [first, last];
  const description = points.map((point) => `${day(point)}: done ${point.done}/${point.total}, open high ${point.openHigh}`).join('; ');
  return html`<svg class="chart trend-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="trend-title trend-desc" preserveAspectRatio="xMidYMid meet">
<title id="trend-title">Done and open high-severity items over time</title>
<desc id="trend-desc">${description}</desc>
${ticks.map(
  (value) =>
    html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fmt(y(value))}" y2="${fmt(y(value))}"/><text class="axis-label" x="${PAD.left - 8}" y="${fmt(y(value) + 4)}" text-anchor="end">${value}</text>
`,
)}<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>
${points.map((point, i) =>
  point.milestone
    ? html`<line class="milestone" x1="${fmt(x(times[i]))}" x2="${fmt(x(times[i]))}" y1="${PAD.top}" y2="${PAD.top + plotH}"><title>${point.milestone}</title></line>
`
    : '',
)}${labels.map(
    (time, i) =>
      html`<text class="axis-label" x="${fmt(x(time))}" y="${HEIGHT - 12}" text-anchor="${labels.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}">${new Date(time).toISOString().slice(0, 10)}</text>
`,
  )}${series('openHigh', 'trend-open-high', 'Open high')}${series('done', 'trend-done', 'Done')}</svg>`;
}

/** The whole block, as the first render draws it and as the fragment sent later replaces it. */
export function renderTrend(view: UnitReviewView): Markup {
  const reviewBy = view.reviewBy
    ? html`<p class="review-by${view.overdue ? ' overdue' : ''}">Review by <time datetime="${view.reviewBy}">${view.reviewBy}</time>${view.overdue ? html` — <strong>overdue</strong>` : ''}</p>`
    : '';
  return html`<section class="trend" id="${TREND_ID}" aria-labelledby="${TREND_ID}-title" data-trend="${view.trend.status}">
<h3 id="${TREND_ID}-title">Review over time</h3>
${reviewBy}${trendBody(view.trend)}
</section>`;
}

function trendBody(trend: TrendData): Markup {
  if (trend.status === 'pending') return html`<p class="trend-note">Reading the review's history…</p>`;
  if (trend.status === 'unavailable') return html`<p class="trend-note">${trend.reason}</p>`;
  const { points } = trend;
  if (points.length === 0) return html`<p class="trend-note">No commit has changed this unit's review yet.</p>`;
  const limited = trend.limitedTo !== undefined ? html` (the newest ${trend.limitedTo} commits that changed the review)` : '';
  return html`<figure class="chart-figure">
<figcaption><strong>Done and open high-severity items at each commit that changed the review</strong>${limited} <span class="legend"><span class="swatch trend-done"></span>done <span class="swatch trend-open-high"></span>open high</span></figcaption>
${trendChart(points)}
</figure>
<div class="sr-only"><table class="trend-table">
<caption>Review of this unit over time: done (done and n/a) of all items, and open high-severity items, per commit</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Commit</th><th scope="col">Milestone</th><th scope="col">Done</th><th scope="col">Open high</th></tr></thead>
<tbody>
${points.map(
  (point) =>
    html`<tr><th scope="row">${point.date.slice(0, 10)}</th><td>${point.commit.slice(0, 12)}</td><td>${point.milestone ?? ''}</td><td>${point.done}/${point.total}</td><td>${point.openHigh}</td></tr>
`,
)}</tbody>
</table></div>`;
}
