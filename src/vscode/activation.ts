import * as vscode from 'vscode';
import type { StackGuideApi } from './api';
import { ChecklistView } from './views/checklistView';
import { commandHandlers } from './commands/index';
import { SETTINGS, VIEWS } from './constants';
import { StackGuideModel } from './model';
import { ExcludeMatcher } from '../core/detect/glob';
import { IGNORED_FOLDERS, MARKER_RULES } from '../core/detect/rules';
import { WORKSPACE_MANIFEST_NAMES } from '../core/detect/workspaces';
import { Debouncer } from '../core/timing';
import { isEvidenceLost } from '../core/evidence/checklistEvidence';
import { folderConfig } from './config';
import type { Disks } from './files/localDisk';
import { StacksView } from './views/stacksView';
import { ReferencePanels } from './webviews/reference/panel';
import { StatusBar } from './views/statusBar';

/** What an entry point may add to activation; the published entry points add nothing. */
export interface ActivationOptions {
  /**
   * Awaited before the first detection reads anything. The integration suite for commands run
   * before the first answer stages an entry point that passes a delay here (test/host/codeServer.ts).
   */
  beforeFirstDetection?: () => Promise<void>;
}

/**
 * Everything activation does, shared by the Node entry point (extension.ts) and the browser
 * entry point (extension.web.ts); they differ only in the disks they pass: Node's fs, or none.
 */
export function activateStackGuide(extension: vscode.ExtensionContext, disks: Disks, options: ActivationOptions = {}): StackGuideApi {
  const log = vscode.window.createOutputChannel('Stack Guide', { log: true });
  const model = new StackGuideModel(extension.extensionUri, log, extension.workspaceState, disks, options.beforeFirstDetection);
  extension.subscriptions.push(log, model);

  const stacks = new StacksView(model);
  const stacksView = vscode.window.createTreeView(VIEWS.stacks, { treeDataProvider: stacks, showCollapseAll: true });
  const checklist = new ChecklistView(model, extension.workspaceState);
  const panels = new ReferencePanels(model, (key) => checklist.reveal(key));
  extension.subscriptions.push(
    stacks,
    stacksView,
    model.onDidChange(() => {
      // Team profiles are plain data; in Restricted Mode the view says so.
      stacksView.message = !vscode.workspace.isTrusted && model.team.count > 0 ? vscode.l10n.t('Restricted Mode: workspace profiles are read as data only.') : undefined;
    }),
    checklist,
    panels,
    new StatusBar(model),
  );
  for (const [id, handler] of Object.entries(commandHandlers({ model, panels, checklist }))) {
    extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  // One watcher for every file event: detection listens to folders created and paths deleted, the
  // evidence probes to every change.
  const anything = vscode.workspace.createFileSystemWatcher('**/*');
  extension.subscriptions.push(anything, ...watchForRedetection(model, anything), ...watchForEvidence(model, anything));
  model.markActivated();
  log.info(`Activated in ${model.timings.activate} ms${disks.hasLocal ? '' : '; no local disk (a browser): every file is read and written through vscode.workspace.fs'}`);

  // Profiles and the first detection load after activation returns, so neither delays the window.
  // Detection starts at once; the Stacks view's progress bar follows it rather than gating it (a
  // view's progress waits for the view to be drawn, which can be long after activation).
  setTimeout(() => {
    const first = model.detect();
    first.catch((error) => log.error(`Detection failed: ${(error as Error).message}`));
    void vscode.window.withProgress({ location: { viewId: VIEWS.stacks } }, () => first.catch(() => undefined));
  }, 0);

  return {
    detect: () => model.detect({ full: true }),
    ready: () => model.ready(),
    listProfiles: () => model.profiles.map(({ id, name, summary }) => ({ id, name, summary })),
    checklist: () =>
      model.checklist.units.flatMap((unit) =>
        unit.items.map(({ reviewKey: _reviewKey, probe: _probe, ...item }) => ({ ...item, folder: unit.folder, members: unit.members, evidenceLost: isEvidenceLost(item) })),
      ),
    units: () => model.checklist.units.map(({ folder, path, ecosystem, members, workspace, items }) => ({ folder, path, ecosystem, members, workspace, items: items.length })),
    orphans: () => model.checklist.orphans.map(({ root: _root, ...orphan }) => orphan),
    setItemState: (itemId, state, note, owner) => model.setItemState(itemId, state, note, owner),
    evidenceReady: () => model.evidenceReady(),
    tickWithEvidence: (itemId) => model.tickWithEvidence(itemId),
    timings: () => ({ ...model.timings }),
  };
}

/**
 * Marker files, workspace manifests, folders and settings that change what detection sees:
 * each change is forgotten by the detection cache, then detection runs again, debounced, and
 * re-reads only what changed.
 */
function watchForRedetection(model: StackGuideModel, anything: vscode.FileSystemWatcher): vscode.Disposable[] {
  const redetect = new Debouncer(300, () => model.detect().catch((error) => model.log.error(`Detection failed: ${(error as Error).message}`)));
  const schedule = () => redetect.schedule();
  const changed = (uri: vscode.Uri) => {
    model.invalidate(uri);
    schedule();
  };
  const names = [...new Set([...MARKER_RULES.filter((rule) => rule.strong).map((rule) => rule.name), ...WORKSPACE_MANIFEST_NAMES])];
  const watcher = vscode.workspace.createFileSystemWatcher(`**/{${names.join(',')}}`);
  // A folder that appears with its files already inside (a clone, an unzip, a scaffold) can be
  // reported without events for those files, and a deleted folder without events for its files:
  // a folder created or anything deleted within the depth bound re-detects.
  const withinBound = (uri: vscode.Uri): boolean => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const relative = vscode.workspace.asRelativePath(uri, false);
    const parts = relative.split('/');
    const config = folderConfig(folder);
    if (parts.length > config.maxDepth + 1 || parts.some((part) => part.startsWith('.') || IGNORED_FOLDERS.has(part))) return false;
    return !new ExcludeMatcher(config.exclude).matches(relative);
  };
  const onCreated = async (uri: vscode.Uri) => {
    if (!withinBound(uri)) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) changed(uri);
    } catch {
      // gone again already
    }
  };
  return [
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidDelete(changed),
    watcher.onDidChange(changed),
    anything.onDidCreate((uri) => void onCreated(uri)),
    anything.onDidDelete((uri) => {
      if (withinBound(uri)) changed(uri);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(schedule),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // One event can carry several settings (a settings.json save, granting workspace trust):
      // each kind of change gets its own answer.
      if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.profilePaths}`)) model.scheduleTeamReload();
      const others = Object.entries(SETTINGS).filter(([name]) => name !== 'section' && name !== 'profilePaths');
      if (others.some(([, key]) => event.affectsConfiguration(`${SETTINGS.section}.${key}`)) || event.affectsConfiguration('files.exclude')) schedule();
    }),
    redetect,
  ];
}

/**
 * Any file a probe read (a CI workflow, a manifest, a lockfile) may change what an item's evidence
 * is: the units that read it are evaluated again, debounced; the others keep their results.
 */
function watchForEvidence(model: StackGuideModel, anything: vscode.FileSystemWatcher): vscode.Disposable[] {
  const changed = (uri: vscode.Uri) => model.evidenceChanged(uri);
  return [anything.onDidCreate(changed), anything.onDidChange(changed), anything.onDidDelete(changed)];
}
