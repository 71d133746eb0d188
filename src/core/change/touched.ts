import type { FolderDetection } from '../detect/detector';
import { evidenceUnitKey } from '../evidence/checklistEvidence';
import { checklistItems, type Profile } from '../profiles/model';
import { baseName, isWithin } from '../paths';
import { globToRegExp } from '../detect/glob';
import { probeGlobs, type Probe } from '../evidence/probe';
import { MARKER_RULES, ruleMatches } from '../detect/rules';
import type { ChecklistItem, ChecklistUnit } from '../review/checklist';
import { entryPath } from '../review/entryFile';
import type { ReviewLayout } from '../review/reviewData';
import { onChangeMatcher, type OnChange } from './onChange';

/**
 * Which checklist items a change touches: a pure function from the units (with their evidence, what
 * each item's probe read, their manifests), the changed paths and the profiles' `onChange` to the
 * touched items, each with the changed files (and lines) that touch it. Shared by `check
 * --changed-since` and, later, the editor's "Review this change".
 */

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  /** Relative to the workspace folder, '/'-separated. For a deletion: where the file was. */
  path: string;
  status: ChangeStatus;
  /** For a rename: the path before. */
  from?: string;
}

/** Why an item is touched: a changed file, and the line of its evidence there when one says it. */
export interface TouchedBy {
  path: string;
  line?: number;
}

export interface TouchedItem {
  item: ChecklistItem;
  touchedBy: TouchedBy[];
}

export interface UnitChange {
  unit: ChecklistUnit;
  /** A changed file lies in the unit's folders, or touches one of its items. */
  touched: boolean;
  /** The touched items, in the unit's order. */
  items: TouchedItem[];
  /** The changed files inside the unit's root or members (its own, not a deeper unit's). */
  files: string[];
}

export interface ChangeResult {
  units: UnitChange[];
  changed: ChangedFile[];
  /** Changed decision files of the review folder (and the version-1 file): "decided in this change". */
  decisionFiles: string[];
  /** Changed files no unit owns, none of whose items they touch. */
  outside: string[];
}

export interface ChangeInput {
  units: readonly ChecklistUnit[];
  /** The detection the units came from: their manifests. */
  folder: Pick<FolderDetection, 'components'>;
  /** For each item's `onChange`. */
  profiles: readonly Profile[];
  /** What each item's probe read (files and listed folders), by itemReadsKey; see evaluateWithReads. */
  reads?: ReadonlyMap<string, ReadonlySet<string>>;
  changed: readonly ChangedFile[];
  layout: ReviewLayout;
}

/** The key of one item's reads: its unit's evidence key and its id (members share their unit's evidence). */
export function itemReadsKey(unit: Pick<ChecklistUnit, 'root' | 'path' | 'ecosystem'>, id: string): string {
  return `${evidenceUnitKey(unit)}\u0000${id}`;
}

/** A unit's manifests: its workspace manifest and the manifests detection matched for its root and each member. */
export function unitManifests(
  unit: Pick<ChecklistUnit, 'path' | 'members' | 'ecosystem' | 'workspace'>,
  folder: Pick<FolderDetection, 'components'>,
): string[] {
  const manifests = new Set<string>();
  if (unit.workspace) manifests.add(unit.workspace.manifest);
  for (const root of unitRoots(unit)) {
    const component = folder.components.find((candidate) => candidate.path === root);
    // The strong markers detection matched (Cargo.toml, go.mod, package.json), not the supporting
    // ones (a lockfile, a version file): those touch the items that say so in `onChange`.
    for (const file of component?.ecosystems.find((match) => match.id === unit.ecosystem)?.evidence ?? []) {
      if (MARKER_RULES.some((rule) => rule.strong && ruleMatches(rule, baseName(file)))) manifests.add(file);
    }
  }
  return [...manifests];
}

function unitRoots(unit: Pick<ChecklistUnit, 'path' | 'members'>): string[] {
  return [...new Set([unit.path, ...unit.members])];
}

