/**
 * Minimal glob matching for exclusion settings (files.exclude, stackGuide.detection.exclude):
 * `**`, `*`, `?`, `{a,b}` and character classes, matched against a POSIX relative path.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inGroup = false;
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
      inGroup = true;
      source += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      source += ')';
    } else if (c === ',' && inGroup) {
      source += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
      } else {
        source += '[' + glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else {
      source += c.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export class ExcludeMatcher {
  private readonly patterns: RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map((glob) => globToRegExp(glob.replace(/^\.\//, '').replace(/\/$/, '')));
  }

  /** True when the path, or (for globs without a slash) its last segment, matches. */
  matches(relativePath: string): boolean {
    const base = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return this.patterns.some((pattern) => pattern.test(relativePath) || pattern.test(base));
  }
}
