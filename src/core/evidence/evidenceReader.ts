import { decodeUtf8, FileReadError, type DirEntry, type FileSystem } from '../fileSystem';
import { EVIDENCE_LIMITS, type EvidenceLimits } from '../limits';
import { keyHitsIn, manifestFormat, parseManifest, type KeyHit, type ParsedManifest } from './keyPath';
import { compileLinePattern, lineComments, matchingLines } from './linePattern';
import type { Probe, VersionProbe } from './probe';
import type { Finding } from './evidenceModel';
import type { SyntaxRuntime } from '../code/syntax';

/**
 * The reads evidence makes, kept per folder: each file read once, listings and glob expansions
 * kept, and a change forgets what it touched. Shared by evidence, facts and the CI model.
 */

/** Why an item was not checked when the run's budget ran out. */
export function runBudgetReason(limits: EvidenceLimits): string {
  return `the run's time budget of ${limits.runBudgetMs} ms for evidence ran out`;
}

export type TextRead = { text: string } | { unreadable: string } | undefined;

/** A probe that reads the repository itself: file, text or key. */
export type LeafProbe = Exclude<Probe, { any: Probe[] } | { all: Probe[] } | VersionProbe | { run: string | string[] } | { code: unknown }>;

/** The files a glob set matched under a root, and the folders listed to find them (each once). */
export interface Expansion {
  files: string[];
  complete: boolean;
  listed: string[];
}

/**
 * A read under way, and its result once it has one. A walk that finds it done goes on at once:
 * most reads of an evaluation are answered from memory (a detection's cache, this reader's), and
 * waiting a turn of the microtask queue for each of them was most of the cost of evidence.
 */
export class Pending<T> {
  done = false;
  value!: T;
  /** Settles after `done` and `value` are set. */
  readonly settled: Promise<void>;

  constructor(read: Promise<T>) {
    this.settled = read.then((value) => {
      this.value = value;
      this.done = true;
    });
  }
}

/**
 * Reads files for probes, once per path per run, through the FileSystem interface (Node's fs in
 * the CLI and tests, vscode.workspace.fs in the extension). Keep one per workspace folder and call
 * `forget` for a changed path, and a re-evaluation reads only what changed.
 */
export class EvidenceReader {
  private readonly listings = new Map<string, Pending<DirEntry[] | undefined>>();
  private readonly texts = new Map<string, Pending<TextRead>>();
  /**
   * Results derived from what was read, shared by every unit of the folder: a monorepo's units
   * search the same root CI files for the same lines. Forgotten with the files they came from.
   * Expansions by root, then by glob set.
   */
  private readonly expansions = new Map<string, Map<string, Expansion>>();
  private readonly lineMatches = new Map<string, Map<string, number[]>>();
  private readonly keyMatches = new Map<string, Map<string, KeyHit[] | undefined>>();
  /** Manifests parsed during the current run, by path (undefined: it does not parse). */
  private readonly parsed = new Map<string, ParsedManifest | undefined>();
  /** How many times a manifest was parsed, for tests: once per file per run. */
  parses = 0;

  /**
   * Code findings by source file, then by query: a changed file is parsed again, the others are
   * not. Source texts themselves are never kept (a unit has thousands).
   */
  private readonly findings = new Map<string, Map<string, Finding[]>>();

  constructor(
    private readonly fs: FileSystem,
    readonly limits: EvidenceLimits = EVIDENCE_LIMITS,
    /** Tree-sitter, for code probes; without it they are not checked. */
    readonly syntax?: SyntaxRuntime,
  ) {}

  /** A source file's text for a code probe, read each time it is asked for (not kept), or why not. */
  async source(path: string, maxBytes: number): Promise<string | { unreadable: string }> {
    try {
      const bytes = await this.fs.readFile(path, { maxBytes });
      return bytes.byteLength > maxBytes ? { unreadable: 'larger than the code probe limit' } : decodeUtf8(bytes);
    } catch (error) {
      return { unreadable: error instanceof FileReadError ? error.detail : 'unreadable' };
    }
  }

