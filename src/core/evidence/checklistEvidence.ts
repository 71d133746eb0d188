import { IGNORED_FOLDERS } from '../detect/rules';
import { mapBounded, type Cancellation } from '../fileSystem';
import type { ChecklistItem, ChecklistUnit } from '../review/checklist';
import { EVIDENCE_LIMITS, type EvidenceLimits } from '../limits';
import { evaluateUnit, runBudgetReason, type Evidence, type EvidenceReader, type UnitEvidence } from './evaluate';

/** Identifies a unit's evidence across detections: folder, unit root, ecosystem. */
export function evidenceUnitKey(unit: Pick<ChecklistUnit, 'root' | 'path' | 'ecosystem'>): string {
  return `${unit.root}\u0000${unit.path}\u0000${unit.ecosystem}`;
}

/** Units evaluated at once: each reads a handful of small files, mostly the same CI files. */
const UNIT_CONCURRENCY = 4;

/**
 * Evaluates the probes of the given units, each through its folder's reader. Items reviewed per
 * member share their unit's evidence (probes start at the unit's root). The whole run is bounded
 * by the readers' `runBudgetMs` (a `check`, or one evidence pass in the extension): what is left
 * when it runs out is "not checked", and units not started then are marked `skipped`.
 */
export async function evaluateUnits(
  units: readonly ChecklistUnit[],
  readerFor: (root: string) => EvidenceReader | undefined,
  options: {
    cancellation?: Cancellation;
    now?: () => number;
    limits?: EvidenceLimits;
    /** Every unit of the checklist, when `units` are some of them: nested units are found among these. */
    allUnits?: readonly ChecklistUnit[];
  } = {},
): Promise<Map<string, UnitEvidence>> {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? EVIDENCE_LIMITS;
  const runDeadline = now() + limits.runBudgetMs;
  const results = new Map<string, UnitEvidence>();
  const readers = new Set<EvidenceReader>();
  try {
    await mapBounded(units, UNIT_CONCURRENCY, async (unit) => {
      const reader = readerFor(unit.root);
      if (!reader) return;
      readers.add(reader);
      const items = uniqueById(unit.items).map((item) => ({ id: item.id, evidence: item.probe }));
      if (!items.some((item) => item.evidence)) return;
      if (now() > runDeadline) {
        const reason = runBudgetReason(limits);
        const skipped = new Map(
          items
            .filter((item) => item.evidence)
            .map((item): [string, Evidence] => [item.id, { status: 'not-checked', locations: [], reason }]),
        );
        results.set(evidenceUnitKey(unit), { results: skipped, reads: new Set(), skipped: true });
        return;
      }
      results.set(
        evidenceUnitKey(unit),
        await evaluateUnit(reader, unit.path, items, {
          cancellation: options.cancellation,
          now,
          run: { deadline: runDeadline, limits },
          nestedUnits: nestedUnitsOf(unit, options.allUnits ?? units),
        }),
      );
    });
  } finally {
    // A file is parsed once per run for all its keys; the trees are not kept after it.
    for (const reader of readers) reader.endRun();
  }
  return results;
}

/** Sets each item's `evidence` from its unit's results; items without a probe get none. */
export function attachEvidence(units: readonly ChecklistUnit[], evidence: ReadonlyMap<string, UnitEvidence>): void {
  for (const unit of units) {
    const results = evidence.get(evidenceUnitKey(unit))?.results;
    for (const item of unit.items) {
      const result = item.probe ? results?.get(item.id) : undefined;
      if (result) item.evidence = result;
      else delete item.evidence;
    }
  }
}

/** A ticked item whose recorded evidence the probe no longer finds: the regression a static checklist misses. */
export function isEvidenceLost(item: Pick<ChecklistItem, 'state' | 'recordedEvidence' | 'evidence'>): boolean {
  return (
    item.state === 'done' &&
    (item.recordedEvidence?.length ?? 0) > 0 &&
    (item.evidence?.status === 'missing' || item.evidence?.status === 'unsupported')
  );
}

/**
 * The units a changed path may affect: those whose last evaluation read the path, or listed the
 * nearest folder above it that any unit listed (a file created in a folder nobody had listed, such
 * as a new .github/workflows, changes the listing of the first folder above it that was read).
 */
