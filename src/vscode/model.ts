import * as vscode from 'vscode';
import { SyntaxRuntime } from '../core/code/syntax';
import type { Disks } from './files/localDisk';
import type { Detection } from '../core/detect/detector';
import { locationText } from '../core/evidence/evaluate';
import type { Profile } from '../core/profiles/model';
import {
  buildChecklist,
  decide,
  markAppliesAnyway,
  itemLabel,
  itemTitle,
  legacyResolver,
  type ChecklistItem,
  type ChecklistUnit,
  type Orphan,
} from '../core/review/checklist';
import type { ItemState, ReviewEntry } from '../core/review/reviewData';
import type { DecisionDates } from './api';
import { textHash } from '../core/review/legacy/legacyFile';
import { reviewUnits } from '../core/review/units';
import type { TeamProfiles } from './services/teamProfiles';
import { DetectionService, type Timings } from './services/detectionService';
import { EvidenceService } from './services/evidenceService';
import { ProfileRegistry } from './services/profileRegistry';
import { ReviewService, type ReviewError } from './services/reviewService';
import { HistoryService } from './services/historyService';
import { unitCounts } from '../core/history/history';
import { lastMilestone, trendPoints, type UnitReviewView } from '../core/page/trend';

export interface ChecklistModel {
  /** One per review unit: a build workspace and ecosystem, or a lone component. */
  readonly units: ChecklistUnit[];
  readonly orphans: Orphan[];
  /** Review state that could not be read, per workspace folder; `uri` is the file at fault. */
  readonly errors: ReviewError[];
}

/**
 * The composition root: four services with one job each (profiles, detection, review storage,
 * evidence), and the checklist joined from them. Views read from here and listen to onDidChange;
 * nothing here is set from outside.
 */
export class StackGuideModel implements vscode.Disposable {
  readonly timings: Readonly<Timings>;
  private readonly mutableTimings: Timings = { activate: 0 };
  private model: ChecklistModel = { units: [], orphans: [], errors: [] };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly activatedAt = Date.now();

  private readonly registry: ProfileRegistry;
  private readonly detector: DetectionService;
  private readonly reviews: ReviewService;
  private readonly evidence: EvidenceService;
  private readonly history: HistoryService;
  private readonly disposables: vscode.Disposable[];

