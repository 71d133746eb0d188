import * as vscode from 'vscode';
import { DETECTED_THRESHOLD, type Component, type EcosystemMatch, type FolderDetection } from '../../core/detect/detector';
import type { StackGuideModel } from '../model';

/** What the Stacks view reads. */
export type StacksSource = Pick<StackGuideModel, 'detection' | 'onDidChange' | 'profile'>;
import { memberCount, memberLabel, unitMembersText } from '../../core/review/display';
import { comparePaths, workspaceGroups, type WorkspaceGroup } from '../../core/review/units';

type Node =
  | { kind: 'folder'; folder: FolderDetection }
  | { kind: 'workspace'; folder: FolderDetection; group: WorkspaceGroup }
  | { kind: 'component'; folder: FolderDetection; component: Component }
  | { kind: 'ecosystem'; folder: FolderDetection; component: Component; match: EcosystemMatch }
  | { kind: 'evidence'; folder: FolderDetection; file: string }
  | { kind: 'skipped'; folder: FolderDetection }
  | { kind: 'skip'; path: string; reason: string };

/** Workspace folder → build workspace → component → ecosystem → evidence, as detection reported it. */
export class StacksView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: StacksSource) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    const folders = this.model.detection.folders;
    if (!node) {
      if (folders.length === 1) return this.folderChildren(folders[0]);
      return folders.map((folder) => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node.folder);
      case 'workspace':
        return node.group.components.map((component) => ({ kind: 'component', folder: node.folder, component }));
      case 'component':
        return node.component.ecosystems.map((match) => ({ kind: 'ecosystem', folder: node.folder, component: node.component, match }));
      case 'ecosystem':
        return node.match.evidence.map((file) => ({ kind: 'evidence', folder: node.folder, file }));
      case 'skipped':
        return node.folder.skipped.map((skip) => ({ kind: 'skip', ...skip }));
      default:
        return [];
    }
  }

  private folderChildren(folder: FolderDetection): Node[] {
    const groups = workspaceGroups(folder);
    const grouped = new Set(groups.flatMap((group) => group.components));
    const nodes: Node[] = [
      ...groups.map((group): Node => ({ kind: 'workspace', folder, group })),
      ...folder.components
        .filter((component) => !grouped.has(component))
        .map((component): Node => ({ kind: 'component', folder, component })),
    ];
    nodes.sort((a, b) => comparePaths(nodePath(a), nodePath(b)));
    if (folder.skipped.length > 0) nodes.push({ kind: 'skipped', folder });
    return nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder, vscode.TreeItemCollapsibleState.Expanded);
        // Ids by URI: two folders of a multi-root workspace can have the same name.
        item.id = `folder:${node.folder.root}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.description = node.folder.pinned ? vscode.l10n.t('pinned in settings') : undefined;
        return item;
      }
      case 'workspace': {
        const { group } = node;
        // Collapsed: a workspace of sixty crates is one row until the user asks for its members.
        const item = new vscode.TreeItem(memberLabel(group.root, vscode.l10n.t), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `workspace:${node.folder.root}#${group.root}#${group.kind}`;
        item.iconPath = new vscode.ThemeIcon('folder-library');
        item.description = `${group.ecosystems.map((id) => this.name(id)).join(', ')} · ${memberCount(group.members.length, vscode.l10n.t)} · ${group.manifest}`;
        const tooltip = new vscode.MarkdownString();
        const covered = unitMembersText(
          { members: group.members, workspace: { kind: group.kind, manifest: group.manifest } },
          vscode.l10n.t,
        );
        tooltip.appendText(vscode.l10n.t('One review covers the {0}:', covered)).appendMarkdown('\n\n');
        for (const member of group.members)
          tooltip.appendMarkdown('- ').appendText(memberLabel(member, vscode.l10n.t)).appendMarkdown('\n');
        item.tooltip = tooltip;
        item.contextValue = 'workspace';
        return item;
      }
      case 'component': {
        const item = new vscode.TreeItem(memberLabel(node.component.path, vscode.l10n.t), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `component:${node.folder.root}#${node.component.path}`;
        item.iconPath = new vscode.ThemeIcon('folder');
        const detected = node.component.ecosystems
          .filter((match) => match.confidence >= DETECTED_THRESHOLD)
          .map((match) => this.name(match.id));
        item.description = detected.join(', ') || vscode.l10n.t('nothing above the threshold');
        item.contextValue = 'component';
        return item;
      }
      case 'ecosystem': {
        const { match } = node;
        const detected = match.confidence >= DETECTED_THRESHOLD;
        const item = new vscode.TreeItem(
          this.name(match.id),
          match.evidence.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `ecosystem:${node.folder.root}#${node.component.path}#${match.id}`;
        item.description = `${Math.round(match.confidence * 100)}%${detected ? '' : ` · ${vscode.l10n.t('below threshold')}`}${match.notes ? ` · ${match.notes.join('; ')}` : ''}`;
        item.iconPath = new vscode.ThemeIcon(detected ? 'pass' : 'circle-large-outline');
        const tooltip = new vscode.MarkdownString();
        // Names, paths and notes come from the workspace: appended as text, never as Markdown.
        tooltip
          .appendText(
            vscode.l10n.t('{0} — confidence {1} (detected from {2})', this.name(match.id), match.confidence.toFixed(2), DETECTED_THRESHOLD),
          )
          .appendMarkdown('\n\n');
        for (const line of [...match.evidence, ...(match.notes ?? [])]) tooltip.appendMarkdown('- ').appendText(line).appendMarkdown('\n');
        item.tooltip = tooltip;
        item.contextValue = this.model.profile(match.id) ? 'ecosystem' : 'ecosystemWithoutProfile';
        return item;
      }
      case 'evidence': {
        const uri = this.resolve(node.folder, node.file);
        const item = new vscode.TreeItem(node.file.split('/').pop() ?? node.file, vscode.TreeItemCollapsibleState.None);
        item.description = node.file.includes('/') ? node.file : undefined;
        if (uri) {
          item.resourceUri = uri;
          item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri] };
        }
        return item;
      }
      case 'skipped': {
        const item = new vscode.TreeItem(vscode.l10n.t('Skipped'), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = vscode.l10n.t('{0} folder(s)', node.folder.skipped.length);
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        return item;
      }
      case 'skip': {
        const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
        item.description = node.reason;
        return item;
      }
    }
  }

  private name(id: string): string {
    return this.model.profile(id)?.name ?? id;
  }

  /** The evidence file in its workspace folder, found by the folder's URI (names can repeat). */
  private resolve(detected: FolderDetection, file: string): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.toString() === detected.root);
    return folder ? vscode.Uri.joinPath(folder.uri, ...file.split('/')) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function nodePath(node: Node): string {
  return node.kind === 'workspace' ? node.group.root : node.kind === 'component' ? node.component.path : '\uffff';
}

/** The ecosystem id a Stacks view node stands for, when a menu command is run on it. */
export function ecosystemOfNode(node: unknown): string | undefined {
  const candidate = node as { kind?: string; match?: EcosystemMatch } | undefined;
  return candidate?.kind === 'ecosystem' ? candidate.match?.id : undefined;
}
