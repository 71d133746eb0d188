import { CancelledError, decodeUtf8, joinRelative, type Cancellation, type DirEntry, type FileSystem } from '../fileSystem';
import { ExcludeMatcher } from './glob';
import { IGNORED_FOLDERS, MARKER_RULES, TOOLING_PACKAGES, ruleMatches, type MarkerRule } from './rules';

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
      components: [
        {
          path: '.',
          ecosystems: options.pinned.map((id) => ({ id, confidence: 1, evidence: [], notes: ['pinned by the stackGuide.ecosystems setting'] })),
        },
      ],
    };
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const exclude = new ExcludeMatcher(options.exclude ?? []);
  const components: Component[] = [];
  const skipped: Skipped[] = [];

  // Breadth-first, one listing per folder; the bound keeps the cost predictable on huge trees.
  let level: string[] = ['.'];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (options.token?.isCancellationRequested) throw new CancelledError();
      let entries: DirEntry[];
      try {
        entries = await fs.readDirectory(dir);
      } catch (error) {
        if (dir === '.') throw error;
        skipped.push({ path: dir, reason: `cannot be listed (${describeError(error)})` });
        continue;
      }
      const component = await inspectFolder(fs, dir, entries);
      if (component) components.push(component);
      for (const entry of entries) {
        if (entry.kind !== 'directory') continue;
        const child = joinRelative(dir, entry.name);
        if (entry.name.startsWith('.') || IGNORED_FOLDERS.has(entry.name)) continue;
        if (exclude.matches(child)) {
          skipped.push({ path: child, reason: 'excluded by settings' });
        } else if (entry.symlink) {
          // Following links could loop or leave the workspace; a linked folder is reported instead.
          skipped.push({ path: child, reason: 'symbolic link not followed' });
        } else if (depth < maxDepth) {
          next.push(child);
        }
      }
    }
    level = next;
  }
  components.sort((a, b) => (a.path === '.' ? -1 : b.path === '.' ? 1 : a.path.localeCompare(b.path)));
  return { folder, root: options.root ?? folder, components, skipped };
}

async function inspectFolder(fs: FileSystem, dir: string, entries: DirEntry[]): Promise<Component | undefined> {
  const hits: Hit[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    for (const rule of MARKER_RULES) {
      if (ruleMatches(rule, entry.name)) hits.push({ rule, file: joinRelative(dir, entry.name) });
    }
  }
  if (!hits.some((hit) => hit.rule.strong)) return undefined;

  const names = new Set(entries.filter((entry) => entry.kind === 'file').map((entry) => entry.name));
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
      for (const verdict of await inspectManifest(fs, rule, file, names)) add(verdict.id, verdict.weight, true, file, verdict.note);
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
}

async function readText(fs: FileSystem, file: string): Promise<string | undefined> {
  try {
    return decodeUtf8(await fs.readFile(file));
  } catch {
    return undefined;
  }
}

async function inspectManifest(fs: FileSystem, rule: MarkerRule, file: string, siblings: Set<string>): Promise<Verdict[]> {
  switch (rule.inspect) {
    case 'tsconfig':
      return [{ id: 'typescript', weight: rule.weight }];
    case 'packageJson':
      return inspectPackageJson(await readText(fs, file), siblings);
    case 'gradle': {
      const text = (await readText(fs, file)) ?? '';
      // A Kotlin DSL script can still build plain Java; the plugins block decides.
      const kotlin = /org\.jetbrains\.kotlin|kotlin\(|kotlin-android|kotlin-gradle-plugin/.test(text);
      return [{ id: kotlin ? 'kotlin' : 'java', weight: rule.weight }];
    }
    case 'pubspec': {
      const text = (await readText(fs, file)) ?? '';
      const flutter = /^\s+sdk:\s*flutter\b/m.test(text) || /^flutter:/m.test(text);
      return [{ id: 'dart', weight: rule.weight, note: flutter ? 'Flutter app' : undefined }];
    }
    default:
      return [{ id: rule.ecosystem, weight: rule.weight }];
  }
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
  const toolingOnly =
    readable && deps.length === 0 && !hasEntry && devDeps.every((name) => TOOLING_PACKAGES.some((pattern) => pattern.test(name)));
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
