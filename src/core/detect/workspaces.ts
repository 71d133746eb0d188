import { parse as parseTomlText } from 'smol-toml';
import { parseYamlDocument } from '../yamlDocument';
import { CancelledError, decodeUtf8, joinRelative, type Cancellation, type FileSystem } from '../fileSystem';
import { globToRegExp } from './glob';
import { TOOLING_PACKAGES } from './rules';

/**
 * Build workspaces: the manifests in which a build tool lists the packages it builds together
 * (a Cargo workspace, go.work, npm/pnpm workspaces, a Gradle build, a Maven aggregator, a .NET
 * solution, …). Their members are reviewed together: one review per workspace and ecosystem.
 */
export type WorkspaceKind = 'cargo' | 'go-work' | 'npm' | 'pnpm' | 'gradle' | 'maven' | 'dotnet' | 'mix' | 'dart' | 'deno' | 'uv';

/** Ecosystems a workspace kind can group; a member of another ecosystem stays its own unit. */
export const WORKSPACE_ECOSYSTEMS: Record<WorkspaceKind, readonly string[]> = {
  cargo: ['rust'],
  'go-work': ['go'],
  npm: ['javascript', 'typescript'],
  pnpm: ['javascript', 'typescript'],
  gradle: ['java', 'kotlin', 'scala'],
  maven: ['java', 'kotlin', 'scala'],
  dotnet: ['csharp'],
  mix: ['elixir'],
  dart: ['dart'],
  deno: ['deno'],
  uv: ['python'],
};

export interface Workspace {
  kind: WorkspaceKind;
  /** Folder of the workspace manifest, relative to the workspace folder ('.' is its root). */
  root: string;
  /** The manifest that lists the members, relative to the workspace folder. */
  manifest: string;
  /**
   * Paths of detected component folders the manifest lists, sorted, relative to the workspace
   * folder. The root is included only when it is itself a package of the workspace (a Cargo
   * root with [package], a package.json that is also built, …), not for a virtual manifest.
   */
  members: string[];
}

export interface WorkspaceProblem {
  /** The manifest, relative to the workspace folder. */
  file: string;
  message: string;
}

/** What detection saw in one folder: the file names there, for the manifests it may hold. */
export interface ListedFolder {
  /** Relative to the workspace folder; '.' is its root. */
  path: string;
  files: readonly string[];
}

/** File names that can declare a workspace; detection reports every listed folder holding one. */
export function isWorkspaceManifestName(name: string): boolean {
  return WORKSPACE_MANIFEST_NAMES.has(name) || name.endsWith('.sln') || name.endsWith('.slnx');
}

export const WORKSPACE_MANIFEST_NAMES: ReadonlySet<string> = new Set([
  'Cargo.toml',
  'go.work',
  'package.json',
  'pnpm-workspace.yaml',
  'settings.gradle',
  'settings.gradle.kts',
  'pom.xml',
  'mix.exs',
  'pubspec.yaml',
  'deno.json',
  'deno.jsonc',
  'pyproject.toml',
]);

/**
 * Reads the workspace manifests found in `folders` and matches their member lists against the
 * detected component paths. A manifest that cannot be read or parsed is reported as a problem and
 * otherwise ignored: its members stay units of their own.
 *
 * Root membership (is the manifest's own folder a member?), per kind:
 * - cargo: when the same Cargo.toml has [package].
 * - go-work: when it says `use .`.
 * - npm, pnpm: when the root package.json is more than a workspace shell (see isBuiltPackage).
 * - gradle: when the settings folder is a detected component (it has its own build script).
 * - maven: when the pom is a detected component whose packaging is not `pom`.
 * - dotnet: when the solution lists a project file in its own folder.
 * - mix: never (an umbrella root is not an application).
 * - dart: when the root pubspec has dependencies or a `flutter` section.
 * - deno: when the root deno.json has `exports` (it is a package, not only shared settings).
 * - uv: when pyproject.toml has a [project] table.
 * Members are always detected component paths; the root counts only if it is one too.
 */
export async function readWorkspaces(
  fs: FileSystem,
  folders: readonly ListedFolder[],
  componentPaths: readonly string[],
  token?: Cancellation,
): Promise<{ workspaces: Workspace[]; problems: WorkspaceProblem[] }> {
  const listed = folders.map((folder) => ({ path: normalisePath(folder.path), files: manifestsToRead(folder.files) }));
  const paths = [...new Set(listed.flatMap((folder) => folder.files.map((name) => joinRelative(folder.path, name))))];
  const manifests = new Manifests(await readAll(fs, paths, token));
  const components = new Set(componentPaths.map(normalisePath));
  const workspaces: Workspace[] = [];
  for (const folder of listed) {
    for (const name of folder.files) {
      const workspace = readManifest(manifests, components, folder.path, name, folder.files);
      if (workspace) workspaces.push(workspace);
    }
  }
  workspaces.sort((a, b) => compare(a.manifest, b.manifest) || compare(a.kind, b.kind));
  const problems = manifests.problems.sort((a, b) => compare(a.file, b.file));
  return { workspaces, problems };
}

