/**
 * Calls in a Gradle settings or build script (Groovy or Kotlin DSL), comments already removed:
 * the string literals passed to a function, in either call syntax.
 */

/** String literals passed to `name(…)` or Groovy's `name '…', '…'`; interpolated strings are skipped. */
export function gradleCallArguments(code: string, name: string): string[] {
  const values: string[] = [];
  const call = new RegExp(`(?<![\\w$])${name}(?![\\w$])\\s*`, 'g');
  for (let match = call.exec(code); match; match = call.exec(code)) {
    const start = match.index + match[0].length;
    const args =
      code[start] === '('
        ? parenthesised(code, start)
        : code[start] === '"' || code[start] === "'"
          ? commandArguments(code, start)
          : undefined;
    if (args === undefined) continue;
    values.push(...stringLiterals(args).filter((value) => !value.includes('$')));
  }
  return values;
}

/** The text between the parenthesis at `open` and its match (strings taken into account). */
function parenthesised(code: string, open: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return code.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Groovy command syntax: arguments run to the end of the line, or on while a line ends with a comma. */
function commandArguments(code: string, start: number): string {
  let end = start;
  for (;;) {
    const newline = code.indexOf('\n', end);
    if (newline < 0) return code.slice(start);
    if (!code.slice(start, newline).trimEnd().endsWith(',')) return code.slice(start, newline);
    end = newline + 1;
  }
}

function stringLiterals(text: string): string[] {
  const values: string[] = [];
  const literal = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g;
  for (let match = literal.exec(text); match; match = literal.exec(text)) values.push(match[1] ?? match[2]);
  return values;
}
