import {
  adoptionSeries,
  CHECKLIST_GROUPS,
  checklistItems,
  SECTION_KEYS,
  type ChecklistGroup,
  type ChecklistItemDefinition,
  type Profile,
  type SectionKey,
  type SignalKind,
} from '../profiles/model';
import { byText, datesText, evidenceText, groupDisplay, isTicked, severityLabel, stateLabel, type DisplayState } from '../review/display';
import { itemProbe } from '../review/checklist';
import { adoptionChart } from './chart';
import { renderTrend, type UnitReviewView } from './trend';
import { html, safeExternalUrl, type Markup } from './html';
import { ADOPTION_SOURCE_NAMES, comparableAdoption } from '../profiles/adoption';

/** Page copy shared by every ecosystem: it frames the blocks, the profile fills them. */
export const SIGNAL_KINDS: Record<SignalKind, { label: string; explanation: string }> = {
  'production-capability': {
    label: 'Production capability',
    explanation: 'A concrete capability that belongs to the visible production surface of this ecosystem.',
  },
  'architecture-decision': {
    label: 'Architecture decision',
    explanation: 'A practical decision point that affects delivery, maintainability and long-term product structure.',
  },
  'engineering-signal': {
    label: 'Engineering signal',
    explanation: 'A technical signal that separates serious product engineering from decorative implementation.',
  },
  'review-checkpoint': {
    label: 'Review checkpoint',
    explanation: 'A useful checkpoint for reviewing code quality, runtime behavior and system boundaries.',
  },
};

const MAP_LABELS: Partial<Record<SectionKey, string>> = {
  role: 'Role',
  architecture: 'Architecture',
  production: 'Production',
  risks: 'Risks',
};
const REVIEW_LABELS: Record<SectionKey, string> = {
  role: 'Role',
  architecture: 'Architecture',
  production: 'Production',
  risks: 'Risks',
  quality: 'Quality',
  mastery: 'Senior signal',
};
const NOT_IN_REVIEW = 'not in the workspace review';

export interface ItemView {
  key: string;
  state: DisplayState;
  by?: string;
  at?: string;
  owner?: string;
  /** An accepted or n/a decision's last day, the decision an expired one was, a needs-action item's due day. */
  until?: string;
  expiredDecision?: 'accepted' | 'n/a';
  due?: string;
  /** What the item's evidence says, worded by the host (display.evidenceText), and its kind. */
  evidence?: {
    text: string;
    status: 'found' | 'missing' | 'not-checked' | 'unsupported' | 'not-gating' | 'present' | 'absent' | 'lost';
    /** A code probe's first findings: "path:line" and the line's text. */
    findings?: { place: string; text: string }[];
  };
  /** Set when the item's condition does not hold for the reviewed unit: the fact that decides it. */
  notApplicable?: string;
  /** Set when a reviewer marked the item "applies anyway" over its condition: who, when, and what the condition says. */
  appliesAnyway?: string;
}

export interface PageContext {
  /** webview.cspSource */
  cspSource: string;
  /** Fresh per render. */
  nonce: string;
  styleUri: string;
  scriptUri: string;
  /** Checklist state per item id, for the component the page reviews; absent items show as not in review. */
  items?: ReadonlyMap<string, ItemView>;
  /** Component whose review the page shows, when not the workspace root. */
  component?: string;
  compare?: Profile;
  /** Block or item anchor to show first (Search Guidance, "Show on Reference Page"). */
  anchor?: string;
  /** Ecosystems the chart can be compared with, offered in a select when given. */
  compareOptions?: { id: string; name: string }[];
  /** Set when the review storage cannot be read: ticking is off and the page says why. */
  reviewError?: string;
  /** The reviewed unit's review-by day and trend (trend.ts); none: the page reviews no unit. */
  unitReview?: UnitReviewView;
}

export interface TocEntry {
  id: string;
  label: string;
}

/** Block anchors, in page order; Search Guidance opens the page at one of these. */
export function tableOfContents(profile: Profile): TocEntry[] {
  return [
    { id: 'overview', label: 'Overview' },
    { id: 'expert-position', label: 'Expert position' },
    { id: 'adoption', label: 'Global adoption' },
    { id: 'signals', label: 'Signals' },
    { id: 'architecture-map', label: 'Architecture map' },
    ...SECTION_KEYS.map((key) => ({ id: `section-${key}`, label: profile.sections[key].title })),
    { id: 'delivery-checks', label: 'Delivery checks' },
    { id: 'senior-review', label: 'Senior review' },
    ...(profile.discussion ? [{ id: 'discussion', label: 'Focused discussion' }] : []),
  ];
}