export function affectedUnits(evidence: ReadonlyMap<string, UnitEvidence>, changedPath: string): string[] {
  const affected = new Set<string>();
  const below = `${changedPath}/`;
  for (const [key, unit] of evidence) {
    if (unit.reads.has(changedPath)) {
      affected.add(key);
      continue;
    }
    // A folder removed or renamed: anything read below it.
    for (const read of unit.reads) {
      if (read.startsWith(below)) {
        affected.add(key);
        break;
      }
    }
  }
  for (let path = parentOf(changedPath); ; path = parentOf(path)) {
    const listed = [...evidence].filter(([, unit]) => unit.reads.has(path));
    for (const [key] of listed) affected.add(key);
    if (listed.length > 0 || path === '.') break;
  }
  return [...affected];
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** Units of the same ecosystem below this one that are not its members: their source files are theirs. */
export function nestedUnitsOf(unit: ChecklistUnit, units: readonly ChecklistUnit[]): string[] {
  const prefix = unit.path === '.' || unit.path === '' ? '' : `${unit.path}/`;
  const members = new Set(unit.members);
  return units
    .filter(
      (other) =>
        other !== unit &&
        other.root === unit.root &&
        other.ecosystem === unit.ecosystem &&
        other.path !== unit.path &&
        other.path.startsWith(prefix) &&
        !members.has(other.path),
    )
    .map((other) => other.path);
}

function uniqueById(items: readonly ChecklistItem[]): ChecklistItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
}

/**
 * Evidence kept between evaluations, for the extension: a reader per workspace folder (what it
 * read stays cached until a change says otherwise), the last results per unit, and the units a
 * change made stale. `update` evaluates only new, changed or affected units.
 */
export class EvidenceState {
  private readonly readers = new Map<string, EvidenceReader>();
  private readonly results = new Map<string, UnitEvidence & { probes: string }>();
  private readonly stale = new Set<string>();
  /** The last `update` left units its time budget did not reach: another pass should follow. */
  skippedLastPass = false;

  constructor(private readonly readerFactory: (root: string) => EvidenceReader | undefined) {}

  /** The results to show now (possibly from before a change; `update` refreshes them). */
  get current(): ReadonlyMap<string, UnitEvidence> {
    return this.results;
  }

  /** A path (relative to the folder) changed, appeared or went away in the folder `root`. */
  changed(root: string, path: string): boolean {
    // Probes never read inside dependency, build or VCS folders; an install or a build writes
    // thousands of files there, and none of them can change an item's evidence.
    if (path.split('/').some((segment) => IGNORED_FOLDERS.has(segment) || segment === '.git')) return false;
    this.readers.get(root)?.forget(path);
    const ofRoot = new Map([...this.results].filter(([key]) => key.startsWith(`${root}\u0000`)));
    const affected = affectedUnits(ofRoot, path);
    for (const key of affected) this.stale.add(key);
    return affected.length > 0;
  }

  /** Forget everything (profiles changed, or a full re-detection). */
  clear(): void {
    for (const reader of this.readers.values()) reader.clear();
    this.results.clear();
    this.stale.clear();
  }

  /** Units that need evaluating: never evaluated, stale, or whose probes changed. */
  pending(units: readonly ChecklistUnit[]): ChecklistUnit[] {
    return units.filter((unit) => {
      const key = evidenceUnitKey(unit);
      const known = this.results.get(key);
      return unit.items.some((item) => item.probe) && (!known || this.stale.has(key) || known.probes !== probeFingerprint(unit));
    });
  }

  /** Evaluates the pending units; true when any result differs from what was shown. */
  async update(
    units: readonly ChecklistUnit[],
    options: { cancellation?: Cancellation; now?: () => number; limits?: EvidenceLimits } = {},
  ): Promise<boolean> {
    const live = new Set(units.map(evidenceUnitKey));
    let changed = false;
    for (const key of [...this.results.keys()]) {
      if (!live.has(key)) {
        this.results.delete(key);
        changed = true;
      }
    }
    for (const root of [...this.readers.keys()]) if (!units.some((unit) => unit.root === root)) this.readers.delete(root);
    const todo = this.pending(units);
    if (todo.length === 0) return changed;
    for (const unit of todo) this.stale.delete(evidenceUnitKey(unit));
    this.skippedLastPass = false;
    const fresh = await evaluateUnits(todo, (root) => this.readerFor(root), { ...options, allUnits: units });
    for (const unit of todo) {
      const key = evidenceUnitKey(unit);
      const result = fresh.get(key);
      // Not started before the pass's budget ran out: still pending, for the next pass.
      if (result?.skipped) this.skippedLastPass = true;
      if (!result || result.skipped) continue;
      const before = this.results.get(key);
      if (!before || summary(before) !== summary(result)) changed = true;
      this.results.set(key, { ...result, probes: probeFingerprint(unit) });
    }
    return changed;
  }

  /** The folder's reader, kept between evaluations: other reads of the folder (facts) share its cache. */
  readerFor(root: string): EvidenceReader | undefined {
    let reader = this.readers.get(root);
    if (!reader) {
      reader = this.readerFactory(root);
      if (reader) this.readers.set(root, reader);
    }
    return reader;
  }
}

function probeFingerprint(unit: ChecklistUnit): string {
  return JSON.stringify(unit.items.map((item) => [item.id, item.probe ?? null]));
}

function summary(unit: UnitEvidence): string {
  return JSON.stringify([...unit.results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
