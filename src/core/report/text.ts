/**
 * Terminal safety for everything the CLI prints. Repository and profile text (paths, names, ids,
 * item text, notes) may hold newlines, ANSI escapes or bidirectional controls; printed raw, they
 * could rewrite a CI log, reorder what a reader sees, or start a line that GitHub Actions reads as a
 * workflow command (`::error::…`, `::add-mask::…`, `::stop-commands::…`).
 */

/**
 * C0 controls (newline and tab included), DEL, C1 controls (U+009B is a one-byte CSI on some
 * terminals), the bidirectional controls of "Trojan Source" (ALM, LRM, RLM, LRE…RLO, LRI…PDI), and
 * the line and paragraph separators.
 */
// Control characters are what these patterns exist to find.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set less newline and tab: what may never reach a terminal, whoever wrote the text. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function codePoint(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * One line of repository text as it may be shown: every control character, ANSI escape and bidi
 * control appears as `\uXXXX`, so the text stays on its line and shows what it holds; and
 * "##vso[" appears as "\u0023#vso[".
 */
export function printable(text: string): string {
  return String(text).replace(UNPRINTABLE, codePoint).replace(AZURE_COMMAND, '\\u0023');
}

/** True when the text holds a character that printable() would show as a code point. */
export function hasUnprintable(text: string): boolean {
  return new RegExp(UNPRINTABLE.source).test(text);
}

/** The first "#" of "##vso[", which Azure Pipelines reads as a logging command anywhere in a line. */
const AZURE_COMMAND = /#(?=#vso\[)/gi;

/**
 * Everything the CLI writes goes through one of these, per stream. It is the last line of defence
 * behind each format's own escaping:
 * - any control character other than newline and tab becomes `\uXXXX` (in JSON text that is the
 *   same string, since it is JSON's own escape);
 * - a line whose first non-blank character is `:`, or that starts with `##[`, has that character
 *   shown as `\u003a` or `\u0023`, so no line is a GitHub Actions workflow command (the runner
 *   trims leading white space, then looks for `::` or the older `##[`);
 * - `##vso[`, which Azure Pipelines reads as a command anywhere in a line, becomes `\u0023#vso[`.
 * Text written with `raw` (the annotations of `--format github`, built escaped) skips the line-start
 * rule only.
 */
export class TerminalText {
  /** True while the current line holds only white space so far. */
  private blank = true;

  write(text: string, options: { raw?: boolean } = {}): string {
    const lines = text.replace(UNSAFE_IN_OUTPUT, codePoint).replace(AZURE_COMMAND, '\\u0023').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.blank = true;
      if (!this.blank) continue;
      const indent = /^\s*/.exec(lines[i])![0];
      const rest = lines[i].slice(indent.length);
      if (rest === '') continue;
      this.blank = false;
      if (!options.raw && (rest[0] === ':' || rest.startsWith('##['))) lines[i] = indent + codePoint(rest[0]) + rest.slice(1);
    }
    return lines.join('\n');
  }
}

/** A whole text as it may be printed (or written to a file), from the start of a line. */
export function terminalSafe(text: string): string {
  return new TerminalText().write(text);
}

/** JSON for a terminal or a file: the same data, with every character a terminal could act on escaped. */
export function safeJson(value: unknown): string {
  return terminalSafe(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The one escaper of repository and profile text in every Markdown output (`check --format
 * markdown` for pull requests and step summaries, the checklist export, SARIF's help Markdown):
 * shown as written, and never markup, HTML, a link or a notification on GitHub.
 * - `&`, `<`, `>` are entities; the characters of emphasis, code, links, tables and strikethrough
 *   are backslash-escaped, and so is what would start a block at the start of the text (a heading,
 *   a list item, a setext underline);
 * - GitHub's extended autolinks: the `:` of `scheme://`, `mailto:` and `xmpp:`, and the `.` of
 *   `www.`, are escaped, so no bare URL becomes a link;
 * - mentions (`@user`, `@org/team`) and email autolinks need a letter or digit right after `@`: a
 *   word joiner (U+2060, invisible) goes there, so no one is notified.
 */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/[&<>\\`*_[\]|~]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_, space: string, start: string) =>
      /\d/.test(start) ? `${space}${start}\\` : `${space}\\${start}`,
    )
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(mailto|xmpp):/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '@\u2060');
}

/** Text in a code span: HTML and markup are not interpreted there; only a backtick could end it. */
export function markdownCode(text: string): string {
  return `\`${printable(text).replace(/`/g, "'")}\``;
}
