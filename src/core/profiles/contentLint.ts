import { leafProbes } from '../evidence/probe';
import { checklistItems, MAX_TITLE_LENGTH, type BaselineKind, type Profile, type Severity } from './model';
import { findRepeatedSentences } from './originality';
import { SUPPORT_TABLE, type SupportRuntime, type SupportTable } from './supportTable';

/**
 * What can be checked mechanically about a built-in page's content (issue: guidance a senior
 * engineer would sign). Team profiles are not held to it: they are the team's own words.
 */
export const BASELINE_SEVERITY: Readonly<Record<BaselineKind, Severity>> = {
  lockfile: 'high',
  runtime: 'high',
  'vulnerability-scan': 'high',
  secrets: 'high',
  appsec: 'high',
  sbom: 'medium',
  'static-analysis': 'medium',
};

/** Every page carries these kinds; static analysis is recommended, not required. */
export const REQUIRED_BASELINE: readonly BaselineKind[] = ['lockfile', 'runtime', 'vulnerability-scan', 'secrets', 'sbom', 'appsec'];

/** Share of a page's checklist items that carry a probe, at least. */
export const MIN_EVIDENCE_SHARE = 0.4;

/** How old a page's `reviewed` month may be. */
export const MAX_REVIEW_AGE_MONTHS = 6;

export interface ContentFinding {
  profile: string;
  item?: string;
  message: string;
}

export function lintContent(profiles: readonly Profile[], today: Date = new Date(), table: SupportTable = SUPPORT_TABLE): ContentFinding[] {
  const findings: ContentFinding[] = lintSupport(profiles, today, table);
  for (const profile of profiles) {
    const add = (message: string, item?: string) =>
      findings.push(item ? { profile: profile.id, item, message } : { profile: profile.id, message });
    if (!profile.reviewed) add('has no "reviewed" month');
    else {
      const [year, month] = profile.reviewed.split('-').map(Number);
      const age = (today.getUTCFullYear() - year) * 12 + (today.getUTCMonth() + 1 - month);
      if (age > MAX_REVIEW_AGE_MONTHS)
        add(`was reviewed ${profile.reviewed}, ${age} months ago; check its facts again and update "reviewed"`);
      if (age < 0) add(`"reviewed: ${profile.reviewed}" is in the future`);
    }
    const items = checklistItems(profile);
    const titled = new Map<string, string>();
    for (const item of items) {
      if (!item.title) add('has no "title": the tree and compact reports show its whole text cut short', item.id);
      else {
        if (item.title.length > MAX_TITLE_LENGTH)
          add(`has a title of ${item.title.length} characters; at most ${MAX_TITLE_LENGTH}`, item.id);
        if (/[.\s]$/.test(item.title)) add(`title "${item.title}" ends with a period or a space`, item.id);
        const same = titled.get(item.title.toLowerCase());
        if (same) add(`has the title "${item.title}" of ${same}; titles tell a page's items apart`, item.id);
        else titled.set(item.title.toLowerCase(), item.id);
      }
      if (!item.why) add('has no "why"', item.id);
      if (!item.links || item.links.length === 0) add('has no source link', item.id);
      if (item.baseline && item.severity !== BASELINE_SEVERITY[item.baseline] && !item.severityWhy) {
        add(
          `is a ${item.baseline} check rated ${item.severity}; that kind is ${BASELINE_SEVERITY[item.baseline]} on every page unless "severityWhy" says why not`,
          item.id,
        );
      }
      if (item.evidence) {
        for (const leaf of leafProbes(item.evidence)) {
          if ('key' in leaf && !leaf.in.startsWith('@') && !/\.(json|jsonc|json5|toml|ya?ml)$|(^|\/)(Pipfile|\.renovaterc)$/.test(leaf.in))
            add(`reads key "${leaf.key}" from "${leaf.in}", which is not JSON, TOML or YAML by its name`, item.id);
        }
      }
    }
    const kinds = new Set(items.map((item) => item.baseline).filter((kind): kind is BaselineKind => kind !== undefined));
    for (const kind of REQUIRED_BASELINE) if (!kinds.has(kind)) add(`has no "${kind}" baseline item`);
    if (!profile.adoption.sources) add('adoption has no sources: give raw yearly values with their links');
    else {
      for (const [year, entry] of Object.entries(profile.adoption.sources.stackoverflow ?? {})) {
        if (!entry.link.startsWith('https://')) add(`adoption value for ${year} has no https link`);
      }
    }
    const probed = items.filter((item) => item.evidence).length;
    if (items.length > 0 && probed / items.length < MIN_EVIDENCE_SHARE)
      add(`${probed} of ${items.length} items carry evidence probes; at least ${Math.round(MIN_EVIDENCE_SHARE * 100)} % should`);
  }
  for (const repeat of findRepeatedSentences(profiles)) {
    findings.push({
      profile: repeat.profile,
      message: `repeats a sentence of ${repeat.other} with only the name changed: "${repeat.sentence}"`,
    });
  }
  return findings;
}

