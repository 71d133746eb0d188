import { CancelledError, type Cancellation } from '../fileSystem';
import { evaluateUnit, type Evidence, type EvidenceReader } from '../evidence/evaluate';
import type { Probe } from '../evidence/probe';
import { conditionProbes, evaluateCondition, normaliseName, type FactView, type Outcome } from './condition';
import { readDependencyNames } from './dependencies';
import type { Condition, FactLocation, FactsSpec } from './model';

/** Everything known about one unit, and every path read to know it (for `FactsCache.forget`). */
export interface UnitFacts extends FactView {
  reads: Set<string>;
}

/** Member roots a unit's facts read at most; a larger workspace counts its dependencies as incomplete. */
export const MAX_FACT_ROOTS = 64;
/** Locations kept per dependency. */
const MAX_DEPENDENCY_LOCATIONS = 3;

/**
 * The facts of a unit whose root is `roots[0]` and whose members are the rest, from the profile's
 * rules, and the results of `probes` (the file, text and key probes of the conditions that will be
 * asked). Bounded like evidence: the reader's byte limit per file, its file and folder limits per
 * glob, one time budget for the whole unit, and cancellation (which throws CancelledError). Never
 * throws for what the repository holds: whatever cannot be read makes the facts incomplete, and a
 * condition that needs them then reads unknown.
 */
export async function computeUnitFacts(
  reader: EvidenceReader,
  roots: readonly string[],
  spec: FactsSpec,
  probes: ReadonlyMap<string, Probe>,
  options: { cancellation?: Cancellation; now?: () => number } = {},
): Promise<UnitFacts> {
  const now = options.now ?? Date.now;
  const deadline = now() + reader.limits.unitBudgetMs;
  const reads = new Set<string>();
  const dependencies = new Map<string, FactLocation[]>();
  const sources = new Set<string>();
  const incomplete: string[] = [];
  const rules = spec.dependencies ?? [];
  const probeResults = new Map<string, Evidence>();
  const probesByRoot: ReadonlyMap<string, Evidence>[] = [];
  const probeList = [...probes];
  const checked = roots.slice(0, MAX_FACT_ROOTS);
  if (roots.length > checked.length) incomplete.push(`the unit has ${roots.length} members; facts read the first ${MAX_FACT_ROOTS}`);

  for (const root of checked) {
    if (options.cancellation?.isCancellationRequested) throw new CancelledError();
    if (now() > deadline) {
      incomplete.push(`the unit's time budget of ${reader.limits.unitBudgetMs} ms ran out`);
      break;
    }
    // One bounded evaluation per root finds the dependency files and runs the conditions' probes.
    const items = [
      ...rules.map((rule, index) => ({ id: `dependencies[${index}]`, evidence: { file: rule.in } })),
      ...probeList.map(([key, probe]) => ({ id: key, evidence: probe })),
    ];
    const evaluated = await evaluateUnit(reader, root, items, options);
    for (const path of evaluated.reads) reads.add(path);
    for (const [key] of probeList) probeResults.set(key, mergeEvidence(probeResults.get(key), evaluated.results.get(key)));
    probesByRoot.push(evaluated.results);
    for (let index = 0; index < rules.length; index++) {
      const found = evaluated.results.get(`dependencies[${index}]`);
      if (!found) continue;
      if (found.status === 'not-checked') {
        incomplete.push(`${rules[index].in} in ${root}: ${found.reason ?? 'not checked'}`);
        continue;
      }
      for (const { path } of found.locations) {
        if (now() > deadline) {
          incomplete.push(`the unit's time budget of ${reader.limits.unitBudgetMs} ms ran out`);
          break;
        }
        reads.add(path);
        const pending = reader.text(path);
        if (!pending.done) await pending.settled;
        const read = pending.value;
        if (!read) continue; // gone since it was listed
        if ('unreadable' in read) {
          incomplete.push(`${path} ${read.unreadable}`);
          continue;
        }
        let hits;
        try {
          hits = readDependencyNames(rules[index], path, read.text);
        } catch {
          incomplete.push(`${path} does not parse`);
          continue;
        }
        sources.add(path);
        for (const hit of hits) {
          const name = normaliseName(hit.name);
          const locations = dependencies.get(name) ?? [];
          if (locations.length < MAX_DEPENDENCY_LOCATIONS && !locations.some((location) => location.path === path))
            locations.push(hit.line === undefined ? { path } : { path, line: hit.line });
          dependencies.set(name, locations);
        }
      }
    }
  }

  const view: UnitFacts = {
    dependencies,
    dependencySources: [...sources].sort(),
    dependenciesIncomplete: incomplete.length > 0 ? [...new Set(incomplete)].slice(0, 3).join('; ') : undefined,
    frameworks: new Map(),
    kinds: new Map(),
    probes: probeResults,
    names: {
      frameworks: Object.fromEntries(Object.entries(spec.frameworks ?? {}).map(([id, fact]) => [id, fact.name])),
      kinds: Object.fromEntries(Object.entries(spec.kinds ?? {}).map(([id, fact]) => [id, fact.name])),
    },
    reads,
  };
  // Frameworks read dependencies and probes; kinds may read frameworks too (validation keeps it so).
  for (const [id, fact] of Object.entries(spec.frameworks ?? {}))
    (view.frameworks as Map<string, Outcome>).set(id, evaluateCondition(fact.when, view));
  for (const [id, fact] of Object.entries(spec.kinds ?? {}))
    (view.kinds as Map<string, Outcome>).set(id, kindOutcome(fact.when, view, probesByRoot, probesByRoot.length === roots.length));
  return view;
}

