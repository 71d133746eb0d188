import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { CI_LIMITS, type CiCommand, type CiFiles, type CiLocation, type CiModel } from './types';
import { joinRelative, normaliseRelative, parentOf } from '../paths';
import { splitCommands, type ShellCommand } from './shell';
import {
  envOf,
  envValues,
  isDisabled,
  isTrue,
  localIncludes,
  matrixCombinations,
  onlyCalled,
  pathGet,
  prefixed,
  scalarText,
  scriptItems,
  scriptLines,
  stepsText,
  substitute,
  withOf,
  yamlOf,
  type Env,
  type YamlDoc,
} from './yamlNodes';

/**
 * A model of what CI runs: the commands of GitHub Actions workflows and GitLab CI pipelines (and,
 * more roughly, of the other CI systems `@ci` names), each with where it is written, the chain of
 * files that led to it, and whether its failure fails the job. Files come through `CiFiles`, so the
 * model is built the same way over Node's fs and `vscode.workspace.fs`.
 */
export { CI_LIMITS, type CiCommand, type CiFiles, type CiLocation, type CiModel } from './types';

/** The CI files at a root, as `@ci` names them (task-runner files are read only when CI runs them). */
const OTHER_YAML_CI = [
  'azure-pipelines.yml',
  'azure-pipelines.yaml',
  '.circleci/config.yml',
  '.circleci/config.yaml',
  'bitbucket-pipelines.yml',
  '.travis.yml',
];

/** Builds the model of the CI files under `root` ('.' for the workspace folder). */
export async function buildCiModel(files: CiFiles, root: string): Promise<CiModel> {
  const builder = new Builder(files, root);
  await builder.build();
  return builder.model;
}

interface Context {
  chain: CiLocation[];
  gating: boolean;
  why?: { text: string; at: CiLocation };
  env: Env;
  /** `${{ inputs.x }}`, `${{ matrix.x }}`, `${{ env.x }}` values known here. */
  values: Record<string, string>;
  cwd: string;
  depth: number;
  /** GitHub Actions' shell: `bash` sets pipefail. */
  pipefail: boolean;
}

class Builder {
  readonly model: CiModel = { commands: [], sources: { workflows: [], actions: [], gitlab: [], other: [] }, disabled: 0 };
  private readonly visited = new Set<string>();
  private reads = 0;

  constructor(
    private readonly files: CiFiles,
    private readonly root: string,
  ) {}

  private path(relative: string): string {
    return this.root === '.' || this.root === '' ? normaliseRelative(relative) : joinRelative(this.root, relative);
  }

  async read(path: string): Promise<string | undefined> {
    if (this.reads >= CI_LIMITS.maxFiles) {
      this.model.truncated ??= `stopped at ${CI_LIMITS.maxFiles} CI files`;
      return undefined;
    }
    this.reads++;
    return this.files.read(path);
  }

  async build(): Promise<void> {
    const listing = await this.files.list(this.path('.github/workflows'));
    const workflows = (listing ?? [])
      .filter((entry) => entry.kind === 'file' && !entry.symlink && /\.ya?ml$/.test(entry.name))
      .map((entry) => this.path(`.github/workflows/${entry.name}`))
      .sort();
    for (const workflow of workflows) await this.workflow(workflow, undefined);
    const gitlab = this.path('.gitlab-ci.yml');
    const gitlabText = await this.read(gitlab);
    if (gitlabText !== undefined) await this.gitlab(gitlab, gitlabText);
    for (const name of OTHER_YAML_CI) {
      const path = this.path(name);
      const text = await this.read(path);
      if (text !== undefined) this.otherYaml(path, text);
    }
    const jenkins = this.path('Jenkinsfile');
    const jenkinsText = await this.read(jenkins);
    if (jenkinsText !== undefined) this.jenkinsfile(jenkins, jenkinsText);
  }

  push(command: CiCommand): void {
    if (this.model.commands.length >= CI_LIMITS.maxCommands) {
      this.model.truncated ??= `stopped at ${CI_LIMITS.maxCommands} CI commands`;
      return;
    }
    this.model.commands.push(command);
  }

  /** A script's commands, each placed on its line of the file. */
  script(script: string, at: (offset: number) => CiLocation, context: Context, errexit = true): void {
    for (const command of splitCommands(substitute(script, context.values), { errexit, pipefail: context.pipefail }))
      this.command(command, at(command.line), context);
  }

  command(command: ShellCommand, location: CiLocation, context: Context): void {
    const words = [...context.env, ...command.words];
    const gating = context.gating && command.gating;
    const why = context.why ?? (command.gating ? undefined : { text: command.why ?? 'cannot fail', at: location });
    this.push({
      words,
      assignments: context.env.length + command.assignments,
      text: words.join(' '),
      kind: 'run',
      chain: [...context.chain, location],
      gating,
      ...(gating ? {} : { why }),
      cwd: context.cwd,
    });
  }

