import { promises as fsPromises } from 'fs';
import * as vscode from 'vscode';
import { folderConfig } from '../config';
import { Debouncer, SerialQueue } from '../core/timing';
import { emptyReview, parseReview, serializeReview, withEntry, type ReviewData, type ReviewEntry, type ReviewError } from '../core/review/reviewFile';

export type ReviewStatus = { kind: 'ok'; data: ReviewData } | { kind: 'error'; error: ReviewError };

/** The location string a folder's review storage has under the current settings. */
export function reviewLocation(folder: vscode.WorkspaceFolder): string {
  const config = folderConfig(folder);
  return config.reviewStorage === 'workspaceState'
    ? `workspaceState:stackGuide.review:${folder.uri.toString()}`
    : vscode.Uri.joinPath(folder.uri, ...config.reviewFile.split('/')).toString();
}

export type EntryChange = (current: ReviewEntry | undefined) => ReviewEntry | undefined;

/** Where a workspace folder's ticks are kept: the shared review file, or this machine's workspace state. */
export interface ReviewBackend extends vscode.Disposable {
  readonly folder: vscode.WorkspaceFolder;
  /** The review file, for the file backend. */
  readonly uri: vscode.Uri | undefined;
  /** Identifies the storage, so a settings change can tell whether to swap it. */
  readonly location: string;
  readonly current: ReviewStatus;
  readonly onDidChange: vscode.Event<void>;
  reload(): Promise<void>;
  /** Applies `change` to the entry as it is stored now (read fresh), then saves. */
  update(component: string, id: string, change: EntryChange): Promise<void>;
}

