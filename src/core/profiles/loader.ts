import { LineCounter, isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseYamlDocument } from '../yamlDocument';
import profileSchema from './profile.schema.json';
import { FileReadError, formatBytes } from '../fileSystem';
import { BIDI_CONTROLS } from '../bidi';
import { checkAgainstSchema, type SchemaNode } from './schemaCheck';
import { checkProbe, type Probe } from '../evidence/probe';
import { checkCondition, checkFactsSpec } from '../facts/condition';
import { checkCodeSection } from '../code/codeProbe';
import type { FactsSpec } from '../facts/model';
import { checkOnChange } from '../change/onChange';
import { computeAdoption } from './adoption';
import {
  CHECKLIST_GROUPS,
  SECTION_KEYS,
  checklistItems,
  type ChecklistGroup,
  type ChecklistItemDefinition,
  type Problem,
  type Profile,
} from './model';

/** Profiles are reference text; anything bigger than this is a mistake or an attack. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

export interface ProfileSource {
  /** Path or URI shown in messages. */
  file: string;
  bytes: Uint8Array;
  /** Why the file could not be read (see profileReadProblem); it is then reported, never parsed. */
  unreadable?: string;
}

/** Read options for a profile file: nothing over the limit is read. */
export const PROFILE_READ = { maxBytes: MAX_PROFILE_BYTES } as const;

/**
 * The problem text for a profile file the bounded reader refused or could not read: what is wrong,
 * the limit, and what to do. Never quotes the file's content.
 */
export function profileReadProblem(error: unknown): string {
  if (error instanceof FileReadError) {
    switch (error.reason) {
      case 'too-large':
        return `file is ${error.size !== undefined && error.size > MAX_PROFILE_BYTES + 1 ? formatBytes(error.size) : `over ${MAX_PROFILE_BYTES / 1024} KB`}; profiles are limited to ${MAX_PROFILE_BYTES / 1024} KB, and it was not read. Split it into smaller files.`;
      case 'outside':
        return `${error.detail}. Copy the file into the folder, or name its real path in stackGuide.profiles.paths.`;
      default:
        return `${error.detail}. Profiles are regular YAML files; remove it from the folder.`;
    }
  }
  const code = (error as { code?: unknown })?.code;
  return `cannot be read (${typeof code === 'string' && code ? code : error instanceof Error ? error.message : String(error)})`;
}

export interface LoadResult {
  profiles: Profile[];
  problems: Problem[];
}

type Position = Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn'>;

/** A team profile that adds, replaces or drops items of another profile, and may override its text. */
interface Extension {
  extends: string;
  extendsAt: Position;
  source: string;
  fields: Partial<Profile>;
  checklist: Partial<Record<ChecklistGroup, ChecklistItemDefinition[]>>;
  drop: { id: string; at: Position }[];
  /** Probes for the extended profile's items, by id; null removes an item's probe. */
  evidence: { id: string; probe: Probe | null; at: Position }[];
}

type Parsed =
  | { kind: 'profile'; profile: Profile; itemAt: Map<string, Position> }
  | { kind: 'extension'; extension: Extension; itemAt: Map<string, Position> };

/**
 * Parses and validates every source, then applies team extensions to the profiles they name
 * (from `base` or from the sources). A file with an error is left out and reported with its
 * position; it never hides the others.
 */
