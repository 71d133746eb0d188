/**
 * What people see about an item, in one place: group names, what a tick means in each group,
 * state names, and "done by X on date". The tree, the page, the exports and the CLI all use it.
 */
import type { ChecklistGroup } from '../profiles/model';
import { isEvidenceLost } from '../evidence/checklistEvidence';
import { locationText } from '../evidence/evaluate';

/** A stored state, or 'stale': decided on a wording of the item that has changed since. */
export type DisplayState = 'open' | 'done' | 'n/a' | 'accepted' | 'stale';

export interface GroupDisplay {
  group: ChecklistGroup;
  label: string;
  /** What ticking an item of this group says. Risks describe bad things: a tick says they are handled. */
  tickMeans: string;
  /** The tooltip of an unticked checkbox. */
  tickAction: string;
}

export const GROUP_DISPLAY: readonly GroupDisplay[] = [
  { group: 'delivery', label: 'Delivery checks', tickMeans: 'ticked: the check holds here', tickAction: 'Mark done' },
  { group: 'risks', label: 'Risks', tickMeans: 'ticked: mitigated, or not present here', tickAction: 'Mark mitigated or not present' },
  { group: 'quality', label: 'Quality checks', tickMeans: 'ticked: the practice is in place', tickAction: 'Mark done' },
];

export function groupDisplay(group: ChecklistGroup): GroupDisplay {
  return GROUP_DISPLAY.find((entry) => entry.group === group)!;
}

/** The one wording of each state; a done risk reads "mitigated". */
export function stateLabel(state: DisplayState, group?: ChecklistGroup): string {
  switch (state) {
    case 'done':
      return group === 'risks' ? 'mitigated' : 'done';
    case 'n/a':
      return 'not applicable';
    case 'accepted':
      return 'accepted risk';
    case 'stale':
      return 'stale: text changed since the tick';
    default:
      return 'open';
  }
}

/** Done and not applicable close an item; an accepted risk is decided but counted apart. */
export function isClosed(state: DisplayState): boolean {
  return state === 'done' || state === 'n/a';
}

/** The checkbox is ticked for every decision other than open (and stale, which asks for a new look). */
export function isTicked(state: DisplayState): boolean {
  return state === 'done' || state === 'n/a' || state === 'accepted';
}

/**
 * The words byText, decisionText and evidenceText put around an item's facts. The rules (which
 * facts, in which case) live here once; the CLI, the exports and the page use these English words,
 * and the extension's tree passes translated ones (src/labels.ts).
 */
export interface ItemWords {
  state(state: DisplayState, group?: ChecklistGroup): string;
  /** `date` is a day (2026-11-29); `owner` only for an accepted risk. */
  by(by: string, date: string | undefined, owner: string | undefined): string;
  evidenceLost(files: string): string;
  /** `more`: how many further locations there are. */
  evidenceAt(location: string, more: number): string;
  evidenceMissing(): string;
  evidenceNotChecked(reason: string | undefined): string;
  /** A command that runs but cannot fail the build; `reason` says where and why. */
  evidenceNotGating?(reason: string | undefined): string;
}

export const ENGLISH_WORDS: ItemWords = {
  state: stateLabel,
  by: (by, date, owner) => `by ${by}${date ? ` on ${date}` : ''}${owner ? `, owner ${owner}` : ''}`,
  evidenceLost: (files) => `evidence lost: ${files} no longer shows it`,
  evidenceAt: (location, more) => `evidence: ${location}${more > 0 ? ` (+${more} more)` : ''}`,
  evidenceMissing: () => 'no evidence found',
  evidenceNotChecked: (reason) => `evidence not checked${reason ? ` (${reason})` : ''}`,
};

/** "by Ana on 2026-11-29", "by Bo on 2026-11-20, owner Cy" for an accepted risk. */
export function byText(item: { state: DisplayState; by?: string; at?: string; owner?: string }, words: ItemWords = ENGLISH_WORDS): string {
  if (!item.by) return '';
  return words.by(item.by, item.at?.slice(0, 10), item.state === 'accepted' && item.owner ? item.owner : undefined);
}

/** "mitigated by Ana on 2026-11-29", "accepted risk by Bo on 2026-11-20, owner Cy". */
export function decisionText(item: { state: DisplayState; group?: ChecklistGroup; by?: string; at?: string; owner?: string }, words: ItemWords = ENGLISH_WORDS): string {
  return item.by ? `${words.state(item.state, item.group)} ${byText(item, words)}` : '';
}

/**
 * What the evidence of an item says, or undefined for an item without a probe:
 * "evidence: .github/workflows/ci.yml:42", "no evidence found", "evidence lost: …".
 */
export function evidenceText(
  item: {
    state: DisplayState;
    evidence?: { status: 'found' | 'missing' | 'not-checked' | 'not-gating'; locations: { path: string; line?: number }[]; reason?: string; chain?: { path: string; line?: number }[] };
    recordedEvidence?: string[];
  },
  words: ItemWords = ENGLISH_WORDS,
): string | undefined {
  const evidence = item.evidence;
  if (!evidence) return undefined;
  if (isEvidenceLost(item)) return words.evidenceLost(item.recordedEvidence!.join(', '));
  switch (evidence.status) {
    case 'found': {
      const [first, ...more] = evidence.locations;
      // A command reached through task runners shows its chain: ci.yml:31 → package.json:12.
      return words.evidenceAt(evidence.chain ? evidence.chain.map(locationText).join(' → ') : locationText(first), more.length);
    }
    case 'missing': {
      const text = words.evidenceMissing();
      return evidence.reason ? `${text}: ${evidence.reason}` : text;
    }
    case 'not-gating':
      return words.evidenceNotGating?.(evidence.reason) ?? evidence.reason ?? 'runs, but does not fail the build';
    default:
      return words.evidenceNotChecked(evidence.reason);
  }
}
