import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { parseJsonc } from '../formats/jsonc';
import { manifestFormat } from '../evidence/keyPath';
import { compileLinePattern, type LinePattern } from '../evidence/linePattern';
import type { DependencyRule } from './model';

/** A dependency name read from a file, and the 1-based line it is first on (when the file says). */
export interface NameHit {
  name: string;
  line?: number;
}

/** Names read from one file stop here: a lockfile of thousands of packages says nothing more. */
export const MAX_NAMES_PER_FILE = 5000;

/** The end of a name: white space, quotes, version operators, brackets, separators. */
const NAME_END = /[\s'"`<>=!~;,[\](){}^]/;
/** Skipped between a line pattern's match and the name (`gem 'rails'`, `implementation("g:a")`, `{:phoenix`). */
const NAME_START_SKIP = /[\s'"`:({]/;

/**
 * The dependency names one rule reads from one file's text. Throws when a file read by `keys`
 * does not parse: the caller then counts the dependencies as incomplete, never as absent.
 */
export function readDependencyNames(rule: DependencyRule, path: string, text: string): NameHit[] {
  return rule.keys ? fromKeys(rule, path, text) : fromLines(rule, text);
}

function fromKeys(rule: DependencyRule, path: string, text: string): NameHit[] {
  const format = rule.format ?? manifestFormat(path);
  if (!format) throw new Error('its format is not known; give the rule a "format"');
  const data: unknown = format === 'json' ? parseJsonc(text) : format === 'toml' ? parseToml(text) : parseYaml(text, { maxAliasCount: 0 });
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name && names.length < MAX_NAMES_PER_FILE) names.push(name);
  };
  for (const key of rule.keys ?? []) {
    for (const value of valuesAt(data, key.split('.'))) {
      if (typeof value === 'string') add(leadingName(value));
      else if (Array.isArray(value)) for (const entry of value) add(typeof entry === 'string' ? leadingName(entry) : undefined);
      else if (typeof value === 'object' && value !== null) for (const name of Object.keys(value)) add(name);
    }
  }
  const lines = firstLines(text);
  return names.map((name) => ({ name, line: lines.get(name) }));
}

/** The values at a dotted key path, `*` standing for any key or index. */
function valuesAt(data: unknown, segments: readonly string[]): unknown[] {
  let current: unknown[] = [data];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (typeof value !== 'object' || value === null) continue;
      if (segment === '*') next.push(...(Object.values(value) as unknown[]));
      else if (Object.prototype.hasOwnProperty.call(value, segment)) next.push((value as Record<string, unknown>)[segment]);
    }
    current = next;
  }
  return current;
}

/** "django>=4.2" → django, "fastapi[standard]" → fastapi, "tokio" → tokio. */
function leadingName(spec: string): string | undefined {
  const trimmed = spec.trimStart();
  let end = 0;
  while (end < trimmed.length && !NAME_END.test(trimmed[end])) end++;
  return end === 0 ? undefined : trimmed.slice(0, end);
}

/** The first line each word of the text is on, in one pass: where a key-read name is shown. */
function firstLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let number = 1;
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(/[A-Za-z0-9@._/:+-]+/g)) if (!lines.has(match[0])) lines.set(match[0], number);
    number++;
  }
  return lines;
}

const compiled = new Map<string, LinePattern>();

function compiledPattern(pattern: string): LinePattern {
  let found = compiled.get(pattern);
  if (!found) {
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, (found = compileLinePattern(pattern)));
  }
  return found;
}

function fromLines(rule: DependencyRule, text: string): NameHit[] {
  const patterns = (rule.after ?? []).map(compiledPattern);
  const skip = (rule.skip ?? []).map(compiledPattern);
  const hits: NameHit[] = [];
  let inside = rule.from === undefined;
  let number = 0;
  for (const line of text.split('\n')) {
    number++;
    if (hits.length >= MAX_NAMES_PER_FILE) break;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    if (rule.from !== undefined) {
      if (!inside) {
        if (trimmed.startsWith(rule.from)) inside = true;
        continue;
      }
      if (rule.to !== undefined && trimmed.startsWith(rule.to)) {
        inside = false;
        continue;
      }
    }
    if (skip.some((pattern) => matchEnd(pattern, line) >= 0)) continue;
    if (patterns.length === 0) {
      const name = leadingName(trimmed);
      if (name) hits.push({ name, line: number });
      continue;
    }
    for (const pattern of patterns) {
      const end = matchEnd(pattern, line);
      if (end < 0) continue;
      let start = end;
      while (start < line.length && NAME_START_SKIP.test(line[start])) start++;
      const name = leadingName(line.slice(start));
      if (name) {
        hits.push({ name, line: number });
        break;
      }
    }
  }
  return hits;
}

/** Where a line pattern's last piece ends in the line, or -1 (leftmost placement, as matchesLine). */
function matchEnd(pattern: LinePattern, line: string): number {
  let from = 0;
  for (const piece of pattern.pieces) {
    const at = line.indexOf(piece, from);
    if (at < 0) return -1;
    from = at + piece.length;
  }
  return from;
}
