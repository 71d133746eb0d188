import * as vscode from 'vscode';
import type { ChecklistGroup } from '../../core/profiles/model';
import {
  isAppliesAnyway,
  isNotApplicable,
  itemLabel,
  type ChecklistItem,
  type ChecklistUnit,
  type Orphan,
} from '../../core/review/checklist';
import {
  appliesAnywayText,
  datesText,
  decisionText,
  evidenceSummary,
  evidenceText,
  groupDisplay,
  groupDisplays,
  isOpen,
  isTicked,
  itemTitle,
  memberCount,
  memberLabel,
  progress,
  progressText,
  reviewByText,
  severityLabel,
  sinceMilestoneText,
  stateLabel,
  unitMembersText,
} from '../../core/review/display';
import { isEvidenceLost } from '../../core/evidence/checklistEvidence';
import { COMMANDS, VIEWS } from '../constants';
import type { StackGuideModel } from '../model';

/** What the checklist tree reads and changes. */
export type ChecklistSource = Pick<
  StackGuideModel,
  'checklist' | 'findItem' | 'items' | 'log' | 'onDidChange' | 'setItemState' | 'sinceMilestone'
>;
import { ReviewFileError } from '../services/reviewStore';
import { applicabilityTreeItem, EVIDENCE_ICON, evidenceTreeItem } from './evidenceRows';
import { changeDescription, unchangedUnitTreeItem, WHOLE_CHECKLIST, type ChangeFilter } from './changeRows';

/** The groups in the order the tree shows them, named in the display language. */
const groups = () => groupDisplays(vscode.l10n.t);

type Node =
  | {
      kind: 'error';
      folder: string;
      uri: vscode.Uri | undefined;
      file: string;
      message: string;
      line: number;
      hint: string;
      conflict: boolean;
    }
  | { kind: 'unit'; unit: ChecklistUnit }
  | { kind: 'unchanged'; unit: ChecklistUnit }
  | { kind: 'group'; unit: ChecklistUnit; group: ChecklistGroup; label: string }
  | { kind: 'item'; item: ChecklistItem }
  | { kind: 'notApplicable'; unit: ChecklistUnit }
  | { kind: 'applicability'; item: ChecklistItem }
  | { kind: 'evidence'; item: ChecklistItem; index: number }
  | { kind: 'orphans'; orphans: Orphan[] }
  | { kind: 'orphan'; orphan: Orphan };

