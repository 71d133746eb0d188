/**
 * The checklist's words as the VS Code surfaces show them, through vscode.l10n: group and state
 * names, severities, progress, evidence and "done by X on date". The core has the same wording in
 * English (src/core/review/display.ts) for the CLI, the exports and the reference page; these say
 * exactly that in English and follow the display language elsewhere. Where the core decides what
 * to say (byText, decisionText, evidenceText), it is called with translated words (ItemWords).
 */
import * as vscode from 'vscode';
import type { ChecklistGroup, Severity } from '../core/profiles/model';
import { progress, type ChecklistItem, type ChecklistUnit } from '../core/review/checklist';
import * as display from '../core/review/display';
import type { DisplayState, ItemWords } from '../core/review/display';

export function groupLabel(group: ChecklistGroup): string {
  if (group === 'delivery') return vscode.l10n.t('Delivery checks');
  if (group === 'risks') return vscode.l10n.t('Risks');
  return vscode.l10n.t('Quality checks');
}

/** What ticking an item of the group says. */
export function tickMeans(group: ChecklistGroup): string {
  if (group === 'delivery') return vscode.l10n.t('ticked: the check holds here');
  if (group === 'risks') return vscode.l10n.t('ticked: mitigated, or not present here');
  return vscode.l10n.t('ticked: the practice is in place');
}

/** The tooltip of an unticked checkbox. */
export function tickAction(group: ChecklistGroup): string {
  return group === 'risks' ? vscode.l10n.t('Mark mitigated or not present') : vscode.l10n.t('Mark done');
}

export function stateLabel(state: DisplayState, group?: ChecklistGroup): string {
  switch (state) {
    case 'done':
      return group === 'risks' ? vscode.l10n.t('mitigated') : vscode.l10n.t('done');
    case 'n/a':
      return vscode.l10n.t('not applicable');
    case 'accepted':
      return vscode.l10n.t('accepted risk');
    case 'stale':
      return vscode.l10n.t('stale: text changed since the tick');
    default:
      return vscode.l10n.t('open');
  }
}

export function severityLabel(severity: Severity): string {
  if (severity === 'high') return vscode.l10n.t('high');
  if (severity === 'medium') return vscode.l10n.t('medium');
  return vscode.l10n.t('low');
}

/** "3/17", or "3/17 · 1 accepted". */
export function progressText(items: readonly ChecklistItem[]): string {
  const { closed, accepted, total } = progress(items);
  return accepted > 0 ? vscode.l10n.t('{0}/{1} · {2} accepted', closed, total, accepted) : `${closed}/${total}`;
}

/** The core's rules for "done by X on date" and for evidence, in the display language. */
const WORDS: ItemWords = {
  state: stateLabel,
  by(by, date, owner) {
    if (date) return owner ? vscode.l10n.t('by {0} on {1}, owner {2}', by, date, owner) : vscode.l10n.t('by {0} on {1}', by, date);
    return owner ? vscode.l10n.t('by {0}, owner {1}', by, owner) : vscode.l10n.t('by {0}', by);
  },
  evidenceLost: (files) => vscode.l10n.t('evidence lost: {0} no longer shows it', files),
  evidenceAt: (location, more) => (more > 0 ? vscode.l10n.t('evidence: {0} (+{1} more)', location, more) : evidenceAt(location)),
  evidenceMissing: () => vscode.l10n.t('no evidence found'),
  // The reason comes from the core's probes, in English.
  evidenceNotChecked: (reason) => (reason ? vscode.l10n.t('evidence not checked ({0})', reason) : vscode.l10n.t('evidence not checked')),
};

/** "by Ana on 2026-11-29", "by Bo on 2026-11-20, owner Cy" for an accepted risk. */
export function byText(item: Parameters<typeof display.byText>[0]): string {
  return display.byText(item, WORDS);
}

/** "mitigated by Ana on 2026-11-29". */
export function decisionText(item: Parameters<typeof display.decisionText>[0]): string {
  return display.decisionText(item, WORDS);
}

/** What the evidence of an item says, or undefined for an item without a probe. */
export function evidenceText(item: Parameters<typeof display.evidenceText>[0]): string | undefined {
  return display.evidenceText(item, WORDS);
}

/** "evidence: .github/workflows/ci.yml:42". */
export function evidenceAt(location: string): string {
  return vscode.l10n.t('evidence: {0}', location);
}

/** "3 members", "1 member". */
export function memberCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 member') : vscode.l10n.t('{0} members', count);
}

/** "3 members of the Cargo workspace (Cargo.toml)": a unit's member list. */
export function unitMembersText(unit: Pick<ChecklistUnit, 'members' | 'workspace'>): string {
  const count = memberCount(unit.members.length);
  if (!unit.workspace) return count;
  const { kind, manifest } = unit.workspace;
  switch (kind) {
    case 'cargo':
      return vscode.l10n.t('{0} of the Cargo workspace ({1})', count, manifest);
    case 'go-work':
      return vscode.l10n.t('{0} of the Go workspace ({1})', count, manifest);
    case 'npm':
      return vscode.l10n.t('{0} of the npm workspace ({1})', count, manifest);
    case 'pnpm':
      return vscode.l10n.t('{0} of the pnpm workspace ({1})', count, manifest);
    case 'gradle':
      return vscode.l10n.t('{0} of the Gradle build ({1})', count, manifest);
    case 'maven':
      return vscode.l10n.t('{0} of the Maven build ({1})', count, manifest);
    case 'dotnet':
      return vscode.l10n.t('{0} of the .NET solution ({1})', count, manifest);
    case 'mix':
      return vscode.l10n.t('{0} of the Mix umbrella ({1})', count, manifest);
    case 'dart':
      return vscode.l10n.t('{0} of the pub workspace ({1})', count, manifest);
    case 'deno':
      return vscode.l10n.t('{0} of the Deno workspace ({1})', count, manifest);
    case 'uv':
      return vscode.l10n.t('{0} of the uv workspace ({1})', count, manifest);
  }
}

/** "(root)": the component at a workspace folder's root. */
export function rootLabel(): string {
  return vscode.l10n.t('(root)');
}
