import { dedupe } from '../evidence/evidenceModel';
import { checkProbe, type Probe, type ProbeIssue } from '../evidence/probe';
import { compileLinePattern, LinePatternError } from '../evidence/linePattern';
import type { Evidence } from '../evidence/evaluate';
import type { Applicability, Condition, FactLocation, FactsSpec } from './model';

/** How deep `any`/`all`/`not` nest, and how many leaves one condition holds. */
export const MAX_CONDITION_DEPTH = 5;
export const MAX_CONDITION_LEAVES = 32;
const MAX_NAMES = 64;
const MAX_NAME_LENGTH = 200;

const FACT_KEYS = ['dependency', 'framework', 'kind'] as const;
const COMBINATORS = ['any', 'all', 'not'] as const;
const PROBE_KEYS = ['file', 'text', 'key'] as const;

/**
 * Everything wrong with a condition that the schema cannot say. `known` names the frameworks and
 * kinds a condition may use (omitted: not checked, as in a team file extending another profile).
 */
export function checkCondition(
  condition: unknown,
  known?: { frameworks: readonly string[]; kinds: readonly string[] },
  allow: readonly string[] = [...FACT_KEYS],
): ProbeIssue[] {
  const issues: ProbeIssue[] = [];
  let leaves = 0;
  const visit = (value: unknown, path: string[], depth: number) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({
        path,
        message: 'a condition must be a mapping with one of: dependency, framework, kind, file, text, key, any, all, not',
      });
      return;
    }
    const record = value as Record<string, unknown>;
    const heads = [...FACT_KEYS, ...COMBINATORS, ...PROBE_KEYS].filter((key) => record[key] !== undefined);
    if (heads.length !== 1) {
      issues.push({
        path,
        message:
          heads.length === 0
            ? 'a condition needs one of: dependency, framework, kind, file, text, key, any, all, not'
            : `a condition has exactly one of dependency, framework, kind, file, text, key, any, all, not; this one has ${heads.join(' and ')}`,
      });
      return;
    }
    const head = heads[0];
    if ((COMBINATORS as readonly string[]).includes(head)) {
      for (const extra of Object.keys(record))
        if (extra !== head) issues.push({ path: [...path, extra], message: `"${extra}" does not belong beside "${head}"` });
      if (depth >= MAX_CONDITION_DEPTH) {
        issues.push({ path: [...path, head], message: `"any", "all" and "not" nest at most ${MAX_CONDITION_DEPTH} deep` });
        return;
      }
      if (head === 'not') {
        visit(record.not, [...path, 'not'], depth + 1);
        return;
      }
      const list = record[head];
      if (!Array.isArray(list) || list.length === 0) {
        issues.push({ path: [...path, head], message: `"${head}" must be a non-empty list of conditions` });
        return;
      }
      list.forEach((child, index) => visit(child, [...path, `${head}[${index}]`], depth + 1));
      return;
    }
    leaves++;
    if ((PROBE_KEYS as readonly string[]).includes(head)) {
      for (const issue of checkProbe(record)) issues.push({ path: [...path, ...issue.path], message: issue.message });
      return;
    }
    if (!allow.includes(head)) {
      issues.push({
        path: [...path, head],
        message: `"${head}" cannot be used here; this condition may use ${[...allow, ...PROBE_KEYS, ...COMBINATORS].join(', ')}`,
      });
      return;
    }
    for (const extra of Object.keys(record))
      if (extra !== head) issues.push({ path: [...path, extra], message: `"${extra}" does not belong beside "${head}"` });
    const names = typeof record[head] === 'string' ? [record[head]] : record[head];
    if (
      !Array.isArray(names) ||
      names.length === 0 ||
      names.some((name) => typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH)
    ) {
      issues.push({
        path: [...path, head],
        message: `"${head}" must be a name or a non-empty list of names (at most ${MAX_NAME_LENGTH} characters each)`,
      });
      return;
    }
    if (names.length > MAX_NAMES)
      issues.push({ path: [...path, head], message: `"${head}" lists ${names.length} names; at most ${MAX_NAMES}` });
    if (known && head !== 'dependency') {
      const list = head === 'framework' ? known.frameworks : known.kinds;
      for (const name of names as string[]) {
        if (!list.includes(name))
          issues.push({
            path: [...path, head],
            message: `unknown ${head} "${name}"; this profile's facts define: ${list.length > 0 ? list.join(', ') : 'none'}`,
          });
      }
    }
  };
  visit(condition, [], 0);
  if (leaves > MAX_CONDITION_LEAVES)
    issues.push({ path: [], message: `the condition has ${leaves} leaves; at most ${MAX_CONDITION_LEAVES}` });
  return issues;
}

