import { promises as fsPromises } from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { detectFolder, type Detection, type FolderDetection } from './core/detect/detector';
import { CancelledError } from './core/fileSystem';
import { Debouncer, SerialQueue } from './core/timing';
import type { Profile } from './core/profiles/model';
import { buildChecklist, decide, itemLabel, legacyResolver, type ChecklistItem, type ChecklistUnit, type Orphan } from './core/review/checklist';
import type { ItemState, ReviewData, ReviewEntry } from './core/review/reviewData';
import { textHash } from './core/review/reviewFile';
import { reviewUnits } from './core/review/units';
import { ReviewStore, WorkspaceStateReviewStore, reviewLocation, type ReviewBackend, type ReviewStatus } from './checklist/reviewStore';
import { TeamProfiles } from './profiles/teamProfiles';
import { folderConfig } from './config';
import { readUserUri, VscodeFileSystem } from './vscodeFileSystem';
import { invalidGlobs } from './core/detect/glob';
import { NodeFileSystem } from './core/nodeFileSystem';
import { DetectionCache } from './core/detect/detectionCache';
import type { FileSystem } from './core/fileSystem';
import { EvidenceReader, locationText } from './core/evidence/evaluate';
import { attachEvidence, EvidenceState } from './core/evidence/checklistEvidence';

export interface ChecklistModel {
  /** One per review unit: a build workspace and ecosystem, or a lone component. */
  units: ChecklistUnit[];
  orphans: Orphan[];
  /** Review state that could not be read, per workspace folder; `uri` is the file at fault. */
  errors: { folder: string; root: string; uri: vscode.Uri | undefined; status: Extract<ReviewStatus, { kind: 'error' }> }[];
}

/**
 * Owns the long-lived state: profiles, the latest detection, the review stores and the
 * checklist built from them. Views read from here and listen to onDidChange.
 */
export class StackGuideContext implements vscode.Disposable {
  profiles: Profile[] = [];
  detection: Detection = { folders: [] };
  checklist: ChecklistModel = { units: [], orphans: [], errors: [] };
  readonly timings: { activate: number; firstDetection?: number; lastDetection?: number; lastEvidence?: number } = { activate: 0 };

  private readonly stores = new Map<string, ReviewBackend>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private detecting: vscode.CancellationTokenSource | undefined;
  private latestRun: Promise<Detection> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly activatedAt = Date.now();

