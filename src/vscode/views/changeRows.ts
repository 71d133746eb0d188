import * as vscode from 'vscode';
import type { ChecklistUnit } from '../../core/review/checklist';
import type { ChangeReview, FolderChange } from '../services/changeReview';

/**
 * The Review Checklist in "Review this change" mode: what the view's description says, and the one
 * collapsed row of a unit the change does not touch. Which items show is ChangeReview.shows.
 */

/** What the tree asks of "Review this change". */
export type ChangeFilter = Pick<ChangeReview, 'active' | 'changes' | 'shows' | 'unchanged' | 'onDidChange' | 'stop'>;

/** The mode off: every item and unit shows. */
export const WHOLE_CHECKLIST: ChangeFilter = {
  active: false,
  changes: [],
  shows: () => true,
  unchanged: () => false,
  onDidChange: () => ({ dispose: () => undefined }),
  stop: () => undefined,
};

/** "Changes since origin/main: 3 files", one part per folder compared. */
export function changeDescription(changes: readonly FolderChange[]): string | undefined {
  if (changes.length === 0) return undefined;
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return changes
    .map((change) => {
      const text = vscode.l10n.t('Changes since {0}: {1} file(s)', change.ref, change.changed.length);
      return multiRoot ? `${change.folder}: ${text}` : text;
    })
    .join('; ');
}

/** A unit no changed file touches: its name and "unchanged", nothing to expand. */
export function unchangedUnitTreeItem(unit: ChecklistUnit): vscode.TreeItem {
  const item = new vscode.TreeItem(unit.ecosystemName, vscode.TreeItemCollapsibleState.None);
  item.id = `unchanged:${unit.root}#${unit.path}#${unit.ecosystem}`;
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  item.description = [multiRoot ? unit.folder : '', unit.path === '.' ? '' : unit.path, vscode.l10n.t('unchanged')]
    .filter(Boolean)
    .join(' · ');
  item.tooltip = vscode.l10n.t('No changed file touches this unit or its items. Turn off Review This Change to see its checklist.');
  item.iconPath = new vscode.ThemeIcon('dash');
  item.contextValue = 'checklistUnitUnchanged';
  return item;
}
