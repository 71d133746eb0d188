import { mapBounded, type Cancellation } from '../fileSystem';
import type { ChecklistItem, ChecklistUnit } from '../review/checklist';
import { evaluateUnit, type EvidenceReader, type UnitEvidence } from './evaluate';

/** Identifies a unit's evidence across detections: folder, unit root, ecosystem. */
export function evidenceUnitKey(unit: Pick<ChecklistUnit, 'root' | 'path' | 'ecosystem'>): string {
  return `${unit.root}\u0000${unit.path}\u0000${unit.ecosystem}`;
}

/** Units evaluated at once: each reads a handful of small files, mostly the same CI files. */
const UNIT_CONCURRENCY = 4;

/**
 * Evaluates the probes of the given units, each through its folder's reader. Items reviewed per
 * member share their unit's evidence (probes start at the unit's root).
 */
export async function evaluateUnits(
  units: readonly ChecklistUnit[],
  readerFor: (root: string) => EvidenceReader | undefined,
  options: { cancellation?: Cancellation } = {},
): Promise<Map<string, UnitEvidence>> {
  const results = new Map<string, UnitEvidence>();
  await mapBounded(units, UNIT_CONCURRENCY, async (unit) => {
    const reader = readerFor(unit.root);
    if (!reader) return;
    const items = uniqueById(unit.items).map((item) => ({ id: item.id, evidence: item.probe }));
    if (!items.some((item) => item.evidence)) return;
    results.set(evidenceUnitKey(unit), await evaluateUnit(reader, unit.path, items, options));
  });
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
  return item.state === 'done' && (item.recordedEvidence?.length ?? 0) > 0 && item.evidence?.status === 'missing';
}

/**
 * The units a changed path may affect: those whose last evaluation read the path, or listed the
 * nearest folder above it that any unit listed (a file created in a folder nobody had listed, such
 * as a new .github/workflows, changes the listing of the first folder above it that was read).
 */
export function affectedUnits(evidence: ReadonlyMap<string, UnitEvidence>, changedPath: string): string[] {
  const affected = new Set<string>();
  for (const [key, unit] of evidence) {
    if (unit.reads.has(changedPath) || [...unit.reads].some((read) => read.startsWith(`${changedPath}/`))) affected.add(key);
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

function uniqueById(items: readonly ChecklistItem[]): ChecklistItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
}
