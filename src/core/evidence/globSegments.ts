import { compileGlob } from '../detect/glob';
import { NAMED_FILE_SETS } from './probe';

/**
 * Probe globs as path segments, for the evidence walks: each glob split at `/` (with the brace
 * alternatives that span folders expanded), each segment compiled on first use, and cached.
 */

/** Where a brace expansion stops: `{a,b}{c,d}…` multiplies, and a profile is untrusted. */
const MAX_BRACE_ALTERNATIVES = 64;

/** One path segment of a glob: `**`, or a name pattern compiled on first use. */
export class Segment {
  readonly globstar: boolean;
  /** Holds a wildcard: `*`, `?`, a class or alternatives. */
  readonly wild: boolean;
  private matcher: RegExp | undefined;

  constructor(readonly text: string) {
    this.globstar = text === '**';
    this.wild = /[*?[{]/.test(text);
  }

  /** Compiled when a walk first lists a folder for it: a bad pattern throws there and nowhere else. */
  compile(): void {
    if (this.wild) this.matcher ??= compileGlob(this.text);
  }

  /** After `compile`. */
  matches(name: string): boolean {
    return this.matcher ? this.matcher.test(name) : name === this.text;
  }
}

const segmentsByGlob = new Map<string, Segment[][]>();
const segmentsBySet = new Map<string, Segment[][]>();

/** The globs of a named file set (@ci), as for globSegments, one after another. */
export function namedSetSegments(name: string): Segment[][] {
  let cached = segmentsBySet.get(name);
  if (!cached) segmentsBySet.set(name, (cached = (NAMED_FILE_SETS[name] ?? []).flatMap(globSegments)));
  return cached;
}

/** A glob as path segments, one list per brace alternative that spans folders; computed once per glob. */
export function globSegments(glob: string): Segment[][] {
  let cached = segmentsByGlob.get(glob);
  if (!cached) {
    cached = expandBraces(glob)
      .map((alternative) => {
        const segments = alternative.split('/').filter((segment) => segment !== '' && segment !== '.');
        // `docs/**` means every file below docs.
        if (segments[segments.length - 1] === '**') segments.push('*');
        return segments.map((segment) => new Segment(segment));
      })
      .filter((segments) => segments.length > 0);
    // Globs come from profiles: a bounded set, but a team could write many; never grow without end.
    if (segmentsByGlob.size > 10_000) segmentsByGlob.clear();
    segmentsByGlob.set(glob, cached);
  }
  return cached;
}

/**
 * `{a,b}/x` → `a/x`, `b/x`, so a glob splits into path segments cleanly. Braces inside one segment
 * stay for the segment matcher; alternatives beyond the limit are dropped (validation warns first).
 */
export function expandBraces(glob: string): string[] {
  const open = findSpanningBrace(glob);
  if (!open) return [glob];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(glob.slice(0, start) + option + glob.slice(end + 1))) {
      if (out.length >= MAX_BRACE_ALTERNATIVES) return out;
      out.push(expanded);
    }
  }
  return out;
}

/** The first top-level brace group whose options contain a slash; only those must be expanded. */
function findSpanningBrace(glob: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = glob.indexOf('{'); start >= 0; start = glob.indexOf('{', start + 1)) {
    let depth = 0;
    let piece = '';
    const options: string[] = [];
    for (let i = start; i < glob.length; i++) {
      const c = glob[i];
      if (c === '{') {
        depth++;
        if (depth > 1) piece += c;
      } else if (c === '}') {
        depth--;
        if (depth === 0) {
          options.push(piece);
          if (options.some((option) => option.includes('/'))) return { start, end: i, options };
          break;
        }
        piece += c;
      } else if (c === ',' && depth === 1) {
        options.push(piece);
        piece = '';
      } else {
        piece += c;
      }
    }
  }
  return undefined;
}