  // GitHub Actions ----------------------------------------------------------------------------

  async workflow(path: string, caller: Context | undefined): Promise<void> {
    const key = `workflow:${path}`;
    if (this.visited.has(key) && !caller) return;
    if (caller && caller.chain.some((location) => location.path === path)) return;
    this.visited.add(key);
    const text = await this.read(path);
    if (text === undefined) return;
    const doc = yamlOf(text);
    if (!doc) return;
    if (!caller) this.model.sources.workflows.push(path);
    const top = doc.root;
    if (!isMap(top)) return;
    // A reusable workflow runs when a caller runs it: read from the caller, with its inputs.
    if (!caller && onlyCalled(top.get('on', true))) return;
    const jobs = top.get('jobs', true);
    if (!isMap(jobs)) return;
    const baseEnv = [...(caller?.env ?? []), ...envOf(top.get('env', true))];
    const defaultShell = scalarText(pathGet(top, ['defaults', 'run', 'shell']));
    for (const pair of jobs.items) {
      const job = pair.value as Node | null;
      if (!isMap(job)) continue;
      if (isDisabled(job.get('if', true))) {
        this.model.disabled++;
        continue;
      }
      const jobLine = doc.line(pair.key as Node);
      const jobEnv = [...baseEnv, ...envOf(job.get('env', true))];
      const context: Context = {
        chain: caller ? caller.chain : [],
        gating: caller?.gating ?? true,
        why: caller?.why,
        env: jobEnv,
        // `${{ env.CARGO }}` in a script is the job's `env: CARGO: cargo`.
        values: { ...(caller?.values ?? {}), ...envValues(jobEnv) },
        cwd: scalarText(pathGet(job, ['defaults', 'run', 'working-directory'])) ?? caller?.cwd ?? '.',
        depth: caller ? caller.depth : 0,
        pipefail: (scalarText(pathGet(job, ['defaults', 'run', 'shell'])) ?? defaultShell) === 'bash',
      };
      const continueOnError = job.get('continue-on-error', true);
      if (isTrue(continueOnError) && context.gating) {
        context.gating = false;
        context.why = { text: '`continue-on-error: true`', at: { path, line: doc.line(continueOnError) } };
      }
      // A reusable workflow in this repository, followed with its inputs.
      const uses = scalarText(job.get('uses', true));
      if (uses !== undefined) {
        if (uses.startsWith('./') && context.depth < CI_LIMITS.maxNesting) {
          const inputs = withOf(job.get('with', true), context.values);
          await this.workflow(normaliseRelative(joinRelative(this.rootOfRepo(), uses.replace(/@.*$/, ''))), {
            ...context,
            chain: [...context.chain, { path, line: doc.line(job.get('uses', true)) }],
            values: { ...context.values, ...prefixed('inputs', inputs) },
            depth: context.depth + 1,
          });
        }
        continue;
      }
      const steps = job.get('steps', true);
      if (!isSeq(steps)) continue;
      for (const combination of matrixCombinations(pathGet(job, ['strategy', 'matrix']), stepsText(text, steps))) {
        await this.steps(path, doc, steps, { ...context, values: { ...context.values, ...prefixed('matrix', combination) } }, jobLine);
      }
    }
  }

  /** The repository root the CI files live at: `uses: ./x` is resolved from there. */
  private rootOfRepo(): string {
    return this.root === '' ? '.' : this.root;
  }

  async steps(path: string, doc: YamlDoc, steps: Node, context: Context, jobLine: number | undefined): Promise<void> {
    void jobLine;
    if (!isSeq(steps)) return;
    for (const item of steps.items) {
      const step = item as Node | null;
      if (!isMap(step)) continue;
      if (isDisabled(step.get('if', true))) {
        this.model.disabled++;
        continue;
      }
      const stepEnv = envOf(step.get('env', true), context.values);
      const stepContext: Context = { ...context, env: [...context.env, ...stepEnv], values: { ...context.values, ...envValues(stepEnv) } };
      const workingDirectory = scalarText(step.get('working-directory', true));
      if (workingDirectory !== undefined) stepContext.cwd = normaliseRelative(workingDirectory);
      const shell = scalarText(step.get('shell', true));
      if (shell !== undefined) stepContext.pipefail = shell === 'bash';
      const continueOnError = step.get('continue-on-error', true);
      if (isTrue(continueOnError) && stepContext.gating) {
        stepContext.gating = false;
        stepContext.why = { text: '`continue-on-error: true`', at: { path, line: doc.line(continueOnError) } };
      }
      const run = step.get('run', true);
      if (isScalar(run) && typeof run.value === 'string') {
        if (shell !== undefined && !/^(bash|sh)\b/.test(shell)) continue;
        this.script(run.value, scriptLines(doc, run, path), stepContext);
        continue;
      }
      const usesNode = step.get('uses', true);
      const uses = scalarText(usesNode);
      if (uses === undefined) continue;
      const location = { path, line: doc.line(usesNode) };
      const inputs = withOf(step.get('with', true), context.values);
      if (uses.startsWith('./') && context.depth < CI_LIMITS.maxNesting) {
        await this.compositeAction(
          normaliseRelative(joinRelative(this.rootOfRepo(), uses)),
          { ...stepContext, chain: [...stepContext.chain, location], depth: context.depth + 1 },
          inputs,
        );
      }
      const words = [uses, ...Object.entries(inputs).map(([name, value]) => `${name}=${value.replace(/\s+/g, ' ').trim()}`)];
      this.push({
        words,
        assignments: 0,
        text: words.join(' '),
        kind: 'uses',
        chain: [...stepContext.chain, location],
        gating: stepContext.gating,
        ...(stepContext.gating ? {} : { why: stepContext.why }),
        cwd: stepContext.cwd,
      });
    }
  }

