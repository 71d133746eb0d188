import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Problem } from './model';
import { checkAgainstSchema, type SchemaNode } from './schemaCheck';
import supportData from './support.json';
import supportSchema from './support.schema.json';

/**
 * The support table: releases of runtimes and toolchains with the end of their support, each from
 * the project's own release policy page (src/core/profiles/support.json, validated against
 * support.schema.json). Version probes compare a declared version with it; the content lint holds
 * its `reviewed` day and the page texts to it.
 */
export interface SupportRelease {
  release: string;
  /** The last day (YYYY-MM-DD) or month (YYYY-MM) of support. */
  end?: string;
  /** The source lists it as supported and names no end date. */
  supported?: boolean;
  note?: string;
}

export interface SupportRuntime {
  name: string;
  /** What "supported" means for it, in the project's terms. */
  supported: string;
  source: string;
  prefixes?: string[];
  olderAreEndOfLife?: boolean;
  newerAreSupported?: boolean;
  releases: SupportRelease[];
}

export interface SupportTable {
  reviewed: string;
  runtimes: Record<string, SupportRuntime>;
}

/** The built-in table (checked by a unit test with loadSupportTable, so its problems have places). */
export const SUPPORT_TABLE: SupportTable = supportData;

export const SUPPORT_TABLE_FILE = 'src/core/profiles/support.json';

/** The table in a file's text (JSON, read as YAML for node positions), with every problem placed at its line and column. */
export function loadSupportTable(text: string, file = SUPPORT_TABLE_FILE): { table?: SupportTable; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = (node: Node | null | undefined, message: string): Problem => {
    const [start, end] = node?.range ?? [0, 0];
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col, message, severity: 'error' };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          message: `invalid JSON: ${error.message.split('\n')[0]}`,
          severity: 'error' as const,
        };
      }),
    };
  }
  const root = doc.contents as Node | null;
  const problems = checkAgainstSchema(supportSchema as SchemaNode, root).map((issue) => problem(issue.node, issue.message));
  if (problems.length > 0) return { problems };
  // What the schema cannot say: a release given twice, or both an end and "supported".
  const runtimes = isMap(root) ? root.get('runtimes', true) : undefined;
  if (isMap(runtimes)) {
    for (const pair of runtimes.items) {
      const id = String((pair.key as { value?: unknown }).value);
      const releases = isMap(pair.value) ? pair.value.get('releases', true) : undefined;
      if (!isSeq(releases)) continue;
      const seen = new Set<string>();
      releases.items.forEach((node, index) => {
        if (!isMap(node)) return;
        const release = String(node.get('release'));
        if (seen.has(release)) problems.push(problem(node, `runtimes.${id}.releases[${index}]: release ${release} is listed twice`));
        seen.add(release);
        if (node.get('end') !== undefined && node.get('supported') !== undefined) {
          problems.push(
            problem(
              node,
              `runtimes.${id}.releases[${index}]: give "end" or "supported", not both (a release with an end date is supported until it)`,
            ),
          );
        }
      });
    }
  }
  return problems.length > 0 ? { problems } : { table: doc.toJS({ maxAliasCount: 0 }) as SupportTable, problems };
}
