import { CancelledError, decodeUtf8, type Cancellation, type DirEntry, type FileSystem } from '../fileSystem';
import { baseName, comparePaths, joinRelative } from '../paths';
import { Pause } from '../timing';
import { ExcludeMatcher } from './glob';
import {
  cmakeEcosystem,
  countJvmSources,
  findSwiftSource,
  foldCMakeIntoSwiftPackages,
  gradlePluginLanguage,
  isXcodeBundle,
  majorityLanguage,
  settleGradleLanguages,
  type GradleModule,
} from './layouts';
import { IGNORED_FOLDERS, MARKER_RULES, TOOLING_PACKAGES, ruleMatches, type MarkerRule } from './rules';
import { isWorkspaceManifestName, readWorkspaces, type ListedFolder, type Workspace, type WorkspaceProblem } from './workspaces';

export const DETECTED_THRESHOLD = 0.5;
export const DEFAULT_MAX_DEPTH = 3;

export interface EcosystemMatch {
  id: string;
  /** 0..1; the ecosystem counts as detected from DETECTED_THRESHOLD up. */
  confidence: number;
  /** Files, relative to the workspace folder, that led to the match. */
  evidence: string[];
  /** Facts read from a manifest, e.g. "Flutter app" or "tooling-only package.json". */
  notes?: string[];
}

export interface Component {
  /** Relative to the workspace folder; '.' is its root. */
  path: string;
  ecosystems: EcosystemMatch[];
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface FolderDetection {
  /** Display name of the workspace folder (or the directory given to the CLI). */
  folder: string;
  /** Identity of the folder (its URI, or an absolute path): names can repeat in a multi-root workspace. */
  root: string;
  components: Component[];
  skipped: Skipped[];
  /** Build workspaces (Cargo, go.work, npm, Gradle, …) and the components they list. */
  workspaces: Workspace[];
  /** Workspace manifests that could not be read; their members stay units of their own. */
  workspaceProblems?: WorkspaceProblem[];
  /** True when the ecosystems came from the stackGuide.ecosystems setting. */
  pinned?: boolean;
}

export interface Detection {
  folders: FolderDetection[];
}

export interface DetectOptions {
  maxDepth?: number;
  exclude?: readonly string[];
  /** Ecosystem ids pinned by the team: detection is skipped for this folder. */
  pinned?: readonly string[];
  token?: Cancellation;
  /** Identity of the folder in the result; defaults to its name. */
  root?: string;
}

interface Hit {
  rule: MarkerRule;
  file: string;
}

/** Detects the components and ecosystems of one workspace folder. */
export async function detectFolder(fs: FileSystem, folder: string, options: DetectOptions = {}): Promise<FolderDetection> {
  if (options.pinned && options.pinned.length > 0) {
    return {
      folder,
      root: options.root ?? folder,
      pinned: true,
      skipped: [],
      workspaces: [],
      components: [
        {
          path: '.',
          ecosystems: options.pinned.map((id) => ({
            id,
            confidence: 1,
            evidence: [],
            notes: ['pinned by the stackGuide.ecosystems setting'],
          })),
        },
      ],
    };
  }
  // A manifest can be read twice in one run (a package.json inspected, then read for its
  // workspaces); in the editor every read is a round trip, so each file is read once per run.
  fs = readOnce(fs);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const exclude = new ExcludeMatcher(options.exclude ?? []);
  const components: Component[] = [];
  const skipped: Skipped[] = [];

  const manifestFolders: ListedFolder[] = [];
  const gradleModules: GradleModule[] = [];
  const pause = new Pause();

  // Breadth-first, one listing per folder; the bound keeps the cost predictable on huge trees.
  // The folders of one level are listed a few at a time: in the editor each listing is a round
  // trip to the file system provider, and waiting for them one by one dominates the run.
  let level: string[] = ['.'];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    await forEachBounded(level, LISTING_CONCURRENCY, async (dir) => {
      await pause.now();
      if (options.token?.isCancellationRequested) throw new CancelledError();
      let entries: DirEntry[];
      try {
        entries = await fs.readDirectory(dir);
      } catch (error) {
        if (dir === '.') throw error;
        skipped.push({ path: dir, reason: `cannot be listed (${describeError(error)})` });
        return;
      }
      const manifests = entries
        .filter((entry) => entry.kind === 'file' && !entry.symlink && isWorkspaceManifestName(entry.name))
        .map((entry) => entry.name);
      if (manifests.length > 0) manifestFolders.push({ path: dir, files: manifests });
      const component = await inspectFolder(fs, dir, entries, gradleModules);
      if (component) components.push(component);
      for (const entry of entries) {
        if (entry.kind !== 'directory') continue;
        const child = joinRelative(dir, entry.name);
        if (entry.name.startsWith('.') || IGNORED_FOLDERS.has(entry.name) || /\.(xcodeproj|xcworkspace)$/.test(entry.name)) continue;
        if (exclude.matches(child)) {
          skipped.push({ path: child, reason: 'excluded by settings' });
        } else if (entry.symlink) {
          // Following links could loop or leave the workspace; a linked folder is reported instead.
          skipped.push({ path: child, reason: 'symbolic link not followed' });
        } else if (depth < maxDepth) {
          next.push(child);
        }
      }
    });
    level = next.sort();
  }
  if (options.token?.isCancellationRequested) throw new CancelledError();
  foldCMakeIntoSwiftPackages(components);
  const { workspaces, problems } = await readWorkspaces(
    fs,
    manifestFolders.sort((a, b) => a.path.localeCompare(b.path)),
    components.map((component) => component.path),
    options.token,
  );
  settleGradleLanguages(components, workspaces, gradleModules);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  components.sort((a, b) => comparePaths(a.path, b.path));
  const result: FolderDetection = { folder, root: options.root ?? folder, components, skipped, workspaces };
  if (problems.length > 0) result.workspaceProblems = problems;
  return result;
}

