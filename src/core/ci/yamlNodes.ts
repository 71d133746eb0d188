import { isMap, isScalar, isSeq, LineCounter, type Node, type Scalar } from 'yaml';
import { parseYamlDocument } from '../yamlDocument';
import { CI_LIMITS, type CiLocation } from './types';

/** Reading CI files' YAML: nodes, their lines, env and `with` values, matrices, script lists. */

export type Env = string[];

export interface YamlDoc {
  root: unknown;
  line(node: Node | undefined): number | undefined;
}

export function yamlOf(text: string): YamlDoc | undefined {
  try {
    const lineCounter = new LineCounter();
    // Bounded like every YAML Stack Guide reads: linear in the file, whatever its shape.
    const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
    if (doc.errors.length > 0 && !doc.contents) return undefined;
    return { root: doc.contents, line: (node) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined) };
  } catch {
    return undefined;
  }
}

export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

export function pathGet(node: unknown, keys: string[]): unknown {
  let current = node;
  for (const key of keys) {
    if (!isMap(current)) return undefined;
    current = current.get(key, true);
  }
  return current;
}

export function isTrue(node: unknown): boolean {
  const text = scalarText(node);
  return text === 'true' || (text !== undefined && /^\$\{\{\s*true\s*\}\}$/.test(text.trim()));
}

/** `if: false`, `if: ${{ false }}`, `if: "false"`: a job or step that never runs. */
export function isDisabled(node: unknown): boolean {
  const text = scalarText(node);
  if (text === undefined) return false;
  const bare = text
    .trim()
    .replace(/^\$\{\{\s*(.*?)\s*\}\}$/, '$1')
    .trim();
  return bare === 'false' || bare === '0';
}

/** Whether a workflow's `on:` is `workflow_call` alone. */
export function onlyCalled(node: unknown): boolean {
  if (scalarText(node) === 'workflow_call') return true;
  if (isSeq(node)) return node.items.length > 0 && node.items.every((item) => scalarText(item) === 'workflow_call');
  if (isMap(node)) return node.items.length > 0 && node.items.every((pair) => scalarText(pair.key) === 'workflow_call');
  return false;
}

export function envOf(node: unknown, values: Record<string, string> = {}): Env {
  if (!isMap(node)) return [];
  const out: Env = [];
  for (const pair of node.items) {
    const key = scalarText(pair.key);
    const value = scalarText(pair.value);
    if (key !== undefined && value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out.push(`${key}=${substitute(value, values)}`);
  }
  return out;
}

export function envValues(env: Env): Record<string, string> {
  return Object.fromEntries(
    env.map((assignment) => [`env.${assignment.slice(0, assignment.indexOf('='))}`, assignment.slice(assignment.indexOf('=') + 1)]),
  );
}

export function withOf(node: unknown, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = scalarText(pair.key);
    const value = scalarText(pair.value);
    if (key !== undefined && value !== undefined) out[key] = substitute(value, values);
  }
  return out;
}

export function prefixed(prefix: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}.${key}`, value]));
}

/** `${{ inputs.x }}` and `${{ matrix.x }}` replaced where the value is known; other expressions stay. */
export function substitute(text: string, values: Record<string, string>): string {
  if (!text.includes('${{')) return text;
  return text.replace(/\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The text of the steps, to see which matrix keys they use. */
export function stepsText(text: string, steps: Node): string {
  return steps.range ? text.slice(steps.range[0], steps.range[2]) : '';
}

/** Matrix combinations for the keys the steps use, at most CI_LIMITS.maxMatrix; one empty one when there are none. */
export function matrixCombinations(matrix: unknown, used: string): Record<string, string>[] {
  let combinations: Record<string, string>[] = [{}];
  if (!isMap(matrix)) return combinations;
  for (const pair of matrix.items) {
    const key = scalarText(pair.key);
    if (
      key === undefined ||
      key === 'include' ||
      key === 'exclude' ||
      !new RegExp(`matrix\\.${key.replace(/[^A-Za-z0-9_-]/g, '')}\\b`).test(used)
    )
      continue;
    if (!isSeq(pair.value)) continue;
    const values = pair.value.items.map((item) => scalarText(item as Node)).filter((value): value is string => value !== undefined);
    if (values.length === 0) continue;
    const next: Record<string, string>[] = [];
    for (const combination of combinations)
      for (const value of values) if (next.length < CI_LIMITS.maxMatrix) next.push({ ...combination, [key]: value });
    combinations = next;
  }
  return combinations;
}

/** A GitLab `script:` (a string, or a list of strings and lists), as its scalar items. */
export function scriptItems(node: Node | null | undefined): Scalar<string>[] {
  if (isScalar(node) && typeof node.value === 'string') return [node as Scalar<string>];
  if (isSeq(node)) return node.items.flatMap((item) => scriptItems(item as Node));
  return [];
}

/** Where each line of a script scalar is in its file: a block scalar's text starts on the line after its indicator. */
export function scriptLines(doc: YamlDoc, node: Scalar, path: string): (offset: number) => CiLocation {
  const start = doc.line(node) ?? 1;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  return (offset) => ({ path, line: start + (block ? 1 : 0) + offset });
}

export function localIncludes(node: unknown): string[] {
  const out: string[] = [];
  const one = (item: unknown) => {
    const text = scalarText(item);
    if (text !== undefined) {
      if (!/^https?:/.test(text)) out.push(text);
    } else if (isMap(item)) {
      const local = scalarText(item.get('local', true));
      if (local !== undefined) out.push(local);
    }
  };
  if (isSeq(node)) node.items.forEach(one);
  else one(node);
  return out.filter((path) => !/[*?]/.test(path) && !path.split('/').includes('..'));
}