export function touchedItems(input: ChangeInput): ChangeResult {
  const { units, layout } = input;
  const changed = dedupeChanges(input.changed);
  const reviewFolder =
    layout.folder
      .split('/')
      .filter((part) => part && part !== '.')
      .join('/') || '.';
  const isReviewFile = (path: string) => (reviewFolder !== '.' && isWithin(reviewFolder, path)) || path === layout.legacyFile;
  const decisionFiles = changed.filter((file) => isReviewFile(file.path) && file.status !== 'deleted').map((file) => file.path);

  // Each changed file belongs to the deepest unit root (a unit's path or a member) that holds it.
  const roots = new Map<string, ChecklistUnit[]>();
  for (const unit of units) for (const root of unitRoots(unit)) roots.set(root, [...(roots.get(root) ?? []), unit]);
  // A workspace's root that is not itself a member holds the workspace files, not every folder below it.
  const shallow = (unit: ChecklistUnit, root: string) => unit.workspace !== undefined && root === unit.path && !unit.members.includes(root);
  const owned = new Map<ChecklistUnit, { path: string; relative: string }[]>();
  const ownedSomewhere = new Set<string>();
  for (const file of changed) {
    if (isReviewFile(file.path)) continue;
    for (const path of file.from ? [file.path, file.from] : [file.path]) {
      let best: string | undefined;
      for (const root of roots.keys()) if (isWithin(root, path) && (best === undefined || depth(root) > depth(best))) best = root;
      if (best === undefined) continue;
      const relative = best === '.' ? path : path.slice(best.length + 1);
      for (const unit of roots.get(best)!) {
        if (shallow(unit, best) && relative.includes('/')) continue;
        ownedSomewhere.add(file.path);
        const list = owned.get(unit) ?? [];
        if (!list.some((entry) => entry.path === file.path)) list.push({ path: file.path, relative });
        owned.set(unit, list);
      }
    }
  }

  const onChange = new Map<string, OnChange>();
  for (const profile of input.profiles)
    for (const definition of checklistItems(profile))
      if (definition.onChange) onChange.set(`${profile.id}\u0000${definition.id}`, definition.onChange);
  // Decision files touch their own items only, never a probe.
  const probed = changed.filter((file) => !isReviewFile(file.path));
  const reviewChanges =
    reviewFolder === '.'
      ? changed
      : changed.filter((file) => isReviewFile(file.path) || (file.from !== undefined && isReviewFile(file.from)));
  const touchedPaths = new Set<string>();

  const results: UnitChange[] = units.map((unit) => {
    const manifests = new Set(unitManifests(unit, input.folder));
    const manifestChanges = changed.filter((file) => manifests.has(file.path) || (file.from !== undefined && manifests.has(file.from)));
    const files = owned.get(unit) ?? [];
    const items: TouchedItem[] = [];
    for (const item of unit.items) {
      const by = new TouchedSet();
      // A decision file's path is worked out only when the review folder changed: most changes leave it alone.
      if (reviewChanges.length > 0) {
        const decisionFile = entryPath(layout, item.reviewKey);
        for (const file of reviewChanges) if (file.path === decisionFile || file.from === decisionFile) by.add({ path: file.path });
      }
      for (const file of manifestChanges) by.add({ path: file.path });
      for (const location of item.evidence?.locations ?? []) {
        for (const file of changed)
          if (file.path === location.path || file.from === location.path)
            by.add(file.path === location.path ? location : { path: file.path });
      }
      for (const recorded of item.recordedEvidence ?? []) {
        const path = recordedPath(recorded);
        for (const file of changed) if (file.status !== 'added' && (file.path === path || file.from === path)) by.add({ path: file.path });
      }
      const reads = input.reads?.get(itemReadsKey(unit, item.id));
      const globs = item.probe ? probeMatcher(item.probe, unit.path) : undefined;
      for (const file of probed) {
        if (reads && (reads.has(file.path) || (file.from !== undefined && reads.has(file.from)))) by.add({ path: file.path });
        // A file that appeared, went away or moved changes what the probe's globs match.
        else if (globs && file.status !== 'modified' && (globs(file.path) || (file.from !== undefined && globs(file.from))))
          by.add({ path: file.path });
      }
      const rule = onChange.get(`${unit.ecosystem}\u0000${item.id}`);
      if (rule) {
        const matches = onChangeMatcher(rule);
        for (const file of files) if (matches(file.relative)) by.add({ path: file.path });
      }
      if (by.size > 0) {
        items.push({ item, touchedBy: by.list() });
        for (const touched of by.list()) touchedPaths.add(touched.path);
      }
    }
    return { unit, touched: items.length > 0 || files.length > 0, items, files: files.map((file) => file.path) };
  });
  const outside = changed
    .filter((file) => !isReviewFile(file.path) && !ownedSomewhere.has(file.path) && !touchedPaths.has(file.path))
    .map((file) => file.path);
  return { units: results, changed, decisionFiles, outside };
}

/** The touched units, each holding only its touched items: what the gate and the reports are made from. */
export function touchedUnits(result: ChangeResult): ChecklistUnit[] {
  return result.units
    .filter((change) => change.touched)
    .map((change) => ({ ...change.unit, items: change.items.map((touched) => touched.item) }));
}

/**
 * Whether a path matches one of a probe's globs (named file sets expanded), relative to the unit's
 * root or to the folder: the roots a probe searches.
 */
function probeMatcher(probe: Probe, unitPath: string): (path: string) => boolean {
  const patterns = probeGlobs(probe).map(globToRegExp);
  return (path) => {
    const relative = unitPath !== '.' && isWithin(unitPath, path) ? path.slice(unitPath.length + 1) : undefined;
    return patterns.some((pattern) => pattern.test(path) || (relative !== undefined && pattern.test(relative)));
  };
}

/** "path" or "path:line", as a decision records its evidence. */
function recordedPath(recorded: string): string {
  const match = /^(.*):[0-9]+$/.exec(recorded);
  return match ? match[1] : recorded;
}

function depth(root: string): number {
  return root === '.' ? 0 : root.split('/').length;
}

/** Repeated paths (a list given twice, a rename and its old path) once each; the last status wins. */
function dedupeChanges(changes: readonly ChangedFile[]): ChangedFile[] {
  const byPath = new Map<string, ChangedFile>();
  for (const change of changes) byPath.set(change.path, change);
  return [...byPath.values()];
}

class TouchedSet {
  private readonly byKey = new Map<string, TouchedBy>();

  add(touched: TouchedBy): void {
    const entry: TouchedBy = touched.line === undefined ? { path: touched.path } : { path: touched.path, line: touched.line };
    // A line says more than the bare path: keep it, drop the bare one.
    if (entry.line === undefined && [...this.byKey.values()].some((known) => known.path === entry.path)) return;
    if (entry.line !== undefined) this.byKey.delete(entry.path);
    this.byKey.set(entry.line === undefined ? entry.path : `${entry.path}:${entry.line}`, entry);
  }

  get size(): number {
    return this.byKey.size;
  }

  list(): TouchedBy[] {
    return [...this.byKey.values()];
  }
}
