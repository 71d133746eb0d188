/**
 * Comments in the build files detection reads (Gradle scripts, go.work, mix.exs): removed
 * outside strings, newlines kept, so that line-based readers keep their line numbers.
 */
export interface CommentSyntax {
  line: string;
  block: boolean;
  quotes: string;
  /** Quotes whose strings have no backslash escapes (Go's `raw` strings). */
  raw: string;
  /**
   * Quotes whose strings may run over several lines; any other string ends at the line's end, so
   * an unterminated one cannot hide the rest of the file.
   */
  multiline: string;
}

export const GRADLE: CommentSyntax = { line: '//', block: true, quotes: '"\'', raw: '', multiline: '' };
export const GO: CommentSyntax = { line: '//', block: false, quotes: '"`', raw: '`', multiline: '`' };
export const ELIXIR: CommentSyntax = { line: '#', block: false, quotes: '"\'', raw: '', multiline: '"\'' };

/** Removes comments outside strings; newlines stay, so line-based readers keep their lines. */
export function stripComments(text: string, syntax: CommentSyntax): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      out += c;
      if (c === '\\' && !syntax.raw.includes(quote) && i + 1 < text.length) out += text[++i];
      else if (c === quote || (c === '\n' && !syntax.multiline.includes(quote))) quote = undefined;
    } else if (text.startsWith(syntax.line, i)) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (syntax.block && text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, '') + ' ';
      i = (end < 0 ? text.length : end + 2) - 1;
    } else {
      if (syntax.quotes.includes(c)) quote = c;
      out += c;
    }
  }
  return out;
}
