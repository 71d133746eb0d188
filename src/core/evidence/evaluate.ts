import { IGNORED_FOLDERS } from '../detect/rules';
import { CancelledError, joinRelative, mapBounded, type Cancellation, type DirEntry } from '../fileSystem';
import { isSet, valueEquals } from './keyPath';
import { globSegments, namedSetSegments, type Segment } from './globSegments';
import type { Probe, ProbeRoot } from './probe';
import { evaluateVersion } from './versions';
import { evaluateRunProbe, type RunProbeContext } from '../ci/runProbe';
import { Pause } from '../timing';
import { CODE_LIMITS, EVIDENCE_LIMITS, type EvidenceLimits } from '../limits';
import { dedupe, locationText, whyOf, type Evidence, type EvidenceLocation } from './evidenceModel';
import { parentOf } from '../paths';
import { baseFile, MAX_INHERITS_DEPTH, type Inherited } from './inherits';
import { clip, missingReason, valueText } from './searched';
import { EvidenceReader, runBudgetReason, type Expansion, type LeafProbe, type Pending, type TextRead } from './evidenceReader';
import { evaluateCodeItems, type CodeItem } from '../code/findings';
import { isCodeProbe } from '../code/codeProbe';

export { EvidenceReader, runBudgetReason } from './evidenceReader';

export { dedupe, locationText, whyOf, type Evidence, type EvidenceLocation, type EvidenceStatus } from './evidenceModel';

export type { EvidenceLimits };

/** See src/core/limits.ts, where every limit lives. */
export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = EVIDENCE_LIMITS;

/** Probes of one unit evaluated at once. */
const ITEM_CONCURRENCY = 8;

export const NO_PROBE: Evidence = { status: 'not-checked', locations: [], reason: 'no probe' };

class BudgetExceeded extends Error {
  constructor(readonly run: boolean) {
    super('budget exceeded');
  }
}

class CodeBudgetExceeded extends Error {
  constructor() {
    super('code budget exceeded');
  }
}

export interface UnitEvidence {
  /** By item id; items without a probe are absent. */
  results: Map<string, Evidence>;
  /** Every path listed or read, for deciding which units a change affects. */
  reads: Set<string>;
  /** Not evaluated in full: the run's budget ran out before or during the unit's turn (what was left is not-checked). */
  skipped?: boolean;
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
  options: {
    cancellation?: Cancellation;
    now?: () => number;
    run?: { deadline: number; limits: EvidenceLimits };
    /** Folders below the unit that are units of their own (their source files are not the unit's). */
    nestedUnits?: readonly string[];
  } = {},
): Promise<UnitEvidence> {
  const now = options.now ?? Date.now;
  const deadline = now() + reader.limits.unitBudgetMs;
  const runDeadline = options.run?.deadline ?? Infinity;
  const reads = new Set<string>();
  const results = new Map<string, Evidence>();
  const run = new ProbeRun(reader, unitPath, reads, () => {
    if (options.cancellation?.isCancellationRequested) throw new CancelledError();
    const time = now();
    if (time > runDeadline) throw new BudgetExceeded(true);
    if (time > deadline) throw new BudgetExceeded(false);
  });
  // Parsing a unit's sources takes longer than reading its CI files: it has a budget of its own.
  const codeDeadline = now() + reader.limits.unitBudgetMs + CODE_LIMITS.unitBudgetMs;
  run.checkCode = () => {
    if (options.cancellation?.isCancellationRequested) throw new CancelledError();
    const time = now();
    if (time > runDeadline) throw new BudgetExceeded(true);
    if (time > codeDeadline) throw new CodeBudgetExceeded();
  };
  let outOfTime: BudgetExceeded | undefined;
  const outOfTimeResult = (): Evidence => ({
    status: 'not-checked',
    locations: [],
    reason: outOfTime?.run
      ? runBudgetReason(options.run?.limits ?? reader.limits)
      : `the unit's time budget of ${reader.limits.unitBudgetMs} ms ran out`,
  });
  const probed = items.filter((item) => item.evidence && !isCodeProbe(item.evidence));
  const coded = items.filter((item): item is CodeItem & EvidenceItem => !!item.evidence && isCodeProbe(item.evidence));
  // Probes wait on file reads, not the processor: a few at a time keep the disk busy.
  const evaluated = await mapBounded(probed, ITEM_CONCURRENCY, async (item): Promise<Evidence> => {
    if (outOfTime) return outOfTimeResult();
    try {
      const evidence = await drive(run.evaluate(item.evidence!));
      return { ...evidence, locations: dedupe(evidence.locations).slice(0, reader.limits.maxLocations) };
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      outOfTime ??= error;
      return outOfTimeResult();
    }
  });
  // In the items' order, whatever order the reads finished in.
  probed.forEach((item, index) => results.set(item.id, evaluated[index]));
  if (coded.length > 0) {
    if (outOfTime) {
      for (const item of coded) results.set(item.id, outOfTimeResult());
    } else {
      try {
        const found = await evaluateCodeItems(
          { reader, unitPath, nestedUnits: options.nestedUnits ?? [], check: run.checkCode, pause: run.pause, now, reads },
          coded.map((item) => ({ id: item.id, probe: item.evidence as CodeItem['probe'] })),
        );
        for (const item of coded) results.set(item.id, found.get(item.id)!);
      } catch (error) {
        if (error instanceof CodeBudgetExceeded) {
          const reason = `the unit's time budget of ${CODE_LIMITS.unitBudgetMs} ms for parsing source files ran out`;
          for (const item of coded) results.set(item.id, { status: 'not-checked', locations: [], reason });
        } else {
          if (!(error instanceof BudgetExceeded)) throw error;
          outOfTime ??= error;
          for (const item of coded) results.set(item.id, outOfTimeResult());
        }
      }
    }
  }
  return outOfTime?.run ? { results, reads, skipped: true } : { results, reads };
}

