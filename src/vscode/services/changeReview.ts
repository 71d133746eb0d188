import * as vscode from 'vscode';
import { touchedItems, type ChangedFile, type ChangeResult, type TouchedBy } from '../../core/change/touched';
import type { ChecklistItem, ChecklistUnit } from '../../core/review/checklist';
import { Debouncer } from '../../core/timing';
import { folderConfig } from '../config';
import type { GitAnswer } from '../files/localDisk';
import type { StackGuideModel } from '../model';

/** What "Review this change" reads of the model. */
export type ChangeSource = Pick<
  StackGuideModel,
  'checklist' | 'detection' | 'profiles' | 'disks' | 'log' | 'onDidChange' | 'itemReads' | 'evidenceReady'
>;

/** One workspace folder's change: the ref, the changed files and what they touch. */
export interface FolderChange {
  root: string;
  folder: string;
  ref: string;
  mergeBase: string;
  changed: ChangedFile[];
  result: ChangeResult;
}

const REF_KEY = 'stackGuide.changeRef';

/**
 * "Review this change": the checklist shows only the items a change touches (core/change/touched.ts,
 * the same function as `check --changed-since`). The changed files come from the machine's git
 * through the local disk (the browser build has none, and says so); the ref is the branch's
 * upstream, else one the user chose (remembered per workspace). The result is made again after a
 * save, a file created, deleted or renamed, a commit or checkout (.git/HEAD, .git/index), and when
 * the checklist or its evidence changes.
 */
