import * as vscode from 'vscode';
import { attachEvidence, EvidenceState, evidenceUnitKey } from '../../core/evidence/checklistEvidence';
import { EvidenceReader } from '../../core/evidence/evaluate';
import { evaluateWithReads } from '../../core/change/reads';
import type { SyntaxRuntime } from '../../core/code/syntax';
import { attachApplicability, evaluateFacts } from '../../core/facts/checklistFacts';
import { FactsCache, type UnitFacts } from '../../core/facts/unitFacts';
import { CancelledError } from '../../core/fileSystem';
import type { Profile } from '../../core/profiles/model';
import type { ChecklistUnit } from '../../core/review/checklist';
import { Debouncer } from '../../core/timing';
import type { DetectionService, Timings } from './detectionService';

/**
 * The evidence of the checklist's units: evaluated after each checklist build for new or changed
 * units, and again, debounced, for the units whose probes read a file that changed. Reads go
 * through detection's cache, so a manifest is read once for both. The units' facts (what decides
 * whether an item applies here) are read in the same pass, through the same cache, and kept per
 * unit until a file they read changes. `onDidChange` fires when what an item shows changed.
 */
export class EvidenceService implements vscode.Disposable {
  private readonly state: EvidenceState;
  private token: vscode.CancellationTokenSource | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly soon = new Debouncer(250, () => void this.refresh());
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private facts = new Map<string, UnitFacts>();
  private readonly factCaches = new Map<string, FactsCache>();

  constructor(
    private readonly detection: DetectionService,
    private readonly units: () => readonly ChecklistUnit[],
    private readonly profiles: () => readonly Profile[],
    private readonly log: vscode.LogOutputChannel,
    private readonly timings: Timings,
    syntax?: SyntaxRuntime,
  ) {
    this.state = new EvidenceState((root) => {
      const folder = (vscode.workspace.workspaceFolders ?? []).find((candidate) => candidate.uri.toString() === root);
      return folder ? new EvidenceReader(detection.cacheFor(folder), undefined, syntax) : undefined;
    });
  }

  /** Puts what is known on freshly built units at once, and schedules the rest. */
  attach(units: readonly ChecklistUnit[]): void {
    attachEvidence(units, this.state.current);
    // Until a unit's facts are read its items apply: an unknown never hides an item.
    attachApplicability(units, this.facts);
    if (this.state.pending(units).length > 0 || this.factsPending(units)) this.soon.schedule();
  }

  private factsPending(units: readonly ChecklistUnit[]): boolean {
    return units.some((unit) => unit.items.some((item) => item.appliesWhen) && !this.facts.has(evidenceUnitKey(unit)));
  }

  private factCache(root: string): FactsCache {
    let cache = this.factCaches.get(root);
    if (!cache) {
      cache = new FactsCache();
      this.factCaches.set(root, cache);
    }
    return cache;
  }

  /** A file changed, appeared or went away: units whose probes read it are evaluated again. */
  fileChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const root = folder.uri.toString();
    const path = vscode.workspace.asRelativePath(uri, false) || '.';
    const factsChanged = this.factCaches.has(root);
    if (factsChanged) void this.factCaches.get(root)!.forget(path);
    if (this.state.changed(root, path) || factsChanged) {
      // The shared cache must forget the old content too; detection re-reads it only if it needs it.
      this.detection.forget(root, path);
      this.soon.schedule();
    }
  }

  /**
   * What each item's probe reads, for "Review this change": only the units whose last evaluation
   * read one of `paths` are evaluated again item by item (through the same readers, so it costs
   * few reads); no item of another unit read any of them.
   */
  async itemReads(
    units: readonly ChecklistUnit[],
    paths: ReadonlySet<string>,
    token?: vscode.CancellationToken,
  ): Promise<Map<string, Set<string>>> {
    const read = units.filter((unit) => {
      const reads = this.state.current.get(evidenceUnitKey(unit))?.reads;
      return reads !== undefined && [...paths].some((path) => reads.has(path));
    });
    if (read.length === 0) return new Map();
    return (await evaluateWithReads(read, (root) => this.state.readerFor(root), { cancellation: token })).reads;
  }

  /**
   * Everything is evaluated again (a full re-detection): a run under way is dropped rather than
   * left to compete with detection for the thread, and a new one follows the detection.
   */
  clear(): void {
    this.token?.cancel();
    this.state.clear();
    this.factCaches.clear();
    this.soon.schedule();
  }

  /** Resolves when every unit's evidence has been evaluated. */
  async ready(): Promise<void> {
    // A change during a run leaves units pending; a few rounds settle it.
    for (let round = 0; round < 10; round++) {
      await this.running;
      if (this.state.pending(this.units()).length === 0 && !this.factsPending(this.units())) return;
      await this.refresh();
    }
  }

  private refresh(): Promise<void> {
    this.token?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.token = source;
    const run = (async () => {
      const started = Date.now();
      try {
        const units = this.units();
        const changed = await this.state.update(units, { cancellation: source.token });
        // The facts read through the evidence readers: a manifest both need is read and parsed once.
        const facts = await evaluateFacts(units, this.profiles(), (root) => this.state.readerFor(root), {
          cancellation: source.token,
          cacheFor: (root) => this.factCache(root),
        });
        this.timings.lastEvidence = Date.now() - started;
        const before = applicabilityKey(units);
        this.facts = facts;
        attachApplicability(units, facts);
        const applicabilityChanged = applicabilityKey(units) !== before;
        if ((changed || applicabilityChanged) && !source.token.isCancellationRequested) {
          attachEvidence(units, this.state.current);
          this.changed.fire();
        }
        // Units the pass's time budget left are evaluated by the next pass, with a budget of its own.
        if (!source.token.isCancellationRequested && this.state.skippedLastPass) this.soon.schedule();
      } catch (error) {
        if (!(error instanceof CancelledError)) this.log.error(`Evidence: ${(error as Error).message}`);
      } finally {
        source.dispose();
        if (this.token === source) this.token = undefined;
      }
    })();
    this.running = run;
    return run;
  }

  dispose(): void {
    this.soon.dispose();
    this.token?.cancel();
    this.changed.dispose();
  }
}

/** What the units' applicability says, to tell whether a pass changed it. */
function applicabilityKey(units: readonly ChecklistUnit[]): string {
  return JSON.stringify(units.map((unit) => unit.items.map((item) => [item.applicability?.status, item.applicability?.reason])));
}
