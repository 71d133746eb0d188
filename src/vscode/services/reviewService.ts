import * as vscode from 'vscode';
import { folderConfig } from '../config';
import { SETTINGS } from '../constants';
import {
  ReviewStore,
  WorkspaceStateReviewStore,
  reviewLocation,
  type EntryChange,
  type LegacyResolve,
  type ReviewBackend,
  type ReviewStatus,
  type UnitId,
} from './reviewStore';
import type { EntryKey, ReviewData, ReviewLayout } from '../../core/review/reviewData';
import { readUserUri } from '../files/vscodeFileSystem';
import type { Disks } from '../files/localDisk';

export interface ReviewError {
  folder: string;
  root: string;
  /** The file at fault; undefined for personal storage. */
  uri: vscode.Uri | undefined;
  status: Extract<ReviewStatus, { kind: 'error' }>;
}

/**
 * The review storage of every workspace folder (the review folder, or personal workspace state),
 * the edits made through it, and who is recorded for them. `onDidChange` fires when any store
 * read something new.
 */
export class ReviewService implements vscode.Disposable {
  private readonly stores = new Map<string, ReviewBackend>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly workspaceState: vscode.Memento,
    private readonly disks: Disks,
  ) {
    this.disposables.push(
      // A safety net for file events the watcher missed (a pull or a script while away):
      // coming back to the window re-reads the review files, one small read per folder.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const store of this.stores.values()) if (store instanceof ReviewStore) void store.reload();
      }),
    );
  }

  /** One store per workspace folder, matching the settings; a new store reads its state before this resolves. */
  async sync(): Promise<void> {
    if (this.disposed) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const wanted = new Map(folders.map((folder) => [folder.uri.toString(), folder]));
    for (const [root, store] of this.stores) {
      const folder = wanted.get(root);
      if (!folder || reviewLocation(folder) !== store.location) {
        store.dispose();
        this.stores.delete(root);
      }
    }
    await Promise.all(
      folders
        .filter((folder) => !this.stores.has(folder.uri.toString()))
        .map(async (folder) => {
          const store: ReviewBackend =
            folderConfig(folder).reviewStorage === 'workspaceState'
              ? new WorkspaceStateReviewStore(folder, this.workspaceState)
              : new ReviewStore(folder, folderConfig(folder).review, this.log, this.disks);
          this.stores.set(folder.uri.toString(), store);
          store.onDidChange(() => this.changed.fire());
          await store.reload();
        }),
    );
  }

  /** What every store holds now: the readable reviews by folder identity, and the ones that cannot be read. */
  snapshot(): { reviews: Map<string, ReviewData>; errors: ReviewError[] } {
    const reviews = new Map<string, ReviewData>();
    const errors: ReviewError[] = [];
    for (const [root, store] of this.stores) {
      const status = store.current;
      if (status.kind === 'ok') reviews.set(root, status.data);
      else errors.push({ folder: store.folder.name, root, uri: store.fileUri(status.error), status });
    }
    return { reviews, errors };
  }

  /** Reads every review again: after this window wrote a file the watcher may report late. */
  async reload(): Promise<void> {
    await Promise.all([...this.stores.values()].map((store) => store.reload()));
  }

  /** Clears personal review state; returns how many folders had it. */
  async resetPersonal(): Promise<number> {
    const personal = [...this.stores.values()].filter(
      (store): store is WorkspaceStateReviewStore => store instanceof WorkspaceStateReviewStore,
    );
    for (const store of personal) await store.reset();
    return personal.length;
  }

  /**
   * Applies a change to one stored entry of the folder `root`. The store reads its storage afresh
   * and calls `change` with what is there now, so a decision made meanwhile elsewhere survives.
   * Returns the folder's name.
   */
  async update(root: string, key: EntryKey, change: (by: string) => EntryChange, resolve: LegacyResolve): Promise<string> {
    const store = this.stores.get(root);
    if (!store) throw new Error(`No review storage for ${root}`);
    const by = await this.reviewer(store.folder);
    await store.update(key, change(by), resolve);
    return store.folder.name;
  }

  /** Sets (a day) or removes (undefined) the review-by day of a unit of the folder `root`. Returns the folder's name. */
  async updateUnit(root: string, unit: UnitId, reviewBy: string | undefined): Promise<string> {
    const store = this.stores.get(root);
    if (!store) throw new Error(`No review storage for ${root}`);
    const next = reviewBy === undefined ? undefined : { reviewBy, by: await this.reviewer(store.folder), at: new Date().toISOString() };
    await store.updateUnit(unit, next);
    return store.folder.name;
  }

  /** The review folder's layout of the folder `root`; undefined for personal storage, which has no history in git. */
  layoutOf(root: string): ReviewLayout | undefined {
    const store = this.stores.get(root);
    return store instanceof ReviewStore ? store.layout : undefined;
  }

  /** Who is recorded for a decision made in this window in the folder `root` (else the first folder). */
  async reviewerFor(root: string | undefined): Promise<string> {
    const folder = (root ? this.stores.get(root)?.folder : undefined) ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? this.reviewer(folder) : 'unknown';
  }

  /**
   * The setting, else the git user name (the folder's, then the global one), else the OS user. In a
   * browser (vscode.dev, github.dev) there is neither a global git config nor an OS user, and a
   * virtual folder often has no .git: the decision is recorded as `unknown`, once said in a message.
   */
  private async reviewer(folder: vscode.WorkspaceFolder): Promise<string> {
    const configured = folderConfig(folder).reviewer.trim();
    if (configured) return configured;
    const disk = this.disks.for(folder.uri);
    const candidates = [vscode.Uri.joinPath(folder.uri, '.git', 'config'), ...(disk ? [vscode.Uri.file(disk.globalGitConfig())] : [])];
    for (const candidate of candidates) {
      try {
        // Bounded and regular files only: a FIFO in place of a git config must not hang a tick.
        const text = new TextDecoder().decode(await readUserUri(this.disks, candidate, { maxBytes: 1024 * 1024 }));
        const name = /^\s*\[user\][^[]*?^\s*name\s*=\s*(.+?)\s*$/m.exec(text)?.[1];
        if (name) return name.replace(/^"(.*)"$/, '$1');
      } catch {
        // Not a git checkout, or no global git identity: fall through to the OS user.
      }
    }
    const user = disk?.userName();
    if (user) return user;
    this.sayReviewerUnknown();
    return 'unknown';
  }

  private unknownSaid = false;

  private sayReviewerUnknown(): void {
    if (this.unknownSaid) return;
    this.unknownSaid = true;
    const open = vscode.l10n.t('Set Reviewer Name');
    const setting = `${SETTINGS.section}.${SETTINGS.reviewer}`;
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Stack Guide records your decisions as "unknown": it finds no git user name here. Set {0} to record your name.',
          setting,
        ),
        open,
      )
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
      });
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    for (const store of this.stores.values()) store.dispose();
    this.stores.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
