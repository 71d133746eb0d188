import type { Language, Node, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';

/**
 * Tree-sitter through the runtime and grammars VS Code itself ships (@vscode/tree-sitter-wasm).
 * The core never reads a file of its own: the adapter hands over the bytes of each .wasm file
 * (Node's fs in the CLI, vscode.workspace.fs in the extension), so the same code parses in the
 * CLI, the desktop extension host and the browser build. A grammar is loaded the first time a
 * unit of its language is probed, and kept.
 */

/** The grammars @vscode/tree-sitter-wasm ships, by the name profiles use; each is `tree-sitter-<name>.wasm`. */
export const GRAMMARS = [
  'go',
  'rust',
  'python',
  'javascript',
  'typescript',
  'tsx',
  'java',
  'c-sharp',
  'php',
  'ruby',
  'cpp',
  'bash',
] as const;
export type GrammarName = (typeof GRAMMARS)[number];

export function isGrammar(name: string): name is GrammarName {
  return (GRAMMARS as readonly string[]).includes(name);
}

/** Reads one of the package's .wasm files by name ("tree-sitter.wasm", "tree-sitter-go.wasm"). */
export type WasmReader = (file: string) => Promise<Uint8Array>;

type Runtime = typeof import('@vscode/tree-sitter-wasm');

/** A grammar that is ready: its parser, and its queries compiled once each. */
export interface LoadedGrammar {
  name: GrammarName;
  parse(text: string, timeoutMs: number, now: () => number): Tree | undefined;
  /** The compiled query, or the message saying why it does not compile for this grammar. */
  query(source: string): Query | { error: string };
}

export class SyntaxRuntime {
  private runtime: Promise<Runtime> | undefined;
  private readonly grammars = new Map<GrammarName, Promise<LoadedGrammar>>();

  constructor(private readonly readWasm: WasmReader) {}

  /** Rejects with a message naming the grammar when its file cannot be read or loaded. */
  grammar(name: GrammarName): Promise<LoadedGrammar> {
    let loaded = this.grammars.get(name);
    if (!loaded) {
      loaded = this.load(name);
      // A failure is kept too: the next unit gets the same answer without another read.
      this.grammars.set(name, loaded);
    }
    return loaded;
  }

  private start(): Promise<Runtime> {
    this.runtime ??= (async () => {
      // Evaluated on first use only: the module sets itself up when it is first required.
      // A CommonJS (UMD) module: Node's import() gives it as `default`; a bundle, as the module itself.
      const loaded = (await import('@vscode/tree-sitter-wasm')) as Runtime & { default?: Runtime };
      const runtime: Runtime = loaded.Parser ? loaded : loaded.default!;
      const wasmBinary = await this.readWasm('tree-sitter.wasm');
      await runtime.Parser.init({ wasmBinary } as unknown as Parameters<Runtime['Parser']['init']>[0]);
      return runtime;
    })();
    return this.runtime;
  }

  private async load(name: GrammarName): Promise<LoadedGrammar> {
    const runtime = await this.start();
    let language: Language;
    try {
      language = await runtime.Language.load(await this.readWasm(`tree-sitter-${name}.wasm`));
    } catch (error) {
      throw new Error(`the ${name} grammar could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parser: Parser = new runtime.Parser();
    parser.setLanguage(language);
    const queries = new Map<string, Query | { error: string }>();
    return {
      name,
      parse(text, timeoutMs, now) {
        const deadline = now() + timeoutMs;
        // Cancelled parses return null; the progress callback is the only way to stop one.
        const tree = parser.parse(text, null, { progressCallback: () => now() > deadline });
        parser.reset();
        return tree ?? undefined;
      },
      query(source) {
        let query = queries.get(source);
        if (!query) {
          try {
            query = new runtime.Query(language, source);
          } catch (error) {
            query = { error: error instanceof Error ? error.message : String(error) };
          }
          queries.set(source, query);
        }
        return query;
      },
    };
  }
}

export type { Node, Query, Tree };
