import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import profileSchema from '../../../media/profile.schema.json';
import { checkAgainstSchema, type SchemaNode } from './schemaCheck';
import { checklistItems, type Problem, type Profile } from './model';

/** Profiles are reference text; anything bigger than this is a mistake or an attack. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

export interface ProfileSource {
  /** Path or URI shown in messages. */
  file: string;
  bytes: Uint8Array;
}

export interface LoadResult {
  profiles: Profile[];
  problems: Problem[];
}

interface Parsed {
  profile: Profile;
  ids: { id: string; line: number; column: number }[];
  lineOf: (node: Node | null | undefined) => { line: number; column: number };
}

/**
 * Parses and validates every source. A file with an error is left out and reported;
 * it never hides the others.
 */
export function loadProfiles(sources: readonly ProfileSource[]): LoadResult {
  const problems: Problem[] = [];
  const parsed: Parsed[] = [];
  for (const source of sources) {
    const result = parseProfile(source);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
  }

  // Ids must be unique across files: the review file keys ticks by item id.
  const profileOwner = new Map<string, string>();
  const itemOwner = new Map<string, string>();
  const rejected = new Set<Parsed>();
  for (const entry of parsed) {
    const { profile } = entry;
    const previous = profileOwner.get(profile.id);
    if (previous !== undefined) {
      problems.push({ file: profile.source, line: 1, column: 1, severity: 'error', message: `profile id "${profile.id}" is already defined in ${previous}` });
      rejected.add(entry);
      continue;
    }
    profileOwner.set(profile.id, profile.source);
    for (const item of entry.ids) {
      const owner = itemOwner.get(item.id);
      if (owner !== undefined) {
        problems.push({
          file: profile.source,
          line: item.line,
          column: item.column,
          severity: 'error',
          message: `item id "${item.id}" is already used ${owner === profile.source ? 'earlier in this file' : `in ${owner}`}`,
        });
        rejected.add(entry);
      } else {
        itemOwner.set(item.id, profile.source);
      }
    }
  }
  return { profiles: parsed.filter((entry) => !rejected.has(entry)).map((entry) => entry.profile), problems };
}

function parseProfile(source: ProfileSource): { parsed?: Parsed; problems: Problem[] } {
  const problem = (line: number, column: number, message: string): Problem => ({ file: source.file, line, column, message, severity: 'error' });
  if (source.bytes.byteLength > MAX_PROFILE_BYTES) {
    return {
      problems: [problem(1, 1, `file is ${Math.round(source.bytes.byteLength / 1024)} KB; profiles are limited to ${MAX_PROFILE_BYTES / 1024} KB`)],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(source.bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(source.bytes);
    const at = lossy.indexOf('\uFFFD');
    const before = lossy.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { problems: [problem(line, column, 'file is not valid UTF-8')] };
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return problem(pos.line, pos.col, `invalid YAML: ${error.message.split('\n')[0]}`);
      }),
    };
  }
  const root = doc.contents as Node | null;
  const issues = checkAgainstSchema(profileSchema as SchemaNode, root);
  const problems = issues.map((issue) => {
    const pos = lineOf(issue.node);
    return problem(pos.line, pos.column, issue.message);
  });

  const ids: Parsed['ids'] = [];
  const checklist = isMap(root) ? root.get('checklist', true) : undefined;
  if (isMap(checklist)) {
    for (const group of ['delivery', 'risks', 'quality']) {
      const list = checklist.get(group, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const idNode = isMap(item) ? item.get('id', true) : undefined;
        if (isScalar(idNode) && typeof idNode.value === 'string') ids.push({ id: idNode.value, ...lineOf(idNode) });
      }
    }
  }
  if (problems.length > 0) return { problems };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { problems: [problem(1, 1, `cannot be read: ${error instanceof Error ? error.message : String(error)}`)] };
  }
  const profile = { ...(value as Omit<Profile, 'source'>), checklist: (value as Profile).checklist ?? {}, source: source.file } as Profile;
  // Sanity beyond the schema: the items the page and the checklist rely on.
  if (checklistItems(profile).length === 0) problems.push(problem(lineOf(root).line, 1, 'the profile has no checklist items'));
  return problems.length > 0 ? { problems } : { parsed: { profile, ids, lineOf }, problems: [] };
}
