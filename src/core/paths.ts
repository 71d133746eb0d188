/**
 * Paths as the core sees them: POSIX-style, relative to a workspace folder, '.' for the folder
 * itself (see FileSystem). Every join, parent, containment and normalisation rule lives here.
 */
export { joinRelative } from './fileSystem';

/** A listed path in canonical form: no empty or '.' segments, '.' for the root. */
export function normaliseRelative(relativePath: string): string {
  const parts = relativePath.split('/').filter((part) => part && part !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

/** The folder that holds a path; '.' for a path at the root. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** The last segment of a path: the file or folder name. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `inner` is `outer` or below it. */
export function isWithin(outer: string, inner: string): boolean {
  return outer === '.' || inner === outer || inner.startsWith(`${outer}/`);
}

/** `inner` is below `outer`, not `outer` itself. */
export function isBelow(outer: string, inner: string): boolean {
  return inner !== outer && isWithin(outer, inner);
}

/** The characters that make a path segment a glob pattern. */
export const WILDCARD = /[*?[{]/;

/**
 * A path written in a manifest (a member entry, a path dependency) resolved against its folder,
 * relative to the workspace folder: trimmed, backslashes as slashes, `.` and `..` applied, '.' for
 * the folder itself. Undefined for an absolute path or one that climbs out of the workspace folder
 * (the tool may accept it, but it is nothing detection saw).
 */
export function resolveEntry(base: string, entry: string): string | undefined {
  const path = entry.trim().replace(/\\/g, '/');
  if (path === '' || path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path)) return undefined;
  const segments = base === '.' || base === '' ? [] : base.split('/');
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      // `a/*/..` has no single folder to climb from.
      if (segments.length === 0 || WILDCARD.test(segments[segments.length - 1])) return undefined;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

/** Code-unit order: the same on every machine, whatever its locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** '.' first, then by path in the locale's order (how detection and the views list folders). */
export function comparePaths(a: string, b: string): number {
  return a === b ? 0 : a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b);
}
