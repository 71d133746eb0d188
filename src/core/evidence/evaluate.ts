import { compileGlob } from '../detect/glob';
import { IGNORED_FOLDERS } from '../detect/rules';
import { CancelledError, decodeUtf8, FileReadError, joinRelative, mapBounded, type Cancellation, type DirEntry, type FileSystem } from '../fileSystem';
import { isSet, manifestFormat, readKeyPath, valueEquals, type KeyHit } from './keyPath';
import { compileLinePattern, matchingLines } from './linePattern';
import { NAMED_FILE_SETS, type Probe, type ProbeRoot } from './probe';
import { Pause } from '../timing';

/** Where evidence was seen: a path relative to the workspace folder, and a 1-based line when a line says it. */
export interface EvidenceLocation {
  path: string;
  line?: number;
}

export type EvidenceStatus = 'found' | 'missing' | 'not-checked';

export interface Evidence {
  status: EvidenceStatus;
  locations: EvidenceLocation[];
  /** For not-checked: why (no probe, the time budget, a walk limit). */
  reason?: string;
}

export interface EvidenceLimits {
  /** Files larger than this are not read (a lockfile of many megabytes proves nothing a probe asks). */
  maxFileBytes: number;
  /** Files one probe reads or lists at most. */
  maxFilesPerProbe: number;
  /** Directories one `**` walk lists at most. */
  maxDirectoriesPerProbe: number;
  /** Wall time for all probes of one unit. */
  unitBudgetMs: number;
  /** Locations kept per item. */
  maxLocations: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxFileBytes: 1024 * 1024,
  maxFilesPerProbe: 200,
  maxDirectoriesPerProbe: 400,
  unitBudgetMs: 3000,
  maxLocations: 5,
};

/** Probes of one unit evaluated at once. */
const ITEM_CONCURRENCY = 8;

/** Where a brace expansion stops: `{a,b}{c,d}…` multiplies, and a profile is untrusted. */
const MAX_BRACE_ALTERNATIVES = 64;

export const NO_PROBE: Evidence = { status: 'not-checked', locations: [], reason: 'no probe' };

class BudgetExceeded extends Error {}

type TextRead = { text: string } | { unreadable: string } | undefined;

/** The files a glob set matched under a root, and the folders listed to find them. */
interface Expansion {
  files: string[];
  complete: boolean;
  listed: string[];
}

/**
 * Reads files for probes, once per path per run, through the FileSystem interface (Node's fs in
 * the CLI and tests, vscode.workspace.fs in the extension). Keep one per workspace folder and call
 * `forget` for a changed path, and a re-evaluation reads only what changed.
 */
export class EvidenceReader {
  private readonly listings = new Map<string, Promise<DirEntry[] | undefined>>();
  private readonly texts = new Map<string, Promise<TextRead>>();
  /**
   * Results derived from what was read, shared by every unit of the folder: a monorepo's units
   * search the same root CI files for the same lines. Forgotten with the files they came from.
   */
  private readonly expansions = new Map<string, Expansion>();
  private readonly lineMatches = new Map<string, Map<string, number[]>>();
  private readonly keyMatches = new Map<string, Map<string, KeyHit[] | undefined>>();
  private readonly segmentMatchers = new Map<string, RegExp>();

  constructor(
    private readonly fs: FileSystem,
    readonly limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS,
  ) {}

  listing(dir: string): Promise<DirEntry[] | undefined> {
    let cached = this.listings.get(dir);
    if (!cached) {
      cached = this.fs.readDirectory(dir).catch(() => undefined);
      this.listings.set(dir, cached);
    }
    return cached;
  }

  text(path: string): Promise<TextRead> {
    let cached = this.texts.get(path);
    if (!cached) {
      cached = this.fs.readFile(path, { maxBytes: this.limits.maxFileBytes }).then(
        // A shared cache may hand over a file read under a larger limit: the probe's limit still holds.
        (bytes) => (bytes.byteLength > this.limits.maxFileBytes ? { unreadable: 'larger than the evidence limit' } : { text: decodeUtf8(bytes) }),
        (error: unknown) => (error instanceof FileReadError ? { unreadable: error.detail } : undefined),
      );
      this.texts.set(path, cached);
    }
    return cached;
  }

