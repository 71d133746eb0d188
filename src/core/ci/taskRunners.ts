import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, isSeq, LineCounter, type Node } from 'yaml';
import { parseYamlDocument } from '../yamlDocument';
import { lineAt } from '../formats/position';
import { joinRelative, normaliseRelative } from '../paths';
import type { CiCommand, CiFiles, CiLocation } from './model';
import { splitCommands } from './shell';
import { jsonSection, keyLine, parseJustfile, parseMakefile, quoteWord, toxIni } from './taskFiles';

/**
 * Task runners: a CI command that names a task (`npm run check`, `make lint`, `just test`,
 * `task ci`, `deno task check`, `composer test`) resolves to the commands of that task, read from
 * the runner's file, recursively and within bounds. Each resolved command keeps the chain of
 * places that led to it, and fails the job only if every link of the chain can.
 */
export const TASK_LIMITS = { maxDepth: 4, maxResolved: 2000 };

/** A task's body: its scripts, each with where its lines are and what it adds to the chain. */
export interface TaskScript {
  script: string;
  /** Where line `offset` of the script is. */
  at: (offset: number) => CiLocation;
  /** A recipe line marked to ignore errors (make's `-`, Taskfile's `ignore_error`). */
  ignoreErrors?: string;
  /** Each recipe line is its own `sh -c` (make, just): without `-e`, only its last command decides. */
  errexit: boolean;
}

/** Which file a runner reads, and what one resolution read (for change tracking and the reason). */
export interface Resolution {
  scripts: TaskScript[];
  /** Nested tasks to resolve in the same file (make prerequisites, just dependencies, Taskfile deps). */
  runner: string;
  file: string;
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'nohup', 'exec', 'command', 'xvfb-run']);
const MAKE = new Set(['make', 'gmake', '$(MAKE)', '${MAKE}']);

/** Runners that run the rest of the line in a project environment: `uv run tox`, `poetry run mypy`. */
const RUN_WRAPPERS = new Set(['uv', 'poetry', 'pdm', 'pipenv', 'rye', 'hatch']);
/** Their options that take a value (`uv run --group dev tox`). */
const VALUE_OPTIONS = new Set([
  '--group',
  '--only-group',
  '--extra',
  '--with',
  '--with-requirements',
  '--python',
  '-p',
  '--package',
  '--project',
  '--directory',
  '--env-file',
  '--index',
  '-e',
  '--env',
]);

