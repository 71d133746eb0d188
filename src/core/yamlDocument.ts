/**
 * The one way Stack Guide parses YAML (decisions, version-1 files, profiles, manifests such as
 * pnpm-workspace.yaml, evidence key probes): time and memory linear in the file's size.
 *
 * The `yaml` package checks duplicate keys by comparing each key with every earlier key of its
 * mapping (quadratic: a 255 KB file of distinct keys took 9 s), and builds a node per level of
 * nesting however deep (8 MB of `[` took 4.3 GB). So a lexer pass (linear, no tree) first bounds
 * the nodes and the nesting (YAML_LIMITS), the document is parsed without the package's key
 * check, and duplicate keys and keys per mapping are then checked with one set per mapping.
 */
import {
  CST,
  Document,
  isScalar,
  Lexer,
  parseDocument,
  visit,
  YAMLParseError,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { YAML_LIMITS, type YamlLimits } from './limits';

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

const SKIPPED = new Set([
  'space',
  'comment',
  'comma',
  'doc-start',
  'doc-end',
  'directive-line',
  'byte-order-mark',
  'flow-error-end',
  'doc-mode',
]);
const NODES = new Set([
  'scalar',
  'double-quoted-scalar',
  'single-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-map-start',
  'flow-seq-start',
]);

/**
 * Where a file first goes over a limit, or undefined when it is within them all: one pass of the
 * package's lexer, which builds no tree. Block nesting is counted from the columns of the lines'
 * first tokens (and of compact "- - x" indicators); it may count a level more than the parser
 * would, never fewer.
 */
export function yamlOverLimits(text: string, limits: YamlLimits = YAML_LIMITS): { offset: number; message: string } | undefined {
  let offset = 0;
  let lineStart = 0;
  let first = true; // the next content token is the first on its line
  let afterIndicator = false; // the previous content token was "- " or "? " (compact nesting)
  let scalarNext = false;
  let flow = 0;
  let nodes = 0;
  const levels: number[] = []; // the columns of the open block collections
  for (const token of new Lexer().lex(text)) {
    if (token === '\x02' || token === '\x18') continue; // zero-width control tokens
    if (token === '\x1f') {
      scalarNext = true; // the scalar's own source comes next
      continue;
    }
    const start = offset;
    offset += token.length;
    const type = scalarNext ? 'scalar' : CST.tokenType(token);
    scalarNext = false;
    const newline = token.lastIndexOf('\n');
    if (type === 'newline') {
      lineStart = offset;
      first = true;
      afterIndicator = false;
      continue;
    }
    if (type !== null && SKIPPED.has(type)) {
      if (newline >= 0) {
        lineStart = start + newline + 1;
        first = true;
      }
      continue;
    }
    if (type !== null && NODES.has(type) && ++nodes > limits.maxNodes)
      return { offset: start, message: `more than ${limits.maxNodes} YAML nodes in one file` };
    if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flow = Math.max(0, flow - 1);
    } else if (flow === 0 && type !== 'map-value-ind') {
      const column = start - lineStart;
      const top = levels.length > 0 ? levels[levels.length - 1] : -1;
      if (first) {
        while (levels.length > 0 && levels[levels.length - 1] > column) levels.pop();
        if (levels.length === 0 || levels[levels.length - 1] < column) levels.push(column);
      } else if (afterIndicator && top < column) {
        levels.push(column);
      }
    }
    afterIndicator = type === 'seq-item-ind' || type === 'explicit-key-ind';
    first = false;
    if (newline >= 0) lineStart = start + newline + 1; // a scalar over several lines
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    if (levels.length + flow > limits.maxDepth)
      return { offset: start, message: `mappings and lists nested more than ${limits.maxDepth} deep` };
  }
  return undefined;
}

/**
 * parseDocument within YAML_LIMITS. A file over a limit gives an empty document whose one error
 * says which limit and where; duplicate keys (unless `uniqueKeys: false`) and a mapping with
 * more than `maxKeysPerMapping` keys are errors too, as the package's own would be.
 */
export function parseYamlDocument(text: string, options: YamlOptions = {}, limits: YamlLimits = YAML_LIMITS): Document.Parsed {
  const over = yamlOverLimits(text, limits);
  if (over) {
    const doc = new Document(null, options) as Document.Parsed;
    doc.errors.push(
      new YAMLParseError([over.offset, over.offset + 1], 'RESOURCE_EXHAUSTION', `${over.message}; the file was not read further`),
    );
    return doc;
  }
  const doc = parseDocument(text, { ...options, uniqueKeys: false });
  if (doc.errors.length > 0) return doc;
  const unique = options.uniqueKeys !== false;
  let error: YAMLParseError | undefined;
  visit(doc, {
    Map(_, map) {
      if (map.items.length > limits.maxKeysPerMapping) {
        const at = map.range?.[0] ?? 0;
        error = new YAMLParseError(
          [at, at + 1],
          'RESOURCE_EXHAUSTION',
          `a mapping with more than ${limits.maxKeysPerMapping} keys; the file was not read further`,
        );
        return visit.BREAK;
      }
      if (!unique) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        // The package's rule: scalar keys with the same value are the same key.
        const value = isScalar(key) ? key.value : key;
        if (seen.has(value)) {
          const range = (key as { range?: [number, number, number] } | null)?.range ?? map.range ?? [0, 0, 0];
          error = new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique');
          return visit.BREAK;
        }
        seen.add(value);
      }
      return undefined;
    },
  });
  if (error) doc.errors.push(error);
  return doc;
}