export class ChangeReview implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private folders: FolderChange[] = [];
  private touched = new Map<string, TouchedBy[]>();
  private touchedUnits = new Set<string>();
  private on = false;
  private run = 0;
  private token: vscode.CancellationTokenSource | undefined;
  private readonly soon = new Debouncer(300, () => this.update());
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];

  constructor(
    private readonly model: ChangeSource,
    private readonly memento: vscode.Memento,
  ) {
    const schedule = () => {
      if (this.on) this.soon.schedule();
    };
    this.disposables.push(
      this.changed,
      model.onDidChange(schedule),
      vscode.workspace.onDidSaveTextDocument(schedule),
      vscode.workspace.onDidCreateFiles(schedule),
      vscode.workspace.onDidDeleteFiles(schedule),
      vscode.workspace.onDidRenameFiles(schedule),
    );
  }

  get active(): boolean {
    return this.on;
  }

  /** The folders compared, with their ref and changed files. */
  get changes(): readonly FolderChange[] {
    return this.folders;
  }

  /** The ref chosen with "Choose Ref…", if any: it wins over the upstream. */
  get chosenRef(): string | undefined {
    return this.memento.get<string>(REF_KEY);
  }

  /** Whether the tree shows an item: every item outside the mode, only touched ones in it. */
  shows(item: ChecklistItem): boolean {
    return !this.on || this.touched.has(item.key);
  }

  /** What touches an item (changed files and lines), in change mode. */
  touchedBy(item: ChecklistItem): TouchedBy[] | undefined {
    return this.on ? this.touched.get(item.key) : undefined;
  }

  /** A unit no changed file touches: in change mode it is one collapsed "unchanged" row. */
  unchanged(unit: ChecklistUnit): boolean {
    return this.on && !this.touchedUnits.has(unitKey(unit));
  }

  /**
   * Turns the mode on, comparing with `ref` (else the chosen ref, else each folder's upstream, else
   * one asked for). Resolves with whether the mode is on; each failure has said why.
   */
  async start(ref?: string): Promise<boolean> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Review this change needs an open folder.'));
      return false;
    }
    if (!folders.some((folder) => this.model.disks.for(folder.uri))) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Review this change needs git, and git is not available here: the changed files are read with the git of the machine.',
        ),
      );
      return false;
    }
    // A ref given is remembered only once git knows it: a typo does not stick.
    const previous = this.chosenRef;
    if (ref !== undefined) await this.memento.update(REF_KEY, ref);
    this.on = true;
    void vscode.commands.executeCommand('setContext', 'stackGuide.reviewingChange', true);
    const ok = await this.update({ ask: true, report: true });
    if (!ok) {
      if (ref !== undefined) await this.memento.update(REF_KEY, previous);
      this.stop();
    }
    return ok;
  }

  /** Back to the whole checklist. */
  stop(): void {
    this.token?.cancel();
    this.run++;
    this.on = false;
    this.folders = [];
    this.touched = new Map();
    this.touchedUnits = new Set();
    this.unwatch();
    void vscode.commands.executeCommand('setContext', 'stackGuide.reviewingChange', false);
    this.changed.fire();
  }

  /** Asks for the ref to compare with (from the folder's branches and tags), remembers it, and compares with it. */
  async chooseRef(): Promise<boolean> {
    const folder = (vscode.workspace.workspaceFolders ?? []).find((candidate) => this.model.disks.for(candidate.uri));
    const git = folder && this.model.disks.for(folder.uri)?.git;
    if (!folder || !git) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Review this change needs git, and git is not available here: the changed files are read with the git of the machine.',
        ),
      );
      return false;
    }
    const refs = await git.refs(folder.uri.fsPath);
    if (!refs.ok) {
      this.report(folder, refs);
      return false;
    }
    const upstream = await git.upstream(folder.uri.fsPath);
    const ref = await pickRef(refs.value, upstream.ok ? upstream.value : undefined);
    if (ref === undefined) return false;
    return this.start(ref);
  }

  /** Reads the changed files again and recomputes what they touch; false when no folder could be compared. */
  private async update(options: { ask?: boolean; report?: boolean } = {}): Promise<boolean> {
    if (!this.on) return false;
    const run = ++this.run;
    this.token?.cancel();
    const token = new vscode.CancellationTokenSource();
    this.token = token;
    try {
      await this.model.evidenceReady();
      const compared: FolderChange[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const git = this.model.disks.for(folder.uri)?.git;
        if (!git) continue;
        const cwd = folder.uri.fsPath;
        let ref = this.chosenRef;
        if (ref === undefined) {
          const upstream = await git.upstream(cwd);
          if (!upstream.ok) {
            if (options.report) this.report(folder, upstream);
            continue;
          }
          ref = upstream.value;
        }
        if (ref === undefined && options.ask) {
          const refs = await git.refs(cwd);
          ref = refs.ok ? await pickRef(refs.value, undefined, folder.name) : undefined;
          if (ref !== undefined) await this.memento.update(REF_KEY, ref);
        }
        if (ref === undefined) continue;
        const since = await git.changedSince(cwd, ref);
        if (!since.ok) {
          if (options.report) this.report(folder, since, ref);
          continue;
        }
        compared.push(await this.compare(folder, ref, since.value.mergeBase, since.value.files, token.token));
      }
      if (run !== this.run || !this.on) return false;
      this.folders = compared;
      this.touched = new Map(
        compared.flatMap((change) =>
          change.result.units.flatMap((unit) => unit.items.map((touched) => [touched.item.key, touched.touchedBy] as const)),
        ),
      );
      this.touchedUnits = new Set(
        compared.flatMap((change) => change.result.units.filter((unit) => unit.touched).map((unit) => unitKey(unit.unit))),
      );
      this.watch(compared);
      this.changed.fire();
      for (const change of compared)
        this.model.log.info(
          `Review this change in ${change.folder}: ${change.changed.length} file(s) changed since ${change.ref} (merge base ${change.mergeBase.slice(0, 12)}), ${this.touched.size} item(s) touched`,
        );
      return compared.length > 0;
    } finally {
      token.dispose();
      if (this.token === token) this.token = undefined;
    }
  }

  private async compare(
    folder: vscode.WorkspaceFolder,
    ref: string,
    mergeBase: string,
    changed: ChangedFile[],
    token: vscode.CancellationToken,
  ): Promise<FolderChange> {
    const root = folder.uri.toString();
    const units = this.model.checklist.units.filter((unit) => unit.root === root);
    const detection = this.model.detection.folders.find((candidate) => candidate.root === root);
    const paths = new Set(changed.flatMap((file) => (file.from ? [file.path, file.from] : [file.path])));
    const reads = await this.model.itemReads(units, paths, token);
    const result = touchedItems({
      units,
      folder: detection ?? { components: [] },
      profiles: this.model.profiles,
      reads,
      changed,
      layout: folderConfig(folder).review,
    });
    return { root, folder: folder.name, ref, mergeBase, changed: result.changed, result };
  }

  /** Commits, checkouts and staging move what the work tree is compared with. */
  private watch(changes: readonly FolderChange[]): void {
    this.unwatch();
    for (const change of changes) {
      const folder = (vscode.workspace.workspaceFolders ?? []).find((candidate) => candidate.uri.toString() === change.root);
      if (!folder) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/{HEAD,index}'));
      const schedule = () => this.soon.schedule();
      this.watchers.push(watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule));
    }
  }

  private unwatch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
  }

  private report(folder: vscode.WorkspaceFolder, answer: Extract<GitAnswer<unknown>, { ok: false }>, ref?: string): void {
    this.model.log.warn(`Review this change in ${folder.name}: ${answer.message}`);
    const choose = vscode.l10n.t('Choose Ref…');
    switch (answer.problem) {
      case 'no-git':
        void vscode.window.showWarningMessage(vscode.l10n.t('Review this change needs git, and git is not installed or not on PATH.'));
        return;
      case 'not-a-repository':
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} is not a git repository: Review this change compares the work tree with a git ref.', folder.name),
        );
        return;
      case 'unknown-ref':
        void vscode.window
          .showWarningMessage(
            vscode.l10n.t('git knows no commit "{0}" in {1}: fetch it, or choose another ref.', ref ?? '', folder.name),
            choose,
          )
          .then((picked) => (picked === choose ? this.chooseRef() : undefined));
        return;
      default:
        void vscode.window.showWarningMessage(vscode.l10n.t('git could not compare {0}: {1}', folder.name, answer.message));
    }
  }

  dispose(): void {
    this.token?.cancel();
    this.soon.dispose();
    this.unwatch();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function unitKey(unit: Pick<ChecklistUnit, 'root' | 'path' | 'ecosystem'>): string {
  return `${unit.root}\u0000${unit.path}\u0000${unit.ecosystem}`;
}

/** A quick pick of refs that also takes a ref typed in (a commit, origin/release-2). */
async function pickRef(refs: readonly string[], upstream: string | undefined, folder?: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Review this change: compare with which ref?');
  pick.placeholder = upstream
    ? vscode.l10n.t('The branch follows {0}; choose another branch or tag, or type a ref', upstream)
    : folder
      ? vscode.l10n.t('{0}: this branch has no upstream; choose a branch or tag, or type a ref', folder)
      : vscode.l10n.t('Choose a branch or tag, or type a ref');
  pick.items = refs.map((label) => ({ label, description: label === upstream ? vscode.l10n.t('upstream') : undefined }));
  return new Promise((resolve) => {
    let answered = false;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label ?? pick.value.trim();
      answered = true;
      pick.hide();
      resolve(chosen || undefined);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!answered) resolve(undefined);
    });
    pick.show();
  });
}