const LISTING_CONCURRENCY = 8;

function readOnce(fs: FileSystem): FileSystem {
  const reads = new Map<string, Promise<Uint8Array>>();
  return {
    readDirectory: (relativePath) => fs.readDirectory(relativePath),
    readFile: (relativePath) => {
      let read = reads.get(relativePath);
      if (!read) {
        read = fs.readFile(relativePath);
        reads.set(relativePath, read);
      }
      return read;
    },
  };
}

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** `gradle` collects how each Gradle module's language was decided (see settleGradleLanguages). */
async function inspectFolder(fs: FileSystem, dir: string, entries: DirEntry[], gradle: GradleModule[]): Promise<Component | undefined> {
  const hits: Hit[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'file' && entry.kind !== 'directory') continue;
    for (const rule of MARKER_RULES) {
      if (Boolean(rule.directory) === (entry.kind === 'directory') && ruleMatches(rule, entry.name))
        hits.push({ rule, file: joinRelative(dir, entry.name) });
    }
  }
  if (!hits.some((hit) => hit.rule.strong)) return undefined;

  const folder: InspectedFolder = {
    dir,
    entries,
    names: new Set(entries.filter((entry) => entry.kind === 'file').map((entry) => entry.name)),
  };
  const scores = new Map<string, { strong: number; support: number; evidence: string[]; notes: string[] }>();
  const add = (id: string, weight: number, isStrong: boolean, file?: string, note?: string) => {
    const score = scores.get(id) ?? { strong: 0, support: 0, evidence: [], notes: [] };
    if (isStrong) score.strong = Math.max(score.strong, weight);
    else score.support += weight;
    if (file && !score.evidence.includes(file)) score.evidence.push(file);
    if (note && !score.notes.includes(note)) score.notes.push(note);
    scores.set(id, score);
  };

  const sourceHits = new Map<string, Hit>();
  for (const hit of hits) {
    const { rule, file } = hit;
    if (rule.name.startsWith('*.') && !rule.strong) {
      // One source file per extension is evidence enough; listing them all says nothing more.
      if (!sourceHits.has(rule.name)) sourceHits.set(rule.name, hit);
      continue;
    }
    if (rule.inspect) {
      for (const verdict of await inspectManifest(fs, rule, file, folder)) {
        add(verdict.id, verdict.weight, true, file, verdict.note);
        if (verdict.gradle) gradle.push({ path: dir, file, language: verdict.id, ...verdict.gradle });
        for (const extra of verdict.evidence ?? []) add(verdict.id, 0, false, extra);
      }
    } else {
      add(rule.ecosystem, rule.weight, rule.strong, file);
    }
  }
  for (const { rule, file } of sourceHits.values()) {
    // Sources only support an ecosystem a manifest already suggested.
    if (scores.has(rule.ecosystem)) add(rule.ecosystem, rule.weight, false, file);
  }
  // TypeScript projects carry package.json lock files too; credit them to TypeScript.
  const js = scores.get('javascript');
  const ts = scores.get('typescript');
  if (ts && js && js.strong < DETECTED_THRESHOLD) {
    ts.support += js.support;
  }

  const ecosystems: EcosystemMatch[] = [];
  for (const [id, score] of scores) {
    if (score.strong === 0) continue;
    const confidence = Math.round(Math.min(1, score.strong + score.support) * 100) / 100;
    const match: EcosystemMatch = { id, confidence, evidence: score.evidence };
    if (score.notes.length > 0) match.notes = score.notes;
    ecosystems.push(match);
  }
  // A tooling-only package.json stays below the threshold; where it is alone it still
  // tells the user why nothing was detected.
  ecosystems.sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id));
  return ecosystems.length > 0 ? { path: dir, ecosystems } : undefined;
}

interface Verdict {
  id: string;
  weight: number;
  note?: string;
  /** Files besides the marker that decided the verdict. */
  evidence?: string[];
  /** A Gradle script's verdict: what decided it. */
  gradle?: Pick<GradleModule, 'decidedBy' | 'count'>;
}

/** The folder being inspected, as listed once by detection. */
interface InspectedFolder {
  dir: string;
  entries: DirEntry[];
  /** Names of its files. */
  names: Set<string>;
  /** Looked up once, however many Xcode bundles the folder holds. */
  swiftSource?: Promise<string | undefined>;
}