/** Profile + review states -> the full HTML document of the reference page. Pure: no I/O. */
export function renderPage(profile: Profile, context: PageContext): string {
  const series = adoptionSeries(profile);
  const first = series[0];
  const current = series[series.length - 1];
  // A comparison draws only a curve built the same way: the same source, languages with languages.
  const compare = context.compare && comparableAdoption(profile, context.compare) ? context.compare : undefined;
  context = { ...context, compare };
  const compareSeries = compare ? adoptionSeries(compare) : undefined;
  const sourced = profile.adoption.sources?.stackoverflow;
  const csp = [
    "default-src 'none'",
    `style-src ${context.cspSource}`,
    `img-src ${context.cspSource}`,
    `font-src ${context.cspSource}`,
    `script-src 'nonce-${context.nonce}'`,
  ].join('; ');

  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${context.styleUri}">
<title>${profile.name}: Stack Guide</title>
</head>
<body data-ecosystem="${profile.id}" data-render="${context.nonce}"${context.anchor ? html` data-anchor="${context.anchor}"` : ''}>
<a class="skip" href="#main">Skip to content</a>
<div class="layout">
<nav class="toc" aria-label="On this page">
<h2 class="toc-title">On this page</h2>
<ol>
${tableOfContents(profile).map(
  (entry) => html`<li><a href="#${entry.id}">${entry.label}</a></li>
`,
)}</ol>
</nav>
<main id="main" tabindex="-1">
<header class="hero block" id="overview">
<nav aria-label="Breadcrumb"><ol class="breadcrumb">${profile.breadcrumb.map((crumb) => html`<li>${crumb}</li>`)}</ol></nav>
<p class="eyebrow">Reference page</p>
<h1>${profile.name}</h1>
<p class="summary">${profile.summary}</p>
<ul class="chips" aria-label="Signals">
${profile.signals.map(
  (
    signal,
  ) => html`<li class="chip kind-${signal.kind}"><span class="chip-name">${signal.name}</span><span class="chip-kind">${SIGNAL_KINDS[signal.kind].label}</span></li>
`,
)}</ul>
<section class="lens" aria-label="Production lens">
<p class="eyebrow">Production lens</p>
<p><strong>Technical reading:</strong> ${profile.technicalReading}</p>
</section>
<dl class="facts">
<div><dt>Signals</dt><dd>${profile.signals.length} checks</dd></div>
<div><dt>Sections</dt><dd>${SECTION_KEYS.length} blocks</dd></div>
${(profile.focus ?? []).map((focus) => html`<div><dt>Focus</dt><dd>${focus}</dd></div>`)}
${profile.reviewed ? html`<div><dt>Reviewed</dt><dd><time datetime="${profile.reviewed}">${profile.reviewed}</time></dd></div>` : ''}
</dl>
</header>

<section class="block" id="expert-position" aria-labelledby="expert-position-title">
<h2 id="expert-position-title">Expert position</h2>
<blockquote>${profile.expertPosition}</blockquote>
</section>

<section class="block" id="adoption" aria-labelledby="adoption-title">
<p class="eyebrow">Global adoption index</p>
<h2 id="adoption-title">${profile.name} usage and adoption since ${first.year}</h2>
<div class="adoption-head">
<div class="current-point"><span class="label">Current point</span><span class="value">${current.value}/100</span><span class="label">${sourced ? `Latest surveyed year: ${current.year}` : `Latest modeled point: ${current.year}`}</span></div>
<div class="meaning"><h3>What this means</h3><p>${profile.adoption.meaning}</p></div>
</div>
<figure class="chart-figure">
<figcaption><strong>Yearly evolution ${first.year}–${current.year}</strong>${
    context.compare
      ? html` <span class="legend"><span class="swatch primary"></span>${profile.name} <span class="swatch compare"></span>${context.compare.name}</span>`
      : ''
  }${
    context.compareOptions && context.compareOptions.length > 0
      ? html`<label class="compare-select">Compare with <select id="compare" data-compare>
<option value=""${context.compare ? '' : ' selected'}>nothing</option>
${context.compareOptions.map(
  (option) => html`<option value="${option.id}"${context.compare?.id === option.id ? ' selected' : ''}>${option.name}</option>
`,
)}</select></label>`
      : ''
  }</figcaption>
${adoptionChart({ label: profile.name, points: series }, compareSeries && context.compare ? { label: context.compare.name, points: compareSeries } : undefined)}
<p class="method">${profile.adoption.method}</p>
${
  sourced
    ? html`<ul class="adoption-sources" aria-label="Sources of the adoption values">${Object.entries(sourced)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([year, entry]) => {
          const safe = safeExternalUrl(entry.link);
          const name = html`${ADOPTION_SOURCE_NAMES.stackoverflow} ${year}`;
          return html`<li>${year}: ${String(entry.value)} %${entry.label ? html` (as “${entry.label}”)` : ''} — ${safe ? html`<a class="external" href="${safe}" data-external="${safe}">${name}</a>` : name}</li>`;
        })}</ul>`
    : ''
}
</figure>
<div class="sr-only"><table>
<caption>${profile.name} adoption index by year (${sourced ? 'percent of professional developers, Stack Overflow Developer Survey' : 'modeled, 0–100'})</caption>
<thead><tr><th scope="col">Year</th><th scope="col">${profile.name}</th>${context.compare ? html`<th scope="col">${context.compare.name}</th>` : ''}</tr></thead>
<tbody>
${series.map(
  (point) => html`<tr><th scope="row">${point.year}</th><td>${point.value}</td>${
    context.compare ? html`<td>${compareSeries?.find((other) => other.year === point.year)?.value ?? '—'}</td>` : ''
  }</tr>
`,
)}</tbody>
</table></div>
</section>

<section class="block" id="signals" aria-labelledby="signals-title">
<h2 id="signals-title">Signals</h2>
<ol class="cards">
${profile.signals.map(
  (
    signal,
    index,
  ) => html`<li class="card kind-${signal.kind}"><span class="number">${String(index + 1).padStart(2, '0')}</span><h3>${signal.name}</h3><p class="kind">${SIGNAL_KINDS[signal.kind].label}</p><p>${signal.detail ?? SIGNAL_KINDS[signal.kind].explanation}</p></li>
`,
)}</ol>
</section>

<section class="block" id="architecture-map" aria-labelledby="architecture-map-title">
<h2 id="architecture-map-title">Architecture map</h2>
<p class="lead">A page must explain how the technology behaves under product pressure.</p>
<p>The goal is not to list a framework name. The goal is to show the decisions, boundaries, risks and delivery checks that make it useful in a serious system.</p>
<ul class="map">
${(Object.keys(MAP_LABELS) as SectionKey[]).map(
  (
    key,
  ) => html`<li><p class="eyebrow">${MAP_LABELS[key]}</p><h3><a href="#section-${key}">${profile.sections[key].title}</a></h3><p>${profile.sections[key].lead}</p></li>
`,
)}</ul>
</section>

${SECTION_KEYS.map((key) => {
  const section = profile.sections[key];
  return html`<section class="block section" id="section-${key}" aria-labelledby="section-${key}-title">
<h2 id="section-${key}-title">${section.title}</h2>
<p class="lead">${section.lead}</p>
${section.body.map(
  (paragraph) => html`<p>${paragraph}</p>
`,
)}</section>
`;
})}
<section class="block" id="delivery-checks" aria-labelledby="delivery-checks-title">
<h2 id="delivery-checks-title">Delivery checks</h2>
<p class="lead">What must be visible in a credible implementation</p>
${context.component ? html`<p class="component-note">Review state of <code>${context.component}</code>.</p>` : ''}
<p class="review-error" role="alert"${context.reviewError ? '' : ' hidden'}>${context.reviewError ?? ''}</p>
${
  context.unitReview
    ? html`${renderTrend(context.unitReview)}
`
    : ''
}${CHECKLIST_GROUPS.map((group) => renderGroup(profile, group, context))}
</section>

<section class="block" id="senior-review" aria-labelledby="senior-review-title">
<h2 id="senior-review-title">Senior review</h2>
<p class="lead">What the page should help a reader understand</p>
<dl class="review">
${SECTION_KEYS.map(
  (key) => html`<div><dt>${REVIEW_LABELS[key]}:</dt><dd>${profile.sections[key].lead}</dd></div>
`,
)}</dl>
</section>
${
  profile.discussion
    ? html`
<section class="block discussion" id="discussion" aria-labelledby="discussion-title">
<p class="eyebrow">Focused discussion</p>
<h2 id="discussion-title">${profile.discussion.title}</h2>
<p>${profile.discussion.text}</p>
</section>`
    : ''
}
</main>
</div>
<script nonce="${context.nonce}" src="${context.scriptUri}"></script>
</body>
</html>
`;
  return doc.value;
}

function renderGroup(profile: Profile, group: ChecklistGroup, context: PageContext): Markup | '' {
  const items = profile.checklist[group] ?? [];
  if (items.length === 0) return '';
  return html`<h3 class="group-title">${groupDisplay(group).label}</h3>
<p class="tick-meaning">${groupDisplay(group).tickMeans}</p>
<ul class="checks" data-group="${group}">
${items.map(
  (item) => html`${renderItem({ ...item, group }, profile, itemView(context, item.id))}
`,
)}</ul>
`;
}

/** An item's review state on the page: none while the review cannot be read (ticking is off). */
function itemView(context: Pick<PageContext, 'items' | 'reviewError'>, id: string): ItemView | undefined {
  return context.reviewError ? undefined : context.items?.get(id);
}

/**
 * Each checklist item's `<li>` by item id, as the full page draws it: what the host sends the page
 * script when review states change, so that it replaces an item rather than patch it.
 */
export function itemFragments(profile: Profile, context: Pick<PageContext, 'items' | 'reviewError'>): Record<string, string> {
  return Object.fromEntries(checklistItems(profile).map((item) => [item.id, renderItem(item, profile, itemView(context, item.id)).value]));
}

/**
 * Why code is not searched for this item, when its page's language has no parser (the profile's
 * `code.unavailable`): the same probe and words the tree and the CLI give it (itemProbe, evidenceText).
 */
function noParserText(item: ChecklistItemDefinition & { group: ChecklistGroup }, profile: Profile): string | undefined {
  if (item.evidence) return undefined;
  const probe = itemProbe(item, profile);
  const unavailable = probe && 'code' in probe ? probe.code.on?.unavailable : undefined;
  return unavailable ? evidenceText({ state: 'open', evidence: { status: 'not-checked', locations: [], reason: unavailable } }) : undefined;
}

/** One checklist item, its box, state and evidence: the only markup of an item, for the first render and every later one. */
function renderItem(item: ChecklistItemDefinition & { group: ChecklistGroup }, profile: Profile, view: ItemView | undefined): Markup {
  const state: DisplayState = view?.state ?? 'open';
  const noParser = noParserText(item, profile);
  const inReview = view !== undefined;
  const links = (item.links ?? []).map((link) => {
    const safe = safeExternalUrl(link);
    return safe
      ? html`<a class="external" href="${safe}" data-external="${safe}">${link}</a>`
      : html`<span class="unsafe-link" title="Only https links are opened">${link}</span>`;
  });
  return html`<li class="check state-${state === 'n/a' ? 'na' : state} severity-${item.severity}${view?.notApplicable ? ' not-applicable' : ''}" id="item-${item.id}" data-item="${item.id}"${inReview ? html` data-key="${view.key}"` : ''}>
<label><input type="checkbox" class="tick"${isTicked(state) ? ' checked' : ''}${inReview ? '' : ' disabled'} aria-describedby="item-${item.id}-state"> <span class="text">${item.text}</span></label>
<span class="meta"><span class="severity">${severityLabel(item.severity)}</span> <span class="state" id="item-${item.id}-state">${inReview ? stateLabel(state, item.group) : NOT_IN_REVIEW}</span> <span class="who">${view ? byText(view) : ''}</span>${view && datesText(view) ? html` <span class="dates">${datesText({ ...view, group: item.group })}</span>` : ''}</span>
${view?.notApplicable ? html`<p class="not-here">Not applicable here: ${view.notApplicable}. It counts in no badge and fails no gate.</p>` : ''}${view?.appliesAnyway ? html`<p class="applies-anyway">Applies here: ${view.appliesAnyway}.</p>` : ''}${item.appliesTo ? html`<p class="applies">Applies to: ${item.appliesTo}</p>` : ''}${item.why ? html`<p class="why">${item.why}</p>` : ''}${
    item.evidence
      ? html`<p class="evidence evidence-${view?.evidence?.status ?? 'pending'}"><span class="evidence-text">${view?.evidence?.text ?? (inReview ? 'evidence: checking…' : 'evidence is checked for the workspace review')}</span> <button type="button" class="open-evidence"${inReview ? html` data-open-evidence="${view.key}"` : ''}${view?.evidence?.status === 'found' || view?.evidence?.findings?.length ? '' : ' hidden'}>${view?.evidence?.findings?.length ? 'Open first finding' : 'Open evidence'}</button></p>${
          view?.evidence?.findings?.length
            ? html`<ul class="findings" aria-label="Places in the code">${view.evidence.findings.map((finding) => html`<li><code>${finding.place}</code> <code class="finding-line">${finding.text}</code></li>`)}</ul>`
            : ''
        }`
      : noParser
        ? html`<p class="evidence evidence-not-checked"><span class="evidence-text">${view?.evidence?.text ?? noParser}</span></p>`
        : ''
  }${links.length > 0 ? html`<ul class="links">${links.map((link) => html`<li>${link}</li>`)}</ul>` : ''}${
    inReview ? html`<button type="button" class="reveal" data-reveal="${view.key}">Show in checklist</button>` : ''
  }
</li>`;
}
