import { IGNORED_FOLDERS } from '../detect/rules';
import { compileGlob } from '../detect/glob';
import { joinRelative } from '../fileSystem';
import { compileLinePattern, matchesLine, type LinePattern } from '../evidence/linePattern';
import type { Evidence, Finding } from '../evidence/evidenceModel';
import type { EvidenceReader } from '../evidence/evidenceReader';
import { CODE_LIMITS, type CodeLimits } from '../limits';
import type { Pause } from '../timing';
import type { CodeProbe, CodeQuery, CodeSection } from './codeProbe';
import type { GrammarName, LoadedGrammar, Node, Query, Tree } from './syntax';
import { BOUND_HIT, matchesInSlices, UNSPLIT_HOLD_MS, type Slicing } from './slices';

/**
 * Evaluates a unit's code probes: one walk of the unit's source files, each file read and parsed
 * once for all its queries, the tree dropped before the next file. Test files, generated files,
 * dependency and build folders (the ones detection skips) and nested units of their own are not
 * searched. A result says "absent" only when every source file was searched; a bound hit or a
 * file that could not be parsed leaves "not checked" unless something was found anyway.
 */

export interface CodeItem {
  id: string;
  probe: CodeProbe;
}

export interface CodeRun {
  reader: EvidenceReader;
  unitPath: string;
  /** Folders below the unit that are units of their own: their files are theirs. */
  nestedUnits: readonly string[];
  /** Throws to stop (cancellation, the unit's or run's budget). */
  check: () => void;
  pause: Pause;
  now: () => number;
  limits?: CodeLimits;
  /** Every path listed or read, for deciding what a change affects. */
  reads: Set<string>;
}

interface SourceFile {
  path: string;
  grammar: GrammarName;
  test: boolean;
}

interface PreparedItem {
  id: string;
  query: CodeQuery;
  findings: Finding[];
  total: number;
  /** Why a file could not be searched for this item (a query that does not compile, a grammar that does not load). */
  failure?: string;
}

/** Why nothing can be said for any item, or undefined when the walk may go on. */
export async function evaluateCodeItems(run: CodeRun, items: readonly CodeItem[]): Promise<Map<string, Evidence>> {
  const results = new Map<string, Evidence>();
  const limits = run.limits ?? CODE_LIMITS;
  const section = items.find((item) => item.probe.code.on)?.probe.code.on;
  const notChecked = (reason: string) => {
    for (const item of items) results.set(item.id, { status: 'not-checked', locations: [], reason });
    return results;
  };
  if (section?.unavailable) return notChecked(section.unavailable);
  if (!section?.sources?.length) return notChecked('the page names no source files for code probes');
  const syntax = run.reader.syntax;
  if (!syntax) return notChecked('code is not parsed here (no tree-sitter runtime was given)');

  const walk = await listSources(run, section, limits);
  const prepared: PreparedItem[] = items.map((item) => ({ id: item.id, query: item.probe.code, findings: [], total: 0 }));
  const generated = section.generated ? compileLinePattern(section.generated) : undefined;
  const comments = section.comments ?? ['//', '#', '/*', '*'];
  let skipped = 0;
  let searched = 0;
  let firstSkip: string | undefined;
  const grammars = new Map<GrammarName, LoadedGrammar | { error: string }>();
  // Parses and queries halt when the pause's slice is over and go on after it.
  const slicing: Slicing = {
    due: () => run.pause.due,
    held: () => run.pause.held,
    maxHoldMs: Math.max(UNSPLIT_HOLD_MS, run.pause.sliceMs),
    next: async () => {
      await run.pause.now();
      run.check();
    },
    now: run.now,
  };
  for (const file of walk.files) {
    if (run.pause.due) await run.pause.now();
    run.check();
    const wanted = prepared.filter((item) => wants(item.query, file));
    if (wanted.length === 0) continue;
    let grammar = grammars.get(file.grammar);
    if (!grammar) {
      grammar = await syntax
        .grammar(file.grammar)
        .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
      grammars.set(file.grammar, grammar);
    }
    if ('error' in grammar) {
      for (const item of wanted) item.failure ??= grammar.error;
      continue;
    }
    run.reads.add(file.path);
    const cached = run.reader.cachedFindings(file.path);
    const fresh = wanted.filter((item) => !cached?.has(findingKey(item.query)));
    if (fresh.length > 0) {
      const text = await run.reader.source(file.path, limits.maxFileBytes);
      if (typeof text !== 'string') {
        skipped++;
        firstSkip ??= `${file.path}: ${text.unreadable}`;
        continue;
      }
      if (generated && isGenerated(text, generated)) {
        for (const item of fresh) run.reader.storeFindings(file.path, findingKey(item.query), []);
      } else {
        const tree = await grammar.parse(text, limits.parseTimeoutMs, slicing);
        if (tree === BOUND_HIT) {
          skipped++;
          firstSkip ??= `${file.path}: not parsed within ${limits.parseTimeoutMs} ms`;
          continue;
        }
        try {
          const lines = text.split('\n');
          const testCode =
            section.testQuery && fresh.some((item) => !item.query.tests)
              ? await testRanges(grammar, tree, file.path, section.testQuery, limits, slicing)
              : [];
          for (const item of fresh) {
            const found =
              typeof testCode === 'string' && !item.query.tests
                ? testCode
                : await matchFile(
                    grammar,
                    tree,
                    item,
                    file.path,
                    lines,
                    comments,
                    limits,
                    item.query.tests || typeof testCode === 'string' ? [] : testCode,
                    slicing,
                  );
            if (typeof found === 'string') item.failure ??= found;
            else run.reader.storeFindings(file.path, findingKey(item.query), found);
          }
        } finally {
          tree.delete();
        }
      }
    }
    searched++;
    const known = run.reader.cachedFindings(file.path);
    for (const item of wanted) {
      const found = known?.get(findingKey(item.query));
      if (!found) continue;
      item.total += found.length;
      for (const finding of found) if (item.findings.length < limits.maxFindings) item.findings.push(finding);
    }
  }

  const files = `${searched} source file${searched === 1 ? '' : 's'}`;
  for (const item of prepared) {
    const locations = item.findings.map(({ path, line }) => ({ path, line }));
    const evidence = item.query.finds === 'evidence';
    if (item.total > 0) {
      results.set(item.id, {
        status: evidence ? 'found' : 'present',
        locations,
        findings: item.findings,
        total: item.total,
        reason: `${item.query.looksFor}: ${item.total} in ${files}`,
      });
    } else if (item.failure) {
      results.set(item.id, { status: 'not-checked', locations: [], reason: item.failure });
    } else if (!walk.complete) {
      results.set(item.id, { status: 'not-checked', locations: [], reason: walk.reason! });
    } else if (skipped > 0) {
      results.set(item.id, {
        status: 'not-checked',
        locations: [],
        reason: `${skipped} source file${skipped === 1 ? ' was' : 's were'} not searched (${firstSkip})`,
      });
    } else {
      results.set(item.id, {
        status: evidence ? 'missing' : 'absent',
        locations: [],
        findings: [],
        total: 0,
        reason: `no ${item.query.looksFor} in ${files}`,
      });
    }
  }
  return results;
}

