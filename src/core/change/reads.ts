import { evidenceUnitKey } from '../evidence/checklistEvidence';
import { evaluateUnit, type EvidenceReader, type UnitEvidence } from '../evidence/evaluate';
import { mapBounded, type Cancellation } from '../fileSystem';
import type { ChecklistItem, ChecklistUnit } from '../review/checklist';
import { itemReadsKey } from './touched';

const UNIT_CONCURRENCY = 4;

/**
 * Evaluates the units' probes one item at a time, so what each item's probe read is known (a
 * unit's evaluation records the reads of all its probes together). The reader's cache answers the
 * files several probes share, so this costs little more than evaluateUnits. Returns the units'
 * evidence (for attachEvidence) and each item's reads (for touchedItems).
 */
export async function evaluateWithReads(
  units: readonly ChecklistUnit[],
  readerFor: (root: string) => EvidenceReader | undefined,
  options: { cancellation?: Cancellation } = {},
): Promise<{ evidence: Map<string, UnitEvidence>; reads: Map<string, Set<string>> }> {
  const evidence = new Map<string, UnitEvidence>();
  const reads = new Map<string, Set<string>>();
  await mapBounded(units, UNIT_CONCURRENCY, async (unit) => {
    const reader = readerFor(unit.root);
    if (!reader) return;
    const probed = uniqueById(unit.items).filter((item) => item.probe);
    if (probed.length === 0) return;
    const combined: UnitEvidence = { results: new Map(), reads: new Set() };
    for (const item of probed) {
      const one = await evaluateUnit(reader, unit.path, [{ id: item.id, evidence: item.probe }], options);
      const result = one.results.get(item.id);
      if (result) combined.results.set(item.id, result);
      for (const read of one.reads) combined.reads.add(read);
      reads.set(itemReadsKey(unit, item.id), one.reads);
    }
    evidence.set(evidenceUnitKey(unit), combined);
  });
  return { evidence, reads };
}

function uniqueById(items: readonly ChecklistItem[]): ChecklistItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
}
