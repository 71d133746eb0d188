import * as vscode from 'vscode';
import type { ChecklistGroup } from '../core/profiles/model';
import { itemLabel, progress, progressText, type ChecklistItem, type ChecklistUnit, type Orphan } from '../core/review/checklist';
import { decisionText, evidenceText, GROUP_DISPLAY, groupDisplay, isTicked, stateLabel } from '../core/review/display';
import { isEvidenceLost } from '../core/evidence/checklistEvidence';
import { locationText } from '../core/evidence/evaluate';
import { unitMembersText } from '../core/review/exportChecklist';
import { COMMANDS, VIEWS } from '../constants';
import type { StackGuideContext } from '../context';
import { ReviewFileError } from './reviewStore';

const GROUPS = GROUP_DISPLAY;

type Node =
  | { kind: 'error'; folder: string; uri: vscode.Uri | undefined; file: string; message: string; line: number; hint: string; conflict: boolean }
  | { kind: 'unit'; unit: ChecklistUnit }
  | { kind: 'group'; unit: ChecklistUnit; group: ChecklistGroup; label: string }
  | { kind: 'item'; item: ChecklistItem }
  | { kind: 'evidence'; item: ChecklistItem; index: number }
  | { kind: 'orphans'; orphans: Orphan[] }
  | { kind: 'orphan'; orphan: Orphan };