function wants(query: CodeQuery, file: SourceFile): boolean {
  if (file.test && !query.tests) return false;
  return !query.grammars || query.grammars.includes(file.grammar);
}

/** One cache entry per file and query: the same query on another item, or another unit, shares it. */
function findingKey(query: CodeQuery): string {
  const testCode = query.tests ? '' : (query.on?.testQuery ?? '');
  return JSON.stringify([query.query, query.unless ?? '', query.unlessComment ?? '', query.on?.comments ?? [], testCode]);
}

/** Start and end offsets of a node. */
type Range = readonly [number, number];

/**
 * The parts of a file that are test code by the page's `testQuery` (Rust's `#[cfg(test)] mod tests`
 * inside a source file, which no glob can tell apart): each node it captures as @test. Outermost
 * ranges only, in order. Or why the query cannot run.
 */
async function testRanges(
  grammar: LoadedGrammar,
  tree: Tree,
  path: string,
  source: string,
  limits: CodeLimits,
  slicing: Slicing,
): Promise<Range[] | string> {
  const query = grammar.query(source);
  if ('error' in query) return `the page's "testQuery" does not compile for ${grammar.name}: ${query.error}`;
  const matches = await matchesInSlices(query, tree.rootNode, boundsOf(limits), slicing);
  if (matches === BOUND_HIT) return `${path}: the page's "testQuery" did not finish ${unfinished(limits)}`;
  const ranges: [number, number][] = [];
  for (const match of matches)
    for (const capture of match.captures) if (capture.name === 'test') ranges.push([capture.node.startIndex, capture.node.endIndex]);
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const outermost: Range[] = [];
  for (const range of ranges) if (outermost.length === 0 || range[0] >= outermost[outermost.length - 1][1]) outermost.push(range);
  return outermost;
}

/** Why a query stopped: its budget, or the hold it may take at a time. */
function unfinished(limits: CodeLimits): string {
  return `within ${limits.queryTimeoutMs} ms, or within ${UNSPLIT_HOLD_MS} ms at a time`;
}

function boundsOf(limits: CodeLimits) {
  return { budgetMs: limits.queryTimeoutMs, matchLimit: limits.matchLimit };
}

