import type { Probe } from '../evidence/probe';

/**
 * Facts about a review unit (its dependencies, the kind of artefact it builds, the frameworks it
 * uses) and the conditions over them that decide whether a checklist item applies. Which files
 * hold dependencies, how names are read from them, and what makes a framework or a kind are data
 * in each profile's `facts:` block; this folder only runs those rules.
 */

/** Where a fact was seen: a path relative to the workspace folder, and a 1-based line when known. */
export interface FactLocation {
  path: string;
  line?: number;
}

/**
 * Where dependency names are read from. `in` is a glob below the unit's root (and each member's).
 * Either `keys` (dotted key paths into a JSON, TOML or YAML file: a table's keys, a list's entries
 * or a text value are names) or a line rule: the name is the first word of each line, or the word
 * after a line pattern in `after`, optionally only between a line starting with `from` and one
 * starting with `to`.
 */
export interface DependencyRule {
  in: string;
  keys?: string[];
  /** For `keys`: how the file is parsed, when its name does not tell (uv.lock is TOML). */
  format?: 'json' | 'toml' | 'yaml';
  after?: string[];
  from?: string;
  to?: string;
  /** Line rules: lines matching any of these patterns are not read (go.mod's `// indirect`). */
  skip?: string[];
}

/** A named fact decided by a condition: a framework (`async-runtime`) or a kind (`library`). */
export interface NamedFact {
  /** How a reason names it: "async runtime", "published library". */
  name: string;
  when: Condition;
}

export interface FactsSpec {
  dependencies?: DependencyRule[];
  frameworks?: Record<string, NamedFact>;
  kinds?: Record<string, NamedFact>;
}

type ProbeLeaf = Exclude<Probe, { any: Probe[] } | { all: Probe[] }>;

/**
 * `appliesWhen`: a condition over a unit's facts. `dependency` holds when any named dependency is
 * there (a name ending in `*` is a prefix); `framework` and `kind` when any named one holds; a
 * file, text or key probe when it finds something; `any`, `all`, `not` combine them.
 */
export type Condition =
  | { dependency: string | string[] }
  | { framework: string | string[] }
  | { kind: string | string[] }
  | ProbeLeaf
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition };

export type ApplicabilityStatus = 'applies' | 'not-applicable' | 'unknown';

/** Whether an item applies to a unit, why, and the files that decided it. */
export interface Applicability {
  status: ApplicabilityStatus;
  reason?: string;
  locations: FactLocation[];
  /**
   * Set when the item applies only because a reviewer marked it "applies anyway" (its condition
   * alone says it does not, or cannot tell): who and when. The reason then says so too.
   */
  anyway?: { by: string; at: string };
}

/** The probe leaves of a condition (what it reads besides the dependency files). */
export function conditionProbes(condition: Condition): ProbeLeaf[] {
  if ('any' in condition) return condition.any.flatMap(conditionProbes);
  if ('all' in condition) return condition.all.flatMap(conditionProbes);
  if ('not' in condition) return conditionProbes(condition.not);
  if ('dependency' in condition || 'framework' in condition || 'kind' in condition) return [];
  return [condition];
}

/**
 * Every glob a profile's facts and conditions read: its dependency files and the probes of its
 * frameworks, kinds and items' `appliesWhen`. What a file watcher must report for applicability to
 * stay current.
 */
export function factGlobs(spec: FactsSpec | undefined, conditions: readonly Condition[]): Probe[] {
  const named = [...Object.values(spec?.frameworks ?? {}), ...Object.values(spec?.kinds ?? {})].map((fact) => fact.when);
  return [...(spec?.dependencies ?? []).map((rule): Probe => ({ file: rule.in })), ...[...named, ...conditions].flatMap(conditionProbes)];
}