/** Everything wrong with a profile's `facts:` block beyond its schema: patterns, globs and the conditions of frameworks and kinds. */
export function checkFactsSpec(spec: unknown): ProbeIssue[] {
  const issues: ProbeIssue[] = [];
  if (typeof spec !== 'object' || spec === null) return issues;
  const record = spec as FactsSpec;
  (record.dependencies ?? []).forEach((rule, index) => {
    const path = [`dependencies[${index}]`];
    for (const issue of checkProbe({ file: rule.in })) issues.push({ path: [...path, 'in'], message: issue.message });
    if (rule.keys && (rule.after || rule.from || rule.to || rule.skip))
      issues.push({ path, message: 'a dependency rule reads either "keys" or lines ("after", "from", "to", "skip"), not both' });
    for (const key of rule.keys ?? [])
      if (key.split('.').some((segment) => segment === ''))
        issues.push({ path: [...path, 'keys'], message: `key path "${key}" has an empty segment` });
    for (const field of ['after', 'skip'] as const) {
      (rule[field] ?? []).forEach((pattern, at) => {
        try {
          compileLinePattern(pattern);
        } catch (error) {
          issues.push({ path: [...path, `${field}[${at}]`], message: error instanceof LinePatternError ? error.message : String(error) });
        }
      });
    }
  });
  const frameworks = Object.keys(record.frameworks ?? {});
  for (const [id, fact] of Object.entries(record.frameworks ?? {})) {
    for (const issue of checkCondition(fact.when, undefined, ['dependency']))
      issues.push({ path: ['frameworks', id, 'when', ...issue.path], message: issue.message });
  }
  for (const [id, fact] of Object.entries(record.kinds ?? {})) {
    for (const issue of checkCondition(fact.when, { frameworks, kinds: [] }, ['dependency', 'framework']))
      issues.push({ path: ['kinds', id, 'when', ...issue.path], message: issue.message });
  }
  return issues;
}

/** The file, text and key probes a condition holds, each once by its JSON. */
export function conditionProbes(condition: Condition, into = new Map<string, Probe>()): Map<string, Probe> {
  if ('any' in condition) for (const child of condition.any) conditionProbes(child, into);
  else if ('all' in condition) for (const child of condition.all) conditionProbes(child, into);
  else if ('not' in condition) conditionProbes(condition.not, into);
  else if ('file' in condition || 'text' in condition || 'key' in condition) into.set(probeKey(condition), condition);
  return into;
}

/** Profiles are data that is not changed once loaded, so a probe's key is worked out once per object. */
const probeKeys = new WeakMap<object, string>();

export function probeKey(probe: Probe): string {
  let key = probeKeys.get(probe);
  if (key === undefined) {
    key = JSON.stringify(probe);
    probeKeys.set(probe, key);
  }
  return key;
}

/** What a condition is evaluated against: the unit's facts, already computed. */
export interface FactView {
  /** Locations of a dependency by its normalised name (see normaliseName). */
  dependencies: ReadonlyMap<string, FactLocation[]>;
  /** The files dependencies were read from. */
  dependencySources: readonly string[];
  /** Why the dependencies may be incomplete (a file over the limit, the time budget); undefined when complete. */
  dependenciesIncomplete?: string;
  frameworks: ReadonlyMap<string, Outcome>;
  kinds: ReadonlyMap<string, Outcome>;
  /** Probe results by probeKey. */
  probes: ReadonlyMap<string, Evidence>;
  names: { frameworks: Readonly<Record<string, string>>; kinds: Readonly<Record<string, string>> };
}

/** A condition's value (undefined: unknown), what explains it, and the files that decided it. */
export interface Outcome {
  value: boolean | undefined;
  reason: string;
  locations: FactLocation[];
}

