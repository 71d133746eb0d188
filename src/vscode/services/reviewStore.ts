import * as vscode from 'vscode';
import { folderConfig } from '../config';
import { Debouncer, SerialQueue } from '../../core/timing';
import { decisions } from '../../core/review/checklist';
import { entryPath } from '../../core/review/entryFile';
import { parseLegacyReview } from '../../core/review/legacy/legacyFile';
import { ReviewWriteError, updateEntry } from '../../core/review/reviewWriter';
import {
  emptyReviewData,
  keyString,
  readReview,
  REVIEW_VERSION,
  type EntryKey,
  type ReviewData,
  type ReviewEntry,
  type ReviewError,
  type ReviewLayout,
  type StoredEntry,
} from '../../core/review/reviewData';
import { VscodeFileSystem } from '../files/vscodeFileSystem';
import { parseDay } from '../../core/review/expiry';
import { unitFilePath, type UnitSetting } from '../../core/review/unitFile';
import { updateUnitSetting } from '../../core/review/unitWriter';
import type { Disks } from '../files/localDisk';

export type ReviewStatus = { kind: 'ok'; data: ReviewData } | { kind: 'error'; error: ReviewError };

export type LegacyResolve = (component: string, id: string) => EntryKey | undefined;

/** The location string a folder's review storage has under the current settings. */
export function reviewLocation(folder: vscode.WorkspaceFolder): string {
  const config = folderConfig(folder);
  return config.reviewStorage === 'workspaceState'
    ? `workspaceState:stackGuide.review:${folder.uri.toString()}`
    : `${vscode.Uri.joinPath(folder.uri, ...config.review.folder.split('/')).toString()}|${config.review.legacyFile}`;
}

export type EntryChange = (current: ReviewEntry | undefined) => ReviewEntry | undefined;

/** A unit's review-by day as a store records it; undefined removes it. */
export type UnitChange = Omit<UnitSetting, 'unit' | 'ecosystem'> | undefined;
export type UnitId = Pick<UnitSetting, 'unit' | 'ecosystem'>;

/** Where a workspace folder's ticks are kept: the shared review folder, or this machine's workspace state. */
export interface ReviewBackend extends vscode.Disposable {
  readonly folder: vscode.WorkspaceFolder;
  /** The review folder, for the repository backend. */
  readonly uri: vscode.Uri | undefined;
  /** Identifies the storage, so a settings change can tell whether to swap it. */
  readonly location: string;
  readonly current: ReviewStatus;
  readonly onDidChange: vscode.Event<void>;
  reload(): Promise<void>;
  /**
   * Applies `change` to the entry as it is stored now (read fresh), then saves. `resolve` maps
   * version-1 ticks onto today's review units, for the migration the first write makes.
   */
  update(key: EntryKey, change: EntryChange, resolve: LegacyResolve): Promise<void>;
  /** Sets or removes a unit's review-by day (core/review/unitFile.ts), with what is stored now read first. */
  updateUnit(unit: UnitId, next: UnitChange): Promise<void>;
  /** The URI of a file named in a review error, when it is a file in the workspace. */
  fileUri(error: ReviewError): vscode.Uri | undefined;
}

export class ReviewFileError extends Error {
  /** `uri` is the file that cannot be read or written; undefined for personal (workspace-state) storage. */
  constructor(
    readonly error: ReviewError,
    readonly uri?: vscode.Uri,
  ) {
    super(`${error.message} (${error.file}:${error.line})`);
  }
}

