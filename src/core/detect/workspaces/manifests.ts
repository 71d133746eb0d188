import { parse as parseTomlText } from 'smol-toml';
import { parseYamlDocument } from '../../yamlDocument';
import { CancelledError, decodeUtf8, mapBounded, READ_CONCURRENCY, type Cancellation, type FileSystem } from '../../fileSystem';
import { parseJsonc } from '../../formats/jsonc';
import { parseXml, type XmlElement } from '../../formats/xml';
import type { WorkspaceProblem } from './types';

/** Files larger than this are not parsed: no real manifest comes close. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

type ReadResult = { text: string } | { problem: string };

/** Every manifest's text (or why there is none), a bounded number at a time. */
export async function readAll(fs: FileSystem, paths: readonly string[], token?: Cancellation): Promise<Map<string, ReadResult>> {
  const checkCancelled = (): void => {
    if (token?.isCancellationRequested) throw new CancelledError();
  };
  const results = await mapBounded(paths, READ_CONCURRENCY, (path) => {
    checkCancelled();
    return readText(fs, path);
  });
  checkCancelled();
  return new Map(paths.map((path, index) => [path, results[index]]));
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
export class Manifests {
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

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
