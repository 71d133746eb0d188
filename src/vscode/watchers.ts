import * as vscode from 'vscode';
import { ExcludeMatcher } from '../core/detect/glob';
import { IGNORED_FOLDERS, MARKER_RULES } from '../core/detect/rules';
import { WORKSPACE_MANIFEST_NAMES } from '../core/detect/workspaces';
import { probeGlobs } from '../core/evidence/probe';
import { factGlobs } from '../core/facts/model';
import { checklistItems } from '../core/profiles/model';
import { Debouncer } from '../core/timing';
import { folderConfig } from './config';
import { SETTINGS } from './constants';
import type { StackGuideModel } from './model';

/**
 * The paths within detection's depth, files and folders alike: a folder that appears with its
 * files already inside (a clone, an unzip, a scaffold) can be reported without events for those
 * files, and a deleted folder without events for its files. Nothing deeper is handled here, so the
 * churn inside a dependency or build folder costs no listener work. Each folder's pattern follows
 * its `stackGuide.detection.maxDepth`.
 */
export class FolderWatcher implements vscode.Disposable {
  private readonly created = new vscode.EventEmitter<vscode.Uri>();
  private readonly deleted = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidDelete = this.deleted.event;
  private watchers: vscode.Disposable[] = [];
  private key = '';
  private readonly settings: vscode.Disposable;

  constructor() {
    this.update();
    this.settings = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.maxDepth}`)) this.update();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
    );
  }

  private update(): void {
    // A relative pattern per folder: a glob given as a string is matched against the whole path,
    // where `*` would match nothing.
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const depth = folderConfig(folder).maxDepth + 1;
      return {
        folder,
        pattern: `{${Array.from({ length: depth }, (_, i) =>
          Array(i + 1)
            .fill('*')
            .join('/'),
        ).join(',')}}`,
      };
    });
    const key = JSON.stringify(folders.map(({ folder, pattern }) => [folder.uri.toString(), pattern]));
    if (key === this.key) return;
    this.key = key;
    this.disposeWatchers();
    this.watchers = folders.map(({ folder, pattern }) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern), false, true, false);
      return vscode.Disposable.from(
        watcher,
        watcher.onDidCreate((uri) => this.created.fire(uri)),
        watcher.onDidDelete((uri) => this.deleted.fire(uri)),
      );
    });
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
  }

  dispose(): void {
    this.disposeWatchers();
    this.settings.dispose();
    this.created.dispose();
    this.deleted.dispose();
  }
}

/** An exclude matcher per folder, made again only when its exclude globs change. */
class ExcludeMatchers {
  private readonly byFolder = new Map<string, { key: string; matcher: ExcludeMatcher }>();

  for(folder: vscode.WorkspaceFolder, exclude: readonly string[]): ExcludeMatcher {
    const key = JSON.stringify(exclude);
    const root = folder.uri.toString();
    const known = this.byFolder.get(root);
    if (known?.key === key) return known.matcher;
    const matcher = new ExcludeMatcher([...exclude]);
    this.byFolder.set(root, { key, matcher });
    return matcher;
  }
}

/**
 * Marker files, workspace manifests, folders and settings that change what detection sees:
 * each change is forgotten by the detection cache, then detection runs again, debounced, and
 * re-reads only what changed.
 */
export function watchForRedetection(model: StackGuideModel, folders: FolderWatcher): vscode.Disposable[] {
  const redetect = new Debouncer(300, () =>
    model.detect().catch((error) => model.log.error(`Detection failed: ${(error as Error).message}`)),
  );
  const schedule = () => redetect.schedule();
  const changed = (uri: vscode.Uri) => {
    model.invalidate(uri);
    schedule();
  };
  const names = [...new Set([...MARKER_RULES.filter((rule) => rule.strong).map((rule) => rule.name), ...WORKSPACE_MANIFEST_NAMES])];
  const watcher = vscode.workspace.createFileSystemWatcher(`**/{${names.join(',')}}`);
  const matchers = new ExcludeMatchers();
  // A folder created or anything deleted within the depth bound re-detects.
  const withinBound = (uri: vscode.Uri): boolean => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const relative = vscode.workspace.asRelativePath(uri, false);
    const parts = relative.split('/');
    const config = folderConfig(folder);
    if (parts.length > config.maxDepth + 1 || parts.some((part) => part.startsWith('.') || IGNORED_FOLDERS.has(part))) return false;
    return !matchers.for(folder, config.exclude).matches(relative);
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
    folders.onDidCreate((uri) => void onCreated(uri)),
    folders.onDidDelete((uri) => {
      if (withinBound(uri)) changed(uri);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(schedule),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // One event can carry several settings (a settings.json save, granting workspace trust):
      // each kind of change gets its own answer.
      if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.profilePaths}`)) model.scheduleTeamReload();
      const others = Object.entries(SETTINGS).filter(([name]) => name !== 'section' && name !== 'profilePaths');
      if (others.some(([, key]) => event.affectsConfiguration(`${SETTINGS.section}.${key}`)) || event.affectsConfiguration('files.exclude'))
        schedule();
    }),
    redetect,
  ];
}

/**
 * Any file a probe reads (a CI workflow, a manifest, a lockfile) may change what an item's evidence
 * is, and a manifest may change what applies: the units that read it are evaluated again, debounced;
 * the others keep their results. The files watched are the loaded profiles' probe and fact globs, at any depth, made again when the set of
 * globs changes (a team profile edited), plus the folders within detection's depth.
 */
export function watchForEvidence(model: StackGuideModel, folders: FolderWatcher): vscode.Disposable[] {
  const changed = (uri: vscode.Uri) => model.evidenceChanged(uri);
  let current = '';
  let watchers: vscode.Disposable[] = [];
  const update = () => {
    const globs = [
      ...new Set(
        model.profiles.flatMap((profile) => {
          const items = checklistItems(profile);
          const probes = [
            ...items.flatMap((item) => (item.evidence ? [item.evidence] : [])),
            ...factGlobs(
              profile.facts,
              items.flatMap((item) => (item.appliesWhen ? [item.appliesWhen] : [])),
            ),
          ];
          return probes.flatMap(probeGlobs);
        }),
      ),
    ].sort();
    const key = globs.join('\n');
    if (key === current) return;
    current = key;
    for (const watcher of watchers) watcher.dispose();
    watchers = globs.map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(`**/${glob}`);
      return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    });
  };
  update();
  return [
    model.onDidChange(update),
    folders.onDidCreate(changed),
    folders.onDidDelete(changed),
    {
      dispose: () => {
        for (const watcher of watchers) watcher.dispose();
      },
    },
  ];
}
