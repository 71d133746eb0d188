import { mapBounded, type Cancellation } from '../fileSystem';
import type { EvidenceReader } from '../evidence/evaluate';
import { evidenceUnitKey } from '../evidence/checklistEvidence';
import type { Profile } from '../profiles/model';
import type { ChecklistUnit } from '../review/checklist';
import { applicabilityOf } from './condition';
import type { Applicability, Condition } from './model';
import { computeUnitFacts, FACT_UNIT_CONCURRENCY, probesFor, type FactsCache, type UnitFacts } from './unitFacts';

/**
 * The facts of every unit that has an item with a condition, each through its folder's reader
 * (and its cache, when given). Keyed like evidence (evidenceUnitKey).
 */
export async function evaluateFacts(
  units: readonly ChecklistUnit[],
  profiles: readonly Profile[],
  readerFor: (root: string) => EvidenceReader | undefined,
  options: { cancellation?: Cancellation; cacheFor?: (root: string) => FactsCache | undefined } = {},
): Promise<Map<string, UnitFacts>> {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const results = new Map<string, UnitFacts>();
  // Units of one ecosystem share their profile's rules: the probes and their key are worked out
  // once per set of conditions, not per unit (a 200-unit monorepo made them 200 times).
  const rulesOf = new Map<string, { conditions: readonly Condition[]; probes: ReturnType<typeof probesFor>; text: string }>();
  await mapBounded(units, FACT_UNIT_CONCURRENCY, async (unit) => {
    const reader = readerFor(unit.root);
    const conditions = unit.items.map((item) => item.appliesWhen).filter((condition) => condition !== undefined);
    if (!reader || conditions.length === 0) return;
    const spec = byId.get(unit.ecosystem)?.facts ?? {};
    let shared = rulesOf.get(unit.ecosystem);
    const same = shared && shared.conditions.length === conditions.length && shared.conditions.every((c, i) => c === conditions[i]);
    if (!shared || !same) {
      const probes = probesFor(spec, conditions);
      shared = { conditions, probes, text: JSON.stringify([spec, [...probes.keys()]]) };
      rulesOf.set(unit.ecosystem, shared);
    }
    const { probes } = shared;
    const roots = [unit.path, ...unit.members.filter((member) => member !== unit.path)];
    const compute = () => computeUnitFacts(reader, roots, spec, probes, { cancellation: options.cancellation });
    const key = evidenceUnitKey(unit);
    const cache = options.cacheFor?.(unit.root);
    const rules = `${JSON.stringify(roots)}\u0000${shared.text}`;
    results.set(key, await (cache ? cache.get(key, rules, compute) : compute()));
  });
  return results;
}

/**
 * Sets each item's `applicability` from its unit's facts; items without a condition apply. An item
 * a reviewer marked "applies anyway" applies whatever its condition says: the reason names who
 * marked it and when, then what the condition says, and the deciding files stay.
 */
export function attachApplicability(units: readonly ChecklistUnit[], facts: ReadonlyMap<string, UnitFacts>): void {
  for (const unit of units) {
    const view = facts.get(evidenceUnitKey(unit));
    for (const item of unit.items) {
      const found = applicabilityOf(item.appliesWhen, view);
      const mark = item.appliesAnyway;
      item.applicability =
        mark && found.status !== 'applies'
          ? { ...found, status: 'applies', reason: appliesAnywayReason(mark, found.reason), anyway: { by: mark.by, at: mark.at } }
          : found;
    }
  }
}

/** "marked applies anyway by Ana on 2026-12-07 (its condition: no async runtime: …)". */
export function appliesAnywayReason(mark: { by: string; at: string }, condition?: string): string {
  const day = mark.at.slice(0, 10);
  return `marked applies anyway by ${mark.by}${day ? ` on ${day}` : ''}${condition ? ` (its condition: ${condition})` : ''}`;
}

export type { Applicability };
