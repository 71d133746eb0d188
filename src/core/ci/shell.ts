/**
 * A POSIX-shell command splitter for the scripts CI runs: enough of the shell grammar to know
 * which simple commands a script runs, on which line, and whether a failure of each one can fail
 * the script. It is not an interpreter: no expansion, no variables beyond `set -e`/`set +e` and
 * `pipefail`. It knows quotes ('…', "…", $'…'), backslash escapes and `\` line continuations,
 * comments, the operators `&&`, `||`, `;`, `|`, `|&`, `&` and newlines, redirections, here-documents
 * (their bodies are skipped), `$(…)`, `${…}` and backquotes inside words, subshells `( … )` and
 * brace groups `{ …; }` (split recursively, inheriting what follows the group), `!`, and the
 * keywords of if/while/until/for/case (a condition is not a gate).
 */

export interface ShellCommand {
  /** The words after quote removal, assignments first (`GOFLAGS=-race go test`). */
  words: string[];
  /** How many leading words are `NAME=value` assignments. */
  assignments: number;
  /** 0-based line of the command's first word within the script. */
  line: number;
  /** Whether the command exiting non-zero fails the script. */
  gating: boolean;
  /** When not gating: why, in a few words (`|| true`, `set +e`, `an if condition`). */
  why?: string;
}

export interface ShellOptions {
  /** Whether the script starts with `set -e` in effect (GitHub Actions' bash and sh do; a plain script does not fail on a middle command). */
  errexit?: boolean;
  /** Whether a failure before the last command of a pipeline fails it (GitHub Actions' `shell: bash`). */
  pipefail?: boolean;
}

/** Bounds: a script from a repository is untrusted input. */
const MAX_SCRIPT_CHARS = 200_000;
const MAX_COMMANDS = 2_000;
const MAX_GROUP_DEPTH = 16;

type Operator = '&&' | '||' | ';' | '|' | '|&' | '&' | '\n';

interface Token {
  kind: 'word' | 'op' | 'group';
  text: string;
  line: number;
  /** For a group: its inner script and the line it starts on. */
  inner?: { text: string; line: number };
  /** Whether the word had any quoting (a quoted `#` or `(` is text). */
  quoted?: boolean;
}

/** Splits a script into its simple commands, in order. */
export function splitCommands(script: string, options: ShellOptions = {}): ShellCommand[] {
  const out: ShellCommand[] = [];
  const state: State = { errexit: options.errexit ?? true, pipefail: options.pipefail ?? false };
  run(script.length > MAX_SCRIPT_CHARS ? script.slice(0, MAX_SCRIPT_CHARS) : script, 0, state, out, undefined, 0);
  return out;
}

interface State {
  errexit: boolean;
  pipefail: boolean;
  /** Set when a `set +e` turned errexit off (rather than a shell started without it). */
  errexitOff?: boolean;
}

/**
 * Splits and judges one script (or a group's inside). `inherited` is a reason every command here
 * cannot fail (the group is followed by `|| true`, or is a condition).
 */
function run(script: string, baseLine: number, state: State, out: ShellCommand[], inherited: string | undefined, depth: number, last = true): void {
  const tokens = tokenize(script, baseLine);
  // and-or lists: pipelines joined by && and ||, ended by ; & or a newline.
  const lists: { items: { pipeline: Token[][]; op?: Operator }[]; background: boolean }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const list: { pipeline: Token[][]; op?: Operator }[] = [];
    let pipeline: Token[][] = [[]];
    let end: Operator | undefined;
    for (; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.kind !== 'op') {
        pipeline[pipeline.length - 1].push(token);
        continue;
      }
      const op = token.text as Operator;
      if (op === '|' || op === '|&') {
        pipeline.push([]);
      } else if (op === '&&' || op === '||') {
        list.push({ pipeline, op });
        pipeline = [[]];
      } else {
        end = op;
        i++;
        break;
      }
    }
    list.push({ pipeline });
    if (list.some((item) => item.pipeline.some((segment) => segment.length > 0))) lists.push({ items: list, background: end === '&' });
  }
  lists.forEach((list, index) => {
    if (out.length < MAX_COMMANDS) judgeList(list.items, list.background, state, out, inherited, depth, last && index === lists.length - 1);
  });
}

const SUCCEEDS = new Set(['true', ':']);

/** Whether a pipeline, run after `||`, always succeeds: `true`, `:`, `exit 0`, `echo …`. */
function alwaysSucceeds(pipeline: Token[][]): string | undefined {
  const words = pipeline[pipeline.length - 1].filter((token) => token.kind === 'word').map((token) => token.text);
  const first = words[0];
  if (first === undefined) return undefined;
  if (SUCCEEDS.has(first)) return `\`|| ${first}\``;
  if ((first === 'exit' || first === 'return') && (words[1] === undefined || words[1] === '0')) return `\`|| ${words.join(' ')}\``;
  if (first === 'echo' || first === 'printf') return `\`|| ${first}\``;
  return undefined;
}