  /** The lines of a file matching a pattern, computed once per file and pattern. */
  matchingLines(path: string, text: string, pattern: string): number[] {
    let byPattern = this.lineMatches.get(path);
    if (!byPattern) this.lineMatches.set(path, (byPattern = new Map<string, number[]>()));
    let lines = byPattern.get(pattern);
    if (!lines) byPattern.set(pattern, (lines = matchingLines(compileLinePattern(pattern), text, this.limits.maxLocations)));
    return lines;
  }

  /** The values at a key path of a manifest, computed once per file and key; undefined when it does not parse. */
  keyHits(path: string, text: string, key: string): KeyHit[] | undefined {
    let byKey = this.keyMatches.get(path);
    if (!byKey) this.keyMatches.set(path, (byKey = new Map<string, KeyHit[] | undefined>()));
    if (!byKey.has(key)) {
      const format = manifestFormat(path);
      let hits: KeyHit[] | undefined;
      try {
        hits = format ? readKeyPath(text, format, key) : undefined;
      } catch {
        hits = undefined; // a manifest that does not parse shows nothing; detection reports it
      }
      byKey.set(key, hits);
    }
    return byKey.get(key);
  }

  segmentMatcher(segment: string): RegExp {
    let matcher = this.segmentMatchers.get(segment);
    if (!matcher) this.segmentMatchers.set(segment, (matcher = compileGlob(segment)));
    return matcher;
  }

  cachedExpansion(key: string): Expansion | undefined {
    return this.expansions.get(key);
  }

  storeExpansion(key: string, expansion: Expansion): void {
    this.expansions.set(key, expansion);
  }

  /** A file or folder changed: its content and its parent's listing are read again next time. */
  forget(path: string): void {
    const clean = path === '' ? '.' : path;
    // Any glob may have seen the change (a file created, a folder removed).
    this.expansions.clear();
    this.lineMatches.delete(clean);
    this.keyMatches.delete(clean);
    this.texts.delete(clean);
    this.listings.delete(clean);
    const slash = clean.lastIndexOf('/');
    this.listings.delete(slash < 0 ? '.' : clean.slice(0, slash));
    // A folder removed or renamed takes everything under it.
    const prefix = `${clean}/`;
    for (const key of [...this.listings.keys()]) if (key.startsWith(prefix)) this.listings.delete(key);
    for (const key of [...this.texts.keys()]) if (key.startsWith(prefix)) this.texts.delete(key);
    for (const key of [...this.lineMatches.keys()]) if (key.startsWith(prefix)) this.lineMatches.delete(key);
    for (const key of [...this.keyMatches.keys()]) if (key.startsWith(prefix)) this.keyMatches.delete(key);
  }

  /** Everything read so far is read again next time. */
  clear(): void {
    this.listings.clear();
    this.texts.clear();
    this.expansions.clear();
    this.lineMatches.clear();
    this.keyMatches.clear();
  }
}

export interface UnitEvidence {
  /** By item id; items without a probe are absent. */
  results: Map<string, Evidence>;
  /** Every path listed or read, for deciding which units a change affects. */
  reads: Set<string>;
}

export interface EvidenceItem {
  id: string;
  evidence?: Probe;
}

/**
 * Evaluates the probes of a unit's items. `unitPath` is the unit's root relative to the workspace
 * folder ('.' for the folder itself). Never throws for what the repository holds: an unreadable,
 * oversized or unparseable file is simply no evidence; only cancellation throws (CancelledError).
 */
export async function evaluateUnit(
  reader: EvidenceReader,
  unitPath: string,
  items: readonly EvidenceItem[],
  options: { cancellation?: Cancellation; now?: () => number } = {},
): Promise<UnitEvidence> {
  const now = options.now ?? Date.now;
  const deadline = now() + reader.limits.unitBudgetMs;
  const reads = new Set<string>();
  const results = new Map<string, Evidence>();
  const run = new ProbeRun(reader, unitPath, reads, () => {
    if (options.cancellation?.isCancellationRequested) throw new CancelledError();
    if (now() > deadline) throw new BudgetExceeded();
  });
  let outOfTime = false;
  const outOfTimeResult = (): Evidence => ({ status: 'not-checked', locations: [], reason: `the unit's time budget of ${reader.limits.unitBudgetMs} ms ran out` });
  const probed = items.filter((item) => item.evidence);
  // Probes wait on file reads, not the processor: a few at a time keep the disk busy.
  const evaluated = await mapBounded(probed, ITEM_CONCURRENCY, async (item): Promise<Evidence> => {
    if (outOfTime) return outOfTimeResult();
    try {
      const evidence = await run.evaluate(item.evidence!);
      return { ...evidence, locations: dedupe(evidence.locations).slice(0, reader.limits.maxLocations) };
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      outOfTime = true;
      return outOfTimeResult();
    }
  });
  // In the items' order, whatever order the reads finished in.
  probed.forEach((item, index) => results.set(item.id, evaluated[index]));
  return { results, reads };
}