async function readText(fs: FileSystem, file: string): Promise<string | undefined> {
  try {
    return decodeUtf8(await fs.readFile(file));
  } catch {
    return undefined;
  }
}

async function inspectManifest(fs: FileSystem, rule: MarkerRule, file: string, folder: InspectedFolder): Promise<Verdict[]> {
  switch (rule.inspect) {
    case 'tsconfig':
      return [{ id: 'typescript', weight: rule.weight }];
    case 'packageJson':
      return inspectPackageJson(await readText(fs, file), folder.names);
    case 'gradle':
      return inspectGradle(fs, rule, file, folder);
    case 'xcode':
      return inspectXcode(fs, rule, folder);
    case 'cmake':
      return [{ id: cmakeEcosystem((await readText(fs, file)) ?? '', rule.ecosystem), weight: rule.weight }];
    case 'pubspec': {
      const text = (await readText(fs, file)) ?? '';
      const flutter = /^\s+sdk:\s*flutter\b/m.test(text) || /^flutter:/m.test(text);
      return [{ id: 'dart', weight: rule.weight, note: flutter ? 'Flutter app' : undefined }];
    }
    default:
      return [{ id: rule.ecosystem, weight: rule.weight }];
  }
}

/**
 * A Kotlin DSL script can still build plain Java, so the plugins decide; where they do not
 * (an Android or convention plugin), the module's sources do. Only then is src/ walked.
 */
async function inspectGradle(fs: FileSystem, rule: MarkerRule, file: string, folder: InspectedFolder): Promise<Verdict[]> {
  const declared = gradlePluginLanguage((await readText(fs, file)) ?? '');
  if (declared) return [{ id: declared, weight: rule.weight, gradle: { decidedBy: 'plugin' } }];
  const hasSources = folder.entries.some((entry) => entry.kind === 'directory' && entry.name === 'src');
  const count = hasSources ? await countJvmSources(fs, folder.dir) : { kotlin: 0, java: 0 };
  const majority = majorityLanguage(count);
  // With no sources to go by (an aggregating root build), the build file's own ecosystem stands
  // until the build's other modules decide it (settleGradleLanguages, once workspaces are read).
  if (!majority) return [{ id: rule.ecosystem, weight: rule.weight, gradle: { decidedBy: 'none' } }];
  return [
    {
      id: majority,
      weight: rule.weight,
      note: `${count.kotlin} Kotlin and ${count.java} Java source files under src/`,
      gradle: { decidedBy: 'sources', count },
    },
  ];
}

async function inspectXcode(fs: FileSystem, rule: MarkerRule, folder: InspectedFolder): Promise<Verdict[]> {
  // The project.xcworkspace inside every .xcodeproj is Xcode's own, not another project.
  if (isXcodeBundle(baseName(folder.dir))) return [];
  folder.swiftSource ??= findSwiftSource(fs, folder.dir, folder.entries);
  const source = await folder.swiftSource;
  // An Objective-C project has no profile of its own; it is not reported as Swift.
  return source ? [{ id: rule.ecosystem, weight: rule.weight, evidence: [source] }] : [];
}

function inspectPackageJson(text: string | undefined, siblings: Set<string>): Verdict[] {
  let manifest: Record<string, unknown> = {};
  let readable = true;
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed && typeof parsed === 'object') manifest = parsed as Record<string, unknown>;
  } catch {
    readable = false;
  }
  const deps = Object.keys(asRecord(manifest.dependencies));
  const devDeps = Object.keys(asRecord(manifest.devDependencies));
  const all = [...deps, ...devDeps, ...Object.keys(asRecord(manifest.peerDependencies))];
  const hasEntry = ['main', 'module', 'exports', 'bin', 'browser', 'types'].some((key) => key in manifest);
  // Linters and their shared configs are tooling wherever they are listed; one real package is not.
  const toolingOnly = readable && !hasEntry && all.every((name) => TOOLING_PACKAGES.some((pattern) => pattern.test(name)));
  if (toolingOnly) {
    return [{ id: 'javascript', weight: 0.3, note: 'tooling-only package.json (formatters, linters or git hooks)' }];
  }
  const typescript = siblings.has('tsconfig.json') || all.includes('typescript') || typeof manifest.types === 'string';
  if (typescript) return [{ id: 'typescript', weight: 0.85, note: readable ? undefined : 'package.json could not be parsed' }];
  return [{ id: 'javascript', weight: 0.85, note: readable ? undefined : 'package.json could not be parsed' }];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function describeError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Ecosystems at or above the threshold, strongest first, across all components. */
export function detectedEcosystems(detection: Detection): string[] {
  const best = new Map<string, number>();
  for (const folder of detection.folders) {
    for (const component of folder.components) {
      for (const match of component.ecosystems) {
        if (match.confidence >= DETECTED_THRESHOLD) best.set(match.id, Math.max(best.get(match.id) ?? 0, match.confidence));
      }
    }
  }
  return [...best.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
}
