import * as vscode from 'vscode';
import { DETECTED_THRESHOLD } from '../../core/detect/detector';
import { COMMANDS } from '../constants';
import type { StacksSource } from './stacksView';

/** Shows the primary ecosystem of the active editor's component; hidden when nothing is detected. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stackGuide.primary', vscode.StatusBarAlignment.Left, 20);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly model: StacksSource) {
    this.item.name = vscode.l10n.t('Stack Guide');
    this.disposables = [this.item, model.onDidChange(() => this.update()), vscode.window.onDidChangeActiveTextEditor(() => this.update())];
  }

  private update(): void {
    const id = this.primaryEcosystem(vscode.window.activeTextEditor?.document.uri);
    const profile = id ? this.model.profile(id) : undefined;
    if (!id) {
      this.item.hide();
      return;
    }
    this.item.text = `$(layers) ${profile?.name ?? id}`;
    this.item.tooltip = profile
      ? vscode.l10n.t('{0}: open the Stack Guide reference page', profile.name)
      : vscode.l10n.t('{0}: no Stack Guide page', id);
    this.item.command = profile
      ? { title: vscode.l10n.t('Open Reference Page'), command: COMMANDS.openReference, arguments: [id] }
      : undefined;
    this.item.show();
  }

  /** The strongest ecosystem of the deepest component holding the file, else of the first folder's root. */
  private primaryEcosystem(uri: vscode.Uri | undefined): string | undefined {
    const folders = this.model.detection.folders;
    const workspaceFolder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    // By URI: two folders of a multi-root workspace can have the same name.
    const root = workspaceFolder?.uri.toString();
    const folder = folders.find((candidate) => candidate.root === root) ?? folders[0];
    if (!folder) return undefined;
    const relative = uri && workspaceFolder ? vscode.workspace.asRelativePath(uri, false) : '';
    const candidates = folder.components
      .filter((component) => component.path === '.' || relative === component.path || relative.startsWith(`${component.path}/`))
      .sort((a, b) => b.path.length - a.path.length);
    for (const component of [...candidates, ...folder.components]) {
      const match = component.ecosystems.find((candidate) => candidate.confidence >= DETECTED_THRESHOLD);
      if (match) return match.id;
    }
    return undefined;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