class ProbeRun {
  /** Reads answered from memory, and Node's synchronous reads, would otherwise hold the thread for a whole unit. */
  private readonly pause = new Pause();

  constructor(
    private readonly reader: EvidenceReader,
    private readonly unitPath: string,
    private readonly reads: Set<string>,
    private readonly check: () => void,
  ) {}

  async evaluate(probe: Probe): Promise<Evidence> {
    if ('any' in probe) {
      const children: Evidence[] = [];
      for (const child of probe.any) children.push(await this.evaluate(child));
      const found = children.filter((child) => child.status === 'found');
      if (found.length > 0) return { status: 'found', locations: found.flatMap((child) => child.locations) };
      const unchecked = children.find((child) => child.status === 'not-checked');
      return unchecked ?? { status: 'missing', locations: [] };
    }
    if ('all' in probe) {
      const children: Evidence[] = [];
      for (const child of probe.all) children.push(await this.evaluate(child));
      if (children.every((child) => child.status === 'found')) return { status: 'found', locations: children.flatMap((child) => child.locations) };
      return children.find((child) => child.status === 'missing') ?? children.find((child) => child.status === 'not-checked')!;
    }
    const named = 'in' in probe && probe.in.startsWith('@');
    const roots = this.roots(probe.root ?? (named ? 'both' : 'unit'));
    const globs = 'file' in probe ? [probe.file] : named ? [...(NAMED_FILE_SETS[probe.in] ?? [])] : [probe.in];
    const locations: EvidenceLocation[] = [];
    let truncated = false;
    const setKey = 'file' in probe ? probe.file : probe.in;
    for (const root of roots) {
      const { files, complete } = await this.expand(root, globs, setKey);
      truncated ||= !complete;
      if ('file' in probe) {
        locations.push(...files.map((path) => ({ path })));
        continue;
      }
      for (const path of files) {
        if (this.pause.due) await this.pause.now();
        this.check();
        this.reads.add(path);
        const read = await this.reader.text(path);
        if (!read || 'unreadable' in read) continue;
        if ('text' in probe) {
          for (const line of this.reader.matchingLines(path, read.text, probe.text)) locations.push({ path, line });
        } else {
          for (const hit of this.reader.keyHits(path, read.text, probe.key) ?? []) {
            if (probe.equals === undefined ? isSet(hit.value) : valueEquals(hit.value, probe.equals)) locations.push(hit.line === undefined ? { path } : { path, line: hit.line });
          }
        }
      }
      if (locations.length > 0) break;
    }
    if (locations.length > 0) return { status: 'found', locations };
    if (truncated) return { status: 'not-checked', locations: [], reason: `the search stopped at ${this.reader.limits.maxFilesPerProbe} files or ${this.reader.limits.maxDirectoriesPerProbe} folders` };
    return { status: 'missing', locations: [] };
  }

  private roots(root: ProbeRoot): string[] {
    if (root === 'folder' || this.unitPath === '.' || this.unitPath === '') return ['.'];
    return root === 'unit' ? [this.unitPath] : [this.unitPath, '.'];
  }

