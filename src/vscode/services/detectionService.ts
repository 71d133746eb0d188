import * as vscode from 'vscode';
import { folderConfig } from '../config';
import { DetectionCache } from '../../core/detect/detectionCache';
import { detectFolder, type Detection, type FolderDetection } from '../../core/detect/detector';
import { invalidGlobs } from '../../core/detect/glob';
import { CancelledError, type FileSystem } from '../../core/fileSystem';
import { SerialQueue } from '../../core/timing';
import type { Disks } from '../files/localDisk';
import { VscodeFileSystem } from '../files/vscodeFileSystem';

export interface Timings {
  activate: number;
  /** Milliseconds after activation when the first detection started, and when the profiles were loaded. */
  firstDetectionStarted?: number;
  profilesLoaded?: number;
  /** How long the first run's own work took (listing and reading), without waiting to start. */
  firstDetectionWork?: number;
  firstDetection?: number;
  lastDetection?: number;
  lastEvidence?: number;
}

export interface DetectionHooks {
  /** Started with each run, awaited once detection is done (the profiles load meanwhile). */
  prepare(): Promise<void>;
  /** After a run that was not cancelled, before its callers get the result. */
  settle(detection: Detection, changed: boolean): Promise<void>;
  /** Awaited before the first run reads anything (see ActivationOptions.beforeFirstDetection). */
  beforeFirstDetection?(): Promise<void>;
}

/**
 * Detection over every workspace folder, with a cache per folder that keeps what the last run
 * read until a change says otherwise. A newer run cancels an older one, and the older caller gets
 * the newer run's result rather than a stale one.
 */