/** How the support table's findings are named. */
export const SUPPORT_TABLE_NAME = 'support table';

/**
 * The support table against the clock and the pages: its `reviewed` day at most 6 months old, and
 * no runtime item (an item with a version probe) that still calls supported a release whose end
 * date in the table has passed.
 */
function lintSupport(profiles: readonly Profile[], today: Date, table: SupportTable): ContentFinding[] {
  const findings: ContentFinding[] = [];
  const [year, month, day] = table.reviewed.split('-').map(Number);
  // Stale from the day after the same day six months later.
  const due = new Date(Date.UTC(year, month - 1 + MAX_REVIEW_AGE_MONTHS, day)).toISOString().slice(0, 10);
  if (today.toISOString().slice(0, 10) > due) {
    findings.push({
      profile: SUPPORT_TABLE_NAME,
      message: `was reviewed ${table.reviewed}, more than ${MAX_REVIEW_AGE_MONTHS} months ago; check every date against its source again and update "reviewed"`,
    });
  }
  const iso = today.toISOString().slice(0, 10);
  for (const profile of profiles) {
    for (const item of checklistItems(profile)) {
      if (!item.evidence) continue;
      const runtimes = new Set(leafProbes(item.evidence).flatMap((leaf) => ('version' in leaf ? [leaf.version] : [])));
      for (const id of runtimes) {
        const runtime = table.runtimes[id];
        if (!runtime) continue;
        for (const release of releasesCalledSupported(item.text, runtime)) {
          const end = runtime.releases.find((entry) => entry.release === release)?.end;
          if (end && (end.length === 7 ? iso.slice(0, 7) > end : iso > end)) {
            findings.push({
              profile: profile.id,
              item: item.id,
              message: `names ${runtime.name} ${release} as supported, but its support ended ${end} (${SUPPORT_TABLE_NAME}); name the releases supported now`,
            });
          }
        }
      }
    }
  }
  return findings;
}

/**
 * The releases of a runtime that an item's text names as supported: those named in a clause
 * (text between semicolons) that speaks of support ("supported", "in support", "maintenance",
 * "at this review") and not of its end ("end of life", "reached", "ended", "EOL"). A release such
 * as 10.0 is also named by its major after the runtime's name (".NET 10").
 */
export function releasesCalledSupported(text: string, runtime: SupportRuntime): string[] {
  const named = new Set<string>();
  for (const clause of text.split(';')) {
    if (!/\b(supported|support|maintenance|at this review)\b/i.test(clause)) continue;
    if (/\b(end of life|end-of-life|reached|ended|EOL|left support|out of support)\b/i.test(clause)) continue;
    for (const { release } of runtime.releases) {
      const forms = [release];
      if (release.endsWith('.0')) forms.push(`${runtime.name} ${release.slice(0, -2)}`);
      const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (forms.some((form) => new RegExp(`(?<![\\w.])${escape(form)}(?![\\w]|\\.\\d)`).test(clause))) named.add(release);
    }
  }
  return [...named];
}

export function formatFinding(finding: ContentFinding): string {
  return `${finding.profile}${finding.item ? ` ${finding.item}` : ''}: ${finding.message}`;
}