/** Files larger than this are not parsed: no real manifest comes close. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
const READ_CONCURRENCY = 16;

/** The manifest names of a folder that the build tool itself would read. */
function manifestsToRead(files: readonly string[]): string[] {
  const names = new Set(files.filter(isWorkspaceManifestName));
  // Deno reads deno.json before deno.jsonc, and Gradle settings.gradle before settings.gradle.kts.
  if (names.has('deno.json')) names.delete('deno.jsonc');
  if (names.has('settings.gradle')) names.delete('settings.gradle.kts');
  // `dotnet sln migrate` leaves X.sln beside the new X.slnx: one solution, not two.
  for (const name of names) {
    if (name.endsWith('.sln') && names.has(`${name}x`)) names.delete(name);
  }
  return [...names].sort(compare);
}

function readManifest(
  manifests: Manifests,
  components: ReadonlySet<string>,
  folder: string,
  name: string,
  siblings: readonly string[],
): Workspace | undefined {
  const ctx: ManifestContext = { manifests, components, folder, file: joinRelative(folder, name) };
  switch (name) {
    case 'Cargo.toml':
      return cargoWorkspace(ctx);
    case 'go.work':
      return goWorkspace(ctx);
    case 'package.json':
      if (!siblings.includes('pnpm-workspace.yaml')) return npmWorkspace(ctx);
      // pnpm ignores package.json `workspaces`: one workspace here, not two with the same members.
      // The file is still parsed, so that a broken one is reported.
      ctx.manifests.json(ctx.file);
      return undefined;
    case 'pnpm-workspace.yaml':
      return pnpmWorkspace(ctx);
    case 'settings.gradle':
    case 'settings.gradle.kts':
      return gradleWorkspace(ctx);
    case 'pom.xml':
      return mavenWorkspace(ctx);
    case 'mix.exs':
      return mixWorkspace(ctx);
    case 'pubspec.yaml':
      return dartWorkspace(ctx);
    case 'deno.json':
    case 'deno.jsonc':
      return denoWorkspace(ctx);
    case 'pyproject.toml':
      return uvWorkspace(ctx);
    default:
      if (name.endsWith('.slnx')) return slnxWorkspace(ctx);
      if (name.endsWith('.sln')) return slnWorkspace(ctx);
      return undefined;
  }
}

interface ManifestContext {
  manifests: Manifests;
  components: ReadonlySet<string>;
  /** Folder of the manifest, normalised ('.' is the root). */
  folder: string;
  file: string;
}

function workspace(ctx: ManifestContext, kind: WorkspaceKind, members: Iterable<string>): Workspace {
  return { kind, root: ctx.folder, manifest: ctx.file, members: [...new Set(members)].sort(compare) };
}

/** The root, when it is a component and `isMember` says the manifest makes it a package. */
function rootIf(ctx: ManifestContext, isMember: boolean): string[] {
  return isMember && ctx.components.has(ctx.folder) ? [ctx.folder] : [];
}

// ---------------------------------------------------------------------------------------------
// Reading

type ReadResult = { text: string } | { problem: string };

async function readAll(fs: FileSystem, paths: readonly string[], token?: Cancellation): Promise<Map<string, ReadResult>> {
  const results = new Map<string, ReadResult>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      if (token?.isCancellationRequested) throw new CancelledError();
      const path = paths[next++];
      results.set(path, await readText(fs, path));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  if (token?.isCancellationRequested) throw new CancelledError();
  return results;
}

async function readText(fs: FileSystem, path: string): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { problem: `Cannot read the file: ${firstLine(error)}` };
  }
  if (bytes.length > MAX_MANIFEST_BYTES) return { problem: 'Larger than 1 MB; not read' };
  return { text: decodeUtf8(bytes).replace(/^\uFEFF/, '') };
}

const FAILED = Symbol('failed');

/**
 * The texts read, parsed at most once each, so a manifest consulted twice (a Cargo member's path
 * dependencies, pnpm's root package.json) reports its problem once.
 */
class Manifests {
  readonly problems: WorkspaceProblem[] = [];
  private readonly parsed = new Map<string, unknown>();
  private readonly unreadable = new Set<string>();

  constructor(private readonly texts: ReadonlyMap<string, ReadResult>) {}

  problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  /** The text, or undefined when the file was not listed or could not be read (reported once). */
  text(file: string): string | undefined {
    const result = this.texts.get(file);
    if (!result) return undefined;
    if ('text' in result) return result.text;
    if (!this.unreadable.has(file)) {
      this.unreadable.add(file);
      this.problem(file, result.problem);
    }
    return undefined;
  }

  toml(file: string): Record<string, unknown> | undefined {
    return this.parse(file, parseToml, 'TOML');
  }