/**
 * Work that goes on synchronously as long as what it needs is in memory, and yields only a
 * promise it must wait for (a read under way, the end of a time slice). The probes and walks
 * below are written this way rather than as async functions: most of their reads are answered
 * from memory, and an await per folder and per file cost more than the work itself.
 */
type Steps<T> = Generator<Promise<void>, T, void>;

/** Runs steps to their end, waiting on each promise they yield. */
async function drive<T>(steps: Steps<T>): Promise<T> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await step.value;
  }
}

class ProbeRun {
  /** Reads answered from memory, and Node's synchronous reads, would otherwise hold the thread for a whole unit. */
  readonly pause = new Pause();
  /** The check of the code pass, whose budget is its own. */
  checkCode: () => void = () => undefined;
  /** The roots a probe searches, in order: the unit's first, then the folder's. */
  private readonly roots: Record<ProbeRoot, readonly string[]>;

  constructor(
    private readonly reader: EvidenceReader,
    unitPath: string,
    private readonly reads: Set<string>,
    private readonly check: () => void,
  ) {
    const atFolder = unitPath === '.' || unitPath === '';
    const upward: string[] = [];
    for (let dir = atFolder ? '.' : unitPath; dir !== '.'; dir = parentOf(dir)) upward.push(dir);
    upward.push('.');
    this.roots = atFolder
      ? { unit: ['.'], folder: ['.'], both: ['.'], upward }
      : { unit: [unitPath], folder: ['.'], both: [unitPath, '.'], upward };
  }