  constructor(
    readonly extensionUri: vscode.Uri,
    // The log stays English, whatever the display language: it is read in bug reports and searched
    // for. What the UI shows goes through vscode.l10n (core/review/display.ts with vscode.l10n.t, package.nls.json).
    readonly log: vscode.LogOutputChannel,
    workspaceState: vscode.Memento,
    /** Where the local disk serves files: chosen by the entry point. */
    readonly disks: Disks,
    beforeFirstDetection?: () => Promise<void>,
  ) {
    this.timings = this.mutableTimings;
    this.registry = new ProfileRegistry(extensionUri, log, disks);
    this.reviews = new ReviewService(log, workspaceState, disks);
    this.detector = new DetectionService(
      log,
      this.mutableTimings,
      this.activatedAt,
      {
        // Detection needs no profile; the checklist does. Both start together.
        prepare: () =>
          this.registry.load().then(() => {
            this.mutableTimings.profilesLoaded ??= Date.now() - this.activatedAt;
          }),
        // A settings change (review storage, review folder) can swap a store even when detection
        // found the same; a new store rebuilds the checklist when it has read its state.
        settle: async (_detection, detectionChanged) => {
          await this.reviews.sync();
          if (detectionChanged) this.rebuild();
        },
        beforeFirstDetection,
      },
      disks,
    );
    this.evidence = new EvidenceService(
      this.detector,
      () => this.model.units,
      () => this.profiles,
      log,
      this.mutableTimings,
      // The grammars ship in the extension; read through workspace.fs on desktop and on the web alike.
      new SyntaxRuntime((file) =>
        Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'grammars', file))),
      ),
    );
    this.history = new HistoryService(disks, log);
    this.disposables = [
      this.changed,
      this.history,
      // A history computed anew (HEAD moved) changes what the unit rows say since the last milestone.
      this.history.onDidChange(() => this.changed.fire()),
      this.registry,
      this.reviews,
      this.detector,
      this.evidence,
      this.registry.onDidChange(() => this.rebuild()),
      this.reviews.onDidChange(() => this.rebuild()),
      this.evidence.onDidChange(() => this.changed.fire()),
    ];
  }

  // --- Profiles -------------------------------------------------------------------------------

  get profiles(): readonly Profile[] {
    return this.registry.profiles;
  }

  get team(): TeamProfiles {
    return this.registry.team;
  }

  profile(id: string): Profile | undefined {
    return this.registry.profile(id);
  }

  loadProfiles(): Promise<void> {
    return this.registry.load();
  }

  scheduleTeamReload(): void {
    this.registry.scheduleReload();
  }

  reloadTeamProfiles(): Promise<void> {
    return this.registry.reloadTeam();
  }

  // --- Detection and evidence -----------------------------------------------------------------

  get detection(): Detection {
    return this.detector.detection;
  }

  /** Re-runs detection over what changed since the last run; `full` reads everything again. */
  detect(options: { full?: boolean } = {}): Promise<Detection> {
    if (options.full) this.evidence.clear();
    return this.detector.detect(options);
  }

  /** Resolves once the profiles are loaded and the first detection has finished. */
  async ready(): Promise<void> {
    await this.detector.ready();
  }

  /** A file or folder changed on disk: the next detection reads it, and its folder's listing, again. */
  invalidate(uri: vscode.Uri): void {
    this.detector.invalidate(uri);
  }

  /** A file changed, appeared or went away: units whose probes read it are evaluated again. */
  evidenceChanged(uri: vscode.Uri): void {
    this.evidence.fileChanged(uri);
  }

  /** What each item's probe reads, for the units that read one of `paths` (see EvidenceService.itemReads). */
  itemReads(
    units: readonly ChecklistUnit[],
    paths: ReadonlySet<string>,
    token?: vscode.CancellationToken,
  ): Promise<Map<string, Set<string>>> {
    return this.evidence.itemReads(units, paths, token);
  }

  /** Resolves when the evidence of the current checklist has been evaluated. */
  async evidenceReady(): Promise<void> {
    await this.ready();
    await this.evidence.ready();
  }

  // --- The checklist --------------------------------------------------------------------------

  get checklist(): ChecklistModel {
    return this.model;
  }

  private rebuild(): void {
    const { reviews, errors } = this.reviews.snapshot();
    const { units, orphans } = buildChecklist(this.detection, this.profiles, reviews);
    // What is known is shown at once; new or changed units are evaluated after, and redrawn then.
    this.evidence.attach(units);
    this.model = { units, orphans, errors };
    this.changed.fire();
  }

  items(): ChecklistItem[] {
    return this.model.units.flatMap((unit) => unit.items);
  }

  /** An item by its key, else by its label (`unit#id`, or the id), at the first folder that has it. */
  findItem(keyOrId: string): ChecklistItem | undefined {
    const items = this.items();
    return (
      items.find((item) => item.key === keyOrId) ??
      items.find((item) => itemLabel(item) === keyOrId) ??
      items.find((item) => item.id === keyOrId)
    );
  }

  /** The review error of an item's folder, if its review storage cannot be read. */
  reviewErrorFor(root: string): ReviewError | undefined {
    return this.model.errors.find((error) => error.root === root);
  }

  // --- Decisions ------------------------------------------------------------------------------

  reloadReviews(): Promise<void> {
    return this.reviews.reload();
  }

  resetPersonalReview(): Promise<number> {
    return this.reviews.resetPersonal();
  }

  /**
   * `note` is the reason for n/a and for an accepted risk; `owner` answers for an accepted risk (or
   * for a needs-action item's work); `dates`: until for accepted and n/a, due for needs-action.
   */
  async setItemState(keyOrId: string, state: ItemState, note?: string, owner?: string, dates: DecisionDates = {}): Promise<void> {
    const folder = await this.updateItem(keyOrId, (item, current, by) =>
      decide(current, { state, by, text: item.text, note, owner, until: dates.until, due: dates.due, ...findingsToRecord(item, state) }),
    );
    const days = [dates.until ? ` until ${dates.until}` : '', dates.due ? ` due ${dates.due}` : ''].join('');
    this.log.info(`${keyOrId} in ${folder} set to ${state}${days}`);
  }

  /** Ticks an item and records where its evidence is now; refused when the probe finds nothing. */
  async tickWithEvidence(keyOrId: string): Promise<string[]> {
    const item = this.findItem(keyOrId);
    if (!item) throw new Error(`No checklist item "${keyOrId}" in the detected ecosystems`);
    if (item.evidence?.status !== 'found') throw new Error(vscode.l10n.t('"{0}" has no evidence found to record', itemTitle(item)));
    const locations = item.evidence.locations.map(locationText);
    await this.updateItem(item.key, (target, current, by) =>
      decide(current, { state: 'done', by, text: target.text, evidence: locations }),
    );
    this.log.info(`${itemLabel(item)} ticked with evidence ${locations.join(', ')}`);
    return locations;
  }

  /** Marks an item "applies anyway" (its condition is then overruled), or takes the mark away; its state stays. */
  async setAppliesAnyway(keyOrId: string, applies: boolean): Promise<void> {
    const folder = await this.updateItem(keyOrId, (item, current, by) => markAppliesAnyway(current, { applies, by, text: item.text }));
    this.log.info(`${keyOrId} in ${folder}: ${applies ? 'marked applies anyway' : 'applies anyway removed'}`);
  }

  /** Sets or (with an empty text) removes an item's note, keeping its state. */
  async setItemNote(keyOrId: string, note: string): Promise<void> {
    const trimmed = note.trim();
    await this.updateItem(keyOrId, (item, current, by) => {
      if (!current)
        return trimmed ? { state: 'open', by, at: new Date().toISOString(), textHash: textHash(item.text), note: trimmed } : undefined;
      const { note: _previous, ...rest } = current;
      return trimmed ? { ...rest, note: trimmed } : rest;
    });
  }

  /** Who is recorded for a decision made in this window, for the folder of an item. */
  reviewerFor(keyOrId: string): Promise<string> {
    return this.reviews.reviewerFor(this.findItem(keyOrId)?.root);
  }

  private async updateItem(
    keyOrId: string,
    change: (item: ChecklistItem, current: ReviewEntry | undefined, by: string) => ReviewEntry | undefined,
  ): Promise<string> {
    const item = this.findItem(keyOrId);
    if (!item) throw new Error(`No checklist item "${keyOrId}" in the detected ecosystems`);
    const folder = this.detection.folders.find((candidate) => candidate.root === item.root);
    const resolve = legacyResolver(folder ? reviewUnits(folder) : [], this.profiles);
    return this.reviews.update(item.root, item.reviewKey, (by) => (current) => change(item, current, by), resolve);
  }

  // --- Review over time -----------------------------------------------------------------------

  /** A unit's review-by day and its trend from git, for the reference page: computed when asked, cached per HEAD. */
  async unitReview(unit: ChecklistUnit): Promise<UnitReviewView> {
    const base = { ...(unit.reviewBy ? { reviewBy: unit.reviewBy } : {}), ...(unit.overdue ? { overdue: true } : {}) };
    const folder = this.detection.folders.find((candidate) => candidate.root === unit.root);
    if (!folder) return { ...base, trend: { status: 'unavailable', reason: 'History: the folder is no longer detected.' } };
    const answer = await this.history.history(unit.root, folder, this.profiles, this.reviews.layoutOf(unit.root));
    if ('unavailable' in answer) return { ...base, trend: { status: 'unavailable', reason: answer.unavailable } };
    return {
      ...base,
      trend: { status: 'ready', points: trendPoints(answer.history, unit), ...(answer.limitedTo ? { limitedTo: answer.limitedTo } : {}) },
    };
  }

  /**
   * How many more items a unit has done now than at the last milestone (tag) of its history, from
   * the history already computed; asks for it (at most every few seconds, so a new HEAD is seen)
   * and redraws when it arrives. Undefined while unknown, and for a history without milestones.
   */
  sinceMilestone(unit: ChecklistUnit): { delta: number; milestone: string } | undefined {
    const folder = this.detection.folders.find((candidate) => candidate.root === unit.root);
    if (folder) void this.history.history(unit.root, folder, this.profiles, this.reviews.layoutOf(unit.root), 5000).catch(() => undefined);
    const known = this.history.peek(unit.root);
    if (!known || 'unavailable' in known) return undefined;
    const milestone = lastMilestone(trendPoints(known.history, unit));
    return milestone ? { delta: unitCounts(unit).done - milestone.done, milestone: milestone.milestone } : undefined;
  }

  /** Sets (a day, YYYY-MM-DD) or removes (undefined) a unit's review-by day in its folder's review storage. */
  async setUnitReviewBy(unit: Pick<ChecklistUnit, 'root' | 'path' | 'ecosystem'>, reviewBy: string | undefined): Promise<void> {
    const folder = await this.reviews.updateUnit(unit.root, { unit: unit.path, ecosystem: unit.ecosystem }, reviewBy);
    this.log.info(`${unit.ecosystem} unit ${unit.path} in ${folder}: ${reviewBy ? `review by ${reviewBy}` : 'no review-by date'}`);
  }

  markActivated(): void {
    this.mutableTimings.activate = Date.now() - this.activatedAt;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * An accepted or mitigated risk records the code findings it was decided on, so a finding that
 * appears later shows as new since the decision (see newFindings).
 */
function findingsToRecord(item: ChecklistItem, state: ItemState): { evidence?: string[] } {
  if ((state !== 'accepted' && state !== 'done') || item.evidence?.status !== 'present' || !item.evidence.findings?.length) return {};
  return { evidence: item.evidence.findings.map(locationText) };
}
