import { parse as parseToml } from 'smol-toml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { parseJsonc } from '../formats/jsonc';
import { lineAt } from '../formats/position';
import { baseName } from '../paths';
import { parseYamlDocument } from '../yamlDocument';

/** A value found at a key path, and the line it is on (1-based) when the format tells. */
export interface KeyHit {
  value: unknown;
  line?: number;
}

export type ManifestFormat = 'json' | 'toml' | 'yaml';

/** By the file's name: JSON files are read as JSONC (tsconfig.json and deno.json allow comments). */
export function manifestFormat(path: string): ManifestFormat | undefined {
  const name = baseName(path).toLowerCase();
  if (name.endsWith('.json') || name.endsWith('.jsonc') || name.endsWith('.json5') || name === '.renovaterc') return 'json';
  if (name.endsWith('.toml') || name === 'pipfile' || name === 'cargo.lock') return 'toml';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** A manifest parsed once, for every key a run asks of it. */
export type ParsedManifest =
  { format: 'yaml'; doc: Document.Parsed; lineCounter: LineCounter } | { format: 'json' | 'toml'; data: unknown; text: string };

/** Parses a manifest; throws when it does not parse (the caller reports the file as unreadable rather than missing). */
export function parseManifest(text: string, format: ManifestFormat): ParsedManifest {
  if (format === 'yaml') {
    const lineCounter = new LineCounter();
    const doc = parseYamlDocument(text, { lineCounter, uniqueKeys: false });
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message.split('\n')[0]);
    return { format, doc, lineCounter };
  }
  return { format, data: format === 'json' ? parseJsonc(text) : parseToml(text), text };
}

/**
 * The values at a dotted key path (`*` matches any key or index), with their lines. Throws when
 * the file does not parse: the caller reports the file as unreadable rather than missing.
 */
export function readKeyPath(text: string, format: ManifestFormat, keyPath: string): KeyHit[] {
  return keyHitsIn(parseManifest(text, format), keyPath);
}

/** The values at a dotted key path of a parsed manifest, with their lines. */
export function keyHitsIn(parsed: ParsedManifest, keyPath: string): KeyHit[] {
  const segments = keyPath.split('.');
  if (parsed.format === 'yaml') return yamlHits(parsed.doc, parsed.lineCounter, segments);
  const { format, data, text } = parsed;
  const hits: KeyHit[] = [];
  const walk = (value: unknown, index: number, names: string[]) => {
    if (index === segments.length) {
      hits.push({ value, line: format === 'json' ? jsonLine(text, names) : tomlLine(text, names) });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const segment = segments[index];
    const keys = segment === '*' ? Object.keys(value) : Object.prototype.hasOwnProperty.call(value, segment) ? [segment] : [];
    for (const key of keys) walk((value as Record<string, unknown>)[key], index + 1, [...names, key]);
  };
  walk(data, 0, []);
  return hits;
}

/** Whether a value counts as set: anything but undefined, null, false, '' and empty lists or tables. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `equals` compares scalars as the file has them; a number and its text are the same value. */
export function valueEquals(value: unknown, expected: string | number | boolean): boolean {
  if (value === expected) return true;
  if (typeof expected === 'boolean' || typeof value === 'boolean') return false;
  return (typeof value === 'string' || typeof value === 'number') && String(value) === String(expected);
}

function yamlHits(doc: Document.Parsed, lineCounter: LineCounter, segments: string[]): KeyHit[] {
  const hits: KeyHit[] = [];
  const walk = (node: unknown, index: number, keyNode: Node | undefined) => {
    if (index === segments.length) {
      const at = (keyNode ?? (node as Node | undefined))?.range?.[0];
      hits.push({ value: yamlValue(node), line: at === undefined ? undefined : lineCounter.linePos(at).line });
      return;
    }
    const segment = segments[index];
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (segment === '*' || String(key) === segment) walk(pair.value, index + 1, pair.key as Node);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (segment === '*' || String(i) === segment) walk(item, index + 1, item as Node);
      });
    }
  };
  walk(doc.contents, 0, undefined);
  return hits;
}

/**
 * What `isSet` and `valueEquals` need of a YAML node: a scalar's value, or a collection standing
 * for its size. Aliases are never expanded (a probe reads what the file says, and an alias bomb
 * stays a single node); an alias counts as set.
 */
function yamlValue(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return node.items.map(() => true);
  if (isAlias(node)) return '*alias';
  return node ?? null;
}

/** The line of a JSON key path: each key searched as `"name":` after the previous one. */
function jsonLine(text: string, names: string[]): number | undefined {
  let from = 0;
  for (const name of names) {
    if (/^\d+$/.test(name)) continue; // an array index has no key in the text
    const at = findKey(text, JSON.stringify(name), from);
    if (at < 0) return undefined;
    from = at + 1;
  }
  return names.length === 0 ? undefined : lineAt(text, from - 1);
}

function findKey(text: string, quoted: string, from: number): number {
  let at = text.indexOf(quoted, from);
  while (at >= 0) {
    let i = at + quoted.length;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === ':') return at;
    at = text.indexOf(quoted, at + 1);
  }
  return -1;
}

/**
 * The line of a TOML key path: the last segment's assignment, after the table header that holds
 * it (`[package]` then `rust-version =`), or a dotted key (`package.rust-version =`). Good enough
 * to open the file at the right place; the value itself comes from the parser.
 */
function tomlLine(text: string, names: string[]): number | undefined {
  if (names.length === 0) return undefined;
  const lines = text.split('\n');
  const bare = (name: string) => (/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name));
  const last = names[names.length - 1];
  for (let split = names.length - 1; split >= 0; split--) {
    const table = names.slice(0, split).map(bare).join('.');
    const key = names.slice(split).map(bare).join('.');
    let inTable = table === '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line.startsWith('[')) {
        const header = line.replace(/^\[+\s*/, '').replace(/\s*\]+.*$/, '');
        inTable = header === table;
        if (inTable && split === names.length) return i + 1;
        continue;
      }
      if (inTable && (line.startsWith(`${key} `) || line.startsWith(`${key}=`))) return i + 1;
    }
  }
  const loose = lines.findIndex((line) => line.trim().startsWith(bare(last)));
  return loose >= 0 ? loose + 1 : undefined;
}
