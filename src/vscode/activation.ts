import * as vscode from 'vscode';
import type { StackGuideApi } from './api';
import { ChecklistView } from './views/checklistView';
import { ChangeReview } from './services/changeReview';
import { commandHandlers } from './commands/index';
import { VIEWS } from './constants';
import { StackGuideModel } from './model';
import { isEvidenceLost } from '../core/evidence/checklistEvidence';
import { itemTitle } from '../core/review/display';
import type { Disks } from './files/localDisk';
import { StacksView } from './views/stacksView';
import { ReferencePanels } from './webviews/reference/panel';
import { StatusBar } from './views/statusBar';
import { FolderWatcher, watchForEvidence, watchForRedetection } from './watchers';

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
  const change = new ChangeReview(model, extension.workspaceState);
  const checklist = new ChecklistView(model, extension.workspaceState, change);
  const panels = new ReferencePanels(model, (key) => checklist.reveal(key));
  extension.subscriptions.push(
    stacks,
    stacksView,
    model.onDidChange(() => {
      // Team profiles are plain data; in Restricted Mode the view says so.
      stacksView.message =
        !vscode.workspace.isTrusted && model.team.count > 0
          ? vscode.l10n.t('Restricted Mode: workspace profiles are read as data only.')
          : undefined;
    }),
    change,
    checklist,
    panels,
    new StatusBar(model),
  );
  for (const [id, handler] of Object.entries(commandHandlers({ model, panels, checklist, change }))) {
    extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  // Watchers for what is read, not for every file: the markers and manifests detection reads, the
  // folders within its depth (a folder can appear with its files already inside), and the files
  // the loaded profiles' probes read. The review folder is watched by its store.
  const folders = new FolderWatcher();
  extension.subscriptions.push(folders, ...watchForRedetection(model, folders), ...watchForEvidence(model, folders));
  model.markActivated();
  log.info(
    `Activated in ${model.timings.activate} ms${disks.hasLocal ? '' : '; no local disk (a browser): every file is read and written through vscode.workspace.fs'}`,
  );

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
        unit.items.map(({ reviewKey: _reviewKey, probe: _probe, ...item }) => ({
          ...item,
          title: itemTitle(item),
          folder: unit.folder,
          members: unit.members,
          evidenceLost: isEvidenceLost(item),
        })),
      ),
    units: () =>
      model.checklist.units.map(({ folder, path, ecosystem, members, workspace, items }) => ({
        folder,
        path,
        ecosystem,
        members,
        workspace,
        items: items.length,
      })),
    orphans: () => model.checklist.orphans.map(({ root: _root, ...orphan }) => orphan),
    setItemState: (itemId, state, note, owner, dates) => model.setItemState(itemId, state, note, owner, dates),
    evidenceReady: () => model.evidenceReady(),
    tickWithEvidence: (itemId) => model.tickWithEvidence(itemId),
    timings: () => ({ ...model.timings }),
    changeReview: () =>
      change.active
        ? {
            folders: change.changes.map(({ folder, ref, mergeBase, changed }) => ({
              folder,
              ref,
              mergeBase,
              changed: changed.map((file) => file.path),
            })),
            touched: model
              .items()
              .flatMap((item) => (change.shows(item) ? [{ key: item.key, id: item.id, touchedBy: change.touchedBy(item) ?? [] }] : [])),
            unchangedUnits: model.checklist.units.filter((unit) => change.unchanged(unit)).map((unit) => unit.path),
          }
        : undefined,
  };
}