export class DetectionService implements vscode.Disposable {
  private current: Detection = { folders: [] };
  private readonly caches = new Map<string, DetectionCache>();
  private running: vscode.CancellationTokenSource | undefined;
  private latestRun: Promise<Detection> | undefined;
  /**
   * Settling (review stores read, checklist built) runs one run at a time, in order: a newer run
   * that found nothing new must not resolve before an older run's checklist is built.
   */
  private readonly settling = new SerialQueue();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly timings: Timings,
    private readonly activatedAt: number,
    private readonly hooks: DetectionHooks,
    private readonly disks: Disks,
  ) {}

  get detection(): Detection {
    return this.current;
  }

  /** Resolves with the latest run's result; starts one if none ran yet. */
  ready(): Promise<Detection> {
    return this.latestRun ?? this.detect();
  }

  /** What detection (and the evidence probes) read a folder through: its cache. */
  cacheFor(folder: vscode.WorkspaceFolder): DetectionCache {
    const root = folder.uri.toString();
    let cache = this.caches.get(root);
    if (!cache) {
      cache = new DetectionCache(fileSystemFor(folder, this.disks));
      this.caches.set(root, cache);
    }
    return cache;
  }

  /** Something at `path` (relative to the folder `root`) changed: the next run reads it again. */
  forget(root: string, path: string): void {
    this.caches.get(root)?.invalidate(path);
  }

  /** A file or folder changed on disk: the next detection reads it, and its folder's listing, again. */
  invalidate(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) this.forget(folder.uri.toString(), vscode.workspace.asRelativePath(uri, false) || '.');
  }

  /** Re-runs detection over what the last run read, except what changed; `full` reads everything again. */
  detect(options: { full?: boolean } = {}): Promise<Detection> {
    if (options.full) for (const cache of this.caches.values()) cache.clear();
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const run = this.run(source);
    this.latestRun = run;
    return run;
  }

  private async run(source: vscode.CancellationTokenSource): Promise<Detection> {
    const prepared = this.hooks.prepare();
    prepared.catch(() => undefined); // awaited below; a failure is reported there
    if (this.timings.firstDetection === undefined) await this.hooks.beforeFirstDetection?.();
    const started = Date.now();
    this.timings.firstDetectionStarted ??= started - this.activatedAt;
    const folders = vscode.workspace.workspaceFolders ?? [];
    try {
      const results: FolderDetection[] = [];
      for (const folder of folders) results.push(await this.detectOne(folder, source.token));
      await prepared;
      // Cancelled meanwhile (a newer run, or the extension deactivating): nothing is settled.
      if (source.token.isCancellationRequested) throw new CancelledError();
      const changed = this.timings.firstDetection === undefined || JSON.stringify(results) !== JSON.stringify(this.current.folders);
      const elapsed = Date.now() - started;
      this.timings.firstDetectionWork ??= elapsed;
      this.timings.firstDetection ??= Date.now() - this.activatedAt;
      this.timings.lastDetection = elapsed;
      for (const root of [...this.caches.keys()]) if (!folders.some((folder) => folder.uri.toString() === root)) this.caches.delete(root);
      this.log.info(`Detection took ${elapsed} ms over ${folders.length} folder(s)${changed ? '' : '; nothing changed'}`);
      if (changed) {
        this.current = { folders: results };
        for (const result of results) this.logResult(result);
      }
      const detection = this.current;
      await this.settling.run(() => this.hooks.settle(detection, changed));
      return this.current;
    } catch (error) {
      if (error instanceof CancelledError) {
        // A newer run answers for this one; a run cancelled by dispose has no newer run to wait for.
        if (this.running !== source && this.latestRun) {
          this.log.debug('Detection cancelled by a newer run');
          return this.latestRun;
        }
        return this.current;
      }
      throw error;
    } finally {
      if (this.running === source) this.running = undefined;
      source.dispose();
    }
  }

  private async detectOne(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<FolderDetection> {
    const config = folderConfig(folder);
    if (this.timings.firstDetection === undefined) {
      for (const bad of invalidGlobs(config.exclude))
        this.log.warn(`${folder.name}: exclude pattern "${bad.pattern}" skipped: ${bad.reason}`);
    }
    try {
      const cache = this.cacheFor(folder);
      const result = await detectFolder(cache, folder.name, {
        root: folder.uri.toString(),
        maxDepth: config.maxDepth,
        exclude: config.exclude,
        pinned: config.pinned,
        token,
      });
      const { reads, hits } = cache.takeStats();
      this.log.debug(`${folder.name}: ${reads} read(s) from disk, ${hits} from the last run`);
      return result;
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.log.error(`Detection failed in ${folder.uri.toString()}: ${(error as Error).message}`);
      return {
        folder: folder.name,
        root: folder.uri.toString(),
        components: [],
        workspaces: [],
        skipped: [{ path: '.', reason: `cannot be listed (${(error as Error).message})` }],
      };
    }
  }

  private logResult(result: FolderDetection): void {
    for (const component of result.components) {
      for (const match of component.ecosystems) {
        this.log.info(
          `${result.folder}/${component.path}: ${match.id} ${match.confidence} from ${match.evidence.join(', ') || 'settings'}${match.notes ? ` (${match.notes.join('; ')})` : ''}`,
        );
      }
    }
    for (const workspace of result.workspaces)
      this.log.info(`${result.folder}/${workspace.manifest}: ${workspace.kind} workspace of ${workspace.members.length} member(s)`);
    for (const problem of result.workspaceProblems ?? []) this.log.warn(`${result.folder}/${problem.file}: ${problem.message}`);
    for (const skipped of result.skipped) this.log.debug(`${result.folder}/${skipped.path} skipped: ${skipped.reason}`);
  }

  dispose(): void {
    this.running?.cancel();
  }
}

/**
 * Local folders are read through Node's fs: every vscode.workspace.fs call is a round trip to the
 * workbench, and on a monorepo those round trips, not the detector, were the wait. Its calls are
 * synchronous, so the thread is handed back between them. Remote and virtual folders keep
 * vscode.workspace.fs.
 */
function fileSystemFor(folder: vscode.WorkspaceFolder, disks: Disks): FileSystem {
  return disks.for(folder.uri)?.fileSystem(folder.uri.fsPath) ?? new VscodeFileSystem(folder.uri, disks);
}