export function loadProfiles(sources: readonly ProfileSource[], base: readonly Profile[] = []): LoadResult {
  const problems: Problem[] = [];
  const parsed: Parsed[] = [];
  for (const source of sources) {
    const result = parseFile(source);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
  }
  const error = (file: string, at: Position, message: string): Problem => ({ file, ...at, message, severity: 'error' });
  const top: Position = { line: 1, column: 1 };

  const profiles = new Map<string, Profile>(base.map((profile) => [profile.id, profile]));
  // Item ids are unique across all profiles: the review file keys ticks by them.
  const owner = new Map<string, { profile: string; file: string }>();
  for (const profile of base) for (const item of checklistItems(profile)) owner.set(item.id, { profile: profile.id, file: profile.source });

  const fresh: Profile[] = [];
  for (const entry of parsed) {
    if (entry.kind !== 'profile') continue;
    const { profile, itemAt } = entry;
    const existing = profiles.get(profile.id);
    if (existing) {
      problems.push(
        error(
          profile.source,
          top,
          base.includes(existing)
            ? `profile id "${profile.id}" is a built-in profile; write "extends: ${profile.id}" to add to it`
            : `profile id "${profile.id}" is already defined in ${existing.source}`,
        ),
      );
      continue;
    }
    const clashes = checklistItems(profile).filter((item) => owner.has(item.id));
    for (const item of clashes)
      problems.push(
        error(profile.source, itemAt.get(item.id) ?? top, `item id "${item.id}" is already used in ${owner.get(item.id)!.file}`),
      );
    if (clashes.length > 0) continue;
    for (const item of checklistItems(profile)) owner.set(item.id, { profile: profile.id, file: profile.source });
    profiles.set(profile.id, profile);
    fresh.push(profile);
  }

  for (const entry of parsed) {
    if (entry.kind !== 'extension') continue;
    const { extension, itemAt } = entry;
    const target = profiles.get(extension.extends);
    if (!target) {
      problems.push(
        error(
          extension.source,
          extension.extendsAt,
          `"extends: ${extension.extends}" names no known profile; known: ${[...profiles.keys()].sort().join(', ')}`,
        ),
      );
      continue;
    }
    const fileProblems: Problem[] = [];
    const merged: Profile = { ...target, ...extension.fields, source: `${target.source} + ${extension.source}` };
    if (extension.fields.sections) merged.sections = { ...target.sections, ...extension.fields.sections };
    if (extension.fields.facts) {
      // Rules add up; frameworks and kinds are replaced by id.
      const given = extension.fields.facts;
      const base = target.facts ?? {};
      merged.facts = {
        dependencies: [...(base.dependencies ?? []), ...(given.dependencies ?? [])],
        frameworks: { ...base.frameworks, ...given.frameworks },
        kinds: { ...base.kinds, ...given.kinds },
      };
    }
    if (extension.fields.adoption) {
      const given = extension.fields.adoption;
      const adoption = computeAdoption(
        given.sources || given.points ? { ...given, meaning: given.meaning ?? target.adoption.meaning } : { ...target.adoption, ...given },
      );
      if (typeof adoption === 'string') {
        problems.push(error(extension.source, top, adoption));
        continue;
      }
      merged.adoption = adoption;
    }
    // Each group keeps its order in a Map (a replaced item keeps its place, a moved one goes last)
    // and `where` finds an item's group at once: linear in the items, however many files extend.
    const groups = new Map<ChecklistGroup, Map<string, ChecklistItemDefinition>>();
    const where = new Map<string, ChecklistGroup>();
    for (const group of CHECKLIST_GROUPS) {
      const items = new Map<string, ChecklistItemDefinition>();
      for (const item of target.checklist[group] ?? []) {
        items.set(item.id, item);
        where.set(item.id, group);
      }
      groups.set(group, items);
    }
    for (const drop of extension.drop) {
      const group = where.get(drop.id);
      if (!group) {
        fileProblems.push({
          file: extension.source,
          ...drop.at,
          severity: 'warning',
          message: `"${drop.id}" is not an item of ${target.id}; nothing dropped`,
        });
        continue;
      }
      groups.get(group)!.delete(drop.id);
      where.delete(drop.id);
    }
    for (const group of CHECKLIST_GROUPS) {
      for (const item of extension.checklist[group] ?? []) {
        const holder = owner.get(item.id);
        if (holder && holder.profile !== target.id) {
          fileProblems.push(error(extension.source, itemAt.get(item.id) ?? top, `item id "${item.id}" is already used in ${holder.file}`));
          continue;
        }
        const replaced = where.get(item.id);
        if (replaced !== undefined && replaced !== group) groups.get(replaced)!.delete(item.id);
        groups.get(group)!.set(item.id, item);
        where.set(item.id, group);
      }
    }
    for (const override of extension.evidence) {
      const group = where.get(override.id);
      if (!group) {
        fileProblems.push({
          file: extension.source,
          ...override.at,
          severity: 'warning',
          message: `"${override.id}" is not an item of ${target.id}; its evidence is not used`,
        });
        continue;
      }
      const items = groups.get(group)!;
      const { evidence: _old, ...rest } = items.get(override.id)!;
      items.set(override.id, override.probe ? { ...rest, evidence: override.probe } : rest);
    }
    problems.push(...fileProblems);
    if (fileProblems.some((problem) => problem.severity === 'error')) continue;
    for (const group of CHECKLIST_GROUPS) {
      for (const item of extension.checklist[group] ?? []) owner.set(item.id, { profile: target.id, file: extension.source });
    }
    merged.checklist = Object.fromEntries(
      CHECKLIST_GROUPS.filter((group) => groups.get(group)!.size > 0).map((group) => [group, [...groups.get(group)!.values()]]),
    );
    profiles.set(target.id, merged);
  }

  // Built-ins first in their order, then new team profiles; extended ones take their base's place.
  const order = [...base.map((profile) => profile.id), ...fresh.map((profile) => profile.id)];
  return { profiles: order.map((id) => profiles.get(id)!), problems };
}