  *evaluate(probe: Probe): Steps<Evidence> {
    if ('any' in probe) {
      const children: Evidence[] = [];
      for (const child of probe.any) children.push(yield* this.evaluate(child));
      const found = children.filter((child) => child.status === 'found');
      if (found.length > 0) return { status: 'found', locations: found.flatMap((child) => child.locations), ...whyOf(found[0]) };
      const unchecked =
        children.find((child) => child.status === 'unsupported') ??
        children.find((child) => child.status === 'not-gating') ??
        children.find((child) => child.status === 'not-checked');
      if (unchecked) return unchecked;
      // Each alternative says what it searched; together they say why none was found.
      const reasons = [...new Set(children.map((child) => child.reason).filter((reason): reason is string => !!reason))];
      const reason = reasons.length <= 3 ? reasons.join('; ') : `${reasons.slice(0, 3).join('; ')}; and ${reasons.length - 3} more places`;
      return reason ? { status: 'missing', locations: [], reason } : { status: 'missing', locations: [] };
    }
    if ('all' in probe) {
      const children: Evidence[] = [];
      for (const child of probe.all) children.push(yield* this.evaluate(child));
      if (children.every((child) => child.status === 'found'))
        return {
          status: 'found',
          locations: children.flatMap((child) => child.locations),
          ...whyOf(children.find((child) => child.reason)),
        };
      return (
        children.find((child) => child.status === 'missing') ??
        children.find((child) => child.status === 'unsupported') ??
        children.find((child) => child.status === 'not-gating') ??
        children.find((child) => child.status === 'not-checked')!
      );
    }
    if ('run' in probe) {
      // Commands CI runs (src/core/ci): one model per root per evaluation, shared by the unit's run probes.
      let result!: Evidence;
      yield evaluateRunProbe(this.runContext(this.roots[probe.root ?? 'both']), probe).then((evidence) => {
        result = evidence;
      });
      return result;
    }
    if ('version' in probe)
      return yield* evaluateVersion(probe, { leaf: (leaf) => this.leaf(leaf), reader: this.reader, reads: this.reads });
    // Code probes run in a pass of their own (evaluateCodeItems), one parse per file for all of them.
    if ('code' in probe)
      return { status: 'not-checked', locations: [], reason: 'a code probe is evaluated for an item, not inside a condition' };
    return yield* this.leaf(probe);
  }

  private readonly runModels: RunProbeContext['cache'] = new Map();

  private runContext(roots: readonly string[]): RunProbeContext {
    const settle = async <T>(pending: Pending<T>): Promise<T> => {
      if (!pending.done) await pending.settled;
      return pending.value;
    };
    return {
      roots,
      cache: this.runModels,
      record: (path) => this.reads.add(path),
      read: async (path) => {
        this.check();
        const read = await settle(this.reader.text(path));
        return read && 'text' in read ? read.text : undefined;
      },
      list: async (dir) => {
        this.check();
        return settle(this.reader.listing(dir));
      },
    };
  }

  private *leaf(probe: LeafProbe): Steps<Evidence> {
    const named = 'in' in probe && probe.in.startsWith('@');
    const roots = this.roots[probe.root ?? (named ? 'both' : 'unit')];
    const setKey = 'file' in probe ? probe.file : probe.in;
    // A named set and a glob never share a cached search: `file: "@ci"` names a file called @ci.
    const cacheKey = `${named ? 'set' : 'glob'} ${setKey}`;
    const locations: EvidenceLocation[] = [];
    // What a missing answer says it searched, and what the files held instead.
    const searched: string[] = [];
    const seen: string[] = [];
    const inherited: Inherited = { seen: [] };
    let truncated = false;
    for (const root of roots) {
      // A cached expansion is taken here, without starting a generator: most are (a unit's probes
      // share its @ci files, and every unit shares the folder's).
      let expansion = this.reader.cachedExpansion(root, cacheKey);
      if (expansion) for (const dir of expansion.listed) this.reads.add(dir);
      else expansion = yield* this.expand(root, setKey, named, cacheKey);
      truncated ||= !expansion.complete;
      if ('file' in probe) {
        for (const path of expansion.files) locations.push({ path });
        continue;
      }
      // Upward, the nearest folder holding such a file decides (as MSBuild imports the nearest
      // Directory.Build.props): the search goes on above only past a file that imports the next one.
      if (probe.root === 'upward' && expansion.files.length === 0) continue;
      let importsAbove = false;
      for (const path of expansion.files) {
        if (this.pause.due) yield this.pause.now();
        this.check();
        searched.push(path);
        if (probe.root === 'upward' && probe.upwardWhen && !('file' in probe)) {
          const read = this.reader.text(path);
          if (!read.done) yield read.settled;
          const text = read.value && 'text' in read.value ? read.value.text : undefined;
          importsAbove ||= text !== undefined && this.reader.matchingLines(path, text, probe.upwardWhen).length > 0;
        }
        if ('key' in probe && probe.inherits) {
          yield* this.inheritedKey({ ...probe, inherits: probe.inherits }, path, locations, inherited);
          continue;
        }
        this.reads.add(path);
        const pending = this.reader.text(path);
        if (!pending.done) yield pending.settled;
        this.collect(probe, path, pending.value, locations, seen);
      }
      if (locations.length > 0 || (probe.root === 'upward' && !importsAbove)) break;
    }
    if (locations.length > 0) return { status: 'found', locations, ...(inherited.chain ? { chain: inherited.chain } : {}) };
    if (truncated)
      return {
        status: 'not-checked',
        locations: [],
        reason: `the search stopped at ${this.reader.limits.maxFilesPerProbe} files or ${this.reader.limits.maxDirectoriesPerProbe} folders`,
      };
    if (inherited.unknown) return { status: 'not-checked', locations: [], reason: inherited.unknown };
    return { status: 'missing', locations: [], reason: missingReason(probe, roots, searched, seen.concat(inherited.seen)) };
  }