  json(file: string): Record<string, unknown> | undefined {
    return this.parse(file, (text) => JSON.parse(text) as unknown, 'JSON');
  }

  jsonc(file: string): Record<string, unknown> | undefined {
    return this.parse(file, parseJsonc, 'JSON');
  }

  yaml(file: string): Record<string, unknown> | undefined {
    return this.parse(file, parseYaml, 'YAML');
  }

  xml(file: string): XmlElement | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const result = this.once(file, () => {
      try {
        return parseXml(text);
      } catch (error) {
        this.problem(file, `Invalid XML: ${firstLine(error)}`);
        return FAILED;
      }
    });
    return result === FAILED ? undefined : (result as XmlElement);
  }

  /** Parses to a top-level table/object; anything else (an array, a scalar) is a problem too. */
  private parse(file: string, parser: (text: string) => unknown, format: string): Record<string, unknown> | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const result = this.once(file, () => {
      let value: unknown;
      try {
        value = parser(text);
      } catch (error) {
        this.problem(file, `Invalid ${format}: ${firstLine(error)}`);
        return FAILED;
      }
      if (value === null || value === undefined) return {};
      if (!isTable(value)) {
        this.problem(file, `Invalid ${format}: the top level is not a table of keys`);
        return FAILED;
      }
      return value;
    });
    return result === FAILED ? undefined : (result as Record<string, unknown>);
  }

  private once(file: string, compute: () => unknown): unknown {
    if (!this.parsed.has(file)) this.parsed.set(file, compute());
    return this.parsed.get(file);
  }
}

function parseToml(text: string): unknown {
  try {
    return parseTomlText(text);
  } catch (error) {
    // smol-toml's message carries a code excerpt over several lines; keep its first line and place.
    const line = (error as { line?: unknown }).line;
    const message = firstLine(error).replace(/^Invalid TOML document: /, '');
    throw new Error(typeof line === 'number' ? `${message} (line ${line})` : message);
  }
}

