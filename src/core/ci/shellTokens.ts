/** The shell splitter's lexer: words (quotes, escapes, expansions kept whole), operators, groups, lines. */

/** Keywords that open a condition (not a gate) and that open or close a body. */
export const CONDITION_KEYWORDS = new Set(['if', 'elif', 'while', 'until']);
export const BODY_KEYWORDS = new Set(['then', 'do', 'else', '{', 'fi', 'done', 'esac', '}']);

export type Operator = '&&' | '||' | ';' | '|' | '|&' | '&' | '\n';

export interface Token {
  kind: 'word' | 'op' | 'group';
  text: string;
  line: number;
  /** For a group: its inner script and the line it starts on. */
  inner?: { text: string; line: number };
  /** Whether the word had any quoting (a quoted `#` or `(` is text). */
  quoted?: boolean;
}

/** The words, operators and groups of a script; comments, continuations and here-document bodies gone. */
export function tokenize(script: string, baseLine: number): Token[] {
  const tokens: Token[] = [];
  const heredocs: { delimiter: string; strip: boolean }[] = [];
  let line = baseLine;
  let i = 0;
  const n = script.length;
  /** Whether the next word starts a command (a group or a comment may start only at a word's start). */
  const atCommandStart = () =>
    tokens.length === 0 ||
    tokens[tokens.length - 1].kind === 'op' ||
    (tokens[tokens.length - 1].kind === 'word' && BODY_KEYWORDS.has(tokens[tokens.length - 1].text)) ||
    CONDITION_KEYWORDS.has(tokens[tokens.length - 1].text) ||
    tokens[tokens.length - 1].text === '!';
  while (i < n) {
    const c = script[i];
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', text: '\n', line });
      i++;
      line++;
      // Here-document bodies start on the next line and are not commands.
      while (heredocs.length > 0 && i < n) {
        const { delimiter, strip } = heredocs[0];
        let end = script.indexOf('\n', i);
        if (end < 0) end = n;
        let text = script.slice(i, end).replace(/\r$/, '');
        if (strip) text = text.replace(/^\t+/, '');
        i = end + 1;
        line++;
        if (text === delimiter) heredocs.shift();
      }
      continue;
    }
    if (c === '#') {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (c === ';') {
      // `;;` ends a case branch: as good as a separator here.
      i += script[i + 1] === ';' ? 2 : 1;
      tokens.push({ kind: 'op', text: ';', line });
      continue;
    }
    if (c === '&' || c === '|') {
      if (script[i + 1] === c) {
        tokens.push({ kind: 'op', text: c + c, line });
        i += 2;
      } else if (c === '|' && script[i + 1] === '&') {
        tokens.push({ kind: 'op', text: '|&', line });
        i += 2;
      } else if (c === '&' && script[i + 1] === '>') {
        i = skipRedirection(script, i + 2, tokens, line);
      } else {
        tokens.push({ kind: 'op', text: c, line });
        i++;
      }
      continue;
    }
    if (c === '(' && atCommandStart()) {
      const close = matching(script, i + 1, ')');
      const inner = script.slice(i + 1, close);
      tokens.push({ kind: 'group', text: '(', line, inner: { text: inner, line } });
      line += count(inner, '\n');
      i = Math.min(n, close + 1);
      continue;
    }
    if (c === '{' && atCommandStart() && /[\s]/.test(script[i + 1] ?? '')) {
      const close = matchingBrace(script, i + 1);
      const inner = script.slice(i + 1, close);
      tokens.push({ kind: 'group', text: '{', line, inner: { text: inner, line } });
      line += count(inner, '\n');
      i = Math.min(n, close + 1);
      continue;
    }
    if (c === '<' || c === '>' || (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(script.slice(i, i + 4)))) {
      let j = i;
      while (/[0-9]/.test(script[j])) j++;
      if (script[j] === '<' && script[j + 1] === '<' && script[j + 2] !== '<') {
        // A here-document: its delimiter is the next word.
        let k = j + 2;
        const strip = script[k] === '-';
        if (strip) k++;
        while (script[k] === ' ' || script[k] === '\t') k++;
        const word = readWord(script, k);
        heredocs.push({ delimiter: word.text, strip });
        line += word.lines;
        i = word.end;
        continue;
      }
      i = skipRedirection(script, j + 1, tokens, line);
      continue;
    }
    const word = readWord(script, i);
    if (word.end === i) {
      i++;
      continue;
    }
    tokens.push({ kind: 'word', text: word.text, line, quoted: word.quoted });
    line += word.lines;
    i = word.end;
  }
  return tokens;
}