function parseFile(source: ProfileSource): { parsed?: Parsed; problems: Problem[] } {
  const problem = (at: Position, message: string): Problem => ({ file: source.file, ...at, message, severity: 'error' });
  if (source.unreadable !== undefined) return { problems: [problem({ line: 1, column: 1 }, source.unreadable)] };
  if (source.bytes.byteLength > MAX_PROFILE_BYTES) {
    return {
      problems: [
        problem(
          { line: 1, column: 1 },
          `file is ${Math.round(source.bytes.byteLength / 1024)} KB; profiles are limited to ${MAX_PROFILE_BYTES / 1024} KB`,
        ),
      ],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(source.bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(source.bytes);
    const before = lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD')));
    return {
      problems: [problem({ line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') }, 'file is not valid UTF-8')],
    };
  }

  const lineCounter = new LineCounter();
  const warnings: Problem[] = [];
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    warnings.push({
      file: source.file,
      line,
      column: before.length - before.lastIndexOf('\n'),
      severity: 'warning',
      message: `bidirectional control character U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}: the text may read differently from what it says; the page shows it as a code point`,
    });
    if (warnings.length >= 20) break;
  }
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined): Position => {
    const [start, end] = node?.range ?? [0, 0];
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return problem({ line: pos.line, column: pos.col }, `invalid YAML: ${error.message.split('\n')[0]}`);
      }),
    };
  }
  const probeProblems = (node: Node, where: string): Problem[] =>
    checkProbe(node.toJS(doc, { maxAliasCount: 0 })).map((issue) =>
      problem(at(nodeAt(node, issue.path)), `${[where, ...issue.path].join('.')}: ${issue.message}`),
    );
  const root = doc.contents as Node | null;
  const problems = checkAgainstSchema(profileSchema as SchemaNode, root).map((issue) => problem(at(issue.node), issue.message));
  const isExtension = isMap(root) && root.has('extends');
  const factsNode = isMap(root) ? root.get('facts', true) : undefined;
  const factsValue = isMap(factsNode) ? (factsNode.toJS(doc, { maxAliasCount: 0 }) as FactsSpec) : undefined;
  if (problems.length === 0 && isMap(factsNode)) {
    problems.push(
      ...checkFactsSpec(factsValue).map((issue) =>
        problem(at(nodeAt(factsNode, issue.path)), `${['facts', ...issue.path].join('.')}: ${issue.message}`),
      ),
    );
  }
  const codeNode = isMap(root) ? root.get('code', true) : undefined;
  if (problems.length === 0 && codeNode)
    problems.push(
      ...checkCodeSection((codeNode as Node).toJS(doc, { maxAliasCount: 0 }), []).map((issue) =>
        problem(at(nodeAt(codeNode as Node, issue.path)), `${['code', ...issue.path].join('.')}: ${issue.message}`),
      ),
    );
  // A profile's conditions may name only the frameworks and kinds its facts define; a team file
  // extending another profile is checked against that profile's once merged.
  const known = isExtension
    ? undefined
    : { frameworks: Object.keys(factsValue?.frameworks ?? {}), kinds: Object.keys(factsValue?.kinds ?? {}) };
  const conditionProblems = (node: Node, where: string): Problem[] =>
    checkCondition(node.toJS(doc, { maxAliasCount: 0 }), known).map((issue) =>
      problem(at(nodeAt(node, issue.path)), `${[where, ...issue.path].join('.')}: ${issue.message}`),
    );

  const itemAt = new Map<string, Position>();
  const checklistNode = isMap(root) ? root.get('checklist', true) : undefined;
  const seen = new Set<string>();
  if (isMap(checklistNode)) {
    for (const group of CHECKLIST_GROUPS) {
      const list = checklistNode.get(group, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const evidenceNode = isMap(item) ? item.get('evidence', true) : undefined;
        if (evidenceNode) problems.push(...probeProblems(evidenceNode as Node, 'evidence'));
        const conditionNode = isMap(item) ? item.get('appliesWhen', true) : undefined;
        if (conditionNode) problems.push(...conditionProblems(conditionNode as Node, 'appliesWhen'));
        const onChangeNode = isMap(item) ? item.get('onChange', true) : undefined;
        if (onChangeNode)
          problems.push(
            ...checkOnChange((onChangeNode as Node).toJS(doc, { maxAliasCount: 0 })).map((issue) =>
              problem(at(nodeAt(onChangeNode as Node, issue.path)), `${['onChange', ...issue.path].join('.')}: ${issue.message}`),
            ),
          );
        const idNode = isMap(item) ? item.get('id', true) : undefined;
        if (!isScalar(idNode) || typeof idNode.value !== 'string') continue;
        if (seen.has(idNode.value)) problems.push(problem(at(idNode), `item id "${idNode.value}" is already used earlier in this file`));
        seen.add(idNode.value);
        itemAt.set(idNode.value, at(idNode));
      }
    }
    const overrides = checklistNode.get('evidence', true);
    if (isMap(overrides)) {
      for (const pair of overrides.items) {
        const id = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!isScalar(pair.value) || pair.value.value !== null)
          problems.push(...probeProblems(pair.value as Node, `checklist.evidence.${id}`));
      }
    }
  }
  if (problems.length > 0) return { problems: [...problems, ...warnings] };

  let value: Record<string, unknown>;
  try {
    value = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  } catch (error) {
    return { problems: [problem({ line: 1, column: 1 }, `cannot be read: ${error instanceof Error ? error.message : String(error)}`)] };
  }

  if (typeof value.extends === 'string') {
    const {
      extends: target,
      schema: _schema,
      id,
      checklist,
      ...fields
    } = value as Record<string, unknown> & { checklist?: Record<string, unknown> };
    if (id !== undefined && id !== target)
      return {
        problems: [
          problem(
            at(isMap(root) ? root.get('id', true) : root),
            `"id" must be "${String(target)}" or left out in a file that extends ${String(target)}`,
          ),
        ],
      };
    const dropNode = isMap(checklistNode) ? checklistNode.get('drop', true) : undefined;
    const drop = ((checklist?.drop as string[] | undefined) ?? []).map((dropId, index) => ({
      id: dropId,
      at: at(isSeq(dropNode) ? (dropNode.items[index] as Node) : root),
    }));
    const groups = Object.fromEntries(
      CHECKLIST_GROUPS.filter((group) => checklist?.[group]).map((group) => [group, checklist![group] as ChecklistItemDefinition[]]),
    );
    const overridesNode = isMap(checklistNode) ? checklistNode.get('evidence', true) : undefined;
    const evidence = Object.entries((checklist?.evidence as Record<string, Probe | null> | undefined) ?? {}).map(([id, probe]) => ({
      id,
      probe,
      at: at(
        isMap(overridesNode)
          ? (overridesNode.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === id)?.key as Node)
          : root,
      ),
    }));
    const extendsNode = isMap(root) ? (root.get('extends', true) as Node) : root;
    return {
      parsed: {
        kind: 'extension',
        itemAt,
        extension: {
          extends: target as string,
          extendsAt: at(extendsNode),
          source: source.file,
          fields: fields,
          checklist: groups,
          drop,
          evidence,
        },
      },
      problems: warnings,
    };
  }

  const profile = {
    ...(value as unknown as Omit<Profile, 'source'>),
    checklist: (value.checklist as Profile['checklist']) ?? {},
    source: source.file,
  } as Profile;
  const adoptionNode = isMap(root) ? (root.get('adoption', true) as Node) : root;
  const rawAdoption = value.adoption as Record<string, unknown> | undefined;
  if (rawAdoption?.sources && rawAdoption.points)
    return {
      problems: [
        problem(at(adoptionNode), 'adoption gives both "sources" and "points"; the index is computed from the sources, so remove "points"'),
      ],
    };
  const adoption = computeAdoption(profile.adoption);
  if (typeof adoption === 'string') return { problems: [problem(at(adoptionNode), adoption)] };
  profile.adoption = adoption;
  if (checklistItems(profile).length === 0) return { problems: [problem(at(root), 'the profile has no checklist items')] };
  for (const key of SECTION_KEYS)
    if (!profile.sections[key]) return { problems: [problem(at(root), `the profile has no "${key}" section`)] };
  return { parsed: { kind: 'profile', profile, itemAt }, problems: warnings };
}

/** The node at a probe issue's path (`any[1]`, `text`), or the deepest one that exists. */
function nodeAt(node: Node, path: readonly string[]): Node {
  let current: Node = node;
  for (const step of path) {
    const match = /^(.*)\[(\d+)\]$/.exec(step);
    const key = match ? match[1] : step;
    const child = isMap(current) ? (current.get(key, true) as Node | undefined) : undefined;
    if (!child) return current;
    current = child;
    if (match) {
      const item = isSeq(current) ? (current.items[Number(match[2])] as Node | undefined) : undefined;
      if (!item) return current;
      current = item;
    }
  }
  return current;
}