function parseYaml(text: string): unknown {
  const doc = parseYamlDocument(text);
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The strings of a list field ([] when absent). Undefined, with a problem, when it is of another
 * type: the build tool rejects such a manifest, so the workspace is ignored as if unparsable.
 */
function stringList(ctx: ManifestContext, value: unknown, field: string): string[] | undefined {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  ctx.manifests.problem(ctx.file, `${field} is not a list of strings`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Paths and patterns

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 'a/b', never './a/b/' ; '' and './' are '.'. */
function normalisePath(path: string): string {
  return resolveEntry('.', path) ?? path;
}

const WILDCARD = /[*?[{]/;

/**
 * A manifest entry resolved against its folder, relative to the workspace folder; undefined for an
 * absolute path or one that climbs out of the workspace folder (the tool may accept it, but it is
 * nothing we detected).
 */
function resolveEntry(base: string, entry: string): string | undefined {
  const path = entry.trim().replace(/\\/g, '/');
  if (path === '' || path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path)) return undefined;
  const segments = base === '.' || base === '' ? [] : base.split('/');
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      // `a/*/..` has no single folder to climb from.
      if (segments.length === 0 || WILDCARD.test(segments[segments.length - 1])) return undefined;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

/** `inner` is `outer` or below it. */
function isWithin(outer: string, inner: string): boolean {
  return outer === '.' || inner === outer || inner.startsWith(`${outer}/`);
}

interface MemberPattern {
  /** The leading folders without wildcards, resolved ('.' for the workspace folder). */
  prefix: string;
  /** Matches what follows the prefix (with MARK appended), when the pattern has wildcards. */
  rest?: RegExp;
}

// Build tools glob for the manifest inside the pattern's folders (npm and pnpm append
// "/package.json", Cargo looks for Cargo.toml), so a trailing ** also matches the folder the
// pattern starts from. MARK stands in for that file name when matching.
const MARK = '\u0000';

function compilePattern(base: string, entry: string): MemberPattern | undefined {
  const resolved = resolveEntry(base, entry);
  if (resolved === undefined) return undefined;
  const segments = resolved === '.' ? [] : resolved.split('/');
  const firstWild = segments.findIndex((segment) => WILDCARD.test(segment));
  if (firstWild < 0) return { prefix: resolved };
  const prefix = firstWild === 0 ? '.' : segments.slice(0, firstWild).join('/');
  return { prefix, rest: globToRegExp(`${segments.slice(firstWild).join('/')}/${MARK}`) };
}

function matchesPattern(pattern: MemberPattern, path: string): boolean {
  if (!pattern.rest) return path === pattern.prefix;
  if (!isWithin(pattern.prefix, path)) return false;
  const relative = path === pattern.prefix ? '' : pattern.prefix === '.' ? path : path.slice(pattern.prefix.length + 1);
  return pattern.rest.test(relative === '' ? MARK : `${relative}/${MARK}`);
}

function compilePatterns(base: string, entries: readonly string[]): MemberPattern[] {
  return entries.map((entry) => compilePattern(base, entry)).filter((pattern): pattern is MemberPattern => pattern !== undefined);
}

/** Components below the manifest's folder that a pattern names; the folder itself has its own rule. */
function componentsMatching(ctx: ManifestContext, patterns: readonly MemberPattern[]): string[] {
  return [...ctx.components].filter((path) => path !== ctx.folder && patterns.some((pattern) => matchesPattern(pattern, path)));
}

/**
 * Patterns with `!` negations, in order: the last pattern that matches a path decides, so a later
 * pattern can take back an earlier negation (npm's map-workspaces). With `orderIndependent`, any
 * negation wins (pnpm passes them to the glob as ignore patterns).
 */
function componentsMatchingWithNegations(ctx: ManifestContext, entries: readonly string[], orderIndependent: boolean): string[] {
  const patterns = entries.flatMap((entry) => {
    const negated = /^!+/.exec(entry)?.[0].length ?? 0;
    const pattern = compilePattern(ctx.folder, entry.slice(negated));
    return pattern ? [{ pattern, negate: negated % 2 === 1 }] : [];
  });
  return [...ctx.components].filter((path) => {
    if (path === ctx.folder) return false;
    const matching = patterns.filter(({ pattern }) => matchesPattern(pattern, path));
    if (matching.length === 0) return false;
    return orderIndependent ? !matching.some((item) => item.negate) : !matching[matching.length - 1].negate;
  });
}

// ---------------------------------------------------------------------------------------------
// Cargo: [workspace] members / exclude, plus path dependencies inside the workspace

function cargoWorkspace(ctx: ManifestContext): Workspace | undefined {
  const doc = ctx.manifests.toml(ctx.file);
  const ws = doc && doc.workspace;
  if (!doc || !isTable(ws)) return undefined;
  const memberEntries = stringList(ctx, ws.members, '[workspace] members');
  const excludeEntries = stringList(ctx, ws.exclude, '[workspace] exclude');
  if (!memberEntries || !excludeEntries) return undefined;
  // Cargo's exclude entries are paths, not globs: everything below one is excluded, unless a
  // literal members entry names it or a folder above it (Cargo's WorkspaceRootConfig::is_excluded).
  const excluded = excludeEntries.map((entry) => resolveEntry(ctx.folder, entry));
  const explicit = memberEntries.map((entry) => resolveEntry(ctx.folder, entry));
  const isExcluded = (path: string): boolean =>
    excluded.some((entry) => entry !== undefined && isWithin(entry, path)) &&
    !explicit.some((entry) => entry !== undefined && isWithin(entry, path));
  const members = new Set(componentsMatching(ctx, compilePatterns(ctx.folder, memberEntries)).filter((path) => !isExcluded(path)));
  const isPackage = isTable(doc.package);
  addCargoPathDependencies(ctx, doc, members, isPackage, isExcluded);
  return workspace(ctx, 'cargo', [...members, ...rootIf(ctx, isPackage)]);
}

/**
 * "All path dependencies residing in the workspace directory automatically become members"
 * (Cargo book, Workspaces), transitively. Only manifests detection listed are consulted.
 */
function addCargoPathDependencies(
  ctx: ManifestContext,
  root: Record<string, unknown>,
  members: Set<string>,
  rootIsPackage: boolean,
  isExcluded: (path: string) => boolean,
): void {
  const inherited = isTable(root.workspace) && isTable(root.workspace.dependencies) ? root.workspace.dependencies : {};
  const queue: [string, Record<string, unknown>][] = [];
  if (rootIsPackage) queue.push([ctx.folder, root]);
  const enqueue = (path: string): void => {
    const doc = path === ctx.folder ? undefined : ctx.manifests.toml(joinRelative(path, 'Cargo.toml'));
    if (doc && isTable(doc.package)) queue.push([path, doc]);
  };
  members.forEach(enqueue);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [folder, doc] = item;
    for (const dependency of cargoPathDependencies(doc, folder, inherited, ctx.folder)) {
      if (members.has(dependency) || dependency === ctx.folder || !ctx.components.has(dependency)) continue;
      if (!isWithin(ctx.folder, dependency) || isExcluded(dependency)) continue;
      members.add(dependency);
      enqueue(dependency);
    }
  }
}

const CARGO_DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

function cargoPathDependencies(doc: Record<string, unknown>, folder: string, inherited: Record<string, unknown>, root: string): string[] {
  const tables = CARGO_DEPENDENCY_TABLES.map((key) => doc[key]);
  if (isTable(doc.target)) {
    for (const target of Object.values(doc.target)) {
      if (isTable(target)) tables.push(...CARGO_DEPENDENCY_TABLES.map((key) => target[key]));
    }
  }
  const paths: string[] = [];
  for (const table of tables) {
    if (!isTable(table)) continue;
    for (const [name, spec] of Object.entries(table)) {
      if (!isTable(spec)) continue;
      let path: string | undefined;
      if (typeof spec.path === 'string') {
        path = resolveEntry(folder, spec.path);
      } else if (spec.workspace === true) {
        // `foo.workspace = true` takes [workspace.dependencies] foo, whose path is relative to the root.
        const shared = inherited[name];
        if (isTable(shared) && typeof shared.path === 'string') path = resolveEntry(root, shared.path);
      }
      if (path !== undefined) paths.push(path);
    }
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// go.work: `use ./a` and `use ( … )`

function goWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const uses = goWorkUses(text);
  if (typeof uses === 'string') {
    ctx.manifests.problem(ctx.file, `Invalid go.work: ${uses}`);
    return undefined;
  }
  // `use .` is how go.work makes its own folder a module of the workspace.
  const paths = uses.map((entry) => resolveEntry(ctx.folder, entry)).filter((path): path is string => path !== undefined);
  return workspace(ctx, 'go-work', paths.filter((path) => ctx.components.has(path)));
}

/** The `use` paths, or an error message. Other directives (go, toolchain, replace, godebug) are skipped. */
function goWorkUses(text: string): string[] | string {
  const uses: string[] = [];
  let block: string | undefined;
  for (const [index, line] of stripComments(text, GO).split('\n').entries()) {
    const tokens = goTokens(line);
    if (typeof tokens === 'string') return `${tokens} on line ${index + 1}`;
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else if (block === 'use') uses.push(tokens[0]);
    } else if (tokens[1] === '(') {
      block = tokens[0];
    } else if (tokens[0] === 'use' && tokens.length > 1) {
      uses.push(tokens[1]);
    }
  }
  return block === undefined ? uses : `unclosed "${block} (" block`;
}

/** Splits a go.mod-syntax line: bare words, "interpreted" and `raw` strings, parentheses. */
function goTokens(line: string): string[] | string {
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

// ---------------------------------------------------------------------------------------------
// npm, yarn, bun: package.json `workspaces`

function npmWorkspace(ctx: ManifestContext): Workspace | undefined {
  const pkg = ctx.manifests.json(ctx.file);
  if (!pkg || pkg.workspaces === undefined) return undefined;
  // An array, or yarn classic's (and bun's) { packages: [...], nohoist / catalog: ... }.
  const declared = isTable(pkg.workspaces) ? pkg.workspaces.packages : pkg.workspaces;
  const field = isTable(pkg.workspaces) ? '"workspaces.packages"' : '"workspaces"';
  const entries = stringList(ctx, declared, field);
  if (!entries) return undefined;
  const members = componentsMatchingWithNegations(ctx, entries, false);
  return workspace(ctx, 'npm', [...members, ...rootIf(ctx, isBuiltPackage(pkg))]);
}

/**
 * A root package.json is a package of its own, not only the workspace's shell, when it has an
 * entry point or runtime dependencies other than repository tooling (formatters, linters, hooks).
 * devDependencies never count: every workspace root has them.
 */
function isBuiltPackage(pkg: Record<string, unknown>): boolean {
  if (['main', 'exports', 'bin', 'module'].some((key) => pkg[key] !== undefined)) return true;
  const dependencies = isTable(pkg.dependencies) ? Object.keys(pkg.dependencies) : [];
  return dependencies.some((name) => !TOOLING_PACKAGES.some((pattern) => pattern.test(name)));
}

// ---------------------------------------------------------------------------------------------
// pnpm: pnpm-workspace.yaml `packages`

function pnpmWorkspace(ctx: ManifestContext): Workspace | undefined {
  const doc = ctx.manifests.yaml(ctx.file);
  if (!doc) return undefined;
  // Without `packages`, pnpm's workspace is the root package alone (pnpm 10 docs).
  const entries = stringList(ctx, doc.packages, '"packages"');
  if (!entries) return undefined;
  const members = componentsMatchingWithNegations(ctx, entries, true);
  const rootPackage = ctx.manifests.json(joinRelative(ctx.folder, 'package.json'));
  return workspace(ctx, 'pnpm', [...members, ...rootIf(ctx, rootPackage !== undefined && isBuiltPackage(rootPackage))]);
}

// ---------------------------------------------------------------------------------------------
// Gradle: settings.gradle(.kts) include / includeFlat, project(":x").projectDir = file("…")

function gradleWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const code = stripComments(text, GRADLE);
  const directories = gradleProjectDirectories(code);
  const projects = new Map<string, string>();
  for (const path of gradleCallArguments(code, 'include')) {
    // `include("a:b:c")` creates :a and :a:b too (Gradle docs, "Declaring subprojects").
    const segments = path.split(':').filter((segment) => segment !== '');
    for (let depth = 1; depth <= segments.length; depth++) {
      const project = `:${segments.slice(0, depth).join(':')}`;
      projects.set(project, directories.get(project) ?? segments.slice(0, depth).join('/'));
    }
  }
  // includeFlat (deprecated) puts the project beside the root folder.
  for (const name of gradleCallArguments(code, 'includeFlat')) {
    const project = `:${name.replace(/^:/, '')}`;
    projects.set(project, directories.get(project) ?? `../${name.replace(/^:/, '')}`);
  }
  const members = [...projects.values()]
    .map((directory) => resolveEntry(ctx.folder, directory))
    .filter((path): path is string => path !== undefined && path !== ctx.folder && ctx.components.has(path));
  // includeBuild(…) is a separate (often build-logic) build, never a project of this one.
  return workspace(ctx, 'gradle', [...members, ...rootIf(ctx, true)]);
}

/** String literals passed to `name(…)` or Groovy's `name '…', '…'`; interpolated strings are skipped. */
function gradleCallArguments(code: string, name: string): string[] {
  const values: string[] = [];
  const call = new RegExp(`(?<![\\w$])${name}(?![\\w$])\\s*`, 'g');
  for (let match = call.exec(code); match; match = call.exec(code)) {
    const start = match.index + match[0].length;
    const args = code[start] === '(' ? parenthesised(code, start) : code[start] === '"' || code[start] === "'" ? commandArguments(code, start) : undefined;
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

/** `project(":x").projectDir = file("dir")` or `= File(settingsDir | rootDir, "dir")`, by project path. */
function gradleProjectDirectories(code: string): Map<string, string> {
  const directories = new Map<string, string>();
  const assignment =
    /\b(?:findProject|project)\(\s*(["'])([^"'$]*)\1\s*\)\s*!?!?\??\.\s*projectDir\s*=\s*(?:file\(\s*(["'])([^"'$]*)\3\s*\)|(?:new\s+)?File\(\s*(?:settingsDir|rootDir)\s*,\s*(["'])([^"'$]*)\5\s*\))/g;
  for (let match = assignment.exec(code); match; match = assignment.exec(code)) {
    directories.set(`:${match[2].replace(/^:/, '')}`, match[4] ?? match[6]);
  }
  return directories;
}

// ---------------------------------------------------------------------------------------------
// Maven: <modules><module> (Maven 4: <subprojects><subproject>), in the project and its profiles

function mavenWorkspace(ctx: ManifestContext): Workspace | undefined {
  const project = ctx.manifests.xml(ctx.file);
  if (!project) return undefined;
  if (localName(project.name) !== 'project') {
    ctx.manifests.problem(ctx.file, `Not a Maven POM: the root element is <${project.name}>`);
    return undefined;
  }
  const holders = [project, ...children(children([project], 'profiles'), 'profile')];
  const lists = [...children(holders, 'modules'), ...children(holders, 'subprojects')];
  if (lists.length === 0) return undefined;
  const members = [...children(lists, 'module'), ...children(lists, 'subproject')]
    .map((element) => element.text.trim().replace(/\\/g, '/'))
    // A module may name the pom file itself (`core/pom-core.xml`): its folder is the module.
    .map((entry) => (/\.xml$/i.test(entry) ? entry.replace(/\/?[^/]*$/, '') || '.' : entry))
    .map((entry) => resolveEntry(ctx.folder, entry))
    .filter((path): path is string => path !== undefined && path !== ctx.folder && ctx.components.has(path));
  const packaging = children([project], 'packaging')[0]?.text.trim() || 'jar';
  return workspace(ctx, 'maven', [...members, ...rootIf(ctx, packaging !== 'pom')]);
}

// ---------------------------------------------------------------------------------------------
// .NET: .sln Project(...) lines and .slnx <Project Path>

/** An MSBuild project file (.csproj, .fsproj, .vbproj, …); solution folders have no extension. */
const PROJECT_FILE = /\.[A-Za-z0-9]*proj$/;
const SOLUTION_FOLDER_TYPE = '2150E333-8FDC-42A3-9474-1A3956D46DE8';

function slnWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  if (!/^\s*Microsoft Visual Studio Solution File, Format Version/m.test(text)) {
    ctx.manifests.problem(ctx.file, 'Not a Visual Studio solution: no "Microsoft Visual Studio Solution File" header');
    return undefined;
  }
  const projects: string[] = [];
  const line = /^\s*Project\(\s*"\{([^}]*)\}"\s*\)\s*=\s*"[^"]*"\s*,\s*"([^"]*)"/gm;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    if (match[1].toUpperCase() !== SOLUTION_FOLDER_TYPE) projects.push(match[2]);
  }
  return dotnetWorkspace(ctx, projects);
}

function slnxWorkspace(ctx: ManifestContext): Workspace | undefined {
  const solution = ctx.manifests.xml(ctx.file);
  if (!solution) return undefined;
  if (solution.name !== 'Solution') {
    ctx.manifests.problem(ctx.file, `Not a solution: the root element is <${solution.name}>`);
    return undefined;
  }
  // Projects sit at the top or inside (nested) <Folder> elements.
  const projects = descendants(solution, 'Project').map((element) => element.attributes.Path ?? '');
  return dotnetWorkspace(ctx, projects);
}

function dotnetWorkspace(ctx: ManifestContext, projectFiles: readonly string[]): Workspace {
  const members = projectFiles
    .map((file) => file.trim().replace(/\\/g, '/'))
    .filter((file) => PROJECT_FILE.test(file))
    .map((file) => resolveEntry(ctx.folder, file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.'))
    .filter((path): path is string => path !== undefined && ctx.components.has(path));
  return workspace(ctx, 'dotnet', members);
}

// ---------------------------------------------------------------------------------------------
// Mix umbrella: apps_path (and the optional apps: [...] filter)

function mixWorkspace(ctx: ManifestContext): Workspace | undefined {
  const text = ctx.manifests.text(ctx.file);
  if (text === undefined) return undefined;
  const code = stripComments(text, ELIXIR);
  const appsPath = /\bapps_path:\s*(["'])([^"'#]*)\1/.exec(code)?.[2];
  if (appsPath === undefined) return undefined;
  const folder = resolveEntry(ctx.folder, appsPath);
  if (folder === undefined) return workspace(ctx, 'mix', []);
  // `apps: [:a, :b]` limits the umbrella to those apps (Mix.Project, :apps option).
  const listed = /\bapps:\s*\[([^\]]*)\]/.exec(code)?.[1];
  const names = listed === undefined ? undefined : new Set([...listed.matchAll(/:(\w+)/g)].map((match) => match[1]));
  const members = [...ctx.components].filter((path) => {
    if (!isWithin(folder, path) || path === folder) return false;
    const name = folder === '.' ? path : path.slice(folder.length + 1);
    return !name.includes('/') && (!names || names.has(name));
  });
  return workspace(ctx, 'mix', members.filter((path) => path !== ctx.folder));
}

// ---------------------------------------------------------------------------------------------
// Dart pub workspaces: pubspec.yaml `workspace:` (paths; globs since Dart 3.11)

function dartWorkspace(ctx: ManifestContext): Workspace | undefined {
  const pubspec = ctx.manifests.yaml(ctx.file);
  if (!pubspec || pubspec.workspace === undefined) return undefined;
  const entries = stringList(ctx, pubspec.workspace, '"workspace"');
  if (!entries) return undefined;
  const members = componentsMatching(ctx, compilePatterns(ctx.folder, entries));
  // The root pubspec is often only `name: _`, `environment` and `workspace`; it is a package of
  // its own when it has dependencies or is a Flutter app.
  const hasDependencies = isTable(pubspec.dependencies) && Object.keys(pubspec.dependencies).length > 0;
  return workspace(ctx, 'dart', [...members, ...rootIf(ctx, hasDependencies || pubspec.flutter !== undefined)]);
}

// ---------------------------------------------------------------------------------------------
// Deno: deno.json(c) `workspace`

function denoWorkspace(ctx: ManifestContext): Workspace | undefined {
  // Deno reads both names as JSON with comments.
  const config = ctx.manifests.jsonc(ctx.file);
  if (!config || config.workspace === undefined) return undefined;
  const declared = isTable(config.workspace) ? config.workspace.members : config.workspace;
  const entries = stringList(ctx, declared, isTable(config.workspace) ? '"workspace.members"' : '"workspace"');
  if (!entries) return undefined;
  const members = componentsMatching(ctx, compilePatterns(ctx.folder, entries));
  return workspace(ctx, 'deno', [...members, ...rootIf(ctx, config.exports !== undefined)]);
}

// ---------------------------------------------------------------------------------------------
// uv: pyproject.toml [tool.uv.workspace]

function uvWorkspace(ctx: ManifestContext): Workspace | undefined {
  const pyproject = ctx.manifests.toml(ctx.file);
  const tool = pyproject && pyproject.tool;
  const uv = isTable(tool) ? tool.uv : undefined;
  const ws = isTable(uv) ? uv.workspace : undefined;
  if (!pyproject || !isTable(ws)) return undefined;
  const memberEntries = stringList(ctx, ws.members, '[tool.uv.workspace] members');
  const excludeEntries = stringList(ctx, ws.exclude, '[tool.uv.workspace] exclude');
  if (!memberEntries || !excludeEntries) return undefined;
  const included = compilePatterns(ctx.folder, memberEntries);
  // uv's exclude entries are globs matched against the member folder, and win over members.
  const excluded = compilePatterns(ctx.folder, excludeEntries);
  const members = componentsMatching(ctx, included).filter((path) => !excluded.some((pattern) => matchesPattern(pattern, path)));
  return workspace(ctx, 'uv', [...members, ...rootIf(ctx, isTable(pyproject.project))]);
}

// ---------------------------------------------------------------------------------------------
// Comments in JSONC, Gradle scripts, go.work and mix.exs

interface CommentSyntax {
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

const JSONC: CommentSyntax = { line: '//', block: true, quotes: '"', raw: '', multiline: '' };
const GRADLE: CommentSyntax = { line: '//', block: true, quotes: '"\'', raw: '', multiline: '' };
const GO: CommentSyntax = { line: '//', block: false, quotes: '"`', raw: '`', multiline: '`' };
const ELIXIR: CommentSyntax = { line: '#', block: false, quotes: '"\'', raw: '', multiline: '"\'' };

/** Removes comments outside strings; newlines stay, so line-based readers keep their lines. */
function stripComments(text: string, syntax: CommentSyntax): string {
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

/** JSON with comments and trailing commas (tsconfig.json, deno.jsonc, .vscode files), as JSON.parse reads it. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripTrailingCommas(stripComments(text, JSONC)));
}

/** Whether the next non-space character from `from` closes an object or array; linear in the spaces skipped. */
function closesNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return text[i] === '}' || text[i] === ']';
}

/** JSONC allows a comma before `}` or `]`; JSON.parse does not. */
function stripTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === ',' && closesNext(text, i + 1)) {
      continue;
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A minimal XML reader for pom.xml and .slnx: elements, attributes and text; comments,
// processing instructions, the DOCTYPE and CDATA are handled; anything unbalanced is an error.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const lineAt = (index: number): number => source.slice(0, index).split('\n').length;
  const addText = (text: string, at: number): void => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
    else if (text.trim()) throw new Error(`text outside the root element on line ${lineAt(at)}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    addText(decodeEntities(source.slice(i, lt < 0 ? source.length : lt)), i);
    if (lt < 0) break;
    const skipTo = (terminator: string, what: string): number => {
      const end = source.indexOf(terminator, lt);
      if (end < 0) throw new Error(`unterminated ${what} on line ${lineAt(lt)}`);
      return end + terminator.length;
    };
    if (source.startsWith('<!--', lt)) {
      i = skipTo('-->', 'comment');
    } else if (source.startsWith('<![CDATA[', lt)) {
      i = skipTo(']]>', 'CDATA section');
      addText(source.slice(lt + 9, i - 3), lt);
    } else if (source.startsWith('<?', lt)) {
      i = skipTo('?>', 'processing instruction');
    } else if (source.startsWith('<!', lt)) {
      i = skipDeclaration(source, lt, lineAt);
    } else if (source.startsWith('</', lt)) {
      i = skipTo('>', 'end tag');
      const name = source.slice(lt + 2, i - 1).trim();
      const open = stack.pop();
      if (!open) throw new Error(`unexpected </${name}> on line ${lineAt(lt)}`);
      if (open.name !== name) throw new Error(`</${name}> on line ${lineAt(lt)} does not close <${open.name}>`);
    } else {
      i = startTagEnd(source, lt, lineAt);
      const element = startTag(source.slice(lt + 1, i - 1), lineAt(lt));
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new Error(`a second root element <${element.name}> on line ${lineAt(lt)}`);
      else root = element;
      if (!source.slice(lt, i).endsWith('/>')) stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** `<!DOCTYPE …>`, whose internal subset in brackets may itself hold `>`. */
function skipDeclaration(source: string, start: number, lineAt: (index: number) => number): number {
  let depth = 0;
  for (let i = start + 2; i < source.length; i++) {
    if (source[i] === '[') depth++;
    else if (source[i] === ']') depth--;
    else if (source[i] === '>' && depth <= 0) return i + 1;
  }
  throw new Error(`unterminated declaration on line ${lineAt(start)}`);
}

/** Index just past the `>` of a start tag; a `>` inside a quoted attribute value does not end it. */
function startTagEnd(source: string, start: number, lineAt: (index: number) => number): number {
  let quote: string | undefined;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    } else if (c === '<') {
      break;
    }
  }
  throw new Error(`unterminated tag on line ${lineAt(start)}`);
}

function startTag(body: string, line: number): XmlElement {
  const inner = body.endsWith('/') ? body.slice(0, -1) : body;
  const name = /^[^\s/>="']+/.exec(inner)?.[0];
  if (!name) throw new Error(`a tag without a name on line ${line}`);
  const attributes: Record<string, string> = {};
  const rest = inner.slice(name.length);
  const attribute = /\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s+/gy;
  let match: RegExpExecArray | null;
  while (attribute.lastIndex < rest.length && (match = attribute.exec(rest))) {
    if (match[1]) attributes[match[1]] = decodeEntities(match[2] ?? match[3]);
  }
  if (attribute.lastIndex < rest.length) throw new Error(`a malformed attribute in <${name}> on line ${line}`);
  return { name, attributes, children: [], text: '' };
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name] ?? entity;
  });
}

/** Element names without a namespace prefix (`pom:modules` → `modules`). */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function children(parents: readonly XmlElement[], name: string): XmlElement[] {
  return parents.flatMap((parent) => parent.children.filter((child) => localName(child.name) === name));
}

function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}
