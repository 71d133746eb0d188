/**
 * What people see about an item, in one place: group names, what a tick means in each group,
 * state and severity names, progress, "done by X on date", evidence and member lists. The tree,
 * the commands, the page, the exports and the CLI all use it.
 *
 * Every word goes through a translator, the last argument. The CLI, the exports and the reference
 * page leave it out and speak English (`english`, which only fills in the placeholders); the
 * extension's tree and commands pass vscode.l10n.t, which looks each message up in
 * l10n/bundle.l10n.<language>.json. Each message is therefore a key of those bundles: call `t`
 * with a string literal, as vscode.l10n.t is called (test/unit/l10n.test.ts finds these calls and
 * checks both bundles against them).
 */
import { CHECKLIST_GROUPS, MAX_TITLE_LENGTH, type ChecklistGroup, type Severity } from '../profiles/model';
import { isEvidenceLost } from '../evidence/checklistEvidence';
import { locationText, type EvidenceLocation } from '../evidence/evaluate';
import type { ChecklistItem, ChecklistUnit } from './checklist';

/**
 * A translator with vscode.l10n.t's shape: the English message (its key in the l10n bundles) with
 * `{0}`, `{1}`… filled in from `args`.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** English, as vscode.l10n.t answers without a bundle: the message with its placeholders filled in. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));

/**
 * A stored state; 'stale': decided on a wording of the item that has changed since; 'expired': an
 * accepted risk or n/a decision past its `until` day (the decision it was is `expiredDecision`).
 */
export type DisplayState = 'open' | 'done' | 'n/a' | 'accepted' | 'needs-action' | 'stale' | 'expired';

export interface GroupDisplay {
  group: ChecklistGroup;
  label: string;
  /** One item of the group, as the guidance search names it. */
  noun: string;
  /** What ticking an item of this group says. Risks describe bad things: a tick says they are handled. */
  tickMeans: string;
  /** The tooltip of an unticked checkbox. */
  tickAction: string;
}

export function groupDisplay(group: ChecklistGroup, t: Translate = english): GroupDisplay {
  switch (group) {
    case 'delivery':
      return {
        group,
        label: t('Delivery checks'),
        noun: t('delivery check'),
        tickMeans: t('ticked: the check holds here'),
        tickAction: t('Mark done'),
      };
    case 'risks':
      return {
        group,
        label: t('Risks'),
        noun: t('risk'),
        tickMeans: t('ticked: mitigated, or not present here'),
        tickAction: t('Mark mitigated or not present'),
      };
    default:
      return {
        group,
        label: t('Quality checks'),
        noun: t('quality check'),
        tickMeans: t('ticked: the practice is in place'),
        tickAction: t('Mark done'),
      };
  }
}

/** Every group, in the order the tree, the page and the exports show them. */
export function groupDisplays(t: Translate = english): GroupDisplay[] {
  return CHECKLIST_GROUPS.map((group) => groupDisplay(group, t));
}

/**
 * An item's short name, where the whole text does not fit (the tree, the guidance search, compact
 * report lines): the profile's title, else (a team profile may give none) the text cut at a word
 * boundary, with an ellipsis. Never longer than MAX_TITLE_LENGTH characters, whatever it is given.
 */