/** Names compare without case, and `_` is `-` (PyPI and Cargo treat them alike). */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/** A dependency's locations: the name itself, a version or major-version suffix (`g:a:1.0`, `mod/v5`), or a prefix ending in `*`. */
function findDependency(view: FactView, wanted: string): FactLocation[] | undefined {
  const name = normaliseName(wanted);
  if (name.endsWith('*')) {
    const prefix = name.slice(0, -1);
    for (const [have, locations] of view.dependencies) if (have.startsWith(prefix)) return locations;
    return undefined;
  }
  const exact = view.dependencies.get(name);
  if (exact) return exact;
  for (const [have, locations] of view.dependencies) {
    if (have.length > name.length && have.startsWith(name) && (have[name.length] === ':' || /^\/v\d+$/.test(have.slice(name.length))))
      return locations;
  }
  return undefined;
}

const list = (value: string | string[]): string[] => (typeof value === 'string' ? [value] : value);

function namesText(all: readonly string[]): string {
  const names = all.map((name) => name.replace(/\*$/, '…'));
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** The files that decided, lockfiles and the unit's own manifests first: "Cargo.lock, Cargo.toml and 10 more". */
function filesText(paths: readonly string[]): string {
  const sorted = [...paths].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return sorted.length <= 3 ? sorted.join(', ') : `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more`;
}

export function locationsText(locations: readonly FactLocation[]): string {
  return locations.map((location) => (location.line === undefined ? location.path : `${location.path}:${location.line}`)).join(', ');
}

/** Evaluates a condition over a unit's facts, three-valued: unknown when a fact it needs could not be read. */
export function evaluateCondition(condition: Condition, view: FactView): Outcome {
  if ('any' in condition) {
    const children = condition.any.map((child) => evaluateCondition(child, view));
    const yes = children.find((child) => child.value === true);
    if (yes) return yes;
    const unknown = children.find((child) => child.value === undefined);
    if (unknown) return unknown;
    return {
      value: false,
      reason: noneOfReason(condition.any, children, view),
      locations: dedupe(children.flatMap((child) => child.locations)),
    };
  }
  if ('all' in condition) {
    const children = condition.all.map((child) => evaluateCondition(child, view));
    const no = children.find((child) => child.value === false);
    if (no) return no;
    const unknown = children.find((child) => child.value === undefined);
    if (unknown) return unknown;
    return {
      value: true,
      reason: children.map((child) => child.reason).join('; '),
      locations: children.flatMap((child) => child.locations),
    };
  }
  if ('not' in condition) {
    const child = evaluateCondition(condition.not, view);
    return { ...child, value: child.value === undefined ? undefined : !child.value };
  }
  if ('dependency' in condition) {
    const names = list(condition.dependency);
    for (const name of names) {
      const locations = findDependency(view, name);
      if (locations)
        return { value: true, reason: `${name.replace(/\*$/, '…')} is among the dependencies (${locationsText(locations)})`, locations };
    }
    if (view.dependenciesIncomplete)
      return { value: undefined, reason: `the dependencies could not all be read: ${view.dependenciesIncomplete}`, locations: [] };
    if (view.dependencySources.length === 0)
      return { value: undefined, reason: 'no manifest or lockfile with dependencies was found', locations: [] };
    return { value: false, reason: dependenciesMissing(names, view), locations: view.dependencySources.map((path) => ({ path })) };
  }
  if ('framework' in condition || 'kind' in condition) {
    const isFramework = 'framework' in condition;
    const ids = list(isFramework ? condition.framework : condition.kind);
    const table = isFramework ? view.frameworks : view.kinds;
    const names = isFramework ? view.names.frameworks : view.names.kinds;
    const outcomes = ids.map((id) => ({ id, outcome: table.get(id) }));
    const yes = outcomes.find(({ outcome }) => outcome?.value === true);
    if (yes)
      return {
        value: true,
        reason: `${isFramework ? '' : 'a '}${names[yes.id] ?? yes.id}: ${yes.outcome!.reason}`,
        locations: yes.outcome!.locations,
      };
    const unknown = outcomes.find(({ outcome }) => outcome?.value !== false);
    if (unknown)
      return {
        value: undefined,
        reason: unknown.outcome
          ? `${names[unknown.id] ?? unknown.id} could not be decided: ${unknown.outcome.reason}`
          : `no rule decides ${isFramework ? 'framework' : 'kind'} "${unknown.id}"`,
        locations: [],
      };
    return {
      value: false,
      reason: outcomes.map(({ id, outcome }) => `${isFramework ? 'no' : 'not a'} ${names[id] ?? id}: ${outcome!.reason}`).join('; '),
      locations: outcomes.flatMap(({ outcome }) => outcome!.locations),
    };
  }
  const evidence = view.probes.get(probeKey(condition));
  if (!evidence || evidence.status === 'not-checked')
    return {
      value: undefined,
      reason: `${probeText(condition)} could not be checked${evidence?.reason ? ` (${evidence.reason})` : ''}`,
      locations: [],
    };
  if (evidence.status === 'found')
    return {
      value: true,
      reason:
        'file' in condition
          ? `found ${locationsText(evidence.locations.slice(0, 3))}`
          : `${probeText(condition)} (${locationsText(evidence.locations.slice(0, 3))})`,
      locations: evidence.locations,
    };
  return { value: false, reason: `no ${probeText(condition)}`, locations: [] };
}

function dependenciesMissing(names: readonly string[], view: FactView): string {
  return `${names.length === 1 ? `${names[0]} is not` : `none of ${namesText(names)} is`} among the dependencies (${filesText(view.dependencySources)})`;
}

/**
 * Why none of an `any`'s conditions holds, in one sentence a reviewer can check: the dependency
 * names together, the text patterns searched in the same files together, the rest as they are.
 */
function noneOfReason(conditions: readonly Condition[], outcomes: readonly Outcome[], view: FactView): string {
  const names: string[] = [];
  const texts = new Map<string, string[]>();
  const parts: (string | { texts: string })[] = [];
  conditions.forEach((condition, index) => {
    if ('dependency' in condition) {
      if (names.length === 0) parts.push('dependencies');
      names.push(...list(condition.dependency));
    } else if ('text' in condition && condition.root === undefined) {
      if (!texts.has(condition.in)) {
        texts.set(condition.in, []);
        parts.push({ texts: condition.in });
      }
      texts.get(condition.in)!.push(quoted(condition.text));
    } else {
      parts.push(outcomes[index].reason);
    }
  });
  return parts
    .map((part) =>
      part === 'dependencies'
        ? dependenciesMissing(names, view)
        : typeof part === 'string'
          ? part
          : `no line with ${orList(texts.get(part.texts)!)} in ${part.texts}`,
    )
    .join('; ');
}

function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function quoted(text: string): string {
  return text.includes('"') ? `'${text}'` : `"${text}"`;
}

/**
 * A file glob as a reviewer reads it: a pattern that is one brace list of names reads as the names
 * ("Dockerfile, Containerfile or *.Dockerfile"), not as "{Dockerfile,Containerfile,*.Dockerfile}".
 */
export function globText(glob: string): string {
  const names = /^\{([^{}]*)\}$/.exec(glob)?.[1].split(',');
  if (!names || names.length < 2 || names.some((name) => name === '')) return glob;
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function probeText(probe: Exclude<Probe, { any: Probe[] } | { all: Probe[] }>): string {
  if ('file' in probe) return globText(probe.file);
  if ('text' in probe) return `line with ${quoted(probe.text)} in ${probe.in}`;
  if ('version' in probe) return `${probe.version} version in ${probe.in}`;
  if ('run' in probe) return `a CI command ${([] as string[]).concat(probe.run).map(quoted).join(' or ')}`;
  if ('code' in probe) return 'code matching a query';
  return `${probe.key}${probe.equals === undefined ? '' : ` = ${String(probe.equals)}`} in ${probe.in}`;
}

/** An item's applicability from its condition: unknown shows the item, as applies does. */
export function applicabilityOf(condition: Condition | undefined, view: FactView | undefined): Applicability {
  if (!condition) return { status: 'applies', locations: [] };
  if (!view) return { status: 'unknown', reason: 'the facts of this unit were not read', locations: [] };
  const outcome = evaluateCondition(condition, view);
  const status = outcome.value === undefined ? 'unknown' : outcome.value ? 'applies' : 'not-applicable';
  return { status, reason: outcome.reason, locations: outcome.locations.slice(0, 5) };
}
