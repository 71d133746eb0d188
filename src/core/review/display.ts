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

/** "by Ana on 2026-11-29", "by Bo on 2026-11-20, owner Cy" for an accepted risk. */
export function byText(item: { state: DisplayState; by?: string; at?: string; owner?: string }): string {
  if (!item.by) return '';
  return `by ${item.by}${item.at ? ` on ${item.at.slice(0, 10)}` : ''}${item.state === 'accepted' && item.owner ? `, owner ${item.owner}` : ''}`;
}

/** "mitigated by Ana on 2026-11-29", "accepted risk by Bo on 2026-11-20, owner Cy". */
export function decisionText(item: { state: DisplayState; group?: ChecklistGroup; by?: string; at?: string; owner?: string }): string {
  return item.by ? `${stateLabel(item.state, item.group)} ${byText(item)}` : '';
}

/**
 * What the evidence of an item says, or undefined for an item without a probe:
 * "evidence: .github/workflows/ci.yml:42", "no evidence found", "evidence lost: …".
 */
export function evidenceText(item: {
  state: DisplayState;
  evidence?: { status: 'found' | 'missing' | 'not-checked'; locations: { path: string; line?: number }[]; reason?: string };
  recordedEvidence?: string[];
}): string | undefined {
  const evidence = item.evidence;
  if (!evidence) return undefined;
  if (isEvidenceLost(item)) return `evidence lost: ${item.recordedEvidence!.join(', ')} no longer shows it`;
  switch (evidence.status) {
    case 'found': {
      const [first, ...more] = evidence.locations;
      return `evidence: ${locationText(first)}${more.length > 0 ? ` (+${more.length} more)` : ''}`;
    }
    case 'missing':
      return 'no evidence found';
    default:
      return `evidence not checked${evidence.reason ? ` (${evidence.reason})` : ''}`;
  }
}
