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

import { BODY_KEYWORDS, CONDITION_KEYWORDS, tokenize, type Operator, type Token } from './shellTokens';

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
function run(
  script: string,
  baseLine: number,
  state: State,
  out: ShellCommand[],
  inherited: string | undefined,
  depth: number,
  last = true,
): void {
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
function judgeList(
  list: { pipeline: Token[][]; op?: Operator }[],
  background: boolean,
  state: State,
  out: ShellCommand[],
  inherited: string | undefined,
  depth: number,
  last: boolean,
): void {
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
