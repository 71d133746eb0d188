import { compileGlob, InvalidGlobError } from '../detect/glob';
import { compileLinePattern, LinePatternError } from '../evidence/linePattern';
import { GRAMMARS, isGrammar, type GrammarName } from './syntax';

/**
 * A code probe: a tree-sitter query over the unit's source files of the page's languages. A match
 * is the risky pattern (present/absent: on a risk item, or on a check it breaks, such as an
 * http.Server without ReadHeaderTimeout) or, with `finds: evidence`, what shows a check is met
 * (found/missing). What a page's sources are (grammars, file globs, test files, the marker of
 * generated files) is the profile's `code` section, joined to each probe when the profile loads.
 */
export interface CodeQuery {
  /** What the query matches, in words a reviewer reads in the result: "exec.Command through a shell". */
  looksFor: string;
  /** Tree-sitter query; the node captured as @finding (else the first capture) is reported. */
  query: string;
  /** risk (default): a match is the risky pattern; evidence: a match shows the item is met. */
  finds?: 'risk' | 'evidence';
  /** A query that, matching inside the finding's node, makes it no finding (the safe variant). */
  unless?: string;
  /** A text pattern that, on a comment line right above the finding, makes it no finding (// SAFETY: …). */
  unlessComment?: string;
  /** Only these of the page's grammars (a query written for one of them). */
  grammars?: GrammarName[];
  /** Test files are searched too (they are not by default). */
  tests?: boolean;
  /** The page's sources: set by the loader from the profile's `code` section. */
  on?: CodeSection;
}

export interface CodeSource {
  grammar: GrammarName;
  /** A glob relative to the unit's root. */
  files: string;
}

/** A profile's `code` section. */
export interface CodeSection {
  sources?: CodeSource[];
  /** Globs of test files, relative to the unit's root. */
  tests?: string[];
  /**
   * A tree-sitter query whose @test captures are test code inside a source file (Rust's
   * `#[cfg(test)] mod tests`): no finding there unless the probe asks for tests.
   */
  testQuery?: string;
  /** A text pattern that, on one of a file's first lines, marks it generated: it is not searched. */
  generated?: string;
  /** What a comment line starts with, for `unlessComment`. */
  comments?: string[];
  /** Why code is not checked on this page (no grammar for the language): risk items say so. */
  unavailable?: string;
}

export type CodeProbe = { code: CodeQuery };

const MAX_QUERY = 4000;
const MAX_SOURCES = 8;
const MAX_TEST_GLOBS = 16;

export interface CodeIssue {
  path: string[];
  message: string;
}

/**
 * What the schema cannot say about a code probe. Queries come from team profiles too, which are
 * untrusted: #match? would run a regular expression of theirs on every identifier, so queries
 * compare with #eq? and #any-of? only; their syntax is checked when a grammar compiles them
 * (a test compiles every built-in query).
 */
