import { compareCodeUnits } from '../../paths';
import { compileFolderPattern, matchesFolderPattern, type FolderPattern } from '../glob';
import type { ManifestContext, Workspace, WorkspaceKind } from './types';

/** The workspace a reader found: its members once each, sorted. */
export function workspace(ctx: ManifestContext, kind: WorkspaceKind, members: Iterable<string>): Workspace {
  return { kind, root: ctx.folder, manifest: ctx.file, members: [...new Set(members)].sort(compareCodeUnits) };
}

/** The root, when it is a component and `isMember` says the manifest makes it a package. */
export function rootIf(ctx: ManifestContext, isMember: boolean): string[] {
  return isMember && ctx.components.has(ctx.folder) ? [ctx.folder] : [];
}

/**
 * The strings of a list field ([] when absent). Undefined, with a problem, when it is of another
 * type: the build tool rejects such a manifest, so the workspace is ignored as if unparsable.
 */
export function stringList(ctx: ManifestContext, value: unknown, field: string): string[] | undefined {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  ctx.manifests.problem(ctx.file, `${field} is not a list of strings`);
  return undefined;
}

export function compilePatterns(base: string, entries: readonly string[]): FolderPattern[] {
  return entries.map((entry) => compileFolderPattern(base, entry)).filter((pattern): pattern is FolderPattern => pattern !== undefined);
}

/** Components below the manifest's folder that a pattern names; the folder itself has its own rule. */
export function componentsMatching(ctx: ManifestContext, patterns: readonly FolderPattern[]): string[] {
  return [...ctx.components].filter((path) => path !== ctx.folder && patterns.some((pattern) => matchesFolderPattern(pattern, path)));
}

/**
 * Patterns with `!` negations, in order: the last pattern that matches a path decides, so a later
 * pattern can take back an earlier negation (npm's map-workspaces). With `orderIndependent`, any
 * negation wins (pnpm passes them to the glob as ignore patterns).
 */
export function componentsMatchingWithNegations(ctx: ManifestContext, entries: readonly string[], orderIndependent: boolean): string[] {
  const patterns = entries.flatMap((entry) => {
    const negated = /^!+/.exec(entry)?.[0].length ?? 0;
    const pattern = compileFolderPattern(ctx.folder, entry.slice(negated));
    return pattern ? [{ pattern, negate: negated % 2 === 1 }] : [];
  });
  return [...ctx.components].filter((path) => {
    if (path === ctx.folder) return false;
    const matching = patterns.filter(({ pattern }) => matchesFolderPattern(pattern, path));
    if (matching.length === 0) return false;
    return orderIndependent ? !matching.some((item) => item.negate) : !matching[matching.length - 1].negate;
  });
}