  readonly team: TeamProfiles;

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly log: vscode.LogOutputChannel,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.team = new TeamProfiles(log);
    this.disposables.push(
      this.team,
      this.team.onDidChangeFiles(() => this.scheduleTeamReload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleTeamReload()),
      // A safety net for file events the watcher missed (a pull or a script while away):
      // coming back to the window re-reads the review files, one small read per folder.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const store of this.stores.values()) if (store instanceof ReviewStore) void store.reload();
      }),
    );
  }

  /** Evidence per unit: read through the same file systems as detection, re-evaluated for what changed. */
  private readonly evidence = new EvidenceState((root) => {
    const folder = (vscode.workspace.workspaceFolders ?? []).find((candidate) => candidate.uri.toString() === root);
    // Through detection's cache: the manifests and listings detection read are not read twice.
    return folder ? new EvidenceReader(this.cacheFor(folder)) : undefined;
  });
  private evidenceToken: vscode.CancellationTokenSource | undefined;
  private evidenceRun: Promise<void> = Promise.resolve();
  private readonly evidenceDebounce = new Debouncer(250, () => void this.refreshEvidence());

  /** A file changed, appeared or went away: units whose probes read it are evaluated again. */
  evidenceChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const path = vscode.workspace.asRelativePath(uri, false) || '.';
    if (this.evidence.changed(folder.uri.toString(), path)) {
      // The shared cache must forget the old content too; detection re-reads it only if it needs it.
      this.caches.get(folder.uri.toString())?.invalidate(path);
      this.evidenceDebounce.schedule();
    }
  }

  /** Resolves when the evidence of the current checklist has been evaluated. */
  async evidenceReady(): Promise<void> {
    await this.ready();
    // A change during a run leaves units pending; a few rounds settle it.
    for (let round = 0; round < 10; round++) {
      await this.evidenceRun;
      if (this.evidence.pending(this.checklist.units).length === 0) return;
      await this.refreshEvidence();
    }
  }

  private refreshEvidence(): Promise<void> {
    this.evidenceToken?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.evidenceToken = source;
    const run = (async () => {
      const started = Date.now();
      try {
        const changed = await this.evidence.update(this.checklist.units, { cancellation: source.token });
        this.timings.lastEvidence = Date.now() - started;
        if (changed && !source.token.isCancellationRequested) {
          attachEvidence(this.checklist.units, this.evidence.current);
          this.changed.fire();
        }
      } catch (error) {
        if (!(error instanceof CancelledError)) this.log.error(`Evidence: ${(error as Error).message}`);
      } finally {
        source.dispose();
        if (this.evidenceToken === source) this.evidenceToken = undefined;
      }
    })();
    this.evidenceRun = run;
    return run;
  }

  private readonly teamReload = new Debouncer(200, () => this.reloadTeamProfiles().catch((error) => this.log.error(`Team profiles: ${(error as Error).message}`)));

  scheduleTeamReload(): void {
    this.teamReload.schedule();
  }

  /** Reads every review again: after this window wrote a file the watcher may report late. */
  async reloadReviews(): Promise<void> {
    await Promise.all([...this.stores.values()].map((store) => store.reload()));
  }

  /** Clears personal review state; returns how many folders had it. */
  async resetPersonalReview(): Promise<number> {
    const personal = [...this.stores.values()].filter((store): store is WorkspaceStateReviewStore => store instanceof WorkspaceStateReviewStore);
    for (const store of personal) await store.reset();
    return personal.length;
  }

  /** Resolves once the built-in profiles are loaded and the first detection has finished. */
  async ready(): Promise<void> {
    await (this.latestRun ?? this.detect());
  }

  private profilesLoaded: Promise<void> | undefined;
  private builtIns: Profile[] = [];

  /** Built-in profiles (validated at build time into dist/profiles.json) and team profiles; loaded once, then on change. */
  loadProfiles(): Promise<void> {
    // A failed load is not cached: the next detection tries again.
    this.profilesLoaded ??= this.readBuiltIns()
      .then(() => this.applyTeamProfiles())
      .catch((error) => {
        this.profilesLoaded = undefined;
        throw error;
      });
    return this.profilesLoaded;
  }

  private async readBuiltIns(): Promise<void> {
    const started = Date.now();
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'profiles.json');
    try {
      // Node's fs where the extension is installed locally: no round trip to the workbench.
      const bytes = bundle.scheme === 'file' ? await fsPromises.readFile(bundle.fsPath) : await vscode.workspace.fs.readFile(bundle);
      const data = JSON.parse(new TextDecoder().decode(bytes)) as { profiles: Profile[] };
      this.builtIns = data.profiles;
    } catch (error) {
      this.log.error(`Cannot read the built-in profiles from ${bundle.fsPath}: ${(error as Error).message}`);
      this.builtIns = [];
    }
    this.log.info(`Loaded ${this.builtIns.length} built-in profile(s) in ${Date.now() - started} ms`);
  }

  private readonly teamLoads = new SerialQueue();

  /** Team loads run one after another, so an older load never lands after a newer one. */
  private applyTeamProfiles(): Promise<void> {
    return this.teamLoads.run(async () => {
      const profiles = await this.team.load(this.builtIns);
      this.profiles = [...profiles].sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** A team profile or the paths setting changed: reload them and rebuild what depends on them. */
  async reloadTeamProfiles(): Promise<void> {
    const first = this.profilesLoaded === undefined;
    await this.loadProfiles(); // the first load already applies the team profiles
    if (!first) await this.applyTeamProfiles();
    this.rebuild();
  }

  profile(id: string): Profile | undefined {
    return this.profiles.find((profile) => profile.id === id);
  }

  /** What detection read, per workspace folder, so a change re-reads only what it touched. */
  private readonly caches = new Map<string, DetectionCache>();

  /**
   * Local folders are read through Node's fs: every vscode.workspace.fs call is a round trip to
   * the workbench, and on a monorepo those round trips, not the detector, were the wait. Remote
   * and virtual folders keep vscode.workspace.fs.
   */
  private cacheFor(folder: vscode.WorkspaceFolder): DetectionCache {
    const root = folder.uri.toString();
    let cache = this.caches.get(root);
    if (!cache) {
      cache = new DetectionCache(fileSystemFor(folder));
      this.caches.set(root, cache);
    }
    return cache;
  }

  /** A file or folder changed on disk: the next detection reads it, and its folder's listing, again. */
  invalidate(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    this.caches.get(folder.uri.toString())?.invalidate(vscode.workspace.asRelativePath(uri, false) || '.');
  }

  /**
   * Re-runs detection on every workspace folder, over what the last run read except what changed
   * since; `full` reads everything again. A newer run cancels an older one, and the older caller
   * gets the newer run's result rather than a stale one.
   */
  detect(options: { full?: boolean } = {}): Promise<Detection> {
    if (options.full) {
      for (const cache of this.caches.values()) cache.clear();
      this.evidence.clear();
    }
    this.detecting?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.detecting = source;
    const run = this.runDetection(source);
    this.latestRun = run;
    return run;
  }

  private async runDetection(source: vscode.CancellationTokenSource): Promise<Detection> {
    // Detection needs no profile; the checklist does. Both start now, and the checklist waits for both.
    const profiles = this.loadProfiles();
    profiles.catch(() => undefined); // awaited below; a failure is reported there
    // Test hook: the integration suite for commands run before the first answer slows detection down.
    const delay = Number(typeof process === 'object' ? process.env.STACK_GUIDE_TEST_DETECTION_DELAY_MS : undefined);
    if (delay > 0 && this.timings.firstDetection === undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    const started = Date.now();
    const folders = vscode.workspace.workspaceFolders ?? [];
    try {
      const results: FolderDetection[] = [];
      for (const folder of folders) {
        const config = folderConfig(folder);
        if (this.timings.firstDetection === undefined) {
          for (const bad of invalidGlobs(config.exclude)) this.log.warn(`${folder.name}: exclude pattern "${bad.pattern}" skipped: ${bad.reason}`);
        }
        try {
          const cache = this.cacheFor(folder);
          const result = await detectFolder(cache, folder.name, {
            root: folder.uri.toString(),
            maxDepth: config.maxDepth,
            exclude: config.exclude,
            pinned: config.pinned,
            token: source.token,
          });
          results.push(result);
          const { reads, hits } = cache.takeStats();
          this.log.debug(`${folder.name}: ${reads} read(s) from disk, ${hits} from the last run`);
        } catch (error) {
          if (error instanceof CancelledError) throw error;
          this.log.error(`Detection failed in ${folder.uri.toString()}: ${(error as Error).message}`);
          results.push({ folder: folder.name, root: folder.uri.toString(), components: [], workspaces: [], skipped: [{ path: '.', reason: `cannot be listed (${(error as Error).message})` }] });
        }
      }
      await profiles;
      const unchanged = this.timings.firstDetection !== undefined && JSON.stringify(results) === JSON.stringify(this.detection.folders);
      const elapsed = Date.now() - started;
      this.timings.firstDetection ??= Date.now() - this.activatedAt;
      this.timings.lastDetection = elapsed;
      for (const root of [...this.caches.keys()]) if (!folders.some((folder) => folder.uri.toString() === root)) this.caches.delete(root);
      this.log.info(`Detection took ${elapsed} ms over ${folders.length} folder(s)${unchanged ? '; nothing changed' : ''}`);
      // A settings change (review storage, review folder) can swap a store even when detection
      // found the same; a new store rebuilds the checklist when it has read its state.
      await this.syncStores();
      if (unchanged) return this.detection;
      this.detection = { folders: results };
      for (const result of results) this.logDetection(result);
      this.rebuild();
      return this.detection;
    } catch (error) {
      if (error instanceof CancelledError) {
        this.log.debug('Detection cancelled by a newer run');
        return this.latestRun ?? this.detection;
      }
      throw error;
    } finally {
      if (this.detecting === source) this.detecting = undefined;
      source.dispose();
    }
  }

  private logDetection(result: FolderDetection): void {
    for (const component of result.components) {
      for (const match of component.ecosystems) {
        this.log.info(`${result.folder}/${component.path}: ${match.id} ${match.confidence} from ${match.evidence.join(', ') || 'settings'}${match.notes ? ` (${match.notes.join('; ')})` : ''}`);
      }
    }
    for (const workspace of result.workspaces) this.log.info(`${result.folder}/${workspace.manifest}: ${workspace.kind} workspace of ${workspace.members.length} member(s)`);
    for (const problem of result.workspaceProblems ?? []) this.log.warn(`${result.folder}/${problem.file}: ${problem.message}`);
    for (const skipped of result.skipped) this.log.debug(`${result.folder}/${skipped.path} skipped: ${skipped.reason}`);
  }

  private async syncStores(): Promise<void> {
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
              : new ReviewStore(folder, folderConfig(folder).review, this.log);
          this.stores.set(folder.uri.toString(), store);
          store.onDidChange(() => this.rebuild());
          await store.reload();
        }),
    );
  }

  private rebuild(): void {
    const reviews = new Map<string, ReviewData>();
    const errors: ChecklistModel['errors'] = [];
    for (const [root, store] of this.stores) {
      const status = store.current;
      if (status.kind === 'ok') reviews.set(root, status.data);
      else errors.push({ folder: store.folder.name, root, uri: store.fileUri(status.error), status });
    }
    const { units, orphans } = buildChecklist(this.detection, this.profiles, reviews);
    // What is known is shown at once; new or changed units are evaluated after, and redrawn then.
    attachEvidence(units, this.evidence.current);
    this.checklist = { units, orphans, errors };
    this.changed.fire();
    if (this.evidence.pending(units).length > 0) this.evidenceDebounce.schedule();
  }

  items(): ChecklistItem[] {
    return this.checklist.units.flatMap((unit) => unit.items);
  }

  /** An item by its key, else by its label (`unit#id`, or the id), at the first folder that has it. */
  findItem(keyOrId: string): ChecklistItem | undefined {
    const items = this.items();
    return items.find((item) => item.key === keyOrId) ?? items.find((item) => itemLabel(item) === keyOrId) ?? items.find((item) => item.id === keyOrId);
  }

  /** The review error of an item's folder, if its review storage cannot be read. */
  reviewErrorFor(root: string) {
    return this.checklist.errors.find((error) => error.root === root);
  }

  /** `note` is the reason for n/a and for an accepted risk; `owner` answers for an accepted risk. */
  async setItemState(keyOrId: string, state: ItemState, note?: string, owner?: string): Promise<void> {
    const folder = await this.updateItem(keyOrId, (item, current, by) => decide(current, { state, by, text: item.text, note, owner }));
    this.log.info(`${keyOrId} in ${folder} set to ${state}`);
  }

  /** Ticks an item and records where its evidence is now; refused when the probe finds nothing. */
  async tickWithEvidence(keyOrId: string): Promise<string[]> {
    const item = this.findItem(keyOrId);
    if (!item) throw new Error(`No checklist item "${keyOrId}" in the detected ecosystems`);
    if (item.evidence?.status !== 'found') throw new Error(`"${item.text}" has no evidence found to record`);
    const locations = item.evidence.locations.map(locationText);
    await this.updateItem(item.key, (target, current, by) => decide(current, { state: 'done', by, text: target.text, evidence: locations }));
    this.log.info(`${itemLabel(item)} ticked with evidence ${locations.join(', ')}`);
    return locations;
  }

  /** Sets or (with an empty text) removes an item's note, keeping its state. */
  async setItemNote(keyOrId: string, note: string): Promise<void> {
    const trimmed = note.trim();
    await this.updateItem(keyOrId, (item, current, by) => {
      if (!current) return trimmed ? { state: 'open', by, at: new Date().toISOString(), textHash: textHash(item.text), note: trimmed } : undefined;
      const { note: _previous, ...rest } = current;
      return trimmed ? { ...rest, note: trimmed } : rest;
    });
  }

  /**
   * Applies a change to the stored entry of one item. The store reads its storage afresh and
   * calls `change` with what is there now, so a tick made meanwhile in another window survives.
   */
  private async updateItem(keyOrId: string, change: (item: ChecklistItem, current: ReviewEntry | undefined, by: string) => ReviewEntry | undefined): Promise<string> {
    const item = this.findItem(keyOrId);
    if (!item) throw new Error(`No checklist item "${keyOrId}" in the detected ecosystems`);
    const store = this.stores.get(item.root);
    if (!store) throw new Error(`No review storage for ${item.root}`);
    const by = await this.reviewer(store.folder);
    const folder = this.detection.folders.find((candidate) => candidate.root === item.root);
    const resolve = legacyResolver(folder ? reviewUnits(folder) : [], this.profiles);
    await store.update(item.reviewKey, (current) => change(item, current, by), resolve);
    return store.folder.name;
  }

  /** Who is recorded for a decision made in this window, for the folder of an item. */
  async reviewerFor(keyOrId: string): Promise<string> {
    const item = this.findItem(keyOrId);
    const store = item ? this.stores.get(item.root) : undefined;
    const folder = store?.folder ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? this.reviewer(folder) : 'unknown';
  }

  private async reviewer(folder: vscode.WorkspaceFolder): Promise<string> {
    const configured = folderConfig(folder).reviewer.trim();
    if (configured) return configured;
    for (const candidate of [vscode.Uri.joinPath(folder.uri, '.git', 'config'), vscode.Uri.file(`${os.homedir()}/.gitconfig`)]) {
      try {
        // Bounded and regular files only: a FIFO in place of a git config must not hang a tick.
        const text = new TextDecoder().decode(await readUserUri(candidate, { maxBytes: 1024 * 1024 }));
        const name = /^\s*\[user\][^[]*?^\s*name\s*=\s*(.+?)\s*$/m.exec(text)?.[1];
        if (name) return name.replace(/^"(.*)"$/, '$1');
      } catch {
        // Not a git checkout, or no global git identity: fall through to the OS user.
      }
    }
    try {
      return os.userInfo().username;
    } catch {
      return 'unknown';
    }
  }

  markActivated(): void {
    this.timings.activate = Date.now() - this.activatedAt;
  }

  dispose(): void {
    this.teamReload.dispose();
    this.evidenceDebounce.dispose();
    this.evidenceToken?.cancel();
    this.detecting?.cancel();
    for (const store of this.stores.values()) store.dispose();
    this.stores.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Local folders are read through Node's fs: every vscode.workspace.fs call is a round trip to the
 * workbench, and on a monorepo those round trips, not the detector, were the wait. Remote and
 * virtual folders keep vscode.workspace.fs.
 */
function fileSystemFor(folder: vscode.WorkspaceFolder): FileSystem {
  return folder.uri.scheme === 'file' ? new NodeFileSystem(folder.uri.fsPath) : new VscodeFileSystem(folder.uri);
}
