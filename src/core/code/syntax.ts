import type { Language, Node, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';
import { parseInSlices, type Bounded, type Slicing } from './slices';

/**
 * Tree-sitter through the runtime and grammars VS Code itself ships (@vscode/tree-sitter-wasm).
 * The core never reads a file of its own: the adapter hands over the bytes of each file in
 * dist/grammars (Node's fs in the CLI, vscode.workspace.fs in the extension), so the same code
 * parses in the CLI, the desktop extension host and the browser build. The runtime's JavaScript is
 * one of those files (`tree-sitter.js`, built by esbuild.js), not part of the extension's bundle:
 * it, like a grammar, is loaded the first time a unit of that language is probed, and kept.
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

/**
 * Reads one of the files in dist/grammars by name: the runtime ("tree-sitter.js",
 * "tree-sitter.wasm") and the grammars ("tree-sitter-go.wasm").
 */
export type WasmReader = (file: string) => Promise<Uint8Array>;

type Runtime = typeof import('@vscode/tree-sitter-wasm');

/** The runtime's script, built as a CommonJS module that requires nothing (esbuild.js). */
export const RUNTIME_SCRIPT = 'tree-sitter.js';

/**
 * The runtime from its script's text. A web worker extension host can neither `require` a file
 * nor `importScripts`, so the script is evaluated as a CommonJS module body, which is how that
 * host loads extensions themselves (a Function of module and exports; its CSP allows it). The
 * text is the extension's own file, read from its install folder: no more trusted or less than
 * the bundle that reads it.
 */
export function runtimeFromScript(source: string): Runtime {
  const module: { exports: unknown } = { exports: {} };
  // A require that fails says so: the script is built to need none.
  const noRequire = (name: string) => {
    throw new Error(`${RUNTIME_SCRIPT} asked for the module "${name}"`);
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the runtime's own file, see above
  const body = new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${RUNTIME_SCRIPT}`) as (
    module: { exports: unknown },
    exports: unknown,
    require: (name: string) => never,
  ) => void;
  body(module, module.exports, noRequire);
  const runtime = module.exports as Partial<Runtime>;
  if (typeof runtime.Parser?.init !== 'function') throw new Error(`${RUNTIME_SCRIPT} is not the tree-sitter runtime`);
  return runtime as Runtime;
}

/** A grammar that is ready: its parser, and its queries compiled once each. */
export interface LoadedGrammar {
  name: GrammarName;
  /** The tree, parsed in slices (see slices.ts), or BOUND_HIT when `budgetMs` of parsing did not finish it. */
  parse(text: string, budgetMs: number, slicing: Slicing): Promise<Bounded<Tree>>;
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
      let runtime: Runtime;
      try {
        runtime = runtimeFromScript(new TextDecoder().decode(await this.readWasm(RUNTIME_SCRIPT)));
      } catch (error) {
        throw new Error(`the tree-sitter runtime could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
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
    // A parse waiting for its next slice keeps its parser; units parsing meanwhile take another.
    const idle: Parser[] = [];
    const queries = new Map<string, Query | { error: string }>();
    return {
      name,
      async parse(text, budgetMs, slicing) {
        const parser = idle.pop() ?? new runtime.Parser().setLanguage(language);
        try {
          return await parseInSlices(parser, text, budgetMs, slicing);
        } finally {
          idle.push(parser);
        }
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