/** `last`: the script's last list, whose status is the script's even without `set -e`. */
function judgeList(list: { pipeline: Token[][]; op?: Operator }[], background: boolean, state: State, out: ShellCommand[], inherited: string | undefined, depth: number, last: boolean): void {
  for (let index = 0; index < list.length; index++) {
    const { pipeline } = list[index];
    // A later `|| true` (or `|| exit 0`, `|| echo`) catches this pipeline's failure.
    let rescued: string | undefined;
    for (let next = index; next < list.length - 1; next++) {
      if (list[next].op === '||') {
        rescued = alwaysSucceeds(list[next + 1].pipeline);
        break;
      }
    }
    // Under `set -e`, a pipeline before `&&` or `||` does not exit the shell, but `a && b` as a
    // step's script still fails it when `a` fails (the list's status is the script's). Treated as gating.
    pipeline.forEach((segment, position) => {
      const end = position === pipeline.length - 1;
      let why = inherited ?? rescued;
      if (!why && background) why = 'runs in the background (`&`)';
      if (!why && !end && !state.pipefail) why = 'not the last command of a pipeline, without `pipefail`';
      // Without `set -e` only the last list decides the script's status.
      if (!why && !state.errexit && !last) why = state.errexitOff ? '`set +e`' : 'not the last command, in a shell without `set -e`';
      emit(segment, why, state, out, depth, last);
    });
  }
}

const CONDITION_KEYWORDS = new Set(['if', 'elif', 'while', 'until']);
const BODY_KEYWORDS = new Set(['then', 'do', 'else', '{', 'fi', 'done', 'esac', '}']);

function emit(segment: Token[], why: string | undefined, state: State, out: ShellCommand[], depth: number, last: boolean): void {
  let tokens = segment;
  // Keywords: what follows `then`/`do`/`else` is an ordinary command; a condition is not a gate.
  while (tokens.length > 0 && tokens[0].kind === 'word' && !tokens[0].quoted) {
    const word = tokens[0].text;
    if (BODY_KEYWORDS.has(word)) {
      tokens = tokens.slice(1);
    } else if (CONDITION_KEYWORDS.has(word)) {
      tokens = tokens.slice(1);
      why ??= `an \`${word}\` condition`;
    } else if (word === '!') {
      tokens = tokens.slice(1);
      why ??= 'negated with `!`';
    } else if (word === 'for' || word === 'case' || word === 'select' || word === 'function') {
      return;
    } else {
      break;
    }
  }
  if (tokens.length === 0) return;
  if (tokens[0].kind === 'group') {
    if (depth < MAX_GROUP_DEPTH) {
      const inner = tokens[0].inner!;
      // A subshell's `set +e` stays inside it; a brace group's does not, which matters little here.
      run(inner.text, inner.line, { ...state }, out, why, depth + 1, last);
    }
    return;
  }
  const words = tokens.filter((token) => token.kind === 'word').map((token) => token.text);
  if (words.length === 0) return;
  let assignments = 0;
  while (assignments < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[assignments])) assignments++;
  const name = words[assignments];
  if (name === 'set') applySet(words.slice(assignments + 1), state);
  if (out.length >= MAX_COMMANDS) return;
  const command: ShellCommand = { words, assignments, line: tokens[0].line, gating: why === undefined };
  if (why !== undefined) command.why = why;
  out.push(command);
}

function applySet(args: string[], state: State): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if ((arg === '-o' || arg === '+o') && args[i + 1] !== undefined) {
      const on = arg === '-o';
      if (args[i + 1] === 'errexit') {
        state.errexit = on;
        state.errexitOff = !on;
      }
      if (args[i + 1] === 'pipefail') state.pipefail = on;
      i++;
    } else if (/^[-+][a-zA-Z]+$/.test(arg)) {
      if (arg.includes('e')) {
        state.errexit = arg[0] === '-';
        state.errexitOff = !state.errexit;
      }
    }
  }
}

/** The words, operators and groups of a script; comments, continuations and here-document bodies gone. */
function tokenize(script: string, baseLine: number): Token[] {
  const tokens: Token[] = [];
  const heredocs: { delimiter: string; strip: boolean }[] = [];
  let line = baseLine;
  let i = 0;
  const n = script.length;
  /** Whether the next word starts a command (a group or a comment may start only at a word's start). */
  const atCommandStart = () => tokens.length === 0 || (tokens[tokens.length - 1].kind === 'op') || (tokens[tokens.length - 1].kind === 'word' && BODY_KEYWORDS.has(tokens[tokens.length - 1].text) || CONDITION_KEYWORDS.has(tokens[tokens.length - 1].text) || tokens[tokens.length - 1].text === '!');
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
function skipRedirection(script: string, from: number, tokens: Token[], line: number): number {
  void tokens;
  void line;
  let i = from;
  while (script[i] === '>' || script[i] === '<' || script[i] === '&' || script[i] === '|') i++;
  while (script[i] === ' ' || script[i] === '\t') i++;
  // `2>&1`, `>&-`: the target is part of the operator.
  return readWord(script, i).end;
}

/** One word from `from`: quotes removed, `$(…)`, `${…}` and backquotes kept as written. */
function readWord(script: string, from: number): { text: string; end: number; lines: number; quoted: boolean } {
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
function matching(script: string, from: number, close: ')'): number {
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
function matchingBrace(script: string, from: number, parameter = false): number {
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

function count(text: string, char: string): number {
  let total = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) total++;
  return total;
}
