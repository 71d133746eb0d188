import { compileGlob, InvalidGlobError } from '../detect/glob';
import type { RunProbe } from '../ci/runProbe';
import { compileLinePattern, LinePatternError } from './linePattern';
import { SUPPORT_TABLE } from '../profiles/supportTable';
import { checkCodeProbe, type CodeProbe } from '../code/codeProbe';

/**
 * A probe says what in the repository shows that a checklist item is met. It is data from a
 * profile (built-in or a team's), so it is validated here before anything evaluates it.
 */
export type ProbeRoot = 'unit' | 'folder' | 'both' | 'upward';

export type Probe =
  | { file: string; root?: ProbeRoot; upwardWhen?: string }
  | { text: string; in: string; root?: ProbeRoot; upwardWhen?: string }
  | { key: string; in: string; equals?: string | number | boolean; inherits?: string; root?: ProbeRoot; upwardWhen?: string }
  | VersionProbe
  | RunProbe
  | CodeProbe
  | { any: Probe[] }
  | { all: Probe[] };

/**
 * A declared version compared with the support table (versions.ts): `version` names the runtime,
 * `in` the files; the value is at `key`, on the first line starting with `line`, or (neither) the
 * file's first line, as in .python-version or .nvmrc.
 */
export interface VersionProbe {
  version: string;
  in: string;
  key?: string;
  line?: string;
  root?: ProbeRoot;
}

/**
 * Named file sets: CI and task runners, and dependency-update bots. They are the same for every
 * ecosystem (they are about how a repository is built, not what it is written in), and are
 * always searched from both the unit's root and the workspace folder's.
 */
export const NAMED_FILE_SETS: Readonly<Record<string, readonly string[]>> = {
  '@ci': [
    '.github/workflows/*.{yml,yaml}',
    '.github/actions/*/action.{yml,yaml}',
    '.gitlab-ci.yml',
    '.gitlab/ci/*.{yml,yaml}',
    'azure-pipelines.{yml,yaml}',
    '.azure-pipelines/*.{yml,yaml}',
    '.circleci/config.{yml,yaml}',
    'bitbucket-pipelines.yml',
    '.buildkite/*.{yml,yaml}',
    'Jenkinsfile',
    '.travis.yml',
    '{Makefile,makefile,GNUmakefile}',
    '{justfile,Justfile,.justfile}',
    'Taskfile.{yml,yaml}',
    '.pre-commit-config.{yml,yaml}',
    'package.json',
  ],
  '@dependency-bots': [
    '.github/dependabot.{yml,yaml}',
    '{renovate.json,renovate.json5,.renovaterc,.renovaterc.json,.renovaterc.json5}',
    '{.github,.gitlab}/renovate.{json,json5}',
  ],
};

/** How deep `any`/`all` may nest, and how many probes one item may carry in all. */
export const MAX_PROBE_DEPTH = 4;
export const MAX_PROBES_PER_ITEM = 32;
const MAX_PROBE_TEXT = 200;

export interface ProbeIssue {
  /** Path inside the probe, e.g. "any[1].text", for the loader to place the message. */
  path: string[];
  message: string;
}

const KINDS = ['file', 'text', 'key', 'run', 'any', 'all'] as const;

/** Patterns one run probe may list, and flags per list. */
const MAX_RUN_PATTERNS = 8;
const MAX_RUN_FLAGS = 16;

/**
 * The files a run probe reads beyond the CI files: task runners' files at the roots (CI may run
 * them), and local composite actions wherever they are.
 */
export const RUN_PROBE_GLOBS: readonly string[] = [
  '.github/actions/**/action.{yml,yaml}',
  '.gitlab/**/*.{yml,yaml}',
  '{deno.json,deno.jsonc,composer.json}',
];