function inTestCode(node: Node, ranges: readonly Range[]): boolean {
  return ranges.some(([start, end]) => node.startIndex >= start && node.endIndex <= end);
}

function isGenerated(text: string, marker: LinePattern): boolean {
  let start = 0;
  for (let line = 0; line < 5 && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (matchesLine(marker, text.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

/** The findings of one item's query in one parsed file, or why the query cannot run or did not finish. */
async function matchFile(
  grammar: LoadedGrammar,
  tree: Tree,
  item: PreparedItem,
  path: string,
  lines: readonly string[],
  comments: readonly string[],
  limits: CodeLimits,
  testCode: readonly Range[],
  slicing: Slicing,
): Promise<Finding[] | string> {
  const query = grammar.query(item.query.query);
  if ('error' in query) return `the query does not compile for ${grammar.name}: ${query.error}`;
  let unless: Query | undefined;
  if (item.query.unless) {
    const compiled = grammar.query(item.query.unless);
    if ('error' in compiled) return `the "unless" query does not compile for ${grammar.name}: ${compiled.error}`;
    unless = compiled;
  }
  const comment = item.query.unlessComment ? compileLinePattern(item.query.unlessComment) : undefined;
  const findings: Finding[] = [];
  const seen = new Set<number>();
  const bounds = boundsOf(limits);
  const notFinished = `${path}: the query did not finish ${unfinished(limits)}`;
  const matches = await matchesInSlices(query, tree.rootNode, bounds, slicing);
  if (matches === BOUND_HIT) return notFinished;
  for (const match of matches) {
    if (slicing.due()) await slicing.next();
    const node: Node | undefined = (match.captures.find((capture) => capture.name === 'finding') ?? match.captures[0])?.node;
    if (!node) continue;
    const row = node.startPosition.row;
    if (seen.has(node.startIndex)) continue;
    seen.add(node.startIndex);
    if (inTestCode(node, testCode)) continue;
    if (unless) {
      const excused = await matchesInSlices(unless, node, bounds, slicing);
      if (excused === BOUND_HIT) return notFinished;
      if (excused.length > 0) continue;
    }
    if (comment && commentAbove(lines, row, comments, comment)) continue;
    findings.push({ path, line: row + 1, text: lines[row].trim().slice(0, limits.maxFindingText) });
  }
  return findings.sort((a, b) => a.line - b.line);
}

/** Whether one of the comment lines right above `row` (no blank line between) matches. */
function commentAbove(lines: readonly string[], row: number, starts: readonly string[], pattern: LinePattern): boolean {
  for (let above = row - 1; above >= 0; above--) {
    const line = lines[above].trim();
    if (!starts.some((start) => line.startsWith(start))) return false;
    if (matchesLine(pattern, line)) return true;
  }
  return false;
}

interface SourceWalk {
  files: SourceFile[];
  complete: boolean;
  reason?: string;
}

/** The unit's source files, in a stable order, within the bounds. */
async function listSources(run: CodeRun, section: CodeSection, limits: CodeLimits): Promise<SourceWalk> {
  const sources = (section.sources ?? []).map((source) => ({ grammar: source.grammar, matches: compileGlob(source.files) }));
  const tests = (section.tests ?? []).map((glob) => compileGlob(glob));
  const start = run.unitPath === '' ? '.' : run.unitPath;
  const nested = new Set(run.nestedUnits);
  const files: SourceFile[] = [];
  const stack = [start];
  let directories = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    if (run.pause.due) await run.pause.now();
    run.check();
    const pending = run.reader.listing(dir);
    if (!pending.done) await pending.settled;
    run.reads.add(dir);
    const listing = pending.value;
    if (!listing) continue;
    const below: string[] = [];
    for (const entry of listing) {
      if (entry.symlink) continue;
      const path = joinRelative(dir, entry.name);
      if (entry.kind === 'directory') {
        if (IGNORED_FOLDERS.has(entry.name) || entry.name === '.git' || nested.has(path)) continue;
        below.push(path);
        continue;
      }
      if (entry.kind !== 'file') continue;
      const relative = start === '.' ? path : path.slice(start.length + 1);
      const source = sources.find((candidate) => candidate.matches.test(relative));
      if (!source) continue;
      if (files.length >= limits.maxFiles)
        return { files, complete: false, reason: `the unit has more than ${limits.maxFiles} source files; the rest were not searched` };
      files.push({ path, grammar: source.grammar, test: tests.some((glob) => glob.test(relative)) });
    }
    if ((directories += below.length) > limits.maxDirectories)
      return { files, complete: false, reason: `the unit has more than ${limits.maxDirectories} folders; the rest were not searched` };
    // Depth first, in listing order: pushed reversed so the first folder is listed next.
    for (let index = below.length - 1; index >= 0; index--) stack.push(below[index]);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, complete: true };
}