export function itemTitle(item: { title?: string; text: string }): string {
  const text = (item.title || item.text).trim().replace(/\s+/g, ' ');
  if (text.length <= MAX_TITLE_LENGTH) return text;
  // Room for the ellipsis; the room ends at a word when the next character ends one.
  const room = text.slice(0, MAX_TITLE_LENGTH - 1);
  const next = text.slice(MAX_TITLE_LENGTH - 1, MAX_TITLE_LENGTH + 1);
  const space = room.lastIndexOf(' ');
  const whole = /^([\s,;:]|[.!?](\s|$))/.test(next) ? room : space > 0 ? room.slice(0, space) : '';
  // Punctuation before the cut goes; a first word longer than the room is cut where the room ends.
  const words = whole.replace(/[\s,;:.(–—-]+$/, '');
  return `${words || room.replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** The one wording of each state; a done risk reads "mitigated". */
export function stateLabel(state: DisplayState, group?: ChecklistGroup, t: Translate = english): string {
  switch (state) {
    case 'done':
      return group === 'risks' ? t('mitigated') : t('done');
    case 'n/a':
      return t('not applicable');
    case 'accepted':
      return t('accepted risk');
    case 'stale':
      return t('stale: text changed since the tick');
    case 'expired':
      return t('expired');
    case 'needs-action':
      return t('needs action');
    default:
      return t('open');
  }
}

export function severityLabel(severity: Severity, t: Translate = english): string {
  if (severity === 'high') return t('high');
  if (severity === 'medium') return t('medium');
  return t('low');
}

/** Done and not applicable close an item; an accepted risk is decided but counted apart. */
export function isClosed(state: DisplayState): boolean {
  return state === 'done' || state === 'n/a';
}

/** The checkbox is ticked for done, n/a and accepted; stale and expired ask for a new look, needs action for work. */
export function isTicked(state: DisplayState): boolean {
  return state === 'done' || state === 'n/a' || state === 'accepted';
}

/**
 * Open: what the badge counts and the gate fails on (at its severity). Never looked at, needs
 * action, stale and expired are all open; they are counted apart where they are shown.
 */
export function isOpen(state: DisplayState): boolean {
  return state === 'open' || state === 'needs-action' || state === 'stale' || state === 'expired';
}

/** What progress counts of an item: its state, and whether it applies here. */
export interface CountedItem {
  state: DisplayState;
  applicability?: { status: string };
}

/**
 * Closed (done, n/a) and accepted risks, counted apart, of the items that apply; items not
 * applicable here are counted apart too (`allItems` counts them as any other, as before conditions).
 */
export function progress(
  all: readonly CountedItem[],
  options: { allItems?: boolean } = {},
): { closed: number; accepted: number; total: number; notApplicable: number; expired: number; needsAction: number } {
  const items = options.allItems ? all : all.filter((item) => item.applicability?.status !== 'not-applicable');
  const count = (state: DisplayState) => items.filter((item) => item.state === state).length;
  return {
    closed: items.filter((item) => isClosed(item.state)).length,
    accepted: count('accepted'),
    total: items.length,
    notApplicable: all.length - items.length,
    expired: count('expired'),
    needsAction: count('needs-action'),
  };
}

/** "3/17", "3/17 · 1 accepted", "3/17 · 1 expired · 2 need action"; the items not applicable here are not in it. */
export function progressText(items: readonly CountedItem[], t: Translate = english): string {
  const { closed, accepted, total, expired, needsAction } = progress(items);
  return [
    accepted > 0 ? t('{0}/{1} · {2} accepted', closed, total, accepted) : `${closed}/${total}`,
    expired > 0 ? t('{0} expired', expired) : '',
    needsAction > 0 ? t('{0} need action', needsAction) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A unit's review-by day on its row: "review by 2026-06-30", or "overdue: review by 2026-06-30" once it has passed. */
export function reviewByText(unit: { reviewBy?: string; overdue?: boolean }, t: Translate = english): string | undefined {
  if (!unit.reviewBy) return undefined;
  return unit.overdue ? t('overdue: review by {0}', unit.reviewBy) : t('review by {0}', unit.reviewBy);
}

/** "+3 done since v1.2", "-1 done since v1.2", "no change since v1.2": a unit's done count against its last milestone. */
export function sinceMilestoneText(change: { delta: number; milestone: string }, t: Translate = english): string {
  if (change.delta === 0) return t('no change since {0}', change.milestone);
  return change.delta > 0
    ? t('+{0} done since {1}', change.delta, change.milestone)
    : t('{0} done since {1}', change.delta, change.milestone);
}

/** What the dates of an item's decision say. */
export interface DatedItem {
  state: DisplayState;
  until?: string;
  due?: string;
  expiredDecision?: 'accepted' | 'n/a';
  group?: ChecklistGroup;
}

/**
 * "accepted risk until 2026-03-01" for an expired decision (what it was, and its last day),
 * "until 2026-06-08" for one that still holds, "due 2026-04-01" for needs action; else ''.
 */
export function datesText(item: DatedItem, t: Translate = english): string {
  if (item.state === 'expired' && item.until)
    return t('{0} until {1}', stateLabel(item.expiredDecision ?? 'accepted', item.group, t), item.until);
  if ((item.state === 'accepted' || item.state === 'n/a') && item.until) return t('until {0}', item.until);
  if (item.state === 'needs-action' && item.due) return t('due {0}', item.due);
  return '';
}

/** Whose an item's owner is: an accepted risk's (also once expired), or the action a needs-action item needs. */
function hasOwner(item: { state: DisplayState; expiredDecision?: string }): boolean {
  return item.state === 'accepted' || item.state === 'needs-action' || (item.state === 'expired' && item.expiredDecision === 'accepted');
}

/** "by Ana on 2026-11-29", "by Bo on 2026-11-20, owner Cy" for an accepted risk. */
export function byText(
  item: { state: DisplayState; by?: string; at?: string; owner?: string; expiredDecision?: string },
  t: Translate = english,
): string {
  if (!item.by) return '';
  // A day (2026-11-29), not the time; an owner only for an accepted risk or an action.
  const date = item.at?.slice(0, 10);
  const owner = hasOwner(item) && item.owner ? item.owner : undefined;
  if (date) return owner ? t('by {0} on {1}, owner {2}', item.by, date, owner) : t('by {0} on {1}', item.by, date);
  return owner ? t('by {0}, owner {1}', item.by, owner) : t('by {0}', item.by);
}

/** "mitigated by Ana on 2026-11-29", "accepted risk by Bo on 2026-11-20, owner Cy" (also when it has expired since). */
export function decisionText(
  item: { state: DisplayState; group?: ChecklistGroup; by?: string; at?: string; owner?: string; expiredDecision?: 'accepted' | 'n/a' },
  t: Translate = english,
): string {
  const decided = item.state === 'expired' ? (item.expiredDecision ?? 'accepted') : item.state;
  return item.by ? `${stateLabel(decided, item.group, t)} ${byText(item, t)}` : '';
}

/** "applies anyway (marked by Ana on 2026-12-07)": a reviewer's word that an item applies although its condition says not. */
export function appliesAnywayText(mark: { by: string; at: string }, t: Translate = english): string {
  return t('applies anyway (marked by {0} on {1})', mark.by, mark.at.slice(0, 10));
}

/** "evidence: .github/workflows/ci.yml:42", "evidence: ci.yml:3 (+2 more)": where the evidence is, and how many places besides. */
export function evidenceAtText(where: string, more: number, t: Translate = english): string {
  return more > 0 ? t('evidence: {0} (+{1} more)', where, more) : t('evidence: {0}', where);
}

/** "evidence lost: go.sum:1 no longer shows it": `files`, the places a tick recorded. */
export function evidenceLostText(files: string, t: Translate = english): string {
  return t('evidence lost: {0} no longer shows it', files);
}

type EvidenceItem = Pick<ChecklistItem, 'state' | 'evidence' | 'recordedEvidence'>;

/**
 * What the evidence of an item says, or undefined for an item without a probe:
 * "evidence: .github/workflows/ci.yml:42", "no evidence found", "evidence lost: …".
 */
export function evidenceText(item: EvidenceItem, t: Translate = english): string | undefined {
  const evidence = item.evidence;
  if (!evidence) return undefined;
  if (isEvidenceLost(item)) return evidenceLostText(item.recordedEvidence!.join(', '), t);
  switch (evidence.status) {
    case 'found': {
      const [first, ...more] = evidence.locations;
      // A command reached through task runners shows its chain: ci.yml:31 → package.json:12.
      const at = evidenceAtText(evidence.chain ? evidence.chain.map(locationText).join(' → ') : locationText(first), more.length, t);
      // The reason comes from the core's probes, in English: "Python 3.12 (supported until 2028-10)".
      return evidence.reason && !evidence.chain ? `${at}: ${evidence.reason}` : at;
    }
    case 'unsupported': {
      const where = evidence.locations[0] ? locationText(evidence.locations[0]) : '';
      return t('found, but unsupported: {0} at {1}', evidence.reason ?? t('past its support'), where);
    }
    case 'missing':
      // The reason (what was searched) comes from the core's probes, in English.
      return evidence.reason ? t('no evidence found: {0}', evidence.reason) : t('no evidence found');
    case 'not-gating':
      // The run probe's reason says where and why: "runs, but does not fail the build (ci.yml:40: `|| true`)".
      return evidence.reason ?? t('runs, but does not fail the build');
    case 'present': {
      const total = evidence.total ?? evidence.locations.length;
      const first = evidence.locations[0] ? locationText(evidence.locations[0]) : '';
      const fresh = newFindings(item);
      const found = total === 1 ? t('present: 1 place ({0})', first) : t('present: {0} places, first at {1}', total, first);
      return fresh > 0 ? `${found}; ${t('{0} new since accepted', fresh)}` : found;
    }
    case 'absent':
      // The reason (how many source files were searched) comes from the core, in English.
      return evidence.reason ? t('absent: {0}', evidence.reason) : t('absent');
    default:
      // The reason comes from the core's probes, in English.
      return evidence.reason ? t('evidence not checked ({0})', evidence.reason) : t('evidence not checked');
  }
}

/** The evidence in a few words, beside the item's other facts: "evidence lost", the first place found, "no evidence found", or nothing. */
export function evidenceSummary(item: EvidenceItem, t: Translate = english): string {
  if (isEvidenceLost(item)) return t('evidence lost');
  if (item.evidence?.status === 'found') return evidenceAtText(locationText(item.evidence.locations[0]), 0, t);
  if (item.evidence?.status === 'present') {
    const fresh = newFindings(item);
    const total = item.evidence.total ?? item.evidence.locations.length;
    return fresh > 0 ? t('{0} new since accepted', fresh) : total === 1 ? t('present: 1 place') : t('present: {0} places', total);
  }
  return item.evidence?.status === 'missing' ? t('no evidence found') : '';
}

/**
 * Findings an accepted (or mitigated) risk did not record: per file, those beyond the number recorded there
 * (lines move with every edit above them; a count per file does not).
 */
export function newFindings(item: EvidenceItem): number {
  if ((item.state !== 'accepted' && item.state !== 'done') || item.evidence?.status !== 'present' || !item.evidence.findings) return 0;
  const recorded = new Map<string, number>();
  for (const place of item.recordedEvidence ?? []) {
    const path = place.replace(/:\d+$/, '');
    recorded.set(path, (recorded.get(path) ?? 0) + 1);
  }
  const now = new Map<string, number>();
  for (const finding of item.evidence.findings) now.set(finding.path, (now.get(finding.path) ?? 0) + 1);
  let fresh = 0;
  for (const [path, count] of now) fresh += Math.max(0, count - (recorded.get(path) ?? 0));
  return fresh;
}

/** One place of an item's evidence: "evidence: Makefile:3". */
export function evidenceLocationText(location: EvidenceLocation, t: Translate = english): string {
  return evidenceAtText(locationText(location), 0, t);
}

/** "3 members", "1 member". */
export function memberCount(count: number, t: Translate = english): string {
  return count === 1 ? t('1 member') : t('{0} members', count);
}

/** "3 members of the Cargo workspace (Cargo.toml)": a unit's member list. */
export function unitMembersText(unit: Pick<ChecklistUnit, 'members' | 'workspace'>, t: Translate = english): string {
  const count = memberCount(unit.members.length, t);
  if (!unit.workspace) return count;
  const { kind, manifest } = unit.workspace;
  switch (kind) {
    case 'cargo':
      return t('{0} of the Cargo workspace ({1})', count, manifest);
    case 'go-work':
      return t('{0} of the Go workspace ({1})', count, manifest);
    case 'npm':
      return t('{0} of the npm workspace ({1})', count, manifest);
    case 'pnpm':
      return t('{0} of the pnpm workspace ({1})', count, manifest);
    case 'gradle':
      return t('{0} of the Gradle build ({1})', count, manifest);
    case 'maven':
      return t('{0} of the Maven build ({1})', count, manifest);
    case 'dotnet':
      return t('{0} of the .NET solution ({1})', count, manifest);
    case 'mix':
      return t('{0} of the Mix umbrella ({1})', count, manifest);
    case 'dart':
      return t('{0} of the pub workspace ({1})', count, manifest);
    case 'deno':
      return t('{0} of the Deno workspace ({1})', count, manifest);
    case 'uv':
      return t('{0} of the uv workspace ({1})', count, manifest);
    case 'cmake':
      return t('{0} of the CMake project ({1})', count, manifest);
  }
}

/** A member or component path, "(root)" for the one at a workspace folder's root. */
export function memberLabel(path: string, t: Translate = english): string {
  return path === '.' ? t('(root)') : path;
}