  async compositeAction(dir: string, context: Context, inputs: Record<string, string>): Promise<void> {
    if (context.chain.some((location) => parentOf(location.path) === dir)) return;
    if (context.depth > CI_LIMITS.maxNesting) return;
    for (const name of ['action.yml', 'action.yaml']) {
      const path = joinRelative(dir, name);
      const text = await this.read(path);
      if (text === undefined) continue;
      const doc = yamlOf(text);
      if (!doc || !isMap(doc.root)) return;
      if (!this.model.sources.actions.includes(path)) this.model.sources.actions.push(path);
      const defaults: Record<string, string> = {};
      const declared = doc.root.get('inputs', true);
      if (isMap(declared)) {
        for (const pair of declared.items) {
          const value = isMap(pair.value) ? scalarText(pair.value.get('default', true)) : undefined;
          const key = scalarText(pair.key);
          if (key !== undefined && value !== undefined) defaults[key] = value;
        }
      }
      const runs = doc.root.get('runs', true);
      if (!isMap(runs) || scalarText(runs.get('using', true)) !== 'composite') return;
      await this.steps(
        path,
        doc,
        runs.get('steps', true) as Node,
        { ...context, pipefail: false, values: { ...context.values, ...prefixed('inputs', { ...defaults, ...inputs }) } },
        undefined,
      );
      return;
    }
  }

  // GitLab CI ---------------------------------------------------------------------------------