/** Everything wrong with a probe that the schema cannot say: one kind, its companions, its patterns. */
export function checkProbe(probe: unknown): ProbeIssue[] {
  const issues: ProbeIssue[] = [];
  let count = 0;
  const visit = (value: unknown, path: string[], depth: number) => {
    count++;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path, message: 'a probe must be a mapping with one of: file, text, key, run, any, all' });
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.code !== undefined) {
      // Parsed once per file for all of a unit's code probes, so never inside any/all.
      if (depth > 0) issues.push({ path, message: 'a code probe is an item\'s whole probe; it cannot be inside "any" or "all"' });
      else issues.push(...checkCodeProbe(record, path));
      return;
    }
    if (record.version !== undefined) {
      checkVersionProbe(record, path, issues);
      return;
    }
    const kinds = KINDS.filter((kind) => record[kind] !== undefined);
    if (kinds.length !== 1) {
      issues.push({
        path,
        message:
          kinds.length === 0
            ? 'a probe needs one of: file, text, key, run, any, all'
            : `a probe has exactly one of file, text, key, run, any, all; this one has ${kinds.join(' and ')}`,
      });
      return;
    }
    const kind = kinds[0];
    if (kind === 'run') {
      checkRunProbe(record, path, issues);
      return;
    }
    for (const extra of ['gating', 'nonGatingFlags', 'without'])
      if (record[extra] !== undefined) issues.push({ path: [...path, extra], message: `"${extra}" belongs to a run probe` });
    if (kind === 'any' || kind === 'all') {
      for (const extra of ['in', 'equals', 'inherits', 'root'])
        if (record[extra] !== undefined)
          issues.push({ path: [...path, extra], message: `"${extra}" belongs to a file, text or key probe, not to "${kind}"` });
      if (depth >= MAX_PROBE_DEPTH) {
        issues.push({ path: [...path, kind], message: `"any" and "all" nest at most ${MAX_PROBE_DEPTH} deep` });
        return;
      }
      const list = record[kind];
      if (!Array.isArray(list) || list.length === 0) {
        issues.push({ path: [...path, kind], message: `"${kind}" must be a non-empty list of probes` });
        return;
      }
      list.forEach((child, index) => visit(child, [...path, `${kind}[${index}]`], depth + 1));
      return;
    }
    const text = record[kind];
    if (typeof text !== 'string' || text.trim() === '') {
      issues.push({ path: [...path, kind], message: `"${kind}" must be non-empty text` });
      return;
    }
    if (text.length > MAX_PROBE_TEXT)
      issues.push({ path: [...path, kind], message: `"${kind}" is ${text.length} characters; probes are limited to ${MAX_PROBE_TEXT}` });
    if (kind === 'file') {
      checkGlob(text, [...path, 'file'], issues);
      if (record.in !== undefined)
        issues.push({ path: [...path, 'in'], message: '"in" belongs to text and key probes; a file probe names its glob in "file"' });
    } else {
      const files = record.in;
      if (typeof files !== 'string' || files.trim() === '') {
        issues.push({ path, message: `a ${kind} probe needs "in": the files to read (a glob, @ci or @dependency-bots)` });
      } else if (files.startsWith('@')) {
        if (!Object.prototype.hasOwnProperty.call(NAMED_FILE_SETS, files))
          issues.push({ path: [...path, 'in'], message: `unknown file set "${files}"; known: ${Object.keys(NAMED_FILE_SETS).join(', ')}` });
      } else {
        checkGlob(files, [...path, 'in'], issues);
      }
      if (kind === 'text') {
        try {
          compileLinePattern(text);
        } catch (error) {
          issues.push({ path: [...path, 'text'], message: error instanceof LinePatternError ? error.message : String(error) });
        }
      }
      if (kind === 'key' && text.split('.').some((segment) => segment === ''))
        issues.push({ path: [...path, 'key'], message: `key path "${text}" has an empty segment` });
    }
    if (record.equals !== undefined) {
      if (kind !== 'key') issues.push({ path: [...path, 'equals'], message: '"equals" belongs to a key probe' });
      else if (!['string', 'number', 'boolean'].includes(typeof record.equals))
        issues.push({ path: [...path, 'equals'], message: '"equals" must be text, a number, true or false' });
    }
    if (record.inherits !== undefined) {
      if (kind !== 'key') issues.push({ path: [...path, 'inherits'], message: '"inherits" belongs to a key probe' });
      else if (typeof record.inherits !== 'string' || record.inherits.split('.').some((segment) => segment === ''))
        issues.push({ path: [...path, 'inherits'], message: '"inherits" must be a key path, e.g. extends' });
    }
    if (record.root !== undefined && !['unit', 'folder', 'both', 'upward'].includes(record.root as string))
      issues.push({ path: [...path, 'root'], message: '"root" must be unit, folder, both or upward' });
    if (record.upwardWhen !== undefined) {
      if (record.root !== 'upward')
        issues.push({ path: [...path, 'upwardWhen'], message: '"upwardWhen" belongs to a probe with root: upward' });
      else if (typeof record.upwardWhen !== 'string' || record.upwardWhen.trim() === '')
        issues.push({ path: [...path, 'upwardWhen'], message: '"upwardWhen" must be a line pattern' });
      else
        try {
          compileLinePattern(record.upwardWhen);
        } catch (error) {
          issues.push({ path: [...path, 'upwardWhen'], message: error instanceof LinePatternError ? error.message : String(error) });
        }
    }
  };
  visit(probe, [], 0);
  if (count > MAX_PROBES_PER_ITEM) issues.push({ path: [], message: `an item carries ${count} probes; at most ${MAX_PROBES_PER_ITEM}` });
  return issues;
}

