import type { FolderDetection } from '../detect/detector';
import { globToRegExp } from '../detect/glob';
import { leafProbes, NAMED_FILE_SETS, RUN_PROBE_GLOBS, type Probe } from '../evidence/probe';
import { isWithin } from '../paths';
import type { ChecklistUnit } from '../review/checklist';
import { entryPath } from '../review/entryFile';
import type { ReviewLayout } from '../review/reviewData';
import { unitManifests, type ChangedFile, type ChangeResult } from './touched';

/**
 * The units a change can touch, decided before any probe or fact is read, so `check
 * --changed-since` evaluates those alone (a change of one file in a 200-unit repository reads one
 * unit, not 200). A unit is kept when a changed path (or a rename's old path):
 * - lies inside its root or a member (nested units included: a probe may search below);
 * - is one of its manifests, a decision file of its items, or the version-1 review file;
 * - is where one of its ticks recorded evidence;
 * - matches one of its probes' globs (the named file sets, `@ci`, expanded), relative to the
 *   folder or to the unit, which is how a probe reads outside its unit (CI files, shared config);
 * - lies outside every unit but one at the folder's root, and outside the review folder (a root Makefile or workflow that CI
 *   commands can reach, whichever unit they build).
 * Every way touchedItems can touch an item passes through one of these, so a unit left out has no
 * touched item whatever its probes would read.
 */
export function candidateUnits(
  units: readonly ChecklistUnit[],
  folder: Pick<FolderDetection, 'components'>,
  changed: readonly ChangedFile[],
  layout: ReviewLayout,
): ChecklistUnit[] {
  const paths = [...new Set(changed.flatMap((file) => (file.from ? [file.path, file.from] : [file.path])))];
  if (paths.length === 0) return [];
  if (paths.includes(layout.legacyFile)) return [...units];
  const rootsOf = (unit: ChecklistUnit) => [...new Set([unit.path, ...unit.members])];
  const reviewFolder = layout.folder
    .split('/')
    .filter((part) => part && part !== '.')
    .join('/');
  // Decision files touch their own items (below); no probe reads the review folder.
  const shared = paths.filter((path) => !(reviewFolder && isWithin(reviewFolder, path)));
  const reviewChanged = !reviewFolder || shared.length < paths.length;
  const outside = shared.some((path) => !units.some((unit) => rootsOf(unit).some((root) => root !== '.' && isWithin(root, path))));
  return units.filter((unit) => {
    if (outside && unit.items.some((item) => item.probe)) return true;
    if (paths.some((path) => rootsOf(unit).some((root) => isWithin(root, path)))) return true;
    const own = new Set(unitManifests(unit, folder));
    for (const item of unit.items) {
      if (reviewChanged) own.add(entryPath(layout, item.reviewKey));
      for (const recorded of item.recordedEvidence ?? []) own.add(/^(.*):[0-9]+$/.exec(recorded)?.[1] ?? recorded);
    }
    if (paths.some((path) => own.has(path))) return true;
    // Inside the unit was decided above: only the globs a probe applies at the folder's root remain.
    const patterns = unit.items.flatMap((item) => (item.probe ? folderGlobs(item.probe) : [])).map(globToRegExp);
    return patterns.length > 0 && paths.some((path) => patterns.some((pattern) => pattern.test(path)));
  });
}

/**
 * The globs a probe matches against the folder's root (a named set or `root: folder`/`both`, and a
 * run probe's CI files), as EvidenceRun searches them; a unit glob searches the unit alone.
 */
function folderGlobs(probe: Probe): string[] {
  return leafProbes(probe).flatMap((leaf) => {
    if ('code' in leaf) return [];
    if ('run' in leaf) return leaf.root === 'unit' ? [] : [...(NAMED_FILE_SETS['@ci'] ?? []), ...RUN_PROBE_GLOBS];
    const set = 'file' in leaf ? leaf.file : leaf.in;
    const named = !('file' in leaf) && set.startsWith('@');
    if ((leaf.root ?? (named ? 'both' : 'unit')) === 'unit') return [];
    return named ? [...(NAMED_FILE_SETS[set] ?? [])] : [set];
  });
}

/**
 * touchedItems over the candidates, completed with the other units as untouched, in the units'
 * order: a unit left out holds no changed path, so it owns no changed file and has no touched item,
 * and every unit that holds a changed path is a candidate, so ownership and `outside` are the same.
 */
export function withUntouched(units: readonly ChecklistUnit[], result: ChangeResult): ChangeResult {
  const byUnit = new Map(result.units.map((change) => [change.unit, change]));
  return { ...result, units: units.map((unit) => byUnit.get(unit) ?? { unit, touched: false, items: [], files: [] }) };
}
