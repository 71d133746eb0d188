import * as vscode from 'vscode';
import type { ChecklistItem } from '../../core/review/checklist';
import { evidenceLocationText, evidenceText } from '../../core/review/display';
import { isEvidenceLost } from '../../core/evidence/checklistEvidence';
import { locationText } from '../../core/evidence/evaluate';

/**
 * The rows under a checklist item: why it does not apply here, and what its probe found (a place
 * of evidence, a code finding, or why there is none), each opening its file at the line.
 */

/** Evidence rows: found, none found, lost (a ticked item's proof went away), not checked. */
export const EVIDENCE_ICON = {
  found: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  missing: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('descriptionForeground')),
  lost: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  'not-checked': new vscode.ThemeIcon('question', new vscode.ThemeColor('descriptionForeground')),
  unsupported: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  'not-gating': new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  present: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  absent: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};

/** One place a code probe matched. */
const FINDING_ICON = new vscode.ThemeIcon('debug-breakpoint-log', new vscode.ThemeColor('problemsWarningIcon.foreground'));

/** Why an item does not apply here (or applies only as marked "applies anyway"), opening the file that decides it. */
export function applicabilityTreeItem(entry: ChecklistItem): vscode.TreeItem {
  const location = entry.applicability?.locations[0];
  const item = new vscode.TreeItem(entry.applicability?.reason ?? '', vscode.TreeItemCollapsibleState.None);
  item.id = `applicability:${entry.key}`;
  item.iconPath = new vscode.ThemeIcon(entry.applicability?.anyway ? 'person' : 'circle-slash');
  if (location) {
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(entry.root), ...location.path.split('/'));
    const line = Math.max(0, (location.line ?? 1) - 1);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open the Deciding File'),
      arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }],
    };
    item.tooltip = vscode.l10n.t('Open {0}: the file that decides it', locationText(location));
    item.resourceUri = uri;
  }
  item.contextValue = 'checklistApplicability';
  return item;
}

export function evidenceTreeItem(entry: ChecklistItem, index: number): vscode.TreeItem {
  const evidence = entry.evidence!;
  const lost = isEvidenceLost(entry);
  const finding = evidence.status === 'present' && index > 0 ? evidence.findings?.[index - 1] : undefined;
  const location = (evidence.status === 'found' && !lost ? evidence.locations[index] : undefined) ?? finding;
  const text = finding
    ? `${locationText(finding)}  ${finding.text}`
    : location
      ? evidenceLocationText(location, vscode.l10n.t)
      : (evidenceText(entry, vscode.l10n.t) ?? '');
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = `evidence:${entry.key}#${index}`;
  item.iconPath = lost ? EVIDENCE_ICON.lost : finding ? FINDING_ICON : EVIDENCE_ICON[evidence.status];
  if (finding) {
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(entry.root), ...finding.path.split('/'));
    const line = Math.max(0, finding.line - 1);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open Finding'),
      arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }],
    };
    item.tooltip = vscode.l10n.t('Open {0}: a place where the risky pattern occurs', locationText(finding));
    item.resourceUri = uri;
    item.description = false;
  } else if (location) {
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(entry.root), ...location.path.split('/'));
    const line = Math.max(0, (location.line ?? 1) - 1);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open Evidence'),
      arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }],
    };
    item.tooltip = vscode.l10n.t(
      'Open {0}. Evidence is shown, never ticked on its own: use Tick with Evidence to record it.',
      locationText(location),
    );
    item.resourceUri = uri;
  } else if (lost) {
    item.tooltip = vscode.l10n.t(
      'Ticked with evidence at {0}; the probe no longer finds it. Check whether the item still holds, then reopen it or tick it again.',
      entry.recordedEvidence!.join(', '),
    );
  } else if (evidence.status === 'missing') {
    item.tooltip = vscode.l10n.t(
      'Nothing in the repository shows this item yet. It can still hold (not everything is in a file); review it as usual.',
    );
  } else if (evidence.status === 'unsupported') {
    item.tooltip = evidence.reason ?? '';
  } else {
    item.tooltip = evidence.reason ? vscode.l10n.t('Not checked: {0}.', evidence.reason) : vscode.l10n.t('Not checked.');
  }
  item.contextValue = 'checklistEvidence';
  return item;
}