/** A version probe: a runtime of the support table, its files, and at most one of key and line. */
function checkVersionProbe(record: Record<string, unknown>, path: string[], issues: ProbeIssue[]): void {
  const runtime = record.version;
  if (typeof runtime !== 'string' || !Object.prototype.hasOwnProperty.call(SUPPORT_TABLE.runtimes, runtime)) {
    issues.push({
      path: [...path, 'version'],
      message: `"version" names a runtime of the support table; known: ${Object.keys(SUPPORT_TABLE.runtimes).join(', ')}`,
    });
  }
  for (const other of ['file', 'text', 'equals', 'any', 'all'])
    if (record[other] !== undefined)
      issues.push({ path: [...path, other], message: `"${other}" does not belong to a version probe (version, in, key or line, root)` });
  if (typeof record.in !== 'string' || record.in.trim() === '' || record.in.startsWith('@'))
    issues.push({ path, message: 'a version probe needs "in": a glob of the files that declare the version' });
  else checkGlob(record.in, [...path, 'in'], issues);
  if (record.key !== undefined && record.line !== undefined)
    issues.push({ path: [...path, 'line'], message: 'a version probe reads its value at "key" or on a "line", not both' });
  if (record.key !== undefined && (typeof record.key !== 'string' || record.key.split('.').some((segment) => segment === '')))
    issues.push({ path: [...path, 'key'], message: '"key" must be a dotted key path without empty segments' });
  if (record.line !== undefined && (typeof record.line !== 'string' || record.line.trim() === '' || record.line.length > MAX_PROBE_TEXT))
    issues.push({
      path: [...path, 'line'],
      message: `"line" must be the non-empty text the line starts with (at most ${MAX_PROBE_TEXT} characters)`,
    });
  if (record.root !== undefined && !['unit', 'folder', 'both'].includes(record.root as string))
    issues.push({ path: [...path, 'root'], message: '"root" must be unit, folder or both' });
}

function checkRunProbe(record: Record<string, unknown>, path: string[], issues: ProbeIssue[]): void {
  const run = record.run;
  const patterns = typeof run === 'string' ? [run] : Array.isArray(run) ? run : undefined;
  if (!patterns || patterns.length === 0 || patterns.length > MAX_RUN_PATTERNS) {
    issues.push({ path: [...path, 'run'], message: `"run" must be a command pattern or a list of 1 to ${MAX_RUN_PATTERNS}` });
  } else {
    patterns.forEach((pattern, index) => {
      const at = typeof run === 'string' ? [...path, 'run'] : [...path, `run[${index}]`];
      if (typeof pattern !== 'string' || pattern.trim() === '')
        return issues.push({ path: at, message: 'a command pattern must be non-empty text' });
      if (pattern.length > MAX_PROBE_TEXT)
        issues.push({ path: at, message: `"run" is ${pattern.length} characters; probes are limited to ${MAX_PROBE_TEXT}` });
      try {
        compileLinePattern(pattern);
      } catch (error) {
        issues.push({ path: at, message: error instanceof LinePatternError ? error.message : String(error) });
      }
    });
  }
  for (const extra of ['in', 'equals'])
    if (record[extra] !== undefined)
      issues.push({
        path: [...path, extra],
        message: `"${extra}" does not belong to a run probe: it reads the commands CI runs (the @ci files and the tasks they call)`,
      });
  if (record.gating !== undefined && typeof record.gating !== 'boolean')
    issues.push({ path: [...path, 'gating'], message: '"gating" must be true or false' });
  for (const list of ['nonGatingFlags', 'without']) {
    const value = record[list];
    if (value === undefined) continue;
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > MAX_RUN_FLAGS ||
      value.some((flag) => typeof flag !== 'string' || flag.trim() === '' || flag.length > MAX_PROBE_TEXT)
    ) {
      issues.push({ path: [...path, list], message: `"${list}" must be a list of 1 to ${MAX_RUN_FLAGS} non-empty flags` });
    }
  }
  if (record.root !== undefined && !['unit', 'folder', 'both'].includes(record.root as string))
    issues.push({ path: [...path, 'root'], message: '"root" must be unit, folder or both' });
}

function checkGlob(glob: string, path: string[], issues: ProbeIssue[]): void {
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || glob.split('/').includes('..')) {
    issues.push({ path, message: `"${glob}" must be relative and stay inside the folder (no leading "/", no "..")` });
    return;
  }
  try {
    compileGlob(glob);
  } catch (error) {
    issues.push({ path, message: error instanceof InvalidGlobError ? error.message : String(error) });
  }
}

/** The probes a tree of any/all holds, leaves only. */
export function leafProbes(probe: Probe): Exclude<Probe, { any: Probe[] } | { all: Probe[] }>[] {
  if ('any' in probe) return probe.any.flatMap(leafProbes);
  if ('all' in probe) return probe.all.flatMap(leafProbes);
  return [probe];
}

/**
 * Every glob a probe reads, named file sets expanded: what a file watcher must report for the
 * probe's result to stay current.
 */
export function probeGlobs(probe: Probe): string[] {
  return leafProbes(probe).flatMap((leaf) => {
    if ('file' in leaf) return [leaf.file];
    if ('run' in leaf) return [...(NAMED_FILE_SETS['@ci'] ?? []), ...RUN_PROBE_GLOBS];
    if ('code' in leaf) return (leaf.code.on?.sources ?? []).map((source) => source.files);
    return leaf.in.startsWith('@') ? [...(NAMED_FILE_SETS[leaf.in] ?? [])] : [leaf.in];
  });
}
