/** Tokens of the go.mod syntax (go.mod, go.work): one line at a time, comments already removed. */

/** Splits a go.mod-syntax line: bare words, "interpreted" and `raw` strings, parentheses. */
export function goTokens(line: string): string[] | string {
  const tokens: string[] = [];
  const token = /\s*(?:([()])|"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s()"`]+))\s*/y;
  const text = line.trim();
  while (token.lastIndex < text.length) {
    const match = token.exec(text);
    if (!match) return 'unterminated string';
    if (match[2] !== undefined) tokens.push(unquoteGo(match[2]));
    else tokens.push(match[1] ?? match[3] ?? match[4]);
  }
  return tokens;
}

/** Go's interpreted-string escapes are, for paths, those of JSON. */
function unquoteGo(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}