  /** The regular files (never links) matching any of the globs under `root`, in a stable order. */
  private async expand(root: string, globs: readonly string[], setKey: string): Promise<{ files: string[]; complete: boolean }> {
    const key = `${root}\u0000${setKey}`;
    const cached = this.reader.cachedExpansion(key);
    if (cached) {
      for (const dir of cached.listed) this.reads.add(dir);
      return cached;
    }
    const listed: string[] = [];
    const limits = this.reader.limits;
    const files = new Set<string>();
    let directories = 0;
    let complete = true;
    const walk = async (dir: string, segments: string[], index: number, depth: number): Promise<void> => {
      if (files.size >= limits.maxFilesPerProbe) {
        complete = false;
        return;
      }
      if (this.pause.due) await this.pause.now();
      this.check();
      const listing = await this.reader.listing(dir);
      this.reads.add(dir);
      listed.push(dir);
      if (!listing) return;
      const segment = segments[index];
      const last = index === segments.length - 1;
      if (segment === '**') {
        // Zero folders, then each folder in turn: bounded by the folder count, never by the pattern.
        if (index + 1 < segments.length) await walk(dir, segments, index + 1, depth);
        for (const entry of listing) {
          if (entry.kind !== 'directory' || entry.symlink || IGNORED_FOLDERS.has(entry.name) || entry.name === '.git') continue;
          if (++directories > limits.maxDirectoriesPerProbe) {
            complete = false;
            return;
          }
          await walk(joinRelative(dir, entry.name), segments, index, depth + 1);
        }
        return;
      }
      const matcher = /[*?[{]/.test(segment) ? this.reader.segmentMatcher(segment) : undefined;
      for (const entry of listing) {
        if (entry.symlink || !(matcher ? matcher.test(entry.name) : entry.name === segment)) continue;
        const path = joinRelative(dir, entry.name);
        if (last) {
          if (entry.kind === 'file') files.add(path);
          if (files.size >= limits.maxFilesPerProbe) {
            complete = false;
            return;
          }
        } else if (entry.kind === 'directory') {
          await walk(path, segments, index + 1, depth + 1);
        }
      }
    };
    for (const glob of globs) {
      for (const segments of globSegments(glob)) await walk(root === '' ? '.' : root, segments, 0, 0);
    }
    const expansion = { files: [...files].sort(), complete, listed };
    this.reader.storeExpansion(key, expansion);
    return expansion;
  }
}

const segmentsByGlob = new Map<string, string[][]>();

/** A glob as path segments, one list per brace alternative that spans folders; computed once per glob. */
function globSegments(glob: string): string[][] {
  let cached = segmentsByGlob.get(glob);
  if (!cached) {
    cached = expandBraces(glob)
      .map((alternative) => {
        const segments = alternative.split('/').filter((segment) => segment !== '' && segment !== '.');
        // `docs/**` means every file below docs.
        if (segments[segments.length - 1] === '**') segments.push('*');
        return segments;
      })
      .filter((segments) => segments.length > 0);
    // Globs come from profiles: a bounded set, but a team could write many; never grow without end.
    if (segmentsByGlob.size > 10_000) segmentsByGlob.clear();
    segmentsByGlob.set(glob, cached);
  }
  return cached;
}

/**
 * `{a,b}/x` → `a/x`, `b/x`, so a glob splits into path segments cleanly. Braces inside one segment
 * stay for the segment matcher; alternatives beyond the limit are dropped (validation warns first).
 */
export function expandBraces(glob: string): string[] {
  const open = findSpanningBrace(glob);
  if (!open) return [glob];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(glob.slice(0, start) + option + glob.slice(end + 1))) {
      if (out.length >= MAX_BRACE_ALTERNATIVES) return out;
      out.push(expanded);
    }
  }
  return out;
}

/** The first top-level brace group whose options contain a slash; only those must be expanded. */
function findSpanningBrace(glob: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = glob.indexOf('{'); start >= 0; start = glob.indexOf('{', start + 1)) {
    let depth = 0;
    let piece = '';
    const options: string[] = [];
    for (let i = start; i < glob.length; i++) {
      const c = glob[i];
      if (c === '{') {
        depth++;
        if (depth > 1) piece += c;
      } else if (c === '}') {
        depth--;
        if (depth === 0) {
          options.push(piece);
          if (options.some((option) => option.includes('/'))) return { start, end: i, options };
          break;
        }
        piece += c;
      } else if (c === ',' && depth === 1) {
        options.push(piece);
        piece = '';
      } else {
        piece += c;
      }
    }
  }
  return undefined;
}

function dedupe(locations: readonly EvidenceLocation[]): EvidenceLocation[] {
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.path}:${location.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "ci.yml:42", or the path alone for a file that is its own evidence. */
export function locationText(location: EvidenceLocation): string {
  return location.line === undefined ? location.path : `${location.path}:${location.line}`;
}