/** Personal review state in the workspace's memento: nothing is written to the repository. */
export class WorkspaceStateReviewStore implements ReviewBackend {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly uri = undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly memento: vscode.Memento,
  ) {}

  get location(): string {
    return `workspaceState:${this.key}`;
  }


  private get key(): string {
    return `stackGuide.review:${this.folder.uri.toString()}`;
  }

  get current(): ReviewStatus {
    const stored = this.memento.get<string>(this.key);
    if (stored === undefined) return { kind: 'ok', data: emptyReview() };
    const parsed = parseReview(stored, 'personal review state');
    if (parsed.ok) return { kind: 'ok', data: parsed.data };
    return { kind: 'error', error: { ...parsed.error, hint: 'Run "Stack Guide: Reset Personal Review State" to start again; this version cannot read what is stored.' } };
  }

  /** The memento only changes through this store, so there is nothing to re-read. */
  async reload(): Promise<void> {}

  async reset(): Promise<void> {
    await this.memento.update(this.key, undefined);
    this.changed.fire();
  }

  async update(component: string, id: string, change: EntryChange): Promise<void> {
    const status = this.current;
    if (status.kind === 'error') throw new ReviewFileError(status.error);
    const next = withEntry(status.data, component, id, change(status.data.components[component]?.[id]));
    await this.memento.update(this.key, serializeReview(next));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class ReviewFileError extends Error {
  /** `uri` is the review file; undefined for personal (workspace-state) storage. */
  constructor(
    readonly error: ReviewError,
    readonly uri?: vscode.Uri,
  ) {
    super(`${error.message} (${error.file}:${error.line})`);
  }
}

/**
 * The review file of one workspace folder. Every write re-reads the file first, so a tick made
 * in another window or pulled from git is kept, and nothing is written over a file that
 * could not be understood.
 */
export class ReviewStore implements ReviewBackend {
  private status: ReviewStatus = { kind: 'ok', data: emptyReview() };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly reloadSoon = new Debouncer(150, () => this.reload(), (error) => this.log.error(`Review file reload: ${(error as Error).message}`));
  private readonly queue = new SerialQueue();
  /** Set while the file is read-only: ticks are shown but not recorded. */
  private readOnly: ReviewError | undefined;
  /** The file's text as this store last read or wrote it. */
  private lastSeen: string | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly relativePath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // A glob, not the plain path: VS Code cannot watch a file whose folder does not exist yet,
    // and `.stackguide/` only appears with the first tick.
    // The file and the folders above it: a folder that appears with the file already inside
    // (a git pull, an unzip) may be reported without an event for the file itself.
    const parts = relativePath.split('/');
    const watched = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `{${watched.join(',')}}`));
    const uris = new Set(watched.map((path) => vscode.Uri.joinPath(folder.uri, ...path.split('/')).toString()));
    const schedule = (uri: vscode.Uri) => {
      if (uris.has(uri.toString())) this.scheduleReload();
    };
    this.watcher.onDidChange(schedule);
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidDelete(schedule);
  }

  get uri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...this.relativePath.split('/'));
  }

  get location(): string {
    return this.uri.toString();
  }

  get current(): ReviewStatus {
    return this.status;
  }

  private scheduleReload(): void {
    this.reloadSoon.schedule();
  }

  /** Re-reads the file; queued with writes so an older read never lands after a newer write. */
  reload(): Promise<void> {
    return this.queue.run(async () => {
      const { status, text } = await this.read();
      // The watcher also reports this store's own writes; an unchanged text needs no rebuild.
      const unchanged = text !== undefined && text === this.lastSeen && this.status.kind === 'ok' && status.kind === 'ok';
      this.lastSeen = text;
      if (unchanged) return;
      this.status = status;
      if (status.kind === 'error') this.log.error(`Review file ${status.error.file}:${status.error.line}: ${status.error.message}`);
      this.changed.fire();
    });
  }


  private async read(): Promise<{ status: ReviewStatus; text?: string }> {
    const file = vscode.workspace.asRelativePath(this.uri, true);
    this.readOnly = undefined; // a deleted or replaced file is no longer read-only
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      if (stat.type & vscode.FileType.Directory) {
        return { status: { kind: 'error', error: { file, line: 1, column: 1, message: 'the review file path is a folder', hint: 'Move the folder away or choose another path in the stackGuide.review.file setting.' } } };
      }
      this.readOnly = (await isReadOnly(this.uri, stat))
        ? { file, line: 1, column: 1, message: 'the review file is read-only', hint: 'Make it writable to record ticks; the ticks in it are still shown.' }
        : undefined;
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { status: { kind: 'ok', data: emptyReview() } };
      return { status: { kind: 'error', error: { file, line: 1, column: 1, message: `cannot be read (${(error as Error).message})`, hint: 'Check the file permissions.' } } };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { status: { kind: 'error', error: { file, line: 1, column: 1, message: 'the file is not valid UTF-8', hint: 'Restore the file from version control.' } } };
    }
    const parsed = parseReview(text, file);
    return { status: parsed.ok ? { kind: 'ok', data: parsed.data } : { kind: 'error', error: parsed.error }, text };
  }

  /** Changes one entry as the file holds it now. Refuses with ReviewFileError while the file is broken. */
  update(component: string, id: string, change: EntryChange): Promise<void> {
    return this.queue.run(async () => {
      const { status } = await this.read();
      if (status.kind === 'error') {
        this.status = status;
        this.changed.fire();
        throw new ReviewFileError(status.error, this.uri);
      }
      if (this.readOnly) throw new ReviewFileError(this.readOnly, this.uri);
      const next = withEntry(status.data, component, id, change(status.data.components[component]?.[id]));
      const text = serializeReview(next);
      await this.writeAtomically(text);
      this.lastSeen = text;
      this.status = { kind: 'ok', data: next };
      this.changed.fire();
    });
  }

  private async writeAtomically(text: string): Promise<void> {
    const target = this.uri;
    const dir = vscode.Uri.joinPath(target, '..');
    await vscode.workspace.fs.createDirectory(dir);
    const temp = vscode.Uri.joinPath(dir, `.${target.path.split('/').pop()}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      throw error;
    }
  }

  dispose(): void {
    this.reloadSoon.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/**
 * Whether the user made the file read-only. The atomic write (rename over the file) would
 * succeed anyway, so the intent has to be read: FileStat.permissions where the provider sets it,
 * else the owner's write bit of a local file (the disk provider reports that as "locked",
 * which the extension API does not pass on).
 */
async function isReadOnly(uri: vscode.Uri, stat: vscode.FileStat): Promise<boolean> {
  if (((stat as { permissions?: number }).permissions ?? 0) & 1 /* FilePermission.Readonly */) return true;
  if (uri.scheme !== 'file') return false;
  try {
    return ((await fsPromises.stat(uri.fsPath)).mode & 0o200) === 0;
  } catch {
    return false;
  }
}
