import { baseName, isWithin, resolveEntry, WILDCARD } from '../paths';

/**
 * The glob language of the core: `**`, `*`, `?`, `{a,b}` (nested too) and character classes,
 * matched against a POSIX relative path. Exclusion settings (files.exclude,
 * stackGuide.detection.exclude) match with ExcludeMatcher, workspace manifests' member lists with
 * FolderPattern, and probes' file globs are validated with compileGlob.
 */

/** A glob that cannot be compiled; the message says which and why. */
export class InvalidGlobError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid glob ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'InvalidGlobError';
  }
}

/**
 * Never throws: a pattern that cannot be compiled (see compileGlob) matches only its own literal
 * text, so one odd glob in a manifest or a setting cannot stop detection. Callers that can report
 * a bad pattern use compileGlob, as ExcludeMatcher does.
 */
export function globToRegExp(glob: string): RegExp {
  // The same few globs (a profile's probes) are compiled for every unit of a large repository:
  // compiled once each. The expressions carry no g or y flag, so sharing one keeps no state.
  let compiled = COMPILED.get(glob);
  if (!compiled) {
    try {
      compiled = compileGlob(glob);
    } catch {
      compiled = new RegExp(`^${glob.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
    }
    if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
    COMPILED.set(glob, compiled);
  }
  return compiled;
}

const COMPILED = new Map<string, RegExp>();
const MAX_COMPILED = 2000;

/** Throws InvalidGlobError for a pattern it cannot compile (an unclosed brace, a reversed range). */
export function compileGlob(glob: string): RegExp {
  let source = '';
  // Braces nest: each open one is closed by the next '}' at its level, and ',' separates at any level.
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        source += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      depth++;
      source += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      source += ')';
    } else if (c === ',' && depth > 0) {
      source += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
      } else {
        source +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = end;
      }
    } else {
      source += c.replace(/[.+^$()|\\/{}]/g, '\\$&');
    }
  }
  if (depth > 0) throw new InvalidGlobError(glob, depth === 1 ? 'a "{" is never closed' : `${depth} "{" are never closed`);
  try {
    return new RegExp(`^${source}$`);
  } catch (error) {
    // A character class such as [z-a]: the engine's words say what is wrong.
    throw new InvalidGlobError(
      glob,
      (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /, ''),
    );
  }
}

export interface InvalidGlob {
  pattern: string;
  reason: string;
}

export class ExcludeMatcher {
  private readonly patterns: RegExp[] = [];
  /** Patterns that could not be compiled: skipped, so the others still apply. The caller logs them. */
  readonly invalid: InvalidGlob[] = [];

  constructor(globs: readonly string[]) {
    for (const glob of globs) {
      try {
        this.patterns.push(compileGlob(glob.replace(/^\.\//, '').replace(/\/$/, '')));
      } catch (error) {
        this.invalid.push({ pattern: glob, reason: error instanceof InvalidGlobError ? error.reason : String(error) });
      }
    }
  }

  /** True when the path, or (for globs without a slash) its last segment, matches. */
  matches(relativePath: string): boolean {
    const base = baseName(relativePath);
    return this.patterns.some((pattern) => pattern.test(relativePath) || pattern.test(base));
  }
}

/** The exclusion globs that cannot be compiled, with why: for a warning in the log. */
export function invalidGlobs(globs: readonly string[]): InvalidGlob[] {
  return new ExcludeMatcher(globs).invalid;
}

/** A build tool's member pattern, relative to the folder of the manifest that holds it. */
export interface FolderPattern {
  /** The leading folders without wildcards, resolved ('.' for the workspace folder). */
  prefix: string;
  /** Matches what follows the prefix (with MARK appended), when the pattern has wildcards. */
  rest?: RegExp;
}

// Build tools glob for the manifest inside the pattern's folders (npm and pnpm append
// "/package.json", Cargo looks for Cargo.toml), so a trailing ** also matches the folder the
// pattern starts from. MARK stands in for that file name when matching.
const MARK = '\u0000';

/** Undefined when the entry is absolute or climbs out of the workspace folder (see resolveEntry). */
export function compileFolderPattern(base: string, entry: string): FolderPattern | undefined {
  const resolved = resolveEntry(base, entry);
  if (resolved === undefined) return undefined;
  const segments = resolved === '.' ? [] : resolved.split('/');
  const firstWild = segments.findIndex((segment) => WILDCARD.test(segment));
  if (firstWild < 0) return { prefix: resolved };
  const prefix = firstWild === 0 ? '.' : segments.slice(0, firstWild).join('/');
  return { prefix, rest: globToRegExp(`${segments.slice(firstWild).join('/')}/${MARK}`) };
}

/** Whether the folder at `path` (relative to the workspace folder) is one the pattern names. */
export function matchesFolderPattern(pattern: FolderPattern, path: string): boolean {
  if (!pattern.rest) return path === pattern.prefix;
  if (!isWithin(pattern.prefix, path)) return false;
  const relative = path === pattern.prefix ? '' : pattern.prefix === '.' ? path : path.slice(pattern.prefix.length + 1);
  return pattern.rest.test(relative === '' ? MARK : `${relative}/${MARK}`);
}
