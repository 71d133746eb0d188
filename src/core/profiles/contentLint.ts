import { leafProbes } from '../evidence/probe';
import { checklistItems, type BaselineKind, type Profile, type Severity } from './model';
import { findRepeatedSentences } from './originality';

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

export function lintContent(profiles: readonly Profile[], today: Date = new Date()): ContentFinding[] {
  const findings: ContentFinding[] = [];
  for (const profile of profiles) {
    const add = (message: string, item?: string) => findings.push(item ? { profile: profile.id, item, message } : { profile: profile.id, message });
    if (!profile.reviewed) add('has no "reviewed" month');
    else {
      const [year, month] = profile.reviewed.split('-').map(Number);
      const age = (today.getUTCFullYear() - year) * 12 + (today.getUTCMonth() + 1 - month);
      if (age > MAX_REVIEW_AGE_MONTHS) add(`was reviewed ${profile.reviewed}, ${age} months ago; check its facts again and update "reviewed"`);
      if (age < 0) add(`"reviewed: ${profile.reviewed}" is in the future`);
    }
    const items = checklistItems(profile);
    for (const item of items) {
      if (!item.why) add('has no "why"', item.id);
      if (!item.links || item.links.length === 0) add('has no source link', item.id);
      if (item.baseline && item.severity !== BASELINE_SEVERITY[item.baseline] && !item.severityWhy) {
        add(`is a ${item.baseline} check rated ${item.severity}; that kind is ${BASELINE_SEVERITY[item.baseline]} on every page unless "severityWhy" says why not`, item.id);
      }
      if (item.evidence) {
        for (const leaf of leafProbes(item.evidence)) {
          if ('key' in leaf && !leaf.in.startsWith('@') && !/\.(json|jsonc|json5|toml|ya?ml)$|(^|\/)(Pipfile|\.renovaterc)$/.test(leaf.in)) add(`reads key "${leaf.key}" from "${leaf.in}", which is not JSON, TOML or YAML by its name`, item.id);
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
    if (items.length > 0 && probed / items.length < MIN_EVIDENCE_SHARE) add(`${probed} of ${items.length} items carry evidence probes; at least ${Math.round(MIN_EVIDENCE_SHARE * 100)} % should`);
  }
  for (const repeat of findRepeatedSentences(profiles)) {
    findings.push({ profile: repeat.profile, message: `repeats a sentence of ${repeat.other} with only the name changed: "${repeat.sentence}"` });
  }
  return findings;
}

export function formatFinding(finding: ContentFinding): string {
  return `${finding.profile}${finding.item ? ` ${finding.item}` : ''}: ${finding.message}`;
}
