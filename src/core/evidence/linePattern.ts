/**
 * The pattern language of text probes. A pattern is literal text in which `*` stands for any run
 * of characters within one line (`\*` is a star, `\\` a backslash); it matches a line that
 * contains it. Team profiles are untrusted input, so there is no regular expression here: a
 * pattern is a list of literal pieces found left to right with indexOf, which takes time linear
 * in the line for each piece, whatever the pattern is. Leftmost placement of each piece is never
 * wrong: any match that places a piece further right can move it left without losing the rest.
 */
export class LinePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinePatternError';
  }
}

export const MAX_PATTERN_PIECES = 8;

export interface LinePattern {
  pieces: string[];
}

export function compileLinePattern(pattern: string): LinePattern {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      current += pattern[++i];
    } else if (c === '*') {
      pieces.push(current);
      current = '';
    } else if (c === '\n' || c === '\r') {
      throw new LinePatternError('a text pattern matches within one line; it cannot hold a line break');
    } else {
      current += c;
    }
  }
  pieces.push(current);
  const literal = pieces.filter((piece) => piece !== '');
  if (literal.length === 0)
    throw new LinePatternError(`text pattern ${JSON.stringify(pattern)} has no literal text; it would match every line`);
  if (literal.length > MAX_PATTERN_PIECES)
    throw new LinePatternError(
      `text pattern ${JSON.stringify(pattern)} has ${literal.length} pieces between stars; at most ${MAX_PATTERN_PIECES}`,
    );
  return { pieces: literal };
}

export function matchesLine(pattern: LinePattern, line: string): boolean {
  let from = 0;
  for (const piece of pattern.pieces) {
    const at = line.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** What a line comment starts with in most files probes read: `#` in YAML, TOML, Makefiles and shell; `//` in Groovy and JSONC. */
const DEFAULT_COMMENTS: readonly string[] = ['#', '//'];

/**
 * Line comments by file name, where they differ from the default: INI-style files also take `;`
 * (php.ini, .npmrc, .editorconfig), XML takes `<!--`, and in C-family and Rust sources `#` starts
 * code (`#![forbid(unsafe_code)]`, `#define`), not a comment.
 */
const COMMENTS_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = {
  ini: ['#', ';'],
  npmrc: ['#', ';'],
  editorconfig: ['#', ';'],
  xml: ['<!--'],
  props: ['<!--'],
  targets: ['<!--'],
  csproj: ['<!--'],
  fsproj: ['<!--'],
  vbproj: ['<!--'],
  rs: ['//'],
  c: ['//'],
  h: ['//'],
  cc: ['//'],
  cpp: ['//'],
  hpp: ['//'],
  cs: ['//'],
};

/** The line-comment starts of a file, by its name (`php.ini-production` counts as INI). */
export function lineComments(path: string): readonly string[] {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/\.ini(-[a-z]+)?$/.test(name)) return COMMENTS_BY_EXTENSION.ini;
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && COMMENTS_BY_EXTENSION[name.slice(dot + 1)]) || DEFAULT_COMMENTS;
}

/**
 * The 1-based line numbers of the first `limit` matching lines. Lines that are comments in the
 * file (`comments`: see `lineComments`) are skipped: a commented-out `go test -race` proves nothing.
 */
export function matchingLines(pattern: LinePattern, text: string, limit: number, comments: readonly string[] = DEFAULT_COMMENTS): number[] {
  const lines: number[] = [];
  let start = 0;
  let number = 1;
  // Cheap rejection: a file without the first piece has no match.
  if (!text.includes(pattern.pieces[0])) return lines;
  while (start <= text.length && lines.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const trimmed = line.trimStart();
    if (!comments.some((start) => trimmed.startsWith(start)) && matchesLine(pattern, line)) lines.push(number);
    start = end + 1;
    number++;
  }
  return lines;
}