/** States that show their own icon instead of the severity's. */
const STATE_ICON = {
  stale: new vscode.ThemeIcon('history', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  accepted: new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  expired: new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  'needs-action': new vscode.ThemeIcon('tools', new vscode.ThemeColor('problemsWarningIcon.foreground')),
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
    private readonly model: ChecklistSource,
    private readonly memento: vscode.Memento,
    /** "Review this change": which items and units show (all of them when it is off). */
    private readonly change: ChangeFilter = WHOLE_CHECKLIST,
  ) {
    this.filters = memento.get('stackGuide.checklistFilters', { hideDone: false, highOnly: false });
    this.publishFilters();
    this.view = vscode.window.createTreeView(VIEWS.checklist, {
      treeDataProvider: this,
      manageCheckboxStateManually: true,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeCheckboxState((event) => void this.onCheckboxes(event)),
      model.onDidChange(() => this.refresh()),
      change.onDidChange(() => this.refresh()),
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
    if (!this.change.shows(item)) return false;
    if (this.filters.hideDone && isTicked(item.state)) return false;
    return !this.filters.highOnly || item.severity === 'high';
  }

  private refresh(): void {
    const items = this.model.items();
    // An item not applicable here counts in no badge (its decision, if any, is kept and shown).
    // Open: never looked at, needs action, stale or expired (an accepted risk past its day is open again).
    const openHigh = items.filter((item) => item.severity === 'high' && isOpen(item.state) && !isNotApplicable(item)).length;
    const { total, accepted, expired, needsAction } = progress(items);
    // Accepted risks are decided, so the badge leaves them out; its tooltip counts them apart, and
    // the expired and needs-action items among the open ones.
    const badge = [
      accepted > 0
        ? vscode.l10n.t('{0} open high-severity item(s); {1} accepted risk(s)', openHigh, accepted)
        : vscode.l10n.t('{0} open high-severity item(s)', openHigh),
      expired > 0 ? vscode.l10n.t('{0} expired', expired) : '',
      needsAction > 0 ? vscode.l10n.t('{0} need action', needsAction) : '',
    ]
      .filter(Boolean)
      .join('; ');
    this.view.badge = openHigh > 0 ? { value: openHigh, tooltip: badge } : undefined;
    const filtered = [this.filters.hideDone ? vscode.l10n.t('open only') : '', this.filters.highOnly ? vscode.l10n.t('high only') : '']
      .filter(Boolean)
      .join(', ');
    this.view.description = total > 0 ? `${progressText(items, vscode.l10n.t)}${filtered ? ` · ${filtered}` : ''}` : undefined;
    if (this.change.active) {
      const touched = items.filter((item) => this.change.shows(item));
      this.view.description = [
        changeDescription(this.change.changes),
        touched.length > 0 ? progressText(touched, vscode.l10n.t) : '',
        filtered,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    this.changed.fire();
  }

  private async onCheckboxes(event: vscode.TreeCheckboxChangeEvent<Node>): Promise<void> {
    for (const [node, state] of event.items) {
      if (node.kind !== 'item') continue;
      try {
        const ticked = state === vscode.TreeItemCheckboxState.Checked;
        if (ticked && !(await confirmMitigated(node.item))) {
          this.changed.fire(); // put the checkbox back
          continue;
        }
        await this.model.setItemState(node.item.key, ticked ? 'done' : 'open');
      } catch (error) {
        this.changed.fire(); // put the checkbox back to what the file says
        await showWriteError(error, this.model);
      }
    }
  }

  getChildren(node?: Node): Node[] {
    const model = this.model.checklist;
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
      const units: Node[] = model.units.map((unit) => ({ kind: this.change.unchanged(unit) ? 'unchanged' : 'unit', unit }));
      const orphans: Node[] = model.orphans.length > 0 ? [{ kind: 'orphans', orphans: model.orphans }] : [];
      return [...errors, ...units, ...orphans];
    }
    switch (node.kind) {
      case 'unit': {
        const applying = node.unit.items.filter((item) => !isNotApplicable(item));
        const groupNodes = groups()
          .filter(({ group }) => applying.some((item) => item.group === group && this.visible(item)))
          .map(({ group, label }): Node => ({ kind: 'group', unit: node.unit, group, label }));
        const apart = node.unit.items.some((item) => isNotApplicable(item) && this.visible(item));
        return apart ? [...groupNodes, { kind: 'notApplicable', unit: node.unit }] : groupNodes;
      }
      case 'group':
        return node.unit.items
          .filter((item) => item.group === node.group && !isNotApplicable(item) && this.visible(item))
          .map((item): Node => ({ kind: 'item', item }));
      case 'notApplicable':
        return node.unit.items.filter((item) => isNotApplicable(item) && this.visible(item)).map((item): Node => ({ kind: 'item', item }));
      case 'item': {
        // Not applicable here: first the fact that decides it, with its file.
        // Marked applies anyway: the same row, saying who marked it and what the condition alone says.
        const why: Node[] = isNotApplicable(node.item) || isAppliesAnyway(node.item) ? [{ kind: 'applicability', item: node.item }] : [];
        const evidence = node.item.evidence;
        if (!evidence) return why;
        if (!evidence) return [];
        // One row per location found; otherwise one row that says why there is none.
        // Code findings: a row that counts them, then one row per finding kept.
        const count =
          evidence.status === 'found' && !isEvidenceLost(node.item)
            ? evidence.locations.length
            : evidence.status === 'present'
              ? 1 + (evidence.findings?.length ?? 0)
              : 1;
        return [...why, ...Array.from({ length: count }, (_, index): Node => ({ kind: 'evidence', item: node.item, index }))];
      }
      case 'orphans':
        return node.orphans.map((orphan) => ({ kind: 'orphan', orphan }));
      default:
        return [];
    }
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'evidence' || node.kind === 'applicability') return { kind: 'item', item: node.item };
    if (node.kind === 'group' || node.kind === 'notApplicable') return { kind: 'unit', unit: node.unit };
    if (node.kind !== 'item') return undefined;
    const unit = this.model.checklist.units.find((candidate) => candidate.items.includes(node.item));
    if (unit && isNotApplicable(node.item)) return { kind: 'notApplicable', unit };
    const group = groups().find((entry) => entry.group === node.item.group);
    return unit && group ? { kind: 'group', unit, group: group.group, label: group.label } : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'error': {
        // The message and the hint come from the core, in English.
        const label = node.conflict
          ? vscode.l10n.t('Review conflict: {0}', node.message)
          : vscode.l10n.t('Review file cannot be read: {0}', node.message);
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.description = node.uri ? `${node.file}:${node.line}` : vscode.l10n.t('workspace state');
        item.tooltip = node.conflict
          ? vscode.l10n.t(
              'Click to merge both sides entry by entry (the newer decision wins, the other is kept in its history). Nothing is written until you confirm.',
            )
          : `${node.hint}\n${vscode.l10n.t('Ticks are refused until the file is fixed; nothing in it has been changed.')}`;
        item.iconPath = new vscode.ThemeIcon(node.conflict ? 'git-merge' : 'error', new vscode.ThemeColor('errorForeground'));
        if (node.uri) {
          item.command = node.conflict
            ? { command: COMMANDS.resolveReviewConflict, title: vscode.l10n.t('Resolve Review Conflict'), arguments: [node.uri] }
            : { command: COMMANDS.openReviewFile, title: vscode.l10n.t('Open Review File'), arguments: [node.uri, node.line] };
        }
        item.contextValue = node.conflict ? 'reviewConflict' : 'reviewError';
        return item;
      }
      case 'unit': {
        const { unit } = node;
        const item = new vscode.TreeItem(unit.ecosystemName, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `unit:${unit.root}#${unit.path}#${unit.ecosystem}`;
        const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
        const members = unit.members.length > 0 ? `${memberCount(unit.members.length, vscode.l10n.t)} · ` : '';
        // Review over time: the review-by day, and the change since the last milestone (tag) once git's history is known.
        const since = this.model.sinceMilestone(unit);
        const overTime = [reviewByText(unit, vscode.l10n.t), since ? sinceMilestoneText(since, vscode.l10n.t) : undefined]
          .filter(Boolean)
          .map((text) => ` · ${text}`)
          .join('');
        item.description = `${multiRoot ? `${unit.folder} · ` : ''}${unit.path === '.' ? '' : `${unit.path} · `}${members}${progressText(unit.items, vscode.l10n.t)}${overTime}`;
        if (unit.overdue) item.iconPath = new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        if (unit.members.length > 0) {
          const tooltip = new vscode.MarkdownString();
          tooltip
            .appendText(vscode.l10n.t('{0}: one review for {1}', unit.ecosystemName, unitMembersText(unit, vscode.l10n.t)))
            .appendMarkdown('\n\n');
          for (const member of unit.members)
            tooltip.appendMarkdown('- ').appendText(memberLabel(member, vscode.l10n.t)).appendMarkdown('\n');
          item.tooltip = tooltip;
        }
        item.iconPath ??= new vscode.ThemeIcon('checklist');
        item.contextValue = 'checklistUnit';
        return item;
      }
      case 'group': {
        const items = node.unit.items.filter((item) => item.group === node.group);
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.unit.root}#${node.unit.path}#${node.unit.ecosystem}#${node.group}`;
        item.description = progressText(items, vscode.l10n.t);
        item.tooltip = `${node.label}: ${groupDisplay(node.group, vscode.l10n.t).tickMeans}`;
        return item;
      }
      case 'notApplicable': {
        const count = node.unit.items.filter(isNotApplicable).length;
        const item = new vscode.TreeItem(vscode.l10n.t('Not applicable here ({0})', count), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `notApplicable:${node.unit.root}#${node.unit.path}#${node.unit.ecosystem}`;
        item.tooltip = vscode.l10n.t(
          'Items whose condition does not hold for this project, each with the fact that decides it. They count in no badge and fail no gate; a decision made on one is kept.',
        );
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.contextValue = 'checklistNotApplicable';
        return item;
      }
      case 'unchanged':
        return unchangedUnitTreeItem(node.unit);
      case 'applicability':
        return applicabilityTreeItem(node.item);
      case 'item':
        return this.itemTreeItem(node.item);
      case 'evidence':
        return evidenceTreeItem(node.item, node.index);
      case 'orphans': {
        const item = new vscode.TreeItem(vscode.l10n.t('Orphaned review entries'), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = vscode.l10n.t('{0} kept in the file', node.orphans.length);
        item.tooltip = vscode.l10n.t(
          'These ids are in the review file but no detected profile defines them any more. They stay in the file.',
        );
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
    // The short title; the whole text is in the tooltip and on the page.
    const title = itemTitle(entry);
    const item = new vscode.TreeItem(
      title,
      entry.evidence ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `item:${entry.key}`;
    const evidence = evidenceText(entry, vscode.l10n.t);
    const lost = isEvidenceLost(entry);
    const ticked = isTicked(entry.state);
    const group = groupDisplay(entry.group, vscode.l10n.t);
    item.checkboxState = {
      state: ticked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: ticked ? vscode.l10n.t('Reopen') : group.tickAction,
    };
    const label = stateLabel(entry.state, entry.group, vscode.l10n.t);
    const severity = severityLabel(entry.severity, vscode.l10n.t);
    const member = entry.member ? memberLabel(entry.member, vscode.l10n.t) : '';
    const notHere = isNotApplicable(entry);
    const anyway = entry.appliesAnyway && isAppliesAnyway(entry) ? appliesAnywayText(entry.appliesAnyway, vscode.l10n.t) : '';
    // "expired · accepted risk until 2026-03-01", "accepted risk · until 2026-06-08", "needs action · due 2026-04-01".
    const dates = datesText(entry, vscode.l10n.t);
    item.description = notHere
      ? [member, entry.state === 'open' ? '' : label, dates, entry.applicability?.reason ?? ''].filter(Boolean).join(' · ')
      : [member, severity, entry.state === 'open' ? '' : label, dates, anyway, evidenceSummary(entry, vscode.l10n.t)]
          .filter(Boolean)
          .join(' · ');
    if (notHere || anyway) item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    item.iconPath = lost ? EVIDENCE_ICON.lost : (STATE_ICON[entry.state as keyof typeof STATE_ICON] ?? SEVERITY_ICON[entry.severity]);
    const tooltip = new vscode.MarkdownString(undefined, false);
    if (title !== entry.text) tooltip.appendMarkdown('**').appendText(title).appendMarkdown('**\n\n');
    tooltip.appendText(entry.text);
    tooltip.appendMarkdown('\n\n');
    // The reason comes from the core's facts, in English.
    if (notHere) tooltip.appendText(vscode.l10n.t('Not applicable here: {0}', entry.applicability?.reason ?? '')).appendMarkdown('\n\n');
    if (anyway) tooltip.appendText(anyway).appendMarkdown('\n\n');
    if (entry.why) tooltip.appendText(entry.why).appendMarkdown('\n\n');
    tooltip
      .appendMarkdown(`*${vscode.l10n.t('{0} severity', severity)}* · `)
      .appendText(group.tickMeans)
      .appendMarkdown(` · \`${entry.id}\``);
    if (entry.by) tooltip.appendMarkdown('\n\n').appendText(decisionText(entry, vscode.l10n.t));
    if (dates) tooltip.appendMarkdown('\n\n').appendText(entry.state === 'expired' ? `${label}: ${dates}` : dates);
    if (entry.note)
      tooltip
        .appendMarkdown('\n\n')
        .appendText(
          entry.state === 'accepted' || entry.expiredDecision
            ? vscode.l10n.t('Reason: {0}', entry.note)
            : vscode.l10n.t('Note: {0}', entry.note),
        );
    for (const earlier of entry.history ?? []) {
      const recorded = vscode.l10n.t('Also recorded: {0} by {1} on {2}', earlier.state, earlier.by, earlier.at);
      tooltip
        .appendMarkdown('\n\n')
        .appendText(`${recorded}${earlier.from ? ` (${earlier.from})` : ''}${earlier.note ? `: ${earlier.note}` : ''}`);
    }
    if (evidence) tooltip.appendMarkdown('\n\n').appendText(evidence.charAt(0).toUpperCase() + evidence.slice(1));
    if (entry.recordedEvidence && !lost)
      tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Ticked with evidence: {0}', entry.recordedEvidence.join(', ')));
    item.tooltip = tooltip;
    const spoken = [
      title,
      ...(entry.member ? [vscode.l10n.t('member {0}', entry.member)] : []),
      vscode.l10n.t('{0} severity', severity),
      label,
      ...(dates ? [dates] : []),
      ...(anyway ? [anyway] : []),
      ...(notHere ? [vscode.l10n.t('Not applicable here: {0}', entry.applicability?.reason ?? '')] : []),
      ...(evidence ? [evidence] : []),
      // The title as the row shows it first; the whole text last, since a screen reader does not read the tooltip.
      ...(title !== entry.text ? [entry.text] : []),
    ];
    item.accessibilityInformation = { label: spoken.join(', ') };
    // ".evidence" when something was found: the menu then offers Tick with Evidence; ".notHere" offers
    // Applies Anyway, ".appliesAnyway" (the item carries the mark) Not Applicable Here Again.
    const mark = notHere ? '.notHere' : entry.appliesAnyway ? '.appliesAnyway' : '';
    item.contextValue = `checklistItem.${entry.state === 'n/a' ? 'na' : entry.state}${entry.evidence?.status === 'found' ? '.evidence' : ''}${mark}`;
    return item;
  }

  /** Reveals an item by key; used by the reference page. A filter that hides it is turned off first. */
  async reveal(key: string): Promise<void> {
    const item = this.model.findItem(key);
    if (!item) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Stack Guide: this item is not in the workspace checklist.'));
      return;
    }
    if (!this.visible(item)) {
      this.setFilter('hideDone', false);
      this.setFilter('highOnly', false);
      if (!this.change.shows(item)) this.change.stop();
    }
    await this.view.reveal({ kind: 'item', item }, { select: true, focus: true, expand: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** A risk whose code probe finds the pattern is ticked as mitigated only when the reviewer says so; its findings are recorded. */
async function confirmMitigated(item: ChecklistItem): Promise<boolean> {
  if (item.group !== 'risks' || item.evidence?.status !== 'present') return true;
  const total = item.evidence.total ?? item.evidence.locations.length;
  const tick = vscode.l10n.t('Tick as Mitigated');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('"{0}": the code still shows the pattern in {1} place(s).', itemTitle(item), total),
    {
      modal: true,
      detail: vscode.l10n.t('Tick it as mitigated anyway? The places found now are recorded with the tick, so a new one shows later.'),
    },
    tick,
  );
  return answer === tick;
}

export async function showWriteError(error: unknown, model: Pick<StackGuideModel, 'log'>): Promise<void> {
  if (error instanceof ReviewFileError) {
    const action =
      error.error.conflict && error.uri
        ? vscode.l10n.t('Resolve Review Conflict')
        : error.uri
          ? vscode.l10n.t('Open Review File')
          : vscode.l10n.t('Reset Personal Review State');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Stack Guide cannot record the tick: {0} line {1}: {2}. {3}',
        error.error.file,
        error.error.line,
        error.error.message,
        error.error.hint,
      ),
      action,
    );
    if (!choice) return;
    if (error.error.conflict && error.uri) await vscode.commands.executeCommand(COMMANDS.resolveReviewConflict, error.uri);
    else if (error.uri) await vscode.commands.executeCommand(COMMANDS.openReviewFile, error.uri, error.error.line);
    else await vscode.commands.executeCommand(COMMANDS.resetPersonalReview);
    return;
  }
  model.log.error(`Could not save a checklist change: ${(error as Error).message}`);
  void vscode.window.showErrorMessage(vscode.l10n.t('Stack Guide could not save the checklist change: {0}', (error as Error).message));
}

export type ChecklistNode = Node;