/**
 * A kind describes one package, so its probes are read root by root: a workspace is of a kind when
 * its root or a member is (a private pnpm root whose members are published is a published package),
 * never because one part of the condition holds in one member and another part in a second.
 * Dependencies and frameworks stay the unit's. Unknown when no root is and one could not be decided,
 * or a member was not read (the member bound, the time budget).
 */
function kindOutcome(
  when: Condition,
  view: UnitFacts,
  probesByRoot: readonly ReadonlyMap<string, Evidence>[],
  everyRootRead: boolean,
): Outcome {
  if (probesByRoot.length <= 1) return evaluateCondition(when, view);
  const outcomes = probesByRoot.map((probes) => evaluateCondition(when, { ...view, probes }));
  const decided = outcomes.find((outcome) => outcome.value === true) ?? outcomes.find((outcome) => outcome.value === undefined);
  if (decided) return decided;
  if (!everyRootRead)
    return { value: undefined, reason: `not every member was read (${view.dependenciesIncomplete ?? 'a bound'})`, locations: [] };
  const members = probesByRoot.length - 1;
  return {
    ...outcomes[0],
    reason: `${outcomes[0].reason}; none of its ${members} member${members === 1 ? '' : 's'} is one either`,
  };
}

/** A probe over several roots: found in any, else not checked in any, else missing. */
function mergeEvidence(current: Evidence | undefined, next: Evidence | undefined): Evidence {
  if (!current) return next ?? { status: 'not-checked', locations: [], reason: 'not evaluated' };
  if (!next || current.status === 'found') return current;
  if (next.status === 'found') return next;
  return current.status === 'not-checked' ? current : next;
}

/** Every probe the facts and the given conditions hold, each once. */
export function probesFor(spec: FactsSpec, conditions: readonly (Condition | undefined)[]): Map<string, Probe> {
  const probes = new Map<string, Probe>();
  for (const fact of [...Object.values(spec.frameworks ?? {}), ...Object.values(spec.kinds ?? {})]) conditionProbes(fact.when, probes);
  for (const condition of conditions) if (condition) conditionProbes(condition, probes);
  return probes;
}

/**
 * Facts per unit, kept between runs: a unit is computed again only when a path it read changed
 * (or the folder listing it), or when its rules did. One per workspace folder, beside its
 * EvidenceReader, which must be told of the same changes.
 */
export class FactsCache {
  private readonly entries = new Map<string, { rules: string; facts: Promise<UnitFacts> }>();

  get(key: string, rules: string, compute: () => Promise<UnitFacts>): Promise<UnitFacts> {
    const cached = this.entries.get(key);
    if (cached && cached.rules === rules) return cached.facts;
    const facts = compute();
    this.entries.set(key, { rules, facts });
    // A cancelled or failed computation is not kept.
    facts.catch(() => {
      if (this.entries.get(key)?.facts === facts) this.entries.delete(key);
    });
    return facts;
  }

  /** A path changed: every unit that read it, read below it, or listed its folder, is computed again. */
  async forget(path: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '.' : path.slice(0, slash);
    const below = `${path}/`;
    for (const [key, entry] of [...this.entries]) {
      let reads: Set<string>;
      try {
        reads = (await entry.facts).reads;
      } catch {
        continue;
      }
      if (reads.has(path) || reads.has(parent) || [...reads].some((read) => read.startsWith(below))) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Units' facts computed at once: each reads a handful of manifests. */
export const FACT_UNIT_CONCURRENCY = 4;