  async gitlab(path: string, text: string): Promise<void> {
    this.model.sources.gitlab.push(path);
    // Top-level keys of the file and its local includes, later ones overriding earlier ones.
    const definitions = new Map<string, { node: YAMLMap; doc: YamlDoc; path: string; keyLine?: number }>();
    const load = async (file: string, content: string, depth: number, chain: CiLocation[]) => {
      const doc = yamlOf(content);
      if (!doc || !isMap(doc.root)) return;
      const include = doc.root.get('include', true);
      for (const local of localIncludes(include)) {
        if (depth >= CI_LIMITS.maxNesting) break;
        const target = normaliseRelative(joinRelative(this.rootOfRepo(), local.replace(/^\//, '')));
        if (this.visited.has(`gitlab:${target}`)) continue;
        this.visited.add(`gitlab:${target}`);
        const included = await this.read(target);
        if (included === undefined) continue;
        this.model.sources.gitlab.push(target);
        await load(target, included, depth + 1, chain);
      }
      for (const pair of doc.root.items) {
        const key = scalarText(pair.key);
        if (key !== undefined && isMap(pair.value))
          definitions.set(key, { node: pair.value, doc, path: file, keyLine: doc.line(pair.key as Node) });
      }
    };
    this.visited.add(`gitlab:${path}`);
    await load(path, text, 0, []);
    const reserved = new Set([
      'default',
      'include',
      'stages',
      'variables',
      'workflow',
      'image',
      'services',
      'cache',
      'before_script',
      'after_script',
      'pages:deploy',
    ]);
    const defaults = definitions.get('default');
    for (const [name, definition] of definitions) {
      if (reserved.has(name) || name.startsWith('.')) continue;
      // The job's keys, with `extends` templates underneath (nearest wins), and `default:` under all.
      const layers = this.extendsChain(name, definitions);
      if (!layers.some((layer) => layer.node.get('script', true) !== undefined)) continue;
      const lookup = (key: string) => {
        for (const layer of layers) {
          const value = layer.node.get(key, true);
          if (value !== undefined) return { value: value as Node, layer };
        }
        if (defaults && (key === 'before_script' || key === 'after_script')) {
          const value = defaults.node.get(key, true);
          if (value !== undefined) return { value: value as Node, layer: defaults };
        }
        return undefined;
      };
      const jobLocation = { path: definition.path, line: definition.keyLine };
      const context: Context = { chain: [], gating: true, env: [], values: {}, cwd: '.', depth: 0, pipefail: false };
      const when = lookup('when');
      if (when && scalarText(when.value) === 'never') {
        this.model.disabled++;
        continue;
      }
      const allowFailure = lookup('allow_failure');
      if (allowFailure && (isTrue(allowFailure.value) || isMap(allowFailure.value))) {
        context.gating = false;
        context.why = {
          text: '`allow_failure`',
          at: { path: allowFailure.layer.path, line: allowFailure.layer.doc.line(allowFailure.value) },
        };
      } else if (when && scalarText(when.value) === 'manual' && !allowFailure) {
        context.gating = false;
        context.why = {
          text: '`when: manual` (allowed to fail by default)',
          at: { path: when.layer.path, line: when.layer.doc.line(when.value) },
        };
      }
      const variables = lookup('variables');
      if (variables) context.env = envOf(variables.value);
      if (definition.path !== jobLocation.path) context.chain = [jobLocation];
      for (const key of ['before_script', 'script', 'after_script']) {
        const found = lookup(key);
        if (!found) continue;
        const after = key === 'after_script';
        const scriptContext =
          after && context.gating
            ? {
                ...context,
                gating: false,
                why: {
                  text: '`after_script` (its failure does not fail the job)',
                  at: { path: found.layer.path, line: found.layer.doc.line(found.value) },
                },
              }
            : context;
        for (const line of scriptItems(found.value))
          this.script(line.value, scriptLines(found.layer.doc, line, found.layer.path), scriptContext);
      }
    }
  }

  private extendsChain(name: string, definitions: Map<string, { node: YAMLMap; doc: YamlDoc; path: string }>) {
    const layers: { node: YAMLMap; doc: YamlDoc; path: string }[] = [];
    const visit = (key: string, depth: number) => {
      const definition = definitions.get(key);
      if (!definition || depth > CI_LIMITS.maxNesting || layers.includes(definition)) return;
      layers.push(definition);
      const parents = definition.node.get('extends', true);
      const list = isSeq(parents) ? parents.items.map((item) => scalarText(item as Node)) : [scalarText(parents)];
      // Later parents in the list win over earlier ones.
      for (const parent of list.reverse()) if (parent !== undefined) visit(parent, depth + 1);
    };
    visit(name, 0);
    return layers;
  }

  // Others: the script keys of Azure Pipelines, CircleCI, Bitbucket and Travis; Jenkins `sh` steps.

  otherYaml(path: string, text: string): void {
    const doc = yamlOf(text);
    if (!doc) return;
    this.model.sources.other.push(path);
    const keys = new Set([
      'script',
      'bash',
      'run',
      'command',
      'commands',
      'before_script',
      'after_script',
      'install',
      'before_install',
      'after_success',
    ]);
    const walk = (node: unknown, gating: { why?: { text: string; at: CiLocation } }, depth: number) => {
      if (depth > 12) return;
      if (isSeq(node)) for (const item of node.items) walk(item, gating, depth + 1);
      if (!isMap(node)) return;
      let why = gating.why;
      for (const flag of ['continueOnError', 'continue-on-error', 'allow_failure', 'soft_fail']) {
        const value = node.get(flag, true);
        if (isTrue(value)) why ??= { text: `\`${flag}: true\``, at: { path, line: doc.line(value) } };
      }
      for (const pair of node.items) {
        const key = scalarText(pair.key);
        if (key !== undefined && keys.has(key)) {
          for (const line of scriptItems(pair.value as Node)) {
            const context: Context = { chain: [], gating: !why, why, env: [], values: {}, cwd: '.', depth: 0, pipefail: false };
            this.script(line.value, scriptLines(doc, line, path), context);
          }
          if (isMap(pair.value)) walk(pair.value, { why }, depth + 1);
        } else {
          walk(pair.value, { why }, depth + 1);
        }
      }
    };
    walk(doc.root, {}, 0);
  }

  jenkinsfile(path: string, text: string): void {
    this.model.sources.other.push(path);
    const context: Context = { chain: [], gating: true, env: [], values: {}, cwd: '.', depth: 0, pipefail: false };
    // `sh 'cmd'`, `sh "cmd"`, `sh(script: '…')`, one line each.
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trimStart().startsWith('//')) return;
      for (const match of line.matchAll(/\b(?:sh|bat)\s*\(?\s*(?:script\s*:\s*)?(['"])(.*?)\1/g))
        if (match[2] !== '') this.script(match[2], () => ({ path, line: index + 1 }), context);
    });
  }
}

// YAML helpers ------------------------------------------------------------------------------------