  /**
   * A key as a file inherits it through `inherits` (tsconfig.json's `extends`): the file's own
   * value first, else its bases', the last base first (later bases override earlier ones), each
   * base a path relative to the file that names it. A base outside the repository (a package,
   * an absolute path) or one that cannot be read leaves the key unknown, never missing.
   */
  private *inheritedKey(
    probe: Extract<LeafProbe, { key: string }> & { inherits: string },
    path: string,
    locations: EvidenceLocation[],
    state: Inherited,
    via: EvidenceLocation[] = [],
    visited: Set<string> = new Set(),
  ): Steps<boolean> {
    if (visited.has(path) || via.length >= MAX_INHERITS_DEPTH) {
      state.unknown ??= `${locationText(via[via.length - 1])} extends more than ${MAX_INHERITS_DEPTH} files deep, or in a circle`;
      return true;
    }
    visited.add(path);
    this.check();
    this.reads.add(path);
    const pending = this.reader.text(path);
    if (!pending.done) yield pending.settled;
    const read = pending.value;
    if (!read || 'unreadable' in read) {
      if (via.length > 0) state.unknown ??= `${locationText(via[via.length - 1])} extends ${path}, which cannot be read`;
      return via.length > 0;
    }
    const own = this.reader.keyHits(path, read.text, probe.key) ?? [];
    if (own.length > 0) {
      // The nearest file that sets the key decides it, whatever its bases say.
      const before = locations.length;
      this.collect(probe, path, read, locations, state.seen);
      if (locations.length > before && via.length > 0 && !state.chain) state.chain = [...via, locations[before]];
      return true;
    }
    const bases = (this.reader.keyHits(path, read.text, probe.inherits) ?? []).flatMap((hit) =>
      (Array.isArray(hit.value) ? (hit.value as unknown[]) : [hit.value]).map((value: unknown) => ({ value, line: hit.line })),
    );
    for (const base of bases.reverse()) {
      const at: EvidenceLocation = base.line === undefined ? { path } : { path, line: base.line };
      const target = typeof base.value === 'string' ? baseFile(path, base.value) : undefined;
      if (!target) {
        state.unknown ??= `${locationText(at)} extends ${typeof base.value === 'string' ? `\`${clip(base.value)}\`` : 'a value'} from outside the repository, which is not read`;
        return true;
      }
      if (yield* this.inheritedKey(probe, target, locations, state, [...via, at], visited)) return true;
    }
    return false;
  }

  /** What a text or key probe sees in one file it read; an unreadable file shows nothing. */
  private collect(
    probe: Exclude<LeafProbe, { file: string }>,
    path: string,
    read: TextRead,
    locations: EvidenceLocation[],
    seen: string[],
  ): void {
    if (!read || 'unreadable' in read) return;
    if ('text' in probe) {
      for (const line of this.reader.matchingLines(path, read.text, probe.text)) locations.push({ path, line });
    } else {
      for (const hit of this.reader.keyHits(path, read.text, probe.key) ?? []) {
        const at = hit.line === undefined ? { path } : { path, line: hit.line };
        if (probe.equals === undefined ? isSet(hit.value) : valueEquals(hit.value, probe.equals)) locations.push(at);
        else if (seen.length < 3) seen.push(`${valueText(hit.value)} at ${locationText(at)}`);
      }
    }
  }

  /**
   * The regular files (never links) matching the glob set under `root`, in a stable order: `setKey`
   * is a glob, or the name of a file set when `named`; kept under `cacheKey`. Listing the folders, it records them as reads.
   */
  private *expand(root: string, setKey: string, named: boolean, cacheKey: string): Steps<Expansion> {
    const walk: Walk = { listed: new Set(), files: new Set(), directories: 0, complete: true };
    yield* this.walk(walk, root === '' ? '.' : root, named ? namedSetSegments(setKey) : globSegments(setKey));
    const expansion = { files: [...walk.files].sort(), complete: walk.complete, listed: [...walk.listed] };
    this.reader.storeExpansion(root, cacheKey, expansion);
    return expansion;
  }

  /**
   * Matches each glob below `start` in turn, depth first in listing order, within the walk's
   * bounds: the order decides which files a capped walk keeps. One generator for all the globs of
   * a set, and a stack of frames rather than recursion: a walk over folders already in memory
   * costs a small object per folder (most globs of @ci end at the first one), not a generator.
   */
  private *walk(walk: Walk, start: string, globs: readonly (readonly Segment[])[]): Steps<void> {
    const limits = this.reader.limits;
    const stack: Frame[] = [];
    for (const segments of globs) {
      stack.push({ dir: start, index: 0, listing: undefined, next: 0 });
      frames: while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        const segment = segments[frame.index];
        if (!frame.listing) {
          // Entering the folder: a frame that ends here is popped and its parent goes on.
          if (walk.files.size >= limits.maxFilesPerProbe) {
            walk.complete = false;
            stack.pop();
            continue;
          }
          if (this.pause.due) yield this.pause.now();
          this.check();
          const pending = this.reader.listing(frame.dir);
          if (!pending.done) yield pending.settled;
          this.reads.add(frame.dir);
          walk.listed.add(frame.dir);
          if (!pending.value) {
            stack.pop();
            continue;
          }
          frame.listing = pending.value;
          if (segment.globstar) {
            // Zero folders first: the rest of the glob right here, then each folder in turn.
            if (frame.index + 1 < segments.length) {
              stack.push({ dir: frame.dir, index: frame.index + 1, listing: undefined, next: 0 });
              continue;
            }
          } else {
            segment.compile();
          }
        }
        const listing = frame.listing;
        const last = frame.index === segments.length - 1;
        while (frame.next < listing.length) {
          const entry = listing[frame.next++];
          if (segment.globstar) {
            // Bounded by the folder count, never by the pattern.
            if (entry.kind !== 'directory' || entry.symlink || IGNORED_FOLDERS.has(entry.name) || entry.name === '.git') continue;
            if (++walk.directories > limits.maxDirectoriesPerProbe) {
              walk.complete = false;
              break;
            }
            stack.push({ dir: joinRelative(frame.dir, entry.name), index: frame.index, listing: undefined, next: 0 });
            continue frames;
          }
          if (entry.symlink || !segment.matches(entry.name)) continue;
          // A wildcard enters no folder detection skips (node_modules, vendor, target, .git…): a
          // lockfile or workflow in there proves nothing about the unit. A name written out does.
          if (!last && segment.wild && entry.kind === 'directory' && (IGNORED_FOLDERS.has(entry.name) || entry.name === '.git')) continue;
          if (last) {
            if (entry.kind === 'file') walk.files.add(joinRelative(frame.dir, entry.name));
            if (walk.files.size >= limits.maxFilesPerProbe) {
              walk.complete = false;
              break;
            }
          } else if (entry.kind === 'directory') {
            stack.push({ dir: joinRelative(frame.dir, entry.name), index: frame.index + 1, listing: undefined, next: 0 });
            continue frames;
          }
        }
        stack.pop();
      }
    }
  }
}

/** What one expansion's walks found so far, and what they count against the bounds. */
interface Walk {
  listed: Set<string>;
  files: Set<string>;
  /** Folders entered by `**`, across all the set's globs. */
  directories: number;
  complete: boolean;
}

/** A folder a walk is in: the glob segment it matches there, its entries once listed, the next entry to look at. */
interface Frame {
  dir: string;
  index: number;
  listing: DirEntry[] | undefined;
  next: number;
}