export function checkCodeProbe(record: Record<string, unknown>, path: string[]): CodeIssue[] {
  const issues: CodeIssue[] = [];
  const code = record.code;
  if (typeof code !== 'object' || code === null || Array.isArray(code)) {
    return [{ path: [...path, 'code'], message: '"code" must be a mapping with "query"' }];
  }
  for (const other of Object.keys(record))
    if (other !== 'code') issues.push({ path: [...path, other], message: `"${other}" does not belong to a code probe` });
  const spec = code as Record<string, unknown>;
  for (const key of Object.keys(spec))
    if (!['looksFor', 'query', 'finds', 'unless', 'unlessComment', 'grammars', 'tests'].includes(key))
      issues.push({
        path: [...path, 'code', key],
        message: `unknown key "${key}"; a code probe has looksFor, query, finds, unless, unlessComment, grammars, tests`,
      });
  if (typeof spec.looksFor !== 'string' || spec.looksFor.trim() === '' || spec.looksFor.length > 160)
    issues.push({ path: [...path, 'code', 'looksFor'], message: '"looksFor" must say in up to 160 characters what the query matches' });
  if (spec.finds !== undefined && spec.finds !== 'risk' && spec.finds !== 'evidence')
    issues.push({ path: [...path, 'code', 'finds'], message: '"finds" must be risk or evidence' });
  for (const key of ['query', 'unless'] as const) {
    const value = spec[key];
    if (value === undefined && key === 'unless') continue;
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ path: [...path, 'code', key], message: `"${key}" must be a non-empty tree-sitter query` });
      continue;
    }
    issues.push(...queryIssues(value, key, [...path, 'code', key]));
  }
  if (spec.unlessComment !== undefined) {
    try {
      if (typeof spec.unlessComment !== 'string') throw new LinePatternError('"unlessComment" must be a text pattern');
      compileLinePattern(spec.unlessComment);
    } catch (error) {
      issues.push({ path: [...path, 'code', 'unlessComment'], message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (spec.grammars !== undefined) {
    const list = spec.grammars;
    if (!Array.isArray(list) || list.length === 0 || list.some((name) => typeof name !== 'string' || !isGrammar(name)))
      issues.push({ path: [...path, 'code', 'grammars'], message: `"grammars" must be a non-empty list of: ${GRAMMARS.join(', ')}` });
  }
  if (spec.tests !== undefined && typeof spec.tests !== 'boolean')
    issues.push({ path: [...path, 'code', 'tests'], message: '"tests" must be true or false' });
  return issues;
}

/** What the schema cannot say about a profile's `code` section. */
export function checkCodeSection(section: unknown, path: string[]): CodeIssue[] {
  const issues: CodeIssue[] = [];
  if (typeof section !== 'object' || section === null || Array.isArray(section))
    return [{ path, message: '"code" must be a mapping with "sources" or "unavailable"' }];
  const record = section as Record<string, unknown>;
  if ((record.sources === undefined) === (record.unavailable === undefined))
    issues.push({ path, message: '"code" has either "sources" (the grammars and files to parse) or "unavailable" (why there are none)' });
  if (record.sources !== undefined) {
    const sources = record.sources;
    if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCES) {
      issues.push({ path: [...path, 'sources'], message: `"sources" must list 1 to ${MAX_SOURCES} grammars with their files` });
    } else {
      sources.forEach((source: unknown, index) => {
        const at = [...path, `sources[${index}]`];
        const entry = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
        if (typeof entry.grammar !== 'string' || !isGrammar(entry.grammar))
          issues.push({ path: [...at, 'grammar'], message: `"grammar" must be one of: ${GRAMMARS.join(', ')}` });
        if (typeof entry.files !== 'string') issues.push({ path: [...at, 'files'], message: '"files" must be a glob' });
        else checkGlob(entry.files, [...at, 'files'], issues);
      });
    }
  }
  if (record.tests !== undefined) {
    const tests = record.tests;
    if (!Array.isArray(tests) || tests.length > MAX_TEST_GLOBS || tests.some((glob) => typeof glob !== 'string'))
      issues.push({ path: [...path, 'tests'], message: `"tests" must be a list of at most ${MAX_TEST_GLOBS} globs` });
    else tests.forEach((glob: string, index) => checkGlob(glob, [...path, `tests[${index}]`], issues));
  }
  if (record.testQuery !== undefined) {
    const at = [...path, 'testQuery'];
    if (typeof record.testQuery !== 'string' || !/@test\b/.test(record.testQuery))
      issues.push({ path: at, message: '"testQuery" must be a tree-sitter query capturing the test code as @test' });
    else issues.push(...queryIssues(record.testQuery, 'testQuery', at));
  }
  if (record.generated !== undefined) {
    try {
      if (typeof record.generated !== 'string') throw new LinePatternError('"generated" must be a text pattern');
      compileLinePattern(record.generated);
    } catch (error) {
      issues.push({ path: [...path, 'generated'], message: error instanceof LinePatternError ? error.message : String(error) });
    }
  }
  if (record.comments !== undefined) {
    const comments = record.comments;
    if (!Array.isArray(comments) || comments.length === 0 || comments.some((start) => typeof start !== 'string' || start.trim() === ''))
      issues.push({ path: [...path, 'comments'], message: '"comments" must list what a comment line starts with, e.g. "//"' });
  }
  if (record.unavailable !== undefined && (typeof record.unavailable !== 'string' || record.unavailable.trim() === ''))
    issues.push({ path: [...path, 'unavailable'], message: '"unavailable" must say why code is not checked on this page' });
  return issues;
}

/** A query's length and predicates (its syntax is checked when a grammar compiles it). */
function queryIssues(value: string, key: string, path: string[]): CodeIssue[] {
  const issues: CodeIssue[] = [];
  if (value.length > MAX_QUERY)
    issues.push({ path, message: `"${key}" is ${value.length} characters; queries are limited to ${MAX_QUERY}` });
  if (/#(not-)?match\?/.test(value))
    issues.push({ path, message: `"${key}" uses #match?, which runs a regular expression; compare with #eq? or #any-of?` });
  return issues;
}

function checkGlob(glob: string, path: string[], issues: CodeIssue[]): void {
  if (glob.startsWith('/') || glob.split('/').includes('..')) {
    issues.push({ path, message: `"${glob}" must be relative and stay inside the unit (no leading "/", no "..")` });
    return;
  }
  try {
    compileGlob(glob);
  } catch (error) {
    issues.push({ path, message: error instanceof InvalidGlobError ? error.message : String(error) });
  }
}

export function isCodeProbe(probe: object): probe is CodeProbe {
  return 'code' in probe;
}