/** Past a redirection's operator characters and its target word; nothing of it is a command word. */
export function skipRedirection(script: string, from: number, tokens: Token[], line: number): number {
  void tokens;
  void line;
  let i = from;
  while (script[i] === '>' || script[i] === '<' || script[i] === '&' || script[i] === '|') i++;
  while (script[i] === ' ' || script[i] === '\t') i++;
  // `2>&1`, `>&-`: the target is part of the operator.
  return readWord(script, i).end;
}

/** One word from `from`: quotes removed, `$(…)`, `${…}` and backquotes kept as written. */
export function readWord(script: string, from: number): { text: string; end: number; lines: number; quoted: boolean } {
  let text = '';
  let i = from;
  let lines = 0;
  let quoted = false;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i += 2;
        lines++;
        continue;
      }
      if (i + 1 < n) text += script[i + 1];
      i += 2;
      quoted = true;
      continue;
    }
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      const piece = script.slice(i + 1, end);
      text += piece;
      lines += count(piece, '\n');
      i = end + 1;
      quoted = true;
      continue;
    }
    if (c === '$' && script[i + 1] === "'") {
      let j = i + 2;
      while (j < n && script[j] !== "'") j += script[j] === '\\' ? 2 : 1;
      const piece = script.slice(i + 2, Math.min(j, n));
      text += piece;
      lines += count(piece, '\n');
      i = j + 1;
      quoted = true;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < n) {
          const next = script[j + 1];
          if (next === '\n') {
            lines++;
          } else {
            text += '$`"\\'.includes(next) ? next : '\\' + next;
          }
          j += 2;
          continue;
        }
        if (script[j] === '$' && script[j + 1] === '(') {
          const close = matching(script, j + 2, ')');
          const piece = script.slice(j, close + 1);
          text += piece;
          lines += count(piece, '\n');
          j = close + 1;
          continue;
        }
        if (script[j] === '\n') lines++;
        text += script[j];
        j++;
      }
      i = j + 1;
      quoted = true;
      continue;
    }
    if (c === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      const close = script[i + 1] === '(' ? matching(script, i + 2, ')') : matchingBrace(script, i + 2, true);
      const piece = script.slice(i, Math.min(n, close + 1));
      text += piece;
      lines += count(piece, '\n');
      i = close + 1;
      continue;
    }
    if (c === '`') {
      const close = script.indexOf('`', i + 1);
      const end = close < 0 ? n : close;
      const piece = script.slice(i, end + 1);
      text += piece;
      lines += count(piece, '\n');
      i = end + 1;
      continue;
    }
    if (' \t\r\n;&|<>()'.includes(c)) break;
    text += c;
    i++;
  }
  return { text, end: Math.min(i, n), lines, quoted };
}

/** The index of the `close` that ends a group opened just before `from`, skipping quotes and nested groups; the end of the script if none. */
export function matching(script: string, from: number, close: ')'): number {
  let depth = 1;
  let i = from;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && script[j] !== '"') j += script[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(script[i - 1]))) {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return n;
}

/** The `}` that ends a brace group (a word of its own after a separator) or a `${…}` (any `}` when `parameter`). */
export function matchingBrace(script: string, from: number, parameter = false): number {
  let depth = 1;
  let i = from;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && script[j] !== '"') j += script[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '$' && script[i + 1] === '{') {
      i = matchingBrace(script, i + 2, true) + 1;
      continue;
    }
    if (c === '{' && (parameter || /\s/.test(script[i + 1] ?? ''))) depth++;
    else if (c === '}' && (parameter || /[\s;&]/.test(script[i - 1] ?? ''))) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return n;
}

export function count(text: string, char: string): number {
  let total = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) total++;
  return total;
}
