import type { DirEntry } from '../fileSystem';
import { compileLinePattern, matchesLine } from '../evidence/linePattern';
import { buildCiModel, type CiCommand, type CiFiles, type CiLocation, type CiModel } from './model';
import { programWords, TaskResolver } from './taskRunners';

/**
 * The `run` probe: a command CI really runs, matched word by word, and (by default) one whose
 * failure fails the job.
 *
 *   { run: "cargo audit" }                                          # any gating `cargo audit …`
 *   { run: ["cargo audit", "cargo deny*check"] }                    # one of several
 *   { run: "govulncheck", nonGatingFlags: ["-format sarif", "-json"] }   # these always exit 0
 *   { run: "pnpm install", without: ["--frozen-lockfile=false"] }   # a flag that undoes it
 *   { run: "mypy", gating: false }                                  # runs at all
 */
export interface RunProbe {
  run: string | string[];
  /** Whether the command must be able to fail the build; true unless false. */
  gating?: boolean;
  /** Flags with which the command reports but never fails (`--exit-zero`, `-format sarif`). */
  nonGatingFlags?: string[];
  /** Flags with which the command does not count at all (`--frozen-lockfile=false`). */
  without?: string[];
  root?: 'unit' | 'folder' | 'both';
}

export type RunStatus = 'found' | 'missing' | 'not-checked' | 'not-gating';

export interface RunEvidence {
  status: RunStatus;
  locations: CiLocation[];
  reason?: string;
  chain?: CiLocation[];
}

/** What a run probe needs from the evidence reader: bounded, cached reads, and a record of what was read. */
export interface RunProbeContext {
  read(path: string): Promise<string | undefined>;
  list(dir: string): Promise<DirEntry[] | undefined>;
  /** Called with every path read or listed, for change tracking. */
  record(path: string): void;
  /** The roots to search, the unit's first. */
  roots: readonly string[];
  /** One model per root per evaluation, shared by the unit's run probes. */
  cache: Map<string, Promise<RootCommands>>;
}

interface RootCommands {
  model: CiModel;
  commands: CiCommand[];
  taskFiles: string[];
  truncated?: string;
}

const INSTALLERS: readonly (readonly string[])[] = [
  ['go', 'install'],
  ['go', 'get'],
  ['cargo', 'install'],
  ['cargo', 'binstall'],
  ['pip', 'install'],
  ['pip3', 'install'],
  ['python', '-m', 'pip', 'install'],
  ['python3', '-m', 'pip', 'install'],
  ['uv', 'pip', 'install'],
  ['uv', 'tool', 'install'],
  ['pipx', 'install'],
  ['npm', 'install', '-g'],
  ['npm', 'i', '-g'],
  ['npm', 'install', '--global'],
  ['yarn', 'global', 'add'],
  ['pnpm', 'add', '-g'],
  ['gem', 'install'],
  ['brew', 'install'],
  ['apt-get', 'install'],
  ['apt', 'install'],
  ['dotnet', 'tool', 'install'],
  ['composer', 'global', 'require'],
  ['mix', 'archive.install'],
];

/**
 * The text a pattern is matched against: the command's words, except that an install-only command
 * (`go install …/govulncheck@latest`, `pip install mypy`) keeps only the installer and its flags,
 * so it never counts as running the tool it installs (but `npm install -g` still reads as itself).
 */
export function matchText(command: CiCommand): string {
  // An action matches by its name: `actions/cache` with `path: .mypy_cache` runs no mypy. Its inputs are for flags.
  if (command.kind !== 'run') return command.words[0] ?? '';
  const words = programWords(command);
  for (const installer of INSTALLERS) {
    if (installer.every((word, index) => words[index] === word)) {
      const prefix = command.words.slice(0, command.words.length - words.length);
      return [...prefix, ...installer, ...words.slice(installer.length).filter((word) => word.startsWith('-'))].join(' ');
    }
  }
  return command.text;
}

function hasFlag(text: string, flags: readonly string[] | undefined): string | undefined {
  if (!flags) return undefined;
  const padded = ` ${text} `;
  return flags.find((flag) => padded.includes(` ${flag} `) || padded.includes(` ${flag}=`));
}

function chainText(chain: readonly CiLocation[]): string {
  return chain.map((location) => (location.line === undefined ? location.path : `${location.path}:${location.line}`)).join(' → ');
}

function patternsOf(probe: RunProbe): string[] {
  return typeof probe.run === 'string' ? [probe.run] : probe.run;
}

async function commandsAt(context: RunProbeContext, root: string): Promise<RootCommands> {
  let cached = context.cache.get(root);
  if (!cached) {
    const files: CiFiles = {
      read: async (path) => {
        context.record(path);
        return context.read(path);
      },
      list: async (dir) => {
        context.record(dir);
        return context.list(dir);
      },
    };
    cached = (async () => {
      const model = await buildCiModel(files, root);
      const resolver = new TaskResolver(files, root);
      const commands: CiCommand[] = [];
      for (const command of model.commands) commands.push(...(await resolver.expand(command)));
      return {
        model,
        commands,
        taskFiles: [...resolver.read].sort(),
        truncated: model.truncated ?? (resolver.truncated ? 'stopped resolving tasks at the bound' : undefined),
      };
    })();
    context.cache.set(root, cached);
  }
  return cached;
}