/**
 * Personal review state in the workspace's memento: nothing is written to the repository.
 * Stored as JSON ({version: 2, entries}); a version-1 YAML text from an older release is still read.
 */
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
    if (stored === undefined) return { kind: 'ok', data: emptyReviewData() };
    const parsed = parsePersonal(stored);
    if (parsed.kind === 'ok') return parsed;
    return {
      kind: 'error',
      error: {
        ...parsed.error,
        hint: vscode.l10n.t('Run "Stack Guide: Reset Personal Review State" to start again; this version cannot read what is stored.'),
      },
    };
  }

  /** The memento only changes through this store, so there is nothing to re-read. */
  async reload(): Promise<void> {}

  async reset(): Promise<void> {
    await this.memento.update(this.key, undefined);
    this.changed.fire();
  }

  async update(key: EntryKey, change: EntryChange, resolve: LegacyResolve): Promise<void> {
    const status = this.current;
    if (status.kind === 'error') throw new ReviewFileError(status.error);
    // Version-1 state is rewritten onto today's units on the first change, newest tick per key.
    const merged = [...decisions(status.data, resolve).values()].map(({ key: entryKey, entry, history }) => ({
      key: entryKey,
      entry: history.length > 0 ? { ...entry, history } : entry,
    }));
    const id = keyString(key);
    const index = merged.findIndex((candidate) => keyString(candidate.key) === id);
    const next = change(index >= 0 ? merged[index].entry : undefined);
    if (index >= 0) merged.splice(index, 1);
    if (next) merged.push({ key, entry: next });
    const units = status.data.units ?? [];
    await this.memento.update(
      this.key,
      JSON.stringify({ version: REVIEW_VERSION, entries: merged, ...(units.length > 0 ? { units } : {}) }),
    );
    this.changed.fire();
  }

  async updateUnit(unit: UnitId, next: UnitChange): Promise<void> {
    const status = this.current;
    if (status.kind === 'error') throw new ReviewFileError(status.error);
    if (status.data.entries.some((stored) => stored.legacy))
      throw new Error(
        vscode.l10n.t('The personal review state is from an older release: tick or untick an item first, then set the date.'),
      );
    const entries = status.data.entries.map(({ key, entry }) => ({ key, entry }));
    const units = (status.data.units ?? [])
      .filter((stored) => stored.unit !== unit.unit || stored.ecosystem !== unit.ecosystem)
      .concat(next ? [{ ...unit, ...next, file: PERSONAL }] : []);
    await this.memento.update(this.key, JSON.stringify({ version: REVIEW_VERSION, entries, ...(units.length > 0 ? { units } : {}) }));
    this.changed.fire();
  }

  fileUri(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const PERSONAL = 'personal review state';

function parsePersonal(stored: string): ReviewStatus {
  const fail = (message: string): ReviewStatus => ({ kind: 'error', error: { file: PERSONAL, line: 1, column: 1, message, hint: '' } });
  if (!stored.trimStart().startsWith('{')) {
    const parsed = parseLegacyReview(stored, PERSONAL);
    if (!parsed.ok) return { kind: 'error', error: parsed.error };
    const entries: StoredEntry[] = [];
    for (const [component, items] of Object.entries(parsed.data.components)) {
      for (const [id, entry] of Object.entries(items)) entries.push({ key: { unit: component, id }, entry, file: PERSONAL, legacy: true });
    }
    return { kind: 'ok', data: { entries } };
  }
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return fail('the stored state is not valid JSON');
  }
  const record = value as { version?: unknown; entries?: unknown; units?: unknown };
  if (record?.version !== REVIEW_VERSION || !Array.isArray(record.entries))
    return fail(`unknown personal review state version ${JSON.stringify(record?.version)}`);
  const entries: StoredEntry[] = [];
  for (const candidate of record.entries as { key?: EntryKey; entry?: ReviewEntry }[]) {
    const { key, entry } = candidate ?? {};
    if (typeof key?.unit !== 'string' || typeof key.id !== 'string' || typeof entry?.state !== 'string' || typeof entry.at !== 'string') {
      return fail('the stored state holds an entry this version cannot read');
    }
    entries.push({ key, entry, file: PERSONAL });
  }
  if (record.units === undefined) return { kind: 'ok', data: { entries } };
  if (!Array.isArray(record.units)) return fail('the stored state holds unit settings this version cannot read');
  const units = record.units as Partial<UnitSetting>[];
  const text = (value: unknown) => typeof value === 'string' && value !== '';
  if (
    !units.every(
      (unit) =>
        text(unit?.unit) && text(unit?.ecosystem) && text(unit?.by) && text(unit?.at) && parseDay(String(unit?.reviewBy)) !== undefined,
    )
  )
    return fail('the stored state holds unit settings this version cannot read');
  return { kind: 'ok', data: { entries, units: units.map((unit) => ({ ...(unit as UnitSetting), file: PERSONAL })) } };
}

/**
 * The review folder of one workspace folder (one file per decision), and the version-1 file it
 * replaces. Every write re-reads what is stored first, so a tick made in another window or pulled
 * from git is kept, and nothing is written while any review file cannot be understood.
 */