/** The words that name the program, past assignments and wrappers such as `sudo`, `env` and `uv run`. */
export function programWords(command: Pick<CiCommand, 'words' | 'assignments'>): string[] {
  let words = command.words.slice(command.assignments);
  for (let guard = 0; guard < 8 && words.length > 0; guard++) {
    if (WRAPPERS.has(words[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
      words = words.slice(1);
    } else if (RUN_WRAPPERS.has(words[0]) && words[1] === 'run' && words[0] !== 'hatch') {
      let i = 2;
      while (i < words.length && words[i].startsWith('-')) i += VALUE_OPTIONS.has(words[i]) ? 2 : 1;
      words = words.slice(i);
    } else if (words[0] === 'python' && words[1] === '-m' && words.length > 2) {
      words = words.slice(2);
    } else {
      break;
    }
  }
  return words;
}

/** The task files a command resolves through, and the commands they run; every resolved command in `out`. */
export class TaskResolver {
  /** Files read, with `undefined` for one that is not there, so each is read once. */
  private readonly texts = new Map<string, Promise<string | undefined>>();
  readonly read = new Set<string>();
  resolved = 0;
  truncated = false;

  constructor(
    private readonly files: CiFiles,
    private readonly root: string,
  ) {}

  private text(path: string): Promise<string | undefined> {
    let cached = this.texts.get(path);
    if (!cached) {
      cached = this.files.read(path).then((text) => {
        if (text !== undefined) this.read.add(path);
        return text;
      });
      this.texts.set(path, cached);
    }
    return cached;
  }

  private at(cwd: string, name: string): string {
    const dir = normaliseRelative(joinRelative(this.root === '' ? '.' : this.root, cwd));
    return normaliseRelative(joinRelative(dir, name));
  }

  /** The command and everything it runs through task runners, depth first. */
  async expand(command: CiCommand, depth = 0): Promise<CiCommand[]> {
    const out: CiCommand[] = [command];
    if (depth >= TASK_LIMITS.maxDepth) return out;
    const scripts = command.kind === 'run' ? await this.resolve(command) : [];
    for (const task of scripts) {
      for (const inner of splitCommands(task.script, { errexit: task.errexit })) {
        if (++this.resolved > TASK_LIMITS.maxResolved) {
          this.truncated = true;
          return out;
        }
        const location = task.at(inner.line);
        const gating = command.gating && inner.gating && !task.ignoreErrors;
        const why = command.why ?? (gating ? undefined : { text: task.ignoreErrors ?? inner.why ?? 'cannot fail', at: location });
        const child: CiCommand = {
          words: inner.words,
          assignments: inner.assignments,
          text: inner.words.join(' '),
          kind: 'run',
          chain: [...command.chain, location],
          gating,
          ...(gating ? {} : { why }),
          cwd: command.cwd,
        };
        out.push(...(await this.expand(child, depth + 1)));
      }
    }
    return out;
  }

  /** The scripts a command's task runs, or none when it names no task this knows. */
  async resolve(command: CiCommand): Promise<TaskScript[]> {
    const words = programWords(command);
    const program = words[0];
    if (program === undefined) return [];
    const args = words.slice(1);
    if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun')
      return this.packageScript(program, args, command.cwd);
    if (MAKE.has(program)) return this.make(args, command.cwd);
    if (program === 'just') return this.just(args, command.cwd);
    if (program === 'task' || program === 'go-task') return this.taskfile(args, command.cwd);
    if (program === 'deno' && args[0] === 'task') return this.deno(args.slice(1), command.cwd);
    if (program === 'composer') return this.composer(args, command.cwd);
    if (program === 'tox') return this.tox(args, command);
    return [];
  }

  // tox: tox.ini [testenv:x] or pyproject.toml [tool.tox.env.x] ----------------------------------

  private async tox(args: string[], command: CiCommand): Promise<TaskScript[]> {
    let envs: string[] | undefined;
    for (let i = 0; i < args.length; i++) if (args[i] === '-e' || args[i] === '--env') envs = (args[i + 1] ?? '').split(',');
    // TOXENV from the environment; a value CI fills in at run time (`${{ … }}`) names nothing here.
    const setting = command.words.slice(0, command.assignments).find((word) => word.startsWith('TOXENV=') || word.startsWith('TOX_ENV='));
    const fromEnv = setting?.slice(setting.indexOf('=') + 1);
    if (!envs && fromEnv !== undefined) envs = fromEnv.includes('${{') ? [] : fromEnv.split(',');
    const ini = this.at(command.cwd, 'tox.ini');
    const iniText = await this.text(ini);
    if (iniText !== undefined) return toxIni(iniText, ini, envs);
    const pyproject = this.at(command.cwd, 'pyproject.toml');
    const text = await this.text(pyproject);
    if (text === undefined) return [];
    let tox: Record<string, unknown> | undefined;
    try {
      tox = (parseToml(text) as { tool?: { tox?: Record<string, unknown> } }).tool?.tox ?? undefined;
    } catch {
      return [];
    }
    if (!tox) return [];
    const envTable = (tox.env ?? {}) as Record<string, { commands?: unknown }>;
    const base = (tox.env_run_base ?? {}) as { commands?: unknown };
    const names = envs ?? (Array.isArray(tox.env_list) ? tox.env_list.filter((name): name is string => typeof name === 'string') : []);
    const out: TaskScript[] = [];
    for (const name of names) {
      const own = envTable[name]?.commands;
      const commands = own ?? base.commands;
      if (!Array.isArray(commands)) continue;
      const header = own ? `[tool.tox.env.${name}]` : '[tool.tox.env_run_base]';
      const line = lineAt(text, Math.max(0, text.indexOf(header)));
      for (const argv of commands) {
        if (!Array.isArray(argv)) continue;
        const words = argv.filter((word): word is string => typeof word === 'string');
        if (words.length === 0) continue;
        out.push({
          script: words.map(quoteWord).join(' '),
          at: () => ({ path: pyproject, line }),
          errexit: false,
          ...(words[0].startsWith('-') ? { ignoreErrors: 'a `-` tox command (its exit status is ignored)' } : {}),
        });
      }
    }
    return out;
  }

  // package.json --------------------------------------------------------------------------------

  private async packageScript(program: string, args: string[], cwd: string): Promise<TaskScript[]> {
    const positional = args.filter((arg) => !arg.startsWith('-'));
    const sub = positional[0];
    if (sub === undefined) return [];
    let name: string | undefined;
    if (['run', 'run-script', 'rum', 'urn'].includes(sub)) name = positional[1];
    else if (['test', 't', 'tst'].includes(sub)) name = 'test';
    else if (['start', 'stop', 'restart'].includes(sub)) name = sub;
    // pnpm, yarn and bun run a script named as their first argument when one exists.
    else if (program !== 'npm') name = sub;
    if (name === undefined) return [];
    const path = this.at(cwd, 'package.json');
    const text = await this.text(path);
    if (text === undefined) return [];
    const scripts = jsonSection(text, 'scripts');
    if (!scripts || typeof scripts.value[name] !== 'string') return [];
    // npm runs `pre<name>` and `post<name>` around it; pnpm (since 7), yarn 2+ and bun do not.
    const names = program === 'npm' ? [`pre${name}`, name, `post${name}`] : [name];
    return names
      .filter((script) => typeof scripts.value[script] === 'string')
      .map((script) => ({
        script: scripts.value[script] as string,
        at: () => ({ path, line: keyLine(text, scripts.offset, script) }),
        errexit: false,
      }));
  }

  // make ----------------------------------------------------------------------------------------

  private async make(args: string[], cwd: string): Promise<TaskScript[]> {
    let dir = cwd;
    let file: string | undefined;
    const targets: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '-C' || arg === '--directory') dir = normaliseRelative(joinRelative(dir, args[++i] ?? '.'));
      else if (arg.startsWith('-C') && arg.length > 2) dir = normaliseRelative(joinRelative(dir, arg.slice(2)));
      else if (arg === '-f' || arg === '--file' || arg === '--makefile') file = args[++i];
      else if (arg === '-j' || arg === '-l' || arg === '-o' || arg === '-W') {
        if (/^\d+$/.test(args[i + 1] ?? '')) i++;
      } else if (!arg.startsWith('-') && !arg.includes('=')) targets.push(arg);
    }
    for (const name of file ? [file] : ['GNUmakefile', 'makefile', 'Makefile']) {
      const path = this.at(dir, name);
      const text = await this.text(path);
      if (text === undefined) continue;
      const rules = parseMakefile(text);
      const wanted = targets.length > 0 ? targets : rules.first ? [rules.first] : [];
      const out: TaskScript[] = [];
      const seen = new Set<string>();
      const visit = (target: string, depth: number) => {
        if (seen.has(target) || depth > 8) return;
        seen.add(target);
        const rule = rules.rules.get(target);
        if (!rule) return;
        for (const prerequisite of rule.prerequisites) visit(prerequisite, depth + 1);
        for (const recipe of rule.recipe) {
          out.push({
            script: recipe.text,
            at: (offset) => ({ path, line: recipe.line + offset }),
            errexit: false,
            ...(recipe.ignore ? { ignoreErrors: 'a `-` recipe line (make ignores its errors)' } : {}),
          });
        }
      };
      for (const target of wanted) visit(target, 0);
      return out;
    }
    return [];
  }

  // just ----------------------------------------------------------------------------------------

  private async just(args: string[], cwd: string): Promise<TaskScript[]> {
    const positional = args.filter((arg) => !arg.startsWith('-'));
    for (const name of ['justfile', 'Justfile', '.justfile']) {
      const path = this.at(cwd, name);
      const text = await this.text(path);
      if (text === undefined) continue;
      const recipes = parseJustfile(text);
      const wanted = positional[0] ?? recipes.first;
      const out: TaskScript[] = [];
      const seen = new Set<string>();
      const visit = (recipeName: string, depth: number) => {
        if (seen.has(recipeName) || depth > 8) return;
        seen.add(recipeName);
        const recipe = recipes.recipes.get(recipeName);
        if (!recipe) return;
        for (const dependency of recipe.dependencies) visit(dependency, depth + 1);
        for (const line of recipe.lines)
          out.push({
            script: line.text,
            at: () => ({ path, line: line.line }),
            errexit: false,
            ...(line.ignore ? { ignoreErrors: 'a `-` recipe line (just ignores its errors)' } : {}),
          });
      };
      if (wanted) visit(wanted, 0);
      return out;
    }
    return [];
  }

  // Taskfile ------------------------------------------------------------------------------------

  private async taskfile(args: string[], cwd: string): Promise<TaskScript[]> {
    const positional = args.filter((arg) => !arg.startsWith('-'));
    for (const name of ['Taskfile.yml', 'Taskfile.yaml', 'taskfile.yml', 'taskfile.yaml']) {
      const path = this.at(cwd, name);
      const text = await this.text(path);
      if (text === undefined) continue;
      const lineCounter = new LineCounter();
      let doc;
      try {
        doc = parseYamlDocument(text, { lineCounter, logLevel: 'silent' });
      } catch {
        return [];
      }
      const tasks = isMap(doc.contents) ? doc.contents.get('tasks', true) : undefined;
      if (!isMap(tasks)) return [];
      const lineOf = (node: unknown) =>
        (node as Node | undefined)?.range ? lineCounter.linePos((node as Node).range![0]).line : undefined;
      const out: TaskScript[] = [];
      const seen = new Set<string>();
      const visit = (taskName: string, depth: number) => {
        if (seen.has(taskName) || depth > 8) return;
        seen.add(taskName);
        const task = tasks.get(taskName, true);
        if (isScalar(task) && typeof task.value === 'string') {
          out.push({ script: task.value, at: () => ({ path, line: lineOf(task) }), errexit: false });
          return;
        }
        if (isSeq(task)) {
          for (const item of task.items)
            if (isScalar(item) && typeof item.value === 'string')
              out.push({ script: item.value, at: () => ({ path, line: lineOf(item) }), errexit: false });
          return;
        }
        if (!isMap(task)) return;
        const deps = task.get('deps', true);
        if (isSeq(deps))
          for (const dep of deps.items)
            visit(isMap(dep) ? String((dep.get('task') as string | undefined) ?? '') : String(isScalar(dep) ? dep.value : ''), depth + 1);
        const cmds = task.get('cmds', true);
        if (!isSeq(cmds)) return;
        for (const item of cmds.items) {
          if (isScalar(item) && typeof item.value === 'string') {
            out.push({
              script: item.value,
              at: (offset) => ({ path, line: (lineOf(item) ?? 1) + (item.type === 'BLOCK_LITERAL' ? 1 + offset : 0) }),
              errexit: false,
            });
          } else if (isMap(item)) {
            const cmd = item.get('cmd', true);
            const ignore = item.get('ignore_error') === true;
            if (isScalar(cmd) && typeof cmd.value === 'string')
              out.push({
                script: cmd.value,
                at: () => ({ path, line: lineOf(cmd) }),
                errexit: false,
                ...(ignore ? { ignoreErrors: '`ignore_error: true`' } : {}),
              });
            const sub = item.get('task');
            if (typeof sub === 'string') visit(sub, depth + 1);
          }
        }
      };
      visit(positional[0] ?? 'default', 0);
      return out;
    }
    return [];
  }

  // deno.json, composer.json ---------------------------------------------------------------------

  private async deno(args: string[], cwd: string): Promise<TaskScript[]> {
    const name = args.find((arg) => !arg.startsWith('-'));
    if (name === undefined) return [];
    for (const file of ['deno.json', 'deno.jsonc']) {
      const path = this.at(cwd, file);
      const text = await this.text(path);
      if (text === undefined) continue;
      const tasks = jsonSection(text, 'tasks');
      const task = tasks?.value[name];
      const script =
        typeof task === 'string'
          ? task
          : typeof task === 'object' && task !== null && typeof (task as { command?: unknown }).command === 'string'
            ? (task as { command: string }).command
            : undefined;
      if (script === undefined || !tasks) return [];
      return [{ script, at: () => ({ path, line: keyLine(text, tasks.offset, name) }), errexit: false }];
    }
    return [];
  }

  private async composer(args: string[], cwd: string): Promise<TaskScript[]> {
    const positional = args.filter((arg) => !arg.startsWith('-'));
    const name = positional[0] === 'run-script' || positional[0] === 'run' ? positional[1] : positional[0];
    if (name === undefined) return [];
    const path = this.at(cwd, 'composer.json');
    const text = await this.text(path);
    if (text === undefined) return [];
    const scripts = jsonSection(text, 'scripts');
    if (!scripts) return [];
    const out: TaskScript[] = [];
    const seen = new Set<string>();
    const visit = (scriptName: string, depth: number) => {
      if (seen.has(scriptName) || depth > 8) return;
      seen.add(scriptName);
      const value = scripts.value[scriptName];
      const lines =
        typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
      for (const line of lines) {
        // `@other` runs another script; `@php` and `@composer` run those programs.
        const reference = /^@([A-Za-z0-9:_-]+)(\s|$)/.exec(line);
        if (reference && !['php', 'composer', 'putenv'].includes(reference[1])) visit(reference[1], depth + 1);
        else
          out.push({
            script: line.replace(/^@(php|composer)\b/, '$1'),
            at: () => ({ path, line: keyLine(text, scripts.offset, scriptName) }),
            errexit: false,
          });
      }
    };
    visit(name, 0);
    return out;
  }
}

// Readers ---------------------------------------------------------------------------------------