/** Evaluates a run probe over the CI of each root in turn; the first root with a match answers. */
export async function evaluateRunProbe(context: RunProbeContext, probe: RunProbe): Promise<RunEvidence> {
  const patterns = patternsOf(probe).map((text) => ({ text, compiled: compileLinePattern(text) }));
  const requireGating = probe.gating !== false;
  const searched = {
    workflows: new Set<string>(),
    actions: new Set<string>(),
    gitlab: new Set<string>(),
    other: new Set<string>(),
    tasks: new Set<string>(),
    disabled: 0,
  };
  let notGating: { command: CiCommand; why: { text: string; at: CiLocation } } | undefined;
  let excluded: { command: CiCommand; flag: string } | undefined;
  let truncated: string | undefined;
  for (const root of context.roots) {
    const at = await commandsAt(context, root);
    for (const path of at.model.sources.workflows) searched.workflows.add(path);
    for (const path of at.model.sources.actions) searched.actions.add(path);
    for (const path of at.model.sources.gitlab) searched.gitlab.add(path);
    for (const path of at.model.sources.other) searched.other.add(path);
    for (const path of at.taskFiles) searched.tasks.add(path);
    searched.disabled += at.model.disabled;
    truncated ??= at.truncated;
    const found: CiCommand[] = [];
    for (const command of at.commands) {
      // A trailing space ends the last word: the pattern "cargo audit " matches `cargo audit` and not `cargo auditable`.
      const text = `${matchText(command)} `;
      if (!patterns.some((pattern) => matchesLine(pattern.compiled, text))) continue;
      const without = hasFlag(command.text, probe.without);
      if (without) {
        excluded ??= { command, flag: without };
        continue;
      }
      if (!requireGating) {
        found.push(command);
        continue;
      }
      const flag = hasFlag(command.text, probe.nonGatingFlags);
      if (flag) {
        const location = command.chain[command.chain.length - 1];
        notGating ??= { command, why: { text: `\`${flag}\``, at: location } };
        continue;
      }
      if (!command.gating) {
        notGating ??= { command, why: command.why ?? { text: 'cannot fail', at: command.chain[command.chain.length - 1] } };
        continue;
      }
      found.push(command);
    }
    if (found.length > 0) {
      const first = found[0];
      const locations = found.map((command) => command.chain[command.chain.length - 1]);
      const evidence: RunEvidence = { status: 'found', locations, reason: `runs \`${clip(first.text)}\` at ${chainText(first.chain)}` };
      if (first.chain.length > 1) evidence.chain = first.chain;
      return evidence;
    }
  }
  const wanted = patterns.map((pattern) => `\`${pattern.text}\``).join(' or ');
  if (notGating) {
    const { command, why } = notGating;
    const evidence: RunEvidence = {
      status: 'not-gating',
      locations: [command.chain[command.chain.length - 1]],
      reason: `runs, but does not fail the build (${chainText([why.at])}: ${why.text})`,
    };
    if (command.chain.length > 1) evidence.chain = command.chain;
    return evidence;
  }
  if (truncated) return { status: 'not-checked', locations: [], reason: `the CI search ${truncated}` };
  const parts: string[] = [];
  const count = (size: number, one: string, many: string) => `${size} ${size === 1 ? one : many}`;
  if (searched.workflows.size > 0) parts.push(count(searched.workflows.size, 'workflow', 'workflows'));
  if (searched.actions.size > 0) parts.push(count(searched.actions.size, 'local action', 'local actions'));
  if (searched.gitlab.size > 0) parts.push(count(searched.gitlab.size, 'GitLab CI file', 'GitLab CI files'));
  if (searched.other.size > 0) parts.push([...searched.other].join(', '));
  if (searched.tasks.size > 0) parts.push(`the tasks CI runs in ${[...searched.tasks].join(', ')}`);
  if (parts.length === 0)
    return {
      status: 'missing',
      locations: [],
      reason: `no CI configuration found (GitHub Actions, GitLab CI, Azure Pipelines, CircleCI, Bitbucket, Travis, Jenkinsfile), so nothing runs ${wanted}`,
    };
  let reason = `searched ${parts.join(', ')}: no ${wanted}${requireGating ? ' that can fail' : ''}`;
  if (excluded) reason += ` (${chainText([excluded.command.chain[excluded.command.chain.length - 1]])} has \`${excluded.flag}\`)`;
  if (searched.disabled > 0) reason += `; ${count(searched.disabled, 'disabled job or step', 'disabled jobs or steps')} not counted`;
  return { status: 'missing', locations: [], reason };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}