export class ReviewStore implements ReviewBackend {
  private status: ReviewStatus = { kind: 'ok', data: emptyReviewData() };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly reloadSoon = new Debouncer(
    150,
    () => this.reload(),
    (error) => this.log.error(`Review reload: ${(error as Error).message}`),
  );
  private readonly reloadLater = new Debouncer(
    1500,
    () => this.reload(),
    (error) => this.log.error(`Review reload: ${(error as Error).message}`),
  );
  private readonly queue = new SerialQueue();
  private readonly fs: VscodeFileSystem;
  /** A fingerprint of what this store last read or wrote, so its own writes cause no rebuild. */
  private lastSeen: string | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly layout: ReviewLayout,
    private readonly log: vscode.LogOutputChannel,
    private readonly disks: Disks,
  ) {
    this.fs = new VscodeFileSystem(folder.uri, disks);
    // Globs rather than plain paths: VS Code cannot watch what does not exist yet, and the review
    // folder only appears with the first tick. The folders above are watched too: a folder that
    // appears with its files already inside (a git pull, an unzip) may be reported only as a folder.
    const watched = new Set<string>();
    for (const path of [layout.folder, layout.legacyFile]) {
      const parts = path.split('/');
      parts.forEach((_, i) => watched.add(parts.slice(0, i + 1).join('/')));
    }
    watched.add(`${layout.folder}/**`);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `{${[...watched].join(',')}}`));
    // Events for files written into a folder moments after it was created can be missed while
    // the file watcher starts watching that folder: an event for a folder on the review's path
    // reads the review again a little later too.
    const folders = new Set(watched);
    const schedule = (uri: vscode.Uri) => {
      this.reloadSoon.schedule();
      if (folders.has(vscode.workspace.asRelativePath(uri, false))) this.reloadLater.schedule();
    };
    this.watcher.onDidChange(schedule);
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidDelete(schedule);
  }

  get uri(): vscode.Uri {
    return this.resolve(this.layout.folder);
  }

  get location(): string {
    return `${this.uri.toString()}|${this.layout.legacyFile}`;
  }

  get current(): ReviewStatus {
    return this.status;
  }

  private resolve(relativePath: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...relativePath.split('/'));
  }

  fileUri(error: ReviewError): vscode.Uri | undefined {
    return error.file ? this.resolve(error.file) : undefined;
  }

  /** Re-reads the review; queued with writes so an older read never lands after a newer write. */
  reload(): Promise<void> {
    return this.queue.run(async () => {
      const status = await this.read();
      const seen = fingerprint(status);
      if (seen === this.lastSeen) return;
      this.lastSeen = seen;
      this.status = status;
      if (status.kind === 'error') this.log.error(`Review ${status.error.file}:${status.error.line}: ${status.error.message}`);
      this.changed.fire();
    });
  }

  private async read(): Promise<ReviewStatus> {
    try {
      const parsed = await readReview(this.fs, this.layout);
      return parsed.ok ? { kind: 'ok', data: parsed.data } : { kind: 'error', error: parsed.error };
    } catch (error) {
      return {
        kind: 'error',
        error: {
          file: this.layout.folder,
          line: 1,
          column: 1,
          message: vscode.l10n.t('cannot be read ({0})', (error as Error).message),
          hint: vscode.l10n.t('Check the folder permissions.'),
        },
      };
    }
  }

  /** Changes one entry as it is stored now. Refuses with ReviewFileError while anything is unreadable or read-only. */
  update(key: EntryKey, change: EntryChange, resolve: LegacyResolve): Promise<void> {
    return this.queue.run(async () => {
      const status = await this.read();
      if (status.kind === 'error') {
        this.status = status;
        this.lastSeen = fingerprint(status);
        this.changed.fire();
        throw new ReviewFileError(status.error, this.fileUri(status.error));
      }
      for (const file of [entryPath(this.layout, key), ...(status.data.legacyFile ? [status.data.legacyFile] : [])]) {
        // The atomic rename would replace a read-only file anyway; the user's intent has to be read.
        if (await isReadOnly(this.disks, this.resolve(file))) {
          throw new ReviewFileError(
            {
              file,
              line: 1,
              column: 1,
              message: vscode.l10n.t('the review file is read-only'),
              hint: vscode.l10n.t('Make it writable to record ticks; the ticks in it are still shown.'),
            },
            this.resolve(file),
          );
        }
      }
      try {
        await updateEntry(this.fs, this.layout, key, change, resolve);
      } catch (error) {
        if (error instanceof ReviewWriteError) throw new ReviewFileError(error.error, this.fileUri(error.error));
        throw error;
      }
      const after = await this.read();
      this.status = after;
      this.lastSeen = fingerprint(after);
      this.changed.fire();
    });
  }

  /** Sets or removes a unit's review-by day. Refuses with ReviewFileError while anything is unreadable or read-only. */
  updateUnit(unit: UnitId, next: UnitChange): Promise<void> {
    return this.queue.run(async () => {
      const file = unitFilePath(this.layout, unit.unit, unit.ecosystem);
      if (await isReadOnly(this.disks, this.resolve(file)))
        throw new ReviewFileError(
          {
            file,
            line: 1,
            column: 1,
            message: vscode.l10n.t('the review file is read-only'),
            hint: vscode.l10n.t('Make it writable to record ticks; the ticks in it are still shown.'),
          },
          this.resolve(file),
        );
      try {
        await updateUnitSetting(this.fs, this.layout, unit, next);
      } catch (error) {
        if (error instanceof ReviewWriteError) throw new ReviewFileError(error.error, this.fileUri(error.error));
        throw error;
      }
      const after = await this.read();
      this.status = after;
      this.lastSeen = fingerprint(after);
      this.changed.fire();
    });
  }

  dispose(): void {
    this.reloadSoon.dispose();
    this.reloadLater.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function fingerprint(status: ReviewStatus): string {
  return JSON.stringify(status);
}

/**
 * Whether the user made the file read-only: FileStat.permissions where the provider sets it, else
 * the owner's write bit of a local file (the disk provider reports that as "locked", which the
 * extension API does not pass on). A missing file is not read-only.
 */
async function isReadOnly(disks: Disks, uri: vscode.Uri): Promise<boolean> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return false;
  }
  if (((stat as { permissions?: number }).permissions ?? 0) & 1 /* FilePermission.Readonly */) return true;
  const disk = disks.for(uri);
  if (!disk) return false;
  try {
    return await disk.isReadOnly(uri.fsPath);
  } catch {
    return false;
  }
}