/** States that show their own icon instead of the severity's. */
const STATE_ICON = {
  stale: new vscode.ThemeIcon('history', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  accepted: new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** Evidence rows: found, none found, lost (a ticked item's proof went away), not checked. */
const EVIDENCE_ICON = {
  found: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  missing: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('descriptionForeground')),
  lost: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  'not-checked': new vscode.ThemeIcon('question', new vscode.ThemeColor('descriptionForeground')),
};

const SEVERITY_ICON: Record<ChecklistItem['severity'], vscode.ThemeIcon> = {
  high: new vscode.ThemeIcon('flame', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  low: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** The review checklist: review unit → group → item with a native checkbox. */
export class ChecklistView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  /** View-title filters, remembered per workspace. */
  private filters: { hideDone: boolean; highOnly: boolean };

  constructor(
    private readonly context: StackGuideContext,
    private readonly memento: vscode.Memento,
  ) {
    this.filters = memento.get('stackGuide.checklistFilters', { hideDone: false, highOnly: false });
    this.publishFilters();
    this.view = vscode.window.createTreeView(VIEWS.checklist, { treeDataProvider: this, manageCheckboxStateManually: true, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeCheckboxState((event) => void this.onCheckboxes(event)),
      context.onDidChange(() => this.refresh()),
    );
  }

  setFilter(name: 'hideDone' | 'highOnly', on: boolean): void {
    this.filters = { ...this.filters, [name]: on };
    void this.memento.update('stackGuide.checklistFilters', this.filters);
    this.publishFilters();
    this.refresh();
  }

  private publishFilters(): void {
    void vscode.commands.executeCommand('setContext', 'stackGuide.hideDone', this.filters.hideDone);
    void vscode.commands.executeCommand('setContext', 'stackGuide.highOnly', this.filters.highOnly);
  }

  private visible(item: ChecklistItem): boolean {
    if (this.filters.hideDone && isTicked(item.state)) return false;
    return !this.filters.highOnly || item.severity === 'high';
  }

  private refresh(): void {
    const items = this.context.items();
    const openHigh = items.filter((item) => item.severity === 'high' && (item.state === 'open' || item.state === 'stale')).length;
    const { total, accepted } = progress(items);
    // Accepted risks are decided, so the badge leaves them out; its tooltip counts them apart.
    this.view.badge = openHigh > 0 ? { value: openHigh, tooltip: `${openHigh} open high-severity item(s)${accepted > 0 ? `; ${accepted} accepted risk(s)` : ''}` } : undefined;
    const filtered = [this.filters.hideDone ? 'open only' : '', this.filters.highOnly ? 'high only' : ''].filter(Boolean).join(', ');
    this.view.description = total > 0 ? `${progressText(items)}${filtered ? ` · ${filtered}` : ''}` : undefined;
    this.changed.fire();
  }

  private async onCheckboxes(event: vscode.TreeCheckboxChangeEvent<Node>): Promise<void> {
    for (const [node, state] of event.items) {
      if (node.kind !== 'item') continue;
      try {
        await this.context.setItemState(node.item.key, state === vscode.TreeItemCheckboxState.Checked ? 'done' : 'open');
      } catch (error) {
        this.changed.fire(); // put the checkbox back to what the file says
        await showWriteError(error, this.context);
      }
    }
  }

  getChildren(node?: Node): Node[] {
    const model = this.context.checklist;
    if (!node) {
      const errors: Node[] = model.errors.map((error) => ({
        kind: 'error',
        folder: error.folder,
        uri: error.uri,
        file: error.status.error.file,
        message: error.status.error.message,
        line: error.status.error.line,
        hint: error.status.error.hint,
        conflict: error.status.error.conflict === true,
      }));
      const units: Node[] = model.units.map((unit) => ({ kind: 'unit', unit }));
      const orphans: Node[] = model.orphans.length > 0 ? [{ kind: 'orphans', orphans: model.orphans }] : [];
      return [...errors, ...units, ...orphans];
    }
    switch (node.kind) {
      case 'unit':
        return GROUPS.filter(({ group }) => node.unit.items.some((item) => item.group === group && this.visible(item))).map(({ group, label }) => ({
          kind: 'group',
          unit: node.unit,
          group,
          label,
        }));
      case 'group':
        return node.unit.items
          .filter((item) => item.group === node.group && this.visible(item))
          .map((item): Node => ({ kind: 'item', item }));
      case 'item': {
        const evidence = node.item.evidence;
        if (!evidence) return [];
        // One row per location found; otherwise one row that says why there is none.
        const count = evidence.status === 'found' && !isEvidenceLost(node.item) ? evidence.locations.length : 1;
        return Array.from({ length: count }, (_, index): Node => ({ kind: 'evidence', item: node.item, index }));
      }
      case 'orphans':
        return node.orphans.map((orphan) => ({ kind: 'orphan', orphan }));
      default:
        return [];
    }
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'evidence') return { kind: 'item', item: node.item };
    if (node.kind === 'group') return { kind: 'unit', unit: node.unit };
    if (node.kind !== 'item') return undefined;
    const unit = this.context.checklist.units.find((candidate) => candidate.items.includes(node.item));
    const group = GROUPS.find((entry) => entry.group === node.item.group);
    return unit && group ? { kind: 'group', unit, group: group.group, label: group.label } : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'error': {
        const item = new vscode.TreeItem(node.conflict ? `Review conflict: ${node.message}` : `Review file cannot be read: ${node.message}`, vscode.TreeItemCollapsibleState.None);
        item.description = node.uri ? `${node.file}:${node.line}` : 'workspace state';
        item.tooltip = node.conflict
          ? `Click to merge both sides entry by entry (the newer decision wins, the other is kept in its history). Nothing is written until you confirm.`
          : `${node.hint}\nTicks are refused until the file is fixed; nothing in it has been changed.`;
        item.iconPath = new vscode.ThemeIcon(node.conflict ? 'git-merge' : 'error', new vscode.ThemeColor('errorForeground'));
        if (node.uri) {
          item.command = node.conflict
            ? { command: COMMANDS.resolveReviewConflict, title: 'Resolve Review Conflict', arguments: [node.uri] }
            : { command: COMMANDS.openReviewFile, title: 'Open Review File', arguments: [node.uri, node.line] };
        }
        item.contextValue = node.conflict ? 'reviewConflict' : 'reviewError';
        return item;
      }
      case 'unit': {
        const { unit } = node;
        const item = new vscode.TreeItem(unit.ecosystemName, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `unit:${unit.root}#${unit.path}#${unit.ecosystem}`;
        const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
        const members = unit.members.length > 0 ? `${unit.members.length} member${unit.members.length === 1 ? '' : 's'} · ` : '';
        item.description = `${multiRoot ? `${unit.folder} · ` : ''}${unit.path === '.' ? '' : `${unit.path} · `}${members}${progressText(unit.items)}`;
        if (unit.members.length > 0) {
          const tooltip = new vscode.MarkdownString();
          tooltip.appendText(`${unit.ecosystemName}: one review for ${unitMembersText(unit)}`).appendMarkdown('\n\n');
          for (const member of unit.members) tooltip.appendMarkdown('- ').appendText(member === '.' ? '(root)' : member).appendMarkdown('\n');
          item.tooltip = tooltip;
        }
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'checklistUnit';
        return item;
      }
      case 'group': {
        const items = node.unit.items.filter((item) => item.group === node.group);
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.unit.root}#${node.unit.path}#${node.unit.ecosystem}#${node.group}`;
        item.description = progressText(items);
        item.tooltip = `${node.label}: ${groupDisplay(node.group).tickMeans}`;
        return item;
      }
      case 'item':
        return this.itemTreeItem(node.item);
      case 'evidence':
        return this.evidenceTreeItem(node.item, node.index);
      case 'orphans': {
        const item = new vscode.TreeItem('Orphaned review entries', vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.orphans.length} kept in the file`;
        item.tooltip = 'These ids are in the review file but no detected profile defines them any more. They stay in the file.';
        item.iconPath = new vscode.ThemeIcon('question');
        return item;
      }
      case 'orphan': {
        const item = new vscode.TreeItem(itemLabel(node.orphan), vscode.TreeItemCollapsibleState.None);
        item.description = `${node.orphan.state} · ${node.orphan.file}`;
        return item;
      }
    }
  }

  private itemTreeItem(entry: ChecklistItem): vscode.TreeItem {
    const item = new vscode.TreeItem(entry.text, entry.evidence ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `item:${entry.key}`;
    const evidence = evidenceText(entry);
    const lost = isEvidenceLost(entry);
    const ticked = isTicked(entry.state);
    item.checkboxState = {
      state: ticked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: ticked ? 'Reopen' : groupDisplay(entry.group).tickAction,
    };
    const label = stateLabel(entry.state, entry.group);
    const shortEvidence = lost ? 'evidence lost' : entry.evidence?.status === 'found' ? `evidence: ${locationText(entry.evidence.locations[0])}` : entry.evidence?.status === 'missing' ? 'no evidence found' : '';
    item.description = [entry.member ? (entry.member === '.' ? '(root)' : entry.member) : '', entry.severity, entry.state === 'open' ? '' : label, shortEvidence].filter(Boolean).join(' · ');
    item.iconPath = lost ? EVIDENCE_ICON.lost : (STATE_ICON[entry.state as keyof typeof STATE_ICON] ?? SEVERITY_ICON[entry.severity]);
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(entry.text);
    tooltip.appendMarkdown('\n\n');
    if (entry.why) tooltip.appendText(entry.why).appendMarkdown('\n\n');
    tooltip.appendMarkdown(`*${entry.severity} severity* · `).appendText(groupDisplay(entry.group).tickMeans).appendMarkdown(` · \`${entry.id}\``);
    if (entry.by) tooltip.appendMarkdown('\n\n').appendText(decisionText(entry));
    if (entry.note) tooltip.appendMarkdown('\n\n').appendText(`${entry.state === 'accepted' ? 'Reason' : 'Note'}: ${entry.note}`);
    for (const earlier of entry.history ?? []) {
      tooltip.appendMarkdown('\n\n').appendText(`Also recorded: ${earlier.state} by ${earlier.by} on ${earlier.at}${earlier.from ? ` (${earlier.from})` : ''}${earlier.note ? `: ${earlier.note}` : ''}`);
    }
    if (evidence) tooltip.appendMarkdown('\n\n').appendText(evidence.charAt(0).toUpperCase() + evidence.slice(1));
    if (entry.recordedEvidence && !lost) tooltip.appendMarkdown('\n\n').appendText(`Ticked with evidence: ${entry.recordedEvidence.join(', ')}`);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${entry.text}${entry.member ? `, member ${entry.member}` : ''}, ${entry.severity} severity, ${label}${evidence ? `, ${evidence}` : ''}` };
    // ".evidence" when something was found: the menu then offers Tick with Evidence.
    item.contextValue = `checklistItem.${entry.state === 'n/a' ? 'na' : entry.state}${entry.evidence?.status === 'found' ? '.evidence' : ''}`;
    return item;
  }

  private evidenceTreeItem(entry: ChecklistItem, index: number): vscode.TreeItem {
    const evidence = entry.evidence!;
    const lost = isEvidenceLost(entry);
    const location = evidence.status === 'found' && !lost ? evidence.locations[index] : undefined;
    const text = location ? `evidence: ${locationText(location)}` : (evidenceText(entry) ?? '');
    const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
    item.id = `evidence:${entry.key}#${index}`;
    item.iconPath = lost ? EVIDENCE_ICON.lost : EVIDENCE_ICON[evidence.status];
    if (location) {
      const uri = vscode.Uri.joinPath(vscode.Uri.parse(entry.root), ...location.path.split('/'));
      const line = Math.max(0, (location.line ?? 1) - 1);
      item.command = { command: 'vscode.open', title: 'Open Evidence', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }] };
      item.tooltip = `Open ${locationText(location)}. Evidence is shown, never ticked on its own: use Tick with Evidence to record it.`;
      item.resourceUri = uri;
    } else if (lost) {
      item.tooltip = `Ticked with evidence at ${entry.recordedEvidence!.join(', ')}; the probe no longer finds it. Check whether the item still holds, then reopen it or tick it again.`;
    } else if (evidence.status === 'missing') {
      item.tooltip = 'Nothing in the repository shows this item yet. It can still hold (not everything is in a file); review it as usual.';
    } else {
      item.tooltip = evidence.reason ? `Not checked: ${evidence.reason}.` : 'Not checked.';
    }
    item.contextValue = 'checklistEvidence';
    return item;
  }

  /** Reveals an item by key; used by the reference page. A filter that hides it is turned off first. */
  async reveal(key: string): Promise<void> {
    const item = this.context.findItem(key);
    if (!item) {
      void vscode.window.showInformationMessage('Stack Guide: this item is not in the workspace checklist.');
      return;
    }
    if (!this.visible(item)) {
      this.setFilter('hideDone', false);
      this.setFilter('highOnly', false);
    }
    await this.view.reveal({ kind: 'item', item }, { select: true, focus: true, expand: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export async function showWriteError(error: unknown, context: StackGuideContext): Promise<void> {
  if (error instanceof ReviewFileError) {
    const action = error.error.conflict && error.uri ? 'Resolve Review Conflict' : error.uri ? 'Open Review File' : 'Reset Personal Review State';
    const choice = await vscode.window.showErrorMessage(
      `Stack Guide cannot record the tick: ${error.error.file} line ${error.error.line}: ${error.error.message}. ${error.error.hint}`,
      action,
    );
    if (!choice) return;
    if (error.error.conflict && error.uri) await vscode.commands.executeCommand(COMMANDS.resolveReviewConflict, error.uri);
    else if (error.uri) await vscode.commands.executeCommand(COMMANDS.openReviewFile, error.uri, error.error.line);
    else await vscode.commands.executeCommand(COMMANDS.resetPersonalReview);
    return;
  }
  context.log.error(`Could not save a checklist change: ${(error as Error).message}`);
  void vscode.window.showErrorMessage(`Stack Guide could not save the checklist change: ${(error as Error).message}`);
}

export type ChecklistNode = Node;