  cachedFindings(path: string): ReadonlyMap<string, Finding[]> | undefined {
    return this.findings.get(path);
  }

  storeFindings(path: string, key: string, found: Finding[]): void {
    let byKey = this.findings.get(path);
    if (!byKey) this.findings.set(path, (byKey = new Map<string, Finding[]>()));
    byKey.set(key, found);
  }

  listing(dir: string): Pending<DirEntry[] | undefined> {
    let cached = this.listings.get(dir);
    if (!cached) {
      cached = new Pending(this.fs.readDirectory(dir).catch(() => undefined));
      this.listings.set(dir, cached);
    }
    return cached;
  }

  text(path: string): Pending<TextRead> {
    let cached = this.texts.get(path);
    if (!cached) {
      cached = new Pending(
        this.fs.readFile(path, { maxBytes: this.limits.maxFileBytes }).then(
          // A shared cache may hand over a file read under a larger limit: the probe's limit still holds.
          (bytes): TextRead =>
            bytes.byteLength > this.limits.maxFileBytes ? { unreadable: 'larger than the evidence limit' } : { text: decodeUtf8(bytes) },
          (error: unknown): TextRead => (error instanceof FileReadError ? { unreadable: error.detail } : undefined),
        ),
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
    if (!lines)
      byPattern.set(pattern, (lines = matchingLines(compileLinePattern(pattern), text, this.limits.maxLocations, lineComments(path))));
    return lines;
  }

  /**
   * The values at a key path of a manifest, computed once per file and key; undefined when it does
   * not parse. The file is parsed once for all the keys a run asks of it (see `endRun`).
   */
  keyHits(path: string, text: string, key: string): KeyHit[] | undefined {
    let byKey = this.keyMatches.get(path);
    if (!byKey) this.keyMatches.set(path, (byKey = new Map<string, KeyHit[] | undefined>()));
    if (!byKey.has(key)) {
      let parsed = this.parsed.get(path);
      if (parsed === undefined && !this.parsed.has(path)) {
        const format = manifestFormat(path);
        if (format) this.parses++;
        try {
          parsed = format ? parseManifest(text, format) : undefined;
        } catch {
          parsed = undefined; // a manifest that does not parse shows nothing; detection reports it
        }
        this.parsed.set(path, parsed);
      }
      byKey.set(key, parsed ? keyHitsIn(parsed, key) : undefined);
    }
    return byKey.get(key);
  }

  /** Parsed manifests are kept for one run only: their trees are far larger than the results kept. */
  endRun(): void {
    this.parsed.clear();
  }

  cachedExpansion(root: string, setKey: string): Expansion | undefined {
    return this.expansions.get(root)?.get(setKey);
  }

  storeExpansion(root: string, setKey: string, expansion: Expansion): void {
    let bySet = this.expansions.get(root);
    if (!bySet) this.expansions.set(root, (bySet = new Map<string, Expansion>()));
    bySet.set(setKey, expansion);
  }

  /** A file or folder changed: its content and its parent's listing are read again next time. */
  forget(path: string): void {
    const clean = path === '' ? '.' : path;
    // Any glob may have seen the change (a file created, a folder removed).
    this.expansions.clear();
    this.lineMatches.delete(clean);
    this.keyMatches.delete(clean);
    this.parsed.delete(clean);
    this.findings.delete(clean);
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
    for (const key of [...this.parsed.keys()]) if (key.startsWith(prefix)) this.parsed.delete(key);
    for (const key of [...this.findings.keys()]) if (key.startsWith(prefix)) this.findings.delete(key);
  }

  /** Everything read so far is read again next time. */
  clear(): void {
    this.listings.clear();
    this.texts.clear();
    this.expansions.clear();
    this.lineMatches.clear();
    this.keyMatches.clear();
    this.parsed.clear();
    this.findings.clear();
  }
}
